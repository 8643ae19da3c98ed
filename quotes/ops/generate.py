"""A synthetic record for load tests and benchmarks: leaders, statements, sources, citations.

`generate_record(statements=1_000_000, leaders=300)` fills the database with data shaped like
the real record: a few leaders say most of what is recorded (Zipf-like popularity), dates span
thirty years with more in recent ones, the words are drawn from a vocabulary of about 3,000
English words with Zipfian frequencies (so there are common, middling and rare search terms),
each statement cites one to three sources, sources are shared by the statements reported on the
same days, a few hundred publishers carry them, most statements are published and some are
drafts, disputed or verified, and a few are near repeats of an earlier statement by the same
speaker, as the news produces them.

On PostgreSQL rows go in with COPY, in batches, each batch loaded by a second thread while the
next one is made (the database works while Python does). Statements are copied into a temporary
table and inserted from there with their search vector computed in the same pass (the per-row
trigger is switched off meanwhile), so no row is written twice. For a large load the secondary
indexes, unique constraints and foreign keys of the tables being filled are dropped first and
rebuilt at the end, which is several times faster than maintaining them row by row. It all
happens in one transaction: an interrupted run leaves the database as it was. Then the tables
are analysed.

On SQLite (tests, small demos) the same rows are written with bulk_create.
"""

import datetime
import io
import itertools
import math
import random
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from quotes.models import Citation, Leader, OfficeHeld, Source, Statement, Topic
from quotes.ops.generate_vocabulary import VOCABULARY
from quotes.record import statement_publishers as publishers
from quotes.record import statement_topics
from quotes.record.text import words_fingerprint
from quotes.record.versions import record_changed

YEARS = 30
BATCH_SIZE = 50_000
# From this many statements on, indexes and foreign keys are rebuilt rather than maintained.
REBUILD_FROM = 20_000

# Tables whose secondary indexes and foreign keys a large load drops and rebuilds.
BULK_TABLES = [
    "quotes_statement",
    "quotes_citation",
    "quotes_source",
    "quotes_statement_topics",
    "quotes_statement_mentions",
]

STATEMENT_COLUMNS = [
    "id",
    "speaker_id",
    "text",
    "words_fingerprint",
    "original_text",
    "original_language",
    "date_said",
    "date_precision",
    "kind",
    "channel",
    "channel_detail",
    "relayed_by",
    "context",
    "status",
    "verification",
    "verification_note",
    "created_at",
    "updated_at",
]
SOURCE_COLUMNS = ["id", "url", "title", "publisher", "author", "published_on", "kind"]
SOURCE_DEFAULTS = {"archive_url": "", "text": ""}

FIRST_NAMES = """
Abdel Adama Ahmed Aleksandar Alexander Ali Alberto Ana Andrzej Angela Anwar Bashar Benjamin
Boris Carlos Cyril Dmitry Donald Edi Emmanuel Fumio Gabriel Giorgia Gustavo Hakainde Hassan
Ilham Iván Jacinda Jair Javier Jens Joe Justin Kamala Kassym Keir Kim Klaus Lee Luiz Mahmoud
Maia María Mark Mette Miguel Mohammed Muhammad Narendra Nicolás Nikol Olaf Pedro Petr Rishi
Recep Sergei Shehbaz Shinzo Tayyip Ursula Viktor Vladimir Volodymyr Xi Yoon Yuri Zoran
""".split()
SURNAMES = """
Abe Albanese Aliyev Ardern Babiš Biden Bolsonaro Boric Bukele Costa Duda Erdoğan Fernández
Frederiksen Gantz Guterres Hichilema Jinping Johnson Kagame Kenyatta Kishida Lavrov Lukashenko
Macron Maduro Meloni Merkel Milei Modi Mitsotakis Netanyahu Orbán Pashinyan Petro Putin
Ramaphosa Rutte Sánchez Scholz Shoigu Starmer Stoltenberg Sunak Tokayev Trudeau Trump Tusk
Vučić Widodo Yoon Zelenskyy Zhukov Çavuşoğlu Lula Abbas Salman Ruto Tinubu Sisi Raisi Khamenei
""".split()
TRANSLITERATIONS = [
    ("yy", "y"),
    ("yy", "iy"),
    ("y", "i"),
    ("kh", "h"),
    ("zh", "j"),
    ("ck", "k"),
    ("ei", "ey"),
    ("v", "w"),
]
COUNTRIES = """
US RU UA CN FR DE GB IT ES PT PL HU CZ RS TR IL PS IR SA EG ZA NG KE ET IN PK BD JP KR KP
TW AU NZ CA MX BR AR CL CO VE CU BY KZ AZ AM GE SE NO DK FI NL BE AT CH GR RO BG HR SI
SK LT LV EE IE IS ID PH VN TH MY SG QA AE JO LB SY IQ AF MA DZ TN EU
""".split()
TITLES = [
    "President",
    "Prime Minister",
    "Chancellor",
    "Foreign Minister",
    "Defence Minister",
    "King",
    "Supreme Leader",
    "Secretary-General",
    "Vice-President",
    "Leader of the Opposition",
]
TOPICS = """
Ukraine war|Middle East|Nuclear weapons|Sanctions|Trade and tariffs|Energy|Climate|Elections
|Migration|Human rights|Economy|Inflation|China and Taiwan|Korean peninsula|NATO|European Union
|United Nations|Terrorism|Cyber security|Public health|Food security|Arctic|Space|Religion
|Press freedom|Corruption|Courts and the law|Protests|Ceasefire talks|Arms control|Refugees
|Africa|Latin America|Central Asia|Caucasus|Balkans|Technology|Artificial intelligence
|Agriculture|Debt
""".replace("\n", "").split("|")
PUBLISHER_PLACES = """
Lisbon Riga Odesa Lagos Quito Perth Bergen Malmo Porto Turin Lyon Leeds Dublin Cork Gdansk
Brno Graz Basel Split Varna Izmir Haifa Aqaba Sfax Accra Dakar Mombasa Durban Pune Kochi
Dhaka Medan Cebu Hue Busan Osaka Sendai Tainan Harbin Almaty Tbilisi Baku Minsk Kharkiv
Lviv Vilnius Tallinn Oulu Tromso Aarhus Ghent Utrecht Nantes Seville Bilbao Genoa Naples
Salonica Plovdiv Cluj Kosice Linz Zurich Montreal Halifax Denver Austin Tucson Omaha Boise
Recife Cusco Rosario Valparaiso Havana Merida
""".split()
PUBLISHER_KINDS = [
    ("Times", "news"),
    ("Herald", "news"),
    ("Post", "news"),
    ("Observer", "news"),
    ("Courier", "news"),
    ("Gazette", "news"),
    ("Tribune", "news"),
    ("Chronicle", "news"),
    ("Daily", "news"),
    ("Journal", "news"),
    ("Monitor", "news"),
    ("Dispatch", "news"),
    ("Telegraph", "news"),
    ("Wire", "news"),
    ("Radio", "interview"),
    ("Television", "transcript"),
    ("State Radio", "state_media"),
    ("News Agency", "state_media"),
    ("Government Press Office", "official"),
    ("Social", "social"),
]
CHANNELS = [
    ("speech", 20),
    ("interview", 15),
    ("press_conference", 15),
    ("social_media", 20),
    ("written_statement", 12),
    ("meeting", 8),
    ("phone_call", 5),
    ("other", 5),
]
KINDS = [("direct", 75), ("partial", 15), ("paraphrase", 10)]
VERIFICATIONS = [("verified", 55), ("unverified", 40), ("disputed", 3), ("misattributed", 2)]
PRECISIONS = [("day", 90), ("month", 7), ("year", 3)]
ENDINGS = [".", ".", ".", ".", ".", "!", "?", "…"]
DRAFT_SHARE = 0.08
CONTEXT_SHARE = 0.6
NEAR_REPEAT_SHARE = 0.02
NEW_SOURCE_SHARE = 0.3
RECENT_SOURCES = 48
CITATION_COUNT_WEIGHTS = [55, 85, 100]  # cumulative: 1 source 55%, 2 30%, 3 15%
BACKFILLED_SHARE = 0.1

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _zipf(count: int, exponent: float, offset: float = 0.0) -> list[float]:
    """Cumulative Zipf(-Mandelbrot) weights: the item of rank r weighs 1 / (r + offset)^s."""
    return _cumulative([1 / ((rank + offset) ** exponent) for rank in range(1, count + 1)])


def _weighted(pairs: list[tuple[str, int]]) -> tuple[list[str], list[float]]:
    return [value for value, _ in pairs], _cumulative([weight for _, weight in pairs])


def _copy_text(value: str) -> str:
    return value.translate(_COPY_ESCAPES)


@dataclass
class GenerationReport:
    leaders: int = 0
    statements: int = 0
    sources: int = 0
    citations: int = 0
    topic_links: int = 0
    mentions: int = 0
    seconds: float = 0.0
    rebuilt_indexes: bool = False


@dataclass
class _Batch:
    statements: list[tuple] = field(default_factory=list)
    sources: list[tuple] = field(default_factory=list)
    citations: list[tuple[int, int]] = field(default_factory=list)
    topics: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


class _Maker:
    """Makes the rows; knows nothing of databases."""

    def __init__(self, seed: int, leader_ids: list[int], topic_ids: list[int], now: str):
        self.rng = random.Random(seed)
        self.vocabulary = VOCABULARY
        self.vocabulary_weights = _zipf(len(VOCABULARY), 1.1, offset=2.7)
        self.leader_ids = leader_ids
        self.leader_weights = _zipf(len(leader_ids), 1.0)
        self.topic_ids = topic_ids
        self.topic_weights = _zipf(len(topic_ids), 0.8)
        self.publishers = _publishers(self.rng)
        self.publisher_weights = _zipf(len(self.publishers), 0.9)
        self.channels, self.channel_weights = _weighted(CHANNELS)
        self.kinds, self.kind_weights = _weighted(KINDS)
        self.verifications, self.verification_weights = _weighted(VERIFICATIONS)
        self.precisions, self.precision_weights = _weighted(PRECISIONS)
        self.now = now
        self.today = timezone.localdate().toordinal()
        self.fingerprints: set[str] = set()
        self.last_words: dict[int, str] = {}
        self.recent_sources: list[int] = []

    def pick(self, values, cumulative_weights: list[float]):
        """One of `values`, by weight: random.choices() for one item, without its overhead."""
        point = self.rng.random() * cumulative_weights[-1]
        return values[bisect_right(cumulative_weights, point, 0, len(values) - 1)]

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self.vocabulary_weights, k=count)

    def sentence(self, count: int) -> str:
        words = self.words(count)
        words[0] = words[0].capitalize()
        if count > 12 and self.rng.random() < 0.6:
            cut = self.rng.randrange(4, count - 3)
            words[cut] += ","
        return " ".join(words) + self.rng.choice(ENDINGS)

    def length(self, median: float, spread: float, low: int, high: int) -> int:
        return max(low, min(high, int(self.rng.lognormvariate(math.log(median), spread))))

    def day(self) -> int:
        """Days before today: most statements are recent, the record reaching back 30 years."""
        return int(YEARS * 365 * self.rng.random() ** 1.8)

    def unique_words(self, speaker_id: int) -> tuple[str, str]:
        rng = self.rng
        previous = self.last_words.get(speaker_id)
        for _ in range(100):
            if previous and rng.random() < NEAR_REPEAT_SHARE:
                # The same words reported again, one of them changed.
                words = previous.split(" ")
                words[rng.randrange(len(words))] = self.words(1)[0]
                text = " ".join(words)
            else:
                text = self.sentence(self.length(20, 0.6, 2, 150))
            fingerprint = words_fingerprint(text)
            if fingerprint not in self.fingerprints:
                self.fingerprints.add(fingerprint)
                self.last_words[speaker_id] = text
                return text, fingerprint
        raise RuntimeError("Could not make words that differ from every statement's so far.")

    def source(self, batch: _Batch, source_id: int, day: datetime.date) -> None:
        rng = self.rng
        publisher, domain, kind = self.pick(self.publishers, self.publisher_weights)
        title = self.sentence(self.length(9, 0.3, 4, 18)).rstrip(".!?…")
        slug = "-".join(title.lower().replace(",", "").split()[:6])
        url = f"https://www.{domain}.example/{day:%Y/%m/%d}/{slug}-{source_id}"
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}" if rng.random() < 0.5 else ""
        published = day + datetime.timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        published = min(published, datetime.date.fromordinal(self.today))
        batch.sources.append((source_id, url, title, publisher, author, published, kind))

    def statement(self, batch: _Batch, statement_id: int, next_source_id: int) -> int:
        """Adds one statement and what hangs off it; returns the next free source id."""
        rng = self.rng
        speaker_id = self.pick(self.leader_ids, self.leader_weights)
        text, fingerprint = self.unique_words(speaker_id)
        day = datetime.date.fromordinal(self.today - self.day())
        precision = self.pick(self.precisions, self.precision_weights)
        if precision == "month":
            day = day.replace(day=1)
        elif precision == "year":
            day = day.replace(month=1, day=1)
        verification = self.pick(self.verifications, self.verification_weights)
        note = ""
        if verification in ("disputed", "misattributed"):
            note = "Not found in the transcript; " + self.sentence(self.length(10, 0.4, 4, 30))
        context = ""
        if rng.random() < CONTEXT_SHARE:
            context = self.sentence(self.length(14, 0.4, 5, 40))
        batch.statements.append(
            (
                statement_id,
                speaker_id,
                text,
                fingerprint,
                "",
                "",
                day,
                precision,
                self.pick(self.kinds, self.kind_weights),
                self.pick(self.channels, self.channel_weights),
                "",
                "",
                context,
                "draft" if rng.random() < DRAFT_SHARE else "published",
                verification,
                note,
                self.now,
                self.now,
            )
        )
        # Sources: new ones for this day, or ones recent statements already cite.
        cited: set[int] = set()
        for _ in range(self.pick((1, 2, 3), CITATION_COUNT_WEIGHTS)):
            if not self.recent_sources or rng.random() < NEW_SOURCE_SHARE:
                self.source(batch, next_source_id, day)
                self.recent_sources.append(next_source_id)
                if len(self.recent_sources) > RECENT_SOURCES:
                    self.recent_sources.pop(0)
                source_id = next_source_id
                next_source_id += 1
            else:
                source_id = rng.choice(self.recent_sources)
            if source_id not in cited:
                cited.add(source_id)
                batch.citations.append((statement_id, source_id))
        if self.topic_ids and rng.random() < 0.75:
            count = rng.choice((1, 1, 2, 3))
            topics = set(rng.choices(self.topic_ids, cum_weights=self.topic_weights, k=count))
            batch.topics.extend((statement_id, topic_id) for topic_id in topics)
        if len(self.leader_ids) > 1 and rng.random() < 0.25:
            mentioned = set(
                rng.choices(self.leader_ids, cum_weights=self.leader_weights, k=rng.choice((1, 2)))
            )
            mentioned.discard(speaker_id)
            batch.mentions.extend((statement_id, leader_id) for leader_id in mentioned)
        return next_source_id


def _publishers(rng: random.Random) -> list[tuple[str, str, str]]:
    """About three hundred outlets: (name, domain, source kind)."""
    names = set()
    outlets = []
    for place in PUBLISHER_PLACES:
        for word, kind in rng.sample(PUBLISHER_KINDS, 4):
            name = f"{place} {word}" if word != "Daily" else f"{place} Daily"
            if name not in names:
                names.add(name)
                outlets.append((name, slugify(name).replace("-", ""), kind))
    rng.shuffle(outlets)
    return outlets


def _leader_rows(rng: random.Random, count: int, taken_slugs: set[str]) -> list[Leader]:
    leaders = []
    for number in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        name = f"{first} {last}"
        aliases = [last]
        for old, new in rng.sample(TRANSLITERATIONS, len(TRANSLITERATIONS)):
            if old in last.lower():
                aliases.append(last.replace(old, new).replace(old.capitalize(), new.capitalize()))
                break
        if rng.random() < 0.5:
            aliases.append(f"{rng.choice(TITLES)} {last}")
        slug = slugify(name) or f"leader-{number}"
        if slug in taken_slugs:
            slug = f"{slug}-{number}"
            while slug in taken_slugs:
                slug += "x"
        taken_slugs.add(slug)
        leaders.append(
            Leader(
                name=name,
                slug=slug,
                aliases=list(dict.fromkeys(alias for alias in aliases if alias != name)),
                country=rng.choice(COUNTRIES),
                description="Synthetic leader for load tests.",
            )
        )
    return leaders


def _office_rows(rng: random.Random, leaders: list[Leader]) -> list[OfficeHeld]:
    today = timezone.localdate()
    offices = []
    for leader in leaders:
        start = today - datetime.timedelta(days=rng.randrange(200, YEARS * 365))
        for _ in range(rng.choice((1, 1, 2, 3))):
            length = datetime.timedelta(days=rng.randrange(365, 8 * 365))
            end = start + length
            offices.append(
                OfficeHeld(
                    leader=leader,
                    title=f"{rng.choice(TITLES)}",
                    country=leader.country,
                    start_date=start,
                    end_date=end if end < today else None,
                )
            )
            if end >= today:
                break
            start = end + datetime.timedelta(days=1)
    return offices


def _topic_ids() -> list[int]:
    ids = []
    for name in TOPICS:
        topic, _ = Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        ids.append(topic.pk)
    return ids


def generate_record(
    *,
    statements: int,
    leaders: int,
    seed: int = 0,
    batch_size: int = BATCH_SIZE,
    rebuild_indexes: bool | None = None,
    progress: Callable[[str], None] = print,
    using: str = "default",
) -> GenerationReport:
    """Adds `leaders` leaders and `statements` statements (with sources, citations, topics and
    mentions) to the database. The same seed makes the same record.

    `rebuild_indexes` (PostgreSQL): drop and rebuild the indexes and foreign keys of the tables
    being filled; by default from REBUILD_FROM statements on.
    """
    if leaders < 1 and statements:
        raise ValueError("Statements need at least one leader.")
    started = time.monotonic()
    connection = connections[using]
    postgres = connection.vendor == "postgresql"
    if rebuild_indexes is None:
        rebuild_indexes = postgres and statements >= REBUILD_FROM
    report = GenerationReport(leaders=leaders, rebuilt_indexes=bool(rebuild_indexes and postgres))
    rng = random.Random(seed)

    with transaction.atomic(using=using):
        taken = set(Leader.objects.using(using).values_list("slug", flat=True))
        new_leaders = Leader.objects.using(using).bulk_create(_leader_rows(rng, leaders, taken))
        OfficeHeld.objects.using(using).bulk_create(_office_rows(rng, new_leaders))
        # Most popular first: the Zipf weights follow this order.
        leader_ids = [leader.pk for leader in new_leaders]
        topic_ids = _topic_ids()
        progress(f"{leaders:,} leaders and {len(topic_ids)} topics ready.")
        if not statements:
            report.seconds = time.monotonic() - started
            return report
        maker = _Maker(seed, leader_ids, topic_ids, timezone.now().isoformat())
        # Words unique across the record, not only per speaker and day as the constraint asks.
        maker.fingerprints.update(
            Statement.objects.using(using).values_list("words_fingerprint", flat=True)
        )
        if postgres:
            loader = _PostgresLoader(connection, rebuild_indexes, progress)
        else:
            loader = _OrmLoader(using)
        statement_id, source_id = loader.first_ids()
        pending: Future | None = None
        with ThreadPoolExecutor(max_workers=1) as executor:
            made = 0
            while made < statements:
                batch = _Batch()
                for _ in range(min(batch_size, statements - made)):
                    source_id = maker.statement(batch, statement_id, source_id)
                    statement_id += 1
                made += len(batch.statements)
                report.statements += len(batch.statements)
                report.sources += len(batch.sources)
                report.citations += len(batch.citations)
                report.topic_links += len(batch.topics)
                report.mentions += len(batch.mentions)
                if pending is not None:
                    pending.result()
                # The database loads this batch while the next one is made.
                pending = (
                    executor.submit(loader.load, batch) if postgres else _done(loader.load(batch))
                )
                progress(
                    f"{made:,}/{statements:,} statements generated, "
                    f"{time.monotonic() - started:.1f}s"
                )
            if pending is not None:
                pending.result()
        loader.finish(statement_id, source_id)
        # A bulk load sends no model signals: tell the page cache the record changed.
        record_changed()
        progress(f"Loaded, {time.monotonic() - started:.1f}s")
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE quotes_leader, quotes_officeheld, quotes_topic, " + ", ".join(BULK_TABLES)
            )
    report.seconds = time.monotonic() - started
    progress(
        f"Generated {report.statements:,} statements of {report.leaders:,} leaders, "
        f"{report.sources:,} sources, {report.citations:,} citations in {report.seconds:.1f}s."
    )
    return report


def _done(value=None) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


class _OrmLoader:
    """bulk_create, for SQLite and other small loads."""

    def __init__(self, using: str):
        self.using = using

    def first_ids(self) -> tuple[int, int]:
        statement = Statement.objects.using(self.using).order_by("-pk").values_list("pk", flat=True)
        source = Source.objects.using(self.using).order_by("-pk").values_list("pk", flat=True)
        return (statement.first() or 0) + 1, (source.first() or 0) + 1

    def load(self, batch: _Batch) -> None:
        db = Source.objects.using(self.using)
        db.bulk_create(
            [
                Source(**dict(zip(SOURCE_COLUMNS, row, strict=True)), **SOURCE_DEFAULTS)
                for row in batch.sources
            ],
            batch_size=500,
        )
        Statement.objects.using(self.using).bulk_create(
            [
                Statement(**dict(zip(STATEMENT_COLUMNS, row, strict=True)))
                for row in batch.statements
            ],
            batch_size=500,
        )
        Citation.objects.using(self.using).bulk_create(
            [Citation(statement_id=s, source_id=c) for s, c in batch.citations], batch_size=1000
        )
        Topics = Statement.topics.through
        Topics.objects.using(self.using).bulk_create(
            [Topics(statement_id=s, topic_id=t) for s, t in batch.topics], batch_size=1000
        )
        Mentions = Statement.mentions.through
        Mentions.objects.using(self.using).bulk_create(
            [Mentions(statement_id=s, leader_id=m) for s, m in batch.mentions], batch_size=1000
        )

    def finish(self, next_statement_id: int, next_source_id: int) -> None:
        pass


class _PostgresLoader:
    """COPY in batches on one connection, inside the caller's transaction."""

    def __init__(self, connection, rebuild: bool, progress: Callable[[str], None]):
        self.connection = connection
        self.rebuild = rebuild
        self.progress = progress
        self.recreate: list[str] = []
        self.timings: Counter[str] = Counter()
        connection.ensure_connection()
        # Used from the loading thread, one batch at a time, in the transaction opened here.
        self.raw = connection.connection
        with self.raw.cursor() as cursor:
            _check_deferred_constraints(cursor)
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute(
                "LOCK TABLE quotes_statement, quotes_source, quotes_citation IN EXCLUSIVE MODE"
            )
            if rebuild:
                self.drop_secondary(cursor)
            cursor.execute(
                "ALTER TABLE quotes_statement DISABLE TRIGGER verbatim_statement_search_vector"
            )
            # Every generated statement cites one to three sources, loaded in this transaction:
            # a million deferred checks at commit would only confirm it.
            cursor.execute(
                "ALTER TABLE quotes_statement DISABLE TRIGGER statement_published_cites_a_source"
            )
            cursor.execute(
                "CREATE TEMPORARY TABLE verbatim_statement_load"
                " (LIKE quotes_statement INCLUDING DEFAULTS) ON COMMIT DROP"
            )
            # Statements go in with their publishers (quotes/record/statement_publishers.py), from
            # the batch's citations, instead of being rewritten by the citations' trigger.
            cursor.execute(
                f"ALTER TABLE quotes_citation DISABLE TRIGGER {publishers.CITATION_INSERT_TRIGGER}"
            )
            # And with their topic ids (quotes/record/statement_topics.py), from the batch's links.
            cursor.execute(
                "ALTER TABLE quotes_statement_topics"
                f" DISABLE TRIGGER {statement_topics.LINK_INSERT_TRIGGER}"
            )
            cursor.execute(
                "CREATE TEMPORARY TABLE verbatim_citation_load"
                " (statement_id bigint, source_id bigint) ON COMMIT DROP"
            )
            cursor.execute(
                "CREATE TEMPORARY TABLE verbatim_leader_names ON COMMIT DROP AS"
                " SELECT id, verbatim_leader_names(name, aliases) AS names FROM quotes_leader"
            )
            cursor.execute("ALTER TABLE verbatim_leader_names ADD PRIMARY KEY (id)")

    def drop_secondary(self, cursor) -> None:
        """Drops the foreign keys, unique constraints and indexes (all but the primary keys and
        checks) of the tables being filled, keeping the SQL that recreates them."""
        tables = BULK_TABLES
        # Foreign keys first (they may need the unique indexes), recreated last.
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype IN ('f', 'u') AND conrelid = ANY(%s::regclass[])"
            " ORDER BY contype = 'f' DESC, conname",
            [tables],
        )
        constraints = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        self.recreate = [
            f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
            for table, name, definition in reversed(constraints)
        ]
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        # Indexes before constraints, unique ones before the foreign keys that rely on them.
        self.recreate = [definition for _, definition in indexes] + self.recreate

    def first_ids(self) -> tuple[int, int]:
        with self.raw.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM quotes_statement")
            (statement_id,) = cursor.fetchone()
            cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM quotes_source")
            (source_id,) = cursor.fetchone()
        return statement_id, source_id

    def copy(self, cursor, table: str, columns: list[str], lines: list[str]) -> None:
        if lines:
            began = time.monotonic()
            data = "".join(lines)
            # One read of the whole batch: each read takes the GIL from the thread making rows,
            # and psycopg2's default reads of 8 kB would each wait for it.
            cursor.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN",
                io.StringIO(data),
                size=len(data) + 1,
            )
            self.timings[table] += time.monotonic() - began

    def load(self, batch: _Batch) -> None:
        esc = _copy_text
        with self.raw.cursor() as cursor:
            self.copy(
                cursor,
                "quotes_source",
                SOURCE_COLUMNS + list(SOURCE_DEFAULTS),
                [
                    f"{i}\t{esc(url)}\t{esc(title)}\t{esc(publisher)}\t{esc(author)}\t"
                    f"{published}\t{kind}\t\t\n"
                    for i, url, title, publisher, author, published, kind in batch.sources
                ],
            )
            topics_of: dict[int, list[int]] = {}
            for statement_id, topic_id in batch.topics:
                topics_of.setdefault(statement_id, []).append(topic_id)
            self.copy(
                cursor,
                "verbatim_statement_load",
                [*STATEMENT_COLUMNS, statement_topics.COLUMN],
                [
                    "\t".join(_copy_field(value) for value in row)
                    + f"\t{statement_topics.as_array_literal(topics_of.get(row[0], ()))}\n"
                    for row in batch.statements
                ],
            )
            self.copy(
                cursor,
                "verbatim_citation_load",
                ["statement_id", "source_id"],
                [f"{s}\t{c}\n" for s, c in batch.citations],
            )
            columns = ", ".join(STATEMENT_COLUMNS)
            began = time.monotonic()
            cursor.execute(
                f"INSERT INTO quotes_statement ({columns}, topic_ids, search_vector, publishers)"
                f" SELECT {', '.join('s.' + c for c in STATEMENT_COLUMNS)}, s.topic_ids,"
                # As the trigger computes it (migrations 0003 and 0006).
                " verbatim_statement_vector(concat_ws(' ', s.text, NULLIF(s.original_text, '')),"
                " s.context, n.names), coalesce(p.names, '{}')"
                " FROM verbatim_statement_load s JOIN verbatim_leader_names n"
                " ON n.id = s.speaker_id"
                # As the citations' triggers compute them (quotes/record/statement_publishers.py).
                " LEFT JOIN (SELECT c.statement_id, array_agg(DISTINCT o.publisher::text"
                " ORDER BY o.publisher::text) AS names FROM verbatim_citation_load c"
                " JOIN quotes_source o ON o.id = c.source_id GROUP BY c.statement_id) p"
                " ON p.statement_id = s.id"
            )
            cursor.execute("TRUNCATE verbatim_statement_load")
            self.timings["quotes_statement"] += time.monotonic() - began
            began = time.monotonic()
            cursor.execute(
                "INSERT INTO quotes_citation (statement_id, source_id, locator, excerpt)"
                " SELECT statement_id, source_id, '', '' FROM verbatim_citation_load"
            )
            cursor.execute("TRUNCATE verbatim_citation_load")
            self.timings["quotes_citation"] += time.monotonic() - began
            self.copy(
                cursor,
                "quotes_statement_topics",
                ["statement_id", "topic_id"],
                [f"{s}\t{t}\n" for s, t in batch.topics],
            )
            self.copy(
                cursor,
                "quotes_statement_mentions",
                ["statement_id", "leader_id"],
                [f"{s}\t{m}\n" for s, m in batch.mentions],
            )

    def finish(self, next_statement_id: int, next_source_id: int) -> None:
        with self.raw.cursor() as cursor:
            _check_deferred_constraints(cursor)
            cursor.execute(
                "ALTER TABLE quotes_statement ENABLE TRIGGER verbatim_statement_search_vector"
            )
            cursor.execute(
                "ALTER TABLE quotes_statement ENABLE TRIGGER statement_published_cites_a_source"
            )
            cursor.execute(
                f"ALTER TABLE quotes_citation ENABLE TRIGGER {publishers.CITATION_INSERT_TRIGGER}"
            )
            cursor.execute(
                "ALTER TABLE quotes_statement_topics"
                f" ENABLE TRIGGER {statement_topics.LINK_INSERT_TRIGGER}"
            )
            for table in ("quotes_statement", "quotes_source"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT coalesce(max(id), 1) FROM {table}))"
                )
            # Dropped at commit anyway; dropped now so a second load in the same transaction works.
            cursor.execute(
                "DROP TABLE verbatim_statement_load, verbatim_citation_load, verbatim_leader_names"
            )
            self.progress(
                "Time in the database: "
                + ", ".join(f"{table} {seconds:.1f}s" for table, seconds in self.timings.items())
            )
            for sql in self.recreate:
                began = time.monotonic()
                cursor.execute(sql)
                self.progress(f"  {time.monotonic() - began:5.1f}s  {sql[:100]}")


def _check_deferred_constraints(cursor) -> None:
    """Runs the deferred foreign key checks now: a table with pending ones cannot be altered."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _copy_field(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return _copy_text(value)
    return str(value)
