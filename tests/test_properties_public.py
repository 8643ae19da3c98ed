"""Every public list, filter, feed and download, given random and hostile query strings.

Whatever the address carries, a page answers with a page, a redirect, "not modified", "bad
request", "not found" or "gone": never a server error, and never an exception (the test
client re-raises any exception a view lets out). Streamed downloads are read to the end, since
an error midway through a stream would otherwise go unseen.

The queries are built from the parameters each page really understands (read from its
filters and from the paging module, so they follow the code), with valid, nearly valid and
hostile values, plus made-up parameters and raw query strings with broken escapes.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.db import transaction
from hypothesis import event, given
from hypothesis import strategies as st

from quotes.models import Correction, Event, RecordVersion, Statement
from quotes.public.filters import (
    LeaderFilter,
    LeaderStatementFeedFilter,
    LeaderStatementFilter,
    StatementFeedFilter,
    StatementFilter,
    TopicStatementFeedFilter,
    TopicStatementFilter,
)
from quotes.public.pagination import CURSOR_PARAMETERS, PAGE_PARAMETER, make_cursor
from quotes.public.views import understood_by
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)
from tests.strategies import (
    ANY_CHARACTER,
    NEAR_VALID_DATES,
    NEAR_VALID_NUMBERS,
    evenly,
    garbage_cursor,
    hostile_text,
    percent_garbage,
)

pytestmark = pytest.mark.django_db

# What a public GET may answer. Anything of 500 and above is a failure of the site.
ALLOWED_STATUSES = {200, 301, 302, 304, 400, 404, 410, 429}
# But oEmbed answers a format it does not offer with 501, as its specification says.
OEMBED_NOT_OFFERED = {501}

STATEMENT_FILTERS = tuple(StatementFilter.base_filters)
# Each page with the query parameters it understands.
PAGES = {
    "/quotes/": understood_by(StatementFilter),
    "/leaders/": understood_by(LeaderFilter),
    "/leaders/vladimir-putin/": understood_by(LeaderStatementFilter),
    "/topics/energy/": understood_by(TopicStatementFilter),
    "/corrections/": (PAGE_PARAMETER,),
    "/feeds/latest.rss": tuple(StatementFeedFilter.base_filters),
    "/feeds/latest.atom": tuple(StatementFeedFilter.base_filters),
    "/quotes/feed.atom": tuple(StatementFeedFilter.base_filters),
    "/leaders/vladimir-putin/feed.rss": tuple(LeaderStatementFeedFilter.base_filters),
    "/topics/energy/feed.atom": tuple(TopicStatementFeedFilter.base_filters),
    "/corrections/feed.atom": (),
    "/data/statements.csv": STATEMENT_FILTERS,
    "/data/statements.json": STATEMENT_FILTERS,
    "/data/statements.jsonl": STATEMENT_FILTERS,
    "/leaders/lookup.json": ("q",),
    "/sitemap.xml": (),
    "/sitemap-statements.xml": ("p",),
    "/robots.txt": (),
    "/oembed": ("url", "format", "maxwidth", "maxheight"),
    "/events/": ("leader", PAGE_PARAMETER),
    "/events/the-call/": (),
}
# The pages in groups that share their parameters, so that each group gets its share of the
# examples without a run per page.
PAGE_GROUPS = {
    "statement lists": ["/quotes/", "/leaders/vladimir-putin/", "/topics/energy/"],
    "downloads": ["/data/statements.csv", "/data/statements.json", "/data/statements.jsonl"],
    "leaders": ["/leaders/", "/leaders/lookup.json", "/oembed"],
    "events": ["/events/", "/events/the-call/"],
    "corrections": ["/corrections/", "/corrections/feed.atom"],
    "feeds": [
        "/feeds/latest.rss",
        "/feeds/latest.atom",
        "/quotes/feed.atom",
        "/leaders/vladimir-putin/feed.rss",
        "/topics/energy/feed.atom",
    ],
    "sitemap and robots": ["/sitemap.xml", "/sitemap-statements.xml", "/robots.txt"],
}
EVERY_PARAMETER = tuple(dict.fromkeys([*STATEMENT_FILTERS, *CURSOR_PARAMETERS, "q", "p", "leader"]))


@dataclass(frozen=True)
class PublishedRecord:
    """What the valid values of the filters are drawn from."""

    leader_values: tuple[str, ...]
    topic_slugs: tuple[str, ...]
    publishers: tuple[str, ...]
    countries: tuple[str, ...]
    event_slugs: tuple[str, ...]
    cursors: tuple[str, ...]
    ids: tuple[int, ...]  # of statements and sources, the draft's and its source's among them


@pytest.fixture
def record(db) -> PublishedRecord:
    """A small published record: leaders of three countries, a statement of every channel
    (and so of every kind, verification and date precision in turn), topics, sources of
    several publishers, a correction, and a draft whose topic and publisher are its own."""
    putin = LeaderFactory(
        name="Vladimir Putin", slug="vladimir-putin", country="RU", aliases=["Putin"]
    )
    zelenskyy = LeaderFactory(
        name="Volodymyr Zelenskyy",
        slug="volodymyr-zelenskyy",
        country="UA",
        aliases=["Zelensky", "Зеленський"],
    )
    macron = LeaderFactory(name="Emmanuel Macron", slug="emmanuel-macron", country="FR")
    OfficeHeldFactory(leader=macron)
    leaders = [putin, zelenskyy, macron]
    topics = [TopicFactory(name="Energy", slug="energy"), TopicFactory(name="Air defence")]
    sources = [
        SourceFactory(publisher="Example Wire"),
        SourceFactory(publisher="Kremlin"),
        SourceFactory(publisher="Élysée & Co"),
    ]
    kinds = Statement.Kind.values
    verifications = Statement.Verification.values
    precisions = Statement.DatePrecision.values
    statements = []
    for number, channel in enumerate(Statement.Channel.values):
        with transaction.atomic():
            statement = StatementFactory(
                speaker=leaders[number % len(leaders)],
                text=f"We will keep the lights on, number {number}: “energy” & war.",
                context="Said at a press conference about the power grid.",
                date_said=datetime.date(2025, number + 1, 1),
                date_precision=precisions[number % len(precisions)],
                kind=kinds[number % len(kinds)],
                channel=channel,
                verification=verifications[number % len(verifications)],
                relayed_by="KCNA" if number % 2 else "",
                cited=False,
            )
            CitationFactory(statement=statement, source=sources[number % len(sources)])
        statement.topics.add(topics[number % len(topics)])
        statement.mentions.add(leaders[(number + 1) % len(leaders)])
        statements.append(statement)
    Correction.objects.create(
        statement=statements[0],
        note="The words were misquoted.",
        changes={"text": {"label": "Words", "old": "We may.", "new": "We will."}},
    )
    # A call with both sides' accounts, one of them translated, and an event only a draft is in.
    call = Event.objects.create(
        title="The call",
        slug="the-call",
        kind=Event.Kind.PHONE_CALL,
        date=datetime.date(2025, 1, 1),
    )
    call.participants.set([putin, zelenskyy])
    for statement in statements[:2]:
        statement.event = call
        statement.original_language = "ru"
        statement.save()
    secret = Event.objects.create(
        title="A secret call", slug="secret-call", kind=Event.Kind.OTHER, date=call.date
    )
    secret.participants.set([putin])
    draft = StatementFactory(
        speaker=putin,
        text="A draft the public must not see.",
        status=Statement.Status.DRAFT,
        event=secret,
    )
    draft.topics.add(TopicFactory(name="Drafts only", slug="drafts-only"))
    drafts_source = SourceFactory(publisher="Drafts Only Press")
    CitationFactory(statement=draft, source=drafts_source)
    return PublishedRecord(
        leader_values=(
            *(leader.slug for leader in leaders),
            *(leader.name for leader in leaders),
            "Zelensky",
            "zelenskiy",
            "Зеленський",
            "PUTIN",
        ),
        topic_slugs=(*(topic.slug for topic in topics), "drafts-only"),
        publishers=(*(source.publisher for source in sources), "Drafts Only Press"),
        countries=("RU", "UA", "FR"),
        event_slugs=("the-call", "secret-call"),
        cursors=tuple(make_cursor(s.date_said, s.pk) for s in statements),
        ids=(*(s.pk for s in [*statements, draft]), *(s.pk for s in [*sources, drafts_source])),
    )


def valid_values(name: str, record: PublishedRecord) -> st.SearchStrategy[str]:
    dates = st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)).map(
        datetime.date.isoformat
    )
    by_name = {
        "q": st.sampled_from(["energy", "lights", "Putin", '"keep the lights"', "-war", "war OR"]),
        "speaker": st.sampled_from(record.leader_values),
        "mentioned": st.sampled_from(record.leader_values),
        "country": st.sampled_from([*record.countries, "US", "ru", "XX"]),
        "date_from": dates,
        "date_to": dates,
        "kind": st.sampled_from(Statement.Kind.values),
        "channel": st.sampled_from(Statement.Channel.values),
        "verification": st.sampled_from(Statement.Verification.values),
        "topic": st.sampled_from(record.topic_slugs),
        "publisher": st.sampled_from(record.publishers),
        "sort": st.sampled_from(["newest", "oldest"]),
        "event": st.sampled_from(record.event_slugs),
        "language": st.sampled_from(["ru", "ko", "en", "zh-Hans"]),
        "leader": st.sampled_from(record.leader_values),
        "page": st.integers(min_value=1, max_value=5).map(str),
        "p": st.integers(min_value=0, max_value=3).map(str),
        "after": st.sampled_from(record.cursors),
        "before": st.sampled_from(record.cursors),
        "last": st.just("1"),
        "url": st.sampled_from(record.ids).flatmap(
            lambda pk: st.sampled_from(
                [f"/quotes/{pk}/", f"http://testserver/quotes/{pk}/embed/", f"/sources/{pk}/"]
            )
        ),
        "format": st.sampled_from(["json", "xml"]),
        "maxwidth": st.integers(min_value=1, max_value=2000).map(str),
        "maxheight": st.integers(min_value=1, max_value=2000).map(str),
    }
    return by_name.get(name, st.just(""))


NEAR_VALID = st.one_of(
    st.sampled_from(NEAR_VALID_DATES),
    st.sampled_from(NEAR_VALID_NUMBERS),
    st.sampled_from(["no-such-leader", "vladimir-putin-", "VLADIMIR-PUTIN", "energy ", "newest!"]),
    garbage_cursor(),
)


@st.composite
def query_pairs(draw, names: tuple[str, ...], record: PublishedRecord) -> list[tuple[str, str]]:
    """(name, value) pairs, names repeating as they may in a real address."""
    name_strategy = st.one_of(
        *([st.sampled_from(names)] if names else []),
        st.sampled_from(EVERY_PARAMETER),
        st.text(alphabet=ANY_CHARACTER, max_size=20),
    )
    pairs = []
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        name = draw(name_strategy)
        value = draw(evenly(valid_values(name, record), NEAR_VALID, hostile_text()))
        pairs.append((name, value))
    return pairs


def as_wsgi(text: str) -> str:
    """A query string as a WSGI server hands it to Django: its UTF-8 bytes, read as latin-1."""
    return text.encode().decode("iso-8859-1")


RAW_QUERY_STRINGS = st.one_of(
    # Any bytes at all, invalid UTF-8 included.
    st.binary(max_size=300).map(lambda raw: raw.decode("iso-8859-1")),
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(EVERY_PARAMETER), percent_garbage()),
            st.sampled_from(["=", "==", "", "=%"]),
            st.one_of(percent_garbage(), st.sampled_from(NEAR_VALID_DATES)),
        ).map("".join),
        max_size=8,
    )
    .flatmap(lambda fields: st.sampled_from(["&", ";", "&&", "+"]).map(lambda s: s.join(fields)))
    .map(as_wsgi),
    st.text(alphabet="%&=+;?#0123456789abcdefzZ \x00é", max_size=200).map(as_wsgi),
    # More fields than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS): a 400, not a crash.
    st.just("&".join(["q=a"] * 1001)),
)


def fetch_fully(client, path: str, **extra):
    """GET `path`, reading a streamed response to its end, and check how it answered."""
    response = client.get(path, **extra)
    if response.streaming:
        b"".join(response.streaming_content)
    else:
        response.content  # noqa: B018 -- rendering a lazy response is part of answering
    allowed = ALLOWED_STATUSES | (OEMBED_NOT_OFFERED if path.startswith("/oembed") else set())
    assert response.status_code in allowed, (path, extra, response.status_code)
    event(f"status {response.status_code}")  # shown by --hypothesis-show-statistics
    return response


def record_version() -> int | None:
    return RecordVersion.objects.filter(pk=1).values_list("version", flat=True).first()


def test_every_page_is_tried():
    assert sorted(path for group in PAGE_GROUPS.values() for path in group) == sorted(PAGES)


@pytest.mark.parametrize("group", list(PAGE_GROUPS))
@given(data=st.data())
def test_no_query_string_makes_a_page_fail(client, record, group, data):
    path = data.draw(st.sampled_from(PAGE_GROUPS[group]), label="page")
    pairs = data.draw(query_pairs(PAGES[path], record), label="query")
    version = record_version()
    fetch_fully(client, f"{path}?{urlencode(pairs)}")
    assert record_version() == version  # reading a public page never changes the record


@given(path=st.sampled_from(list(PAGES)), raw=RAW_QUERY_STRINGS)
def test_no_raw_query_string_makes_a_page_fail(client, record, path, raw):
    fetch_fully(client, path, QUERY_STRING=raw)


@given(data=st.data())
def test_no_statement_or_source_number_makes_a_page_fail(client, record, data):
    number = data.draw(
        st.one_of(
            st.sampled_from(record.ids),
            st.integers(min_value=0, max_value=10**6),
            # Around and beyond the database's largest integer.
            st.integers(min_value=2**63 - 2, max_value=2**64),
            st.integers(min_value=2**64),
        ),
        label="number",
    )
    slug = data.draw(st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True), label="slug")
    template = data.draw(
        st.sampled_from(
            [
                "/quotes/{}/",
                "/quotes/{}-{}/",
                "/sources/{}/",
                "/quotes/{}/embed/",
                "/quotes/{}/share.png",
            ]
        ),
        label="page",
    )
    fetch_fully(client, template.format(number, slug))


ORACLE_FILTERS = ("kind", "channel", "verification", "sort", "topic", "speaker", "country")


def expected_ids(pairs: list[tuple[str, str]]) -> set[int]:
    """The published statements the filters select, worked out in Python, row by row."""
    speakers = {value for name, value in pairs if name == "speaker"}
    # A filter of one value reads the last one given, as a form does.
    last = {name: value for name, value in pairs if name not in ("speaker", "sort")}
    matching = set()
    for statement in Statement.objects.published().prefetch_related("topics"):
        facts = {
            "kind": {statement.kind},
            "channel": {statement.channel},
            "verification": {statement.verification},
            "topic": {topic.slug for topic in statement.topics.all()},
            "country": {str(statement.speaker.country)},
        }
        if any(value not in facts[name] for name, value in last.items()):
            continue
        if speakers and statement.speaker.slug not in speakers:
            continue
        matching.add(statement.pk)
    return matching


@st.composite
def valid_filters(draw, record: PublishedRecord) -> list[tuple[str, str]]:
    pairs = []
    for name in draw(st.lists(st.sampled_from(ORACLE_FILTERS), max_size=5)):
        if name == "speaker":
            value = draw(st.sampled_from([v for v in record.leader_values if "-" in v]))
        elif name == "topic":
            value = draw(st.sampled_from(record.topic_slugs[:-1]))  # not the drafts' own
        elif name == "country":
            value = draw(st.sampled_from(record.countries))
        else:
            value = draw(valid_values(name, record))
        pairs.append((name, value))
    return pairs


@given(data=st.data())
def test_valid_filters_list_exactly_the_published_statements_they_select(client, record, data):
    """Answering every query with an error would pass the properties above: valid filters
    must still list what they select, all of it, and never the draft."""
    pairs = data.draw(valid_filters(record), label="filters")
    response = fetch_fully(client, f"/quotes/?{urlencode(pairs)}")
    assert response.status_code == 200
    assert not response.context["filterset"].errors
    shown = list(response.context["page"])
    assert {statement.pk for statement in shown} == expected_ids(pairs)
    newest_first = dict(pairs).get("sort") != "oldest"
    in_order = sorted(shown, key=lambda s: (s.date_said, s.pk), reverse=newest_first)
    assert shown == in_order
