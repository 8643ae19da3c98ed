"""The record: leaders, the offices they held, statements, the sources that carry them.

A statement is what one leader said on one date, in words as published. It is not a free
floating quotation: it cites its sources (a news article, a readout, a post), and each citation
says where in that source it stands; the admin will not publish a statement that cites none.
Drafts are the editors' working space; the public only ever sees
`Statement.objects.published()`.
"""

import datetime

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from quotes.record import statement_topics
from quotes.record.addresses import address
from quotes.record.text import clean_words, without_invisible_controls, words_fingerprint
from quotes.record.urls_normalise import normalise_url

http_url_validator = URLValidator(
    schemes=["http", "https"], message="Enter a web address that starts with http:// or https://."
)
wikidata_id_validator = RegexValidator(
    r"^Q[1-9][0-9]*$", "A Wikidata id is a Q followed by digits, such as Q7747."
)
language_code_validator = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    "Use a language code such as ru, uk, zh-Hans or pt-BR.",
)


# The largest id a record can have: primary keys are signed 64-bit integers (BigAutoField).
LARGEST_ID = 2**63 - 1


def as_record_id(value) -> int | None:
    """`value`, as an address or a page sent it, as the id of a record; None for anything that
    cannot be one. Beyond the database's integers SQLite does not find nothing: it raises an
    OverflowError, so such a number must not reach a query."""
    text = str(value if value is not None else "")
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None


PUBLISHED_NEEDS_A_SOURCE = (
    "A published statement must cite at least one source: add a source before publishing it, "
    "and unpublish it before removing its last source."
)
PUBLISHED_IS_NOT_DELETED = (
    "A published statement is corrected or unpublished, never deleted: unpublish it first."
)


class StaleVersion(Exception):
    """A save based on a copy of the record that someone else has changed since it was read."""

    def __init__(self, instance):
        self.instance = instance
        super().__init__(
            f"{instance._meta.verbose_name.capitalize()} {instance.pk} was changed by someone "
            "else after this copy was read."
        )


class CleanTextModel(models.Model):
    """A record whose text fields lose, when validated, the control characters nobody types on
    purpose (`quotes.record.text.without_invisible_controls`).

    They come with pasted text; kept, one would break every feed that carries it (XML 1.0
    forbids them) or reorder the page around it (an open right-to-left override). Every form
    and the import validate with `full_clean()`; the review workflow cleans its notes itself.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            value = getattr(self, field.attname)
            if isinstance(field, models.CharField | models.TextField) and isinstance(value, str):
                setattr(self, field.attname, without_invisible_controls(value))
        super().clean_fields(exclude=exclude)


class VersionedModel(CleanTextModel):
    """A record that counts its saves, so that no save silently overwrites a newer one.

    Every save of an existing row is an `UPDATE … WHERE id = %s AND version = %s` that also
    moves the version on: a save made from a copy read before someone else's save matches no
    row and raises `StaleVersion` instead of overwriting the other change (optimistic
    concurrency). Forms carry the version they were opened on (`quotes.editorial.concurrency`).
    """

    version = models.PositiveIntegerField(
        default=1,
        db_default=1,  # for rows loaded in SQL (COPY, bulk loads) too
        editable=False,
        help_text="How many times this record has been saved.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        read_version = self.version
        if not self._state.adding:
            self._version_read = read_version
            self.version = read_version + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = read_version
            raise
        finally:
            self.__dict__.pop("_version_read", None)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        read_version = self.__dict__.get("_version_read")
        if read_version is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if base_qs.filter(pk=pk_val, version=read_version)._update(values) > 0:
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleVersion(self)
        return False  # deleted meanwhile: Django inserts it again, as it would without versions


def editor_reference(related_name: str = "+") -> models.ForeignKey:
    """Who did something to a record: kept when the account is deleted, as an empty value."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name=related_name,
    )


class HttpURLField(models.URLField):
    """A URL field that accepts only web addresses (no ftp:, no javascript:)."""

    default_validators = [http_url_validator]

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        field = super().formfield(**kwargs)
        field.validators = [http_url_validator]
        if "invalid" not in kwargs.get("error_messages", {}):
            # The form field's "Enter a valid URL." would replace the validator's message,
            # which says what is wrong with javascript:… or ftp://…
            field.error_messages["invalid"] = http_url_validator.message
        return field


class Topic(VersionedModel):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("quotes:topic_detail", self.slug)


class Leader(VersionedModel):
    name = models.CharField(max_length=200, help_text="The name as most English sources write it.")
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other spellings and forms the news uses: Zelensky, Zelenskiy, Kim Jong-un.",
    )
    country = CountryField(help_text="ISO 3166 country code (EU for the European Union).")
    wikidata_id = models.CharField(
        "Wikidata id", max_length=20, blank=True, validators=[wikidata_id_validator]
    )
    description = models.CharField(max_length=300, blank=True)
    portrait_url = HttpURLField(max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            # Two leaders may share a name but never a Wikidata entity.
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="leader_unique_wikidata_id",
                violation_error_message="Another leader already has this Wikidata id.",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="leader_name_not_empty"),
        ]
        indexes = [
            # The directory's "leaders of this country" filter.
            models.Index(fields=["country", "name"], name="leader_country_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("quotes:leader_detail", self.slug)

    def clean(self):
        self.name = clean_words(self.name)
        if not isinstance(self.aliases, list) or not all(
            isinstance(alias, str) for alias in self.aliases
        ):
            raise ValidationError({"aliases": "Aliases must be a list of names."})
        seen = {self.name.casefold()}
        aliases = []
        for alias in (clean_words(alias) for alias in self.aliases):
            if alias and alias.casefold() not in seen:
                seen.add(alias.casefold())
                aliases.append(alias)
        self.aliases = aliases

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""

    def office_on(self, day: datetime.date) -> "OfficeHeld | None":
        """The office this leader held on `day`: the most recently begun, when they held several.

        Works on prefetched offices, so a list of statements can show each speaker's office at
        the time without a query per row.
        """
        held = [office for office in self.offices.all() if office.covers(day)]
        return max(held, key=lambda office: office.start_date, default=None)

    @classmethod
    def ids_from(cls, country: str) -> list[int]:
        """The ids of a country's leaders, for `speaker_id IN (...)` rather than a join on leaders.

        Given the ids, PostgreSQL's statistics on `speaker_id` tell it how many statements match
        (through a join it guesses an average leader), so for a prolific leader's country it walks
        the date index instead of sorting all of that leader's statements.
        """
        return list(cls.objects.filter(country=country).values_list("pk", flat=True))


class OfficeHeld(VersionedModel):
    """A Popolo-style membership: a person in a post from one date to another."""

    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="offices")
    title = models.CharField(max_length=200, help_text="President of Russia, Pope, …")
    country = CountryField(blank=True)
    organisation = models.CharField(
        max_length=200, blank=True, help_text="For posts not held for a country: a party, a church."
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Empty while still in office.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "office held"
        verbose_name_plural = "offices held"
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="office_ends_after_it_starts",
                violation_error_message="An office cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.period})"

    @property
    def period(self) -> str:
        end = self.end_date.year if self.end_date else "present"
        return f"{self.start_date.year}–{end}"

    def covers(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class Source(VersionedModel):
    class Kind(models.TextChoices):
        NEWS_ARTICLE = "news", "News article"
        OFFICIAL = "official", "Official statement or readout"
        SOCIAL_MEDIA = "social", "Social media post"
        TRANSCRIPT = "transcript", "Transcript"
        STATE_MEDIA = "state_media", "State media report"
        INTERVIEW = "interview", "Interview"
        OTHER = "other", "Other"

    url = HttpURLField(
        "URL",
        max_length=2000,
        unique=True,
        error_messages={"unique": "This article is already a source (its address, cleaned up)."},
    )
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=200, help_text="The outlet: Reuters, Kremlin, KCNA …")
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NEWS_ARTICLE)
    archive_url = HttpURLField("archive URL", max_length=2000, blank=True)
    accessed_on = models.DateField("date accessed", null=True, blank=True)
    text = models.TextField("stored text", blank=True, help_text="The article's text, if kept.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            # The statements list's "source publisher" filter.
            models.Index(fields=["publisher"], name="source_publisher"),
            # The list of sources, newest first, and one outlet's, paged by id (/sources/).
            models.Index(fields=["publisher", "-id"], name="source_publisher_newest"),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def save(self, *args, **kwargs):
        # Normalised here too, so that sources created outside forms obey the same uniqueness.
        self.url = normalise_url(self.url)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("quotes:source_detail", self.pk)

    def clean(self):
        if self.url:
            self.url = normalise_url(self.url)
        if self.published_on and self.published_on > timezone.localdate():
            raise ValidationError({"published_on": "The publication date cannot be in the future."})


# What a page of cards reads of each statement (`StatementQuerySet.for_card_keys`).
CARD_KEY_FIELDS = ("id", "date_said", "updated_at")


def listing_prefetches(with_sources: bool = True) -> list:
    """The related rows a statement card shows beyond its speaker: offices, topics, sources."""
    lookups = ["speaker__offices", Prefetch("topics", queryset=Topic.objects.only("name", "slug"))]
    if with_sources:
        lookups.append(Prefetch("citations", queryset=Citation.objects.select_related("source")))
    return lookups


def period_start(day: datetime.date | None, precision: str) -> datetime.date | None:
    """The first day of the period a date stands for at `precision` ("day", "month", "year").

    A statement known only to the month is kept under the month's first day, and one known only
    to the year under the 1st of January, so that a date range finds it by the period it
    overlaps (`quotes.public.filters.said_from`).
    """
    if day is None:
        return None
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


class StatementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Statement.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Statement.Status.DRAFT)

    def for_listing(self):
        """What a list of statements shows: speaker, offices, sources and topics, in a fixed few
        queries.

        The search vector, as long as the words and never shown, stays in the database.
        """
        return self.for_cards().prefetch_related(*listing_prefetches())

    def for_cards(self):
        """The statements behind a list of cards (quotes/public/cards.py), which fetches the rest of
        what a card shows, `listing_prefetches()`, only for the cards it has not cached."""
        return self.defer("search_vector").select_related("speaker")

    def for_card_keys(self):
        """The statements behind a page of cards, read only as far as the cards' cache keys and
        the page's cursors need: id, date said and time of the last change.

        Most cards of a page come from the cache (quotes/public/cards.py), which reads the whole
        rows of the others (`whole_rows`). Made whole, with its speaker, each row took two
        hundred Python calls more: 5,800 for a page of twenty-one, where these fields take 1,400.
        """
        return self.only(*CARD_KEY_FIELDS)

    def newest_first(self):
        return self.order_by("-date_said", "-id")

    def spoken_by(self, speaker_ids):
        """Statements by any of the leaders `speaker_ids` (ids); on PostgreSQL in the form the
        GIN index of quotes/record/statement_topics.py can intersect with a topic or a publisher."""
        speaker_ids = list(speaker_ids)
        if not speaker_ids:
            return self.none()
        if statement_topics.is_kept(self.db):
            return self.filter(statement_topics.SpokenBy(speaker_ids))
        return self.filter(speaker_id__in=speaker_ids)

    def about(self, topic: "Topic"):
        """Statements linked to `topic`. On PostgreSQL through the topic ids each statement
        carries (quotes/record/statement_topics.py), which one GIN index intersects with the other
        filters; elsewhere through the links. Never repeats a statement."""
        if statement_topics.is_kept(self.db):
            return self.filter(statement_topics.AboutTopic(topic.pk))
        return self.filter(topics=topic)


# The statement columns the public lists filter on by choice, each with an index of its own.
CHOICE_FILTERS = ("verification", "channel", "kind")


# The site is written in English alone: its dates are written without the translation
# machinery of Django's date formats, which took a page of cards a sixth of its time.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_as_known(day: datetime.date, precision: str) -> str:
    """A date as precisely as it is known: 4 June 2025, June 2025 or 2025 (the same words as
    Django's "j F Y", "F Y" and the bare year)."""
    if precision == "year":
        return str(day.year)
    month = MONTH_NAMES[day.month - 1]
    if precision == "month":
        return f"{month} {day.year:04d}"
    return f"{day.day} {month} {day.year:04d}"


# From the finest to the coarsest: two dates known to different precisions compare at the coarser.
PRECISION_ORDER = ("day", "month", "year")


def is_before(day, precision, other_day, other_precision) -> bool:
    """Whether one date is surely before another, each known only to its precision."""
    coarser = max(precision, other_precision, key=PRECISION_ORDER.index)
    return period_start(day, coarser) < period_start(other_day, coarser)


def language_name(code: str) -> str:
    """A language's English name from its code (ru: Russian, zh-Hans: Simplified Chinese); the
    code itself for a language Django does not name."""
    info = LANG_INFO.get(code.lower()) or LANG_INFO.get(code.split("-")[0].lower()) or {}
    if "fallback" in info:
        info = LANG_INFO.get(info["fallback"][0], {})
    return info.get("name", code)


def statement_slug(speaker_name: str, text: str) -> str:
    """The readable part of a statement's address: its speaker and its first words."""
    # The first eight words as Truncator(text).words(8, truncate="") gives them, without
    # its lazy wrapper: every card's link asks for its statement's slug.
    first_words = " ".join(text.split()[:8])
    words = slugify(f"{speaker_name} {first_words}")
    # A name and words in a non-Latin script slugify to nothing; the address still needs one.
    return words[:80].strip("-") or "statement"


class Statement(VersionedModel):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        PARTIAL = "partial", "Partial quote"
        PARAPHRASE = "paraphrase", "Paraphrase"

    class Channel(models.TextChoices):
        SOCIAL_MEDIA = "social_media", "Social media post"
        SPEECH = "speech", "Speech"
        INTERVIEW = "interview", "Interview"
        PHONE_CALL = "phone_call", "Phone call"
        PRESS_CONFERENCE = "press_conference", "Press conference"
        WRITTEN_STATEMENT = "written_statement", "Written statement"
        MEETING = "meeting", "Meeting"
        OTHER = "other", "Other"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        PUBLISHED = "published", "Published"

    class TranslatedBy(models.TextChoices):
        OUTLET = "outlet", "The outlet that reported it"
        AGENCY = "agency", "A news agency"
        GOVERNMENT = "government", "The speaker's government (its own English version)"
        EDITORS = "editors", "Verbatim's editors"

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", "Unverified"
        VERIFIED = "verified", "Verified"
        DISPUTED = "disputed", "Disputed"
        MISATTRIBUTED = "misattributed", "Misattributed"

    speaker = models.ForeignKey(Leader, on_delete=models.PROTECT, related_name="statements")
    text = models.TextField("words", help_text="Verbatim, as published, without outer quote marks.")
    words_fingerprint = models.CharField(max_length=64, editable=False)
    original_text = models.TextField("words in the original language", blank=True)
    original_language = models.CharField(
        max_length=20, blank=True, validators=[language_code_validator]
    )
    # Who gave the English words when the speaker spoke another language: a kind of translator
    # (for the filter and the downloads) and its name (for readers).
    translated_by = models.CharField(
        max_length=12,
        choices=TranslatedBy,
        blank=True,
        default="",
        db_default="",  # for rows loaded in SQL (COPY, bulk loads) too
        help_text="Who gave these English words, when the speaker used another language.",
    )
    translation_source = models.CharField(
        "translator",
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="Which outlet, agency or government: KCNA, Reuters, the Kremlin …",
    )
    date_said = models.DateField()
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=(
            "How much of the date is known. A month's or a year's statement is kept under its "
            "first day (any day of it may be entered)."
        ),
    )
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.DIRECT)
    channel = models.CharField(max_length=20, choices=Channel, default=Channel.OTHER)
    channel_detail = models.CharField(
        max_length=200, blank=True, help_text="Truth Social, a meeting with Sergei Shoigu, …"
    )
    relayed_by = models.CharField(
        max_length=200, blank=True, help_text="Who passed the words on: KCNA, a Kremlin readout …"
    )
    context = models.TextField(blank=True, help_text="One or two sentences on what it was about.")
    # PROTECT: an event is deleted only once no statement belongs to it, so that taking a
    # statement out of an event is an edit of that statement, in its history, never a silent
    # side effect of deleting the event.
    event = models.ForeignKey(
        "Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,  # the partial index `statement_event_date` below serves it
        related_name="statements",
        help_text="The call, meeting or speech this is an account of, if any.",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="statements")
    mentions = models.ManyToManyField(
        Leader,
        blank=True,
        related_name="mentioned_in",
        verbose_name="leaders mentioned or addressed",
    )
    sources = models.ManyToManyField("Source", through="Citation", related_name="statements")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    verification = models.CharField(
        max_length=15, choices=Verification, default=Verification.UNVERIFIED
    )
    verification_note = models.TextField(
        blank=True, help_text="Why it is disputed or misattributed, with the evidence."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = editor_reference(related_name="statements_created")
    submitted_by = editor_reference()
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = editor_reference()
    published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was last published."
    )
    review_note = models.TextField(
        blank=True,
        db_default="",  # for rows loaded in SQL (COPY, bulk loads) too
        editable=False,
        help_text="The reviewer's note when a statement is sent back to its editor.",
    )
    # PostgreSQL full-text search: the words, the context and the speaker's names, stemmed and
    # unaccented. Computed by database triggers (migration 0003), which replace whatever a save
    # writes here; an unused, empty column on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    # Every change, by whom and when, with the old values (django-simple-history); the search
    # vector is derived and left out.
    history = HistoricalRecords(
        excluded_fields=["search_vector"], m2m_fields=["topics", "mentions"]
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-date_said", "-id"]
        permissions = [
            ("publish_statement", "Can review, publish and unpublish statements"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["speaker", "date_said", "words_fingerprint"],
                name="statement_unique_words_per_speaker_and_day",
                violation_error_message=(
                    "This leader already has a statement with the same words on this date."
                ),
            ),
            models.CheckConstraint(condition=~Q(text=""), name="statement_words_not_empty"),
        ]
        indexes = [
            # Public lists: published statements, newest first. The speaker rides along so that
            # a page's ids can be picked out by speaker without reading the rows (pagination).
            models.Index(
                fields=["status", "-date_said", "-id"],
                include=["speaker"],
                name="statement_status_date",
            ),
            # A leader's page and the speaker filter.
            models.Index(
                fields=["speaker", "status", "-date_said", "-id"], name="statement_speaker_date"
            ),
            # Date-range filters across all speakers.
            models.Index(fields=["-date_said"], name="statement_date"),
            # The published ids alone, read without the table: joined in id order with a
            # topic's or a leader mention's statement ids to count and list them.
            models.Index(
                fields=["id"], name="statement_published_id", condition=Q(status="published")
            ),
            # The list's choice filters, each with its own published rows newest first: a rare
            # value (1 % of statements are misattributed) or a rare combination is read from the
            # most selective of them, not found by walking the date index past a million others
            # (three seconds for kind, channel and verification together).
            # The other choice columns ride along, so that a count of a combination or a
            # page's ids are read from the index alone, not from 16,000 rows of the table.
            # An event's statements (its page, the `event` filter), among the few that have one.
            models.Index(
                fields=["event", "-date_said", "-id"],
                name="statement_event_date",
                condition=Q(event__isnull=False),
            ),
            # The original-language filter, and the languages it offers, stepped through one by
            # one (`quotes.public.filters.distinct_languages`).
            models.Index(
                fields=["original_language", "-date_said", "-id"],
                name="statement_by_language",
                condition=Q(status="published") & ~Q(original_language=""),
            ),
            *(
                models.Index(
                    fields=[name, "-date_said", "-id"],
                    include=[*(other for other in CHOICE_FILTERS if other != name), "speaker"],
                    name=f"statement_by_{name}",
                    condition=Q(status="published"),
                )
                for name in CHOICE_FILTERS
            ),
            # The e-mail digests: what was published since a followed list's last mail.
            models.Index(
                fields=["published_at"],
                name="statement_published_at",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self):
        return f"{self.speaker}: “{self.short_text}”"

    def save(self, *args, **kwargs):
        # The fingerprint is derived from the words; keep it true whatever path saved them.
        self.text = clean_words(self.text or "")
        self.words_fingerprint = words_fingerprint(self.text)
        self.date_said = period_start(self.date_said, self.date_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("quotes:statement_detail", self.pk, self.slug)

    @property
    def slug(self) -> str:
        return statement_slug(self.speaker.name, self.text)

    @property
    def short_text(self) -> str:
        return Truncator(self.text).chars(90)

    @property
    def is_contested(self) -> bool:
        return self.verification in (self.Verification.DISPUTED, self.Verification.MISATTRIBUTED)

    @property
    def date_said_display(self) -> str:
        """The date as precisely as it is known: 4 June 2025, June 2025 or 2025."""
        return date_as_known(self.date_said, self.date_precision)

    def speaker_office(self) -> OfficeHeld | None:
        return self.speaker.office_on(self.date_said)

    def clean(self):
        self.text = clean_words(self.text or "")
        if not self.text:
            raise ValidationError({"text": "A statement needs the words that were said."})
        self.words_fingerprint = words_fingerprint(self.text)
        self.date_said = period_start(self.date_said, self.date_precision)
        if self.speaker_id and self.date_said and self.is_repeat_of_existing():
            # Checked here as well as by the constraint: the fingerprint is not a form field, so
            # the form's own constraint check would skip it and the save would fail instead.
            raise ValidationError(
                {"text": "This leader already has a statement with the same words on this date."}
            )
        if self.date_said and self.date_said > timezone.localdate():
            raise ValidationError({"date_said": "The date said cannot be in the future."})
        if self.original_text and not self.original_language:
            raise ValidationError(
                {"original_language": "Say which language the original words are in."}
            )
        self.check_translation()
        if self.event_id and self.speaker_id and self.date_said:
            self.check_event()
        if self.status == self.Status.PUBLISHED and not self.cites_a_source():
            raise ValidationError(PUBLISHED_NEEDS_A_SOURCE, code="unsourced")
        if self.is_contested and not self.verification_note.strip():
            raise ValidationError(
                {"verification_note": "Explain why this statement is disputed or misattributed."}
            )

    def check_translation(self) -> None:
        """English words given by someone else name who, and the language they came from."""
        source = self.translation_source.strip()
        if source and not self.translated_by:
            raise ValidationError(
                {"translated_by": "Say what kind of translator this is, or leave both empty."}
            )
        if not self.translated_by:
            return
        if not self.original_language:
            raise ValidationError(
                {"original_language": "Say which language the words were translated from."}
            )
        if self.original_language.split("-")[0].lower() == "en":
            raise ValidationError(
                {"translated_by": "Words said in English are not a translation: leave it empty."}
            )
        by_name = (self.TranslatedBy.OUTLET, self.TranslatedBy.AGENCY)
        if self.translated_by in by_name and not source:
            raise ValidationError(
                {"translation_source": "Name the outlet or agency that translated the words."}
            )
        if self.translated_by == self.TranslatedBy.EDITORS and not self.original_text.strip():
            raise ValidationError(
                {"original_text": "Our editors translate from the original words: add them."}
            )

    def check_event(self) -> None:
        """An account of an event is by one of its participants, and not from before it."""
        event = self.event
        if not event.participants.filter(pk=self.speaker_id).exists():
            raise ValidationError(
                {
                    "event": f"{self.speaker} is not a participant of “{event.title}”: add them "
                    "to the event first, or choose another event."
                }
            )
        if is_before(self.date_said, self.date_precision, event.date, event.date_precision):
            raise ValidationError(
                {
                    "date_said": f"“{event.title}” took place on {event.date_display}: an account "
                    "of it cannot be dated before it."
                }
            )

    @property
    def how_said(self) -> str:
        """Where and through whom the words came, for a card: "Truth Social", "Phone call with
        Pope Leo XIV · relayed by Kremlin statement"."""
        parts = [self.channel_detail] if self.channel_detail else []
        if self.relayed_by:
            parts.append(f"relayed by {self.relayed_by}")
        text = " · ".join(parts)
        return text[:1].upper() + text[1:]

    @property
    def language_name(self) -> str:
        return language_name(self.original_language)

    @property
    def translator(self) -> str:
        """Who gave the English words, for readers: "KCNA (a news agency)", "Verbatim's
        editors"; empty when it is not recorded."""
        kind = self.TranslatedBy
        if not self.translated_by:
            return ""
        if self.translated_by == kind.EDITORS:
            return "Verbatim's editors"
        described = {
            kind.OUTLET: "the outlet that reported it",
            kind.AGENCY: "a news agency",
            kind.GOVERNMENT: "the government's own English version",
        }[self.translated_by]
        who = self.translation_source.strip() or "the speaker's government"
        return f"{who} ({described})"

    @property
    def translation_note(self) -> str:
        """ "Translated from Korean by KCNA (a news agency)."; empty for words said in English."""
        if not self.original_language:
            return ""
        if not self.translated_by:
            return f"Said in {self.language_name}; who translated it is not recorded."
        return f"Translated from {self.language_name} by {self.translator}."

    def cites_a_source(self) -> bool:
        return self.pk is not None and self.citations.exists()

    def delete(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED:
            raise ValidationError(PUBLISHED_IS_NOT_DELETED, code="published")
        return super().delete(*args, **kwargs)

    def is_repeat_of_existing(self) -> bool:
        return (
            Statement.objects.filter(
                speaker_id=self.speaker_id,
                date_said=self.date_said,
                words_fingerprint=words_fingerprint(self.text),
            )
            .exclude(pk=self.pk)
            .exists()
        )


class Citation(VersionedModel):
    """Where a source carries a statement: the link between the two, with its locator."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    locator = models.CharField(
        max_length=200, blank=True, help_text="Where in the source: paragraph 4, 02:13 …"
    )
    excerpt = models.TextField(blank=True, help_text="The sentence around the quotation.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "source"],
                name="citation_unique_statement_source",
                violation_error_message="This source is already cited for this statement.",
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.statement_id}"

    def delete(self, *args, **kwargs):
        if self.is_last_of_published_statement():
            raise ValidationError(PUBLISHED_NEEDS_A_SOURCE, code="unsourced")
        return super().delete(*args, **kwargs)

    def is_last_of_published_statement(self) -> bool:
        return (
            Statement.objects.filter(
                pk=self.statement_id, status=Statement.Status.PUBLISHED
            ).exists()
            and not Citation.objects.filter(statement_id=self.statement_id)
            .exclude(pk=self.pk)
            .exists()
        )


class EventQuerySet(models.QuerySet):
    def public(self):
        """Events the public may see: those with a published statement. An event only drafts
        belong to is still the editors' work in progress, as a source is."""
        published = Statement.objects.published().filter(event=OuterRef("pk"))
        return self.filter(Exists(published))

    def newest_first(self):
        return self.order_by("-date", "-id")


class Event(VersionedModel):
    """A call, meeting, summit, press conference, speech, interview or post that statements are
    accounts of.

    When both sides of a call publish their account, the two often differ: the event's page
    shows each participant's published statements side by side. A statement belongs to at most
    one event, and only if its speaker is one of the event's participants.
    """

    class Kind(models.TextChoices):
        PHONE_CALL = "phone_call", "Phone call"
        MEETING = "meeting", "Meeting"
        SUMMIT = "summit", "Summit"
        PRESS_CONFERENCE = "press_conference", "Press conference"
        SPEECH = "speech", "Speech"
        INTERVIEW = "interview", "Interview"
        POST = "post", "Post"
        OTHER = "other", "Other"

    title = models.CharField(
        max_length=300, help_text="Phone call between Donald Trump and Vladimir Putin"
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    date = models.DateField()
    date_precision = models.CharField(
        max_length=5,
        choices=Statement.DatePrecision,
        default=Statement.DatePrecision.DAY,
        help_text=(
            "How much of the date is known. A month's or a year's event is kept under its first "
            "day (any day of it may be entered)."
        ),
    )
    place = models.CharField(
        max_length=200, blank=True, help_text="By telephone, the Kremlin, Pyongyang …"
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences on what it was about."
    )
    participants = models.ManyToManyField(
        Leader,
        related_name="events",
        help_text="The leaders who took part: the event's page has a column for each.",
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="events",
        help_text="Reports of the event itself: readouts, posts, articles.",
    )

    history = HistoricalRecords(m2m_fields=["participants", "sources"])

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="event_title_not_empty"),
        ]
        indexes = [
            # The events list, newest first.
            models.Index(fields=["-date", "-id"], name="event_date"),
        ]

    def __str__(self):
        return f"{self.title}, {self.date_display}"

    def save(self, *args, **kwargs):
        # Kept under its period's first day, as a statement's date is (`period_start`).
        self.date = period_start(self.date, self.date_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("quotes:event_detail", self.slug)

    @property
    def date_display(self) -> str:
        return date_as_known(self.date, self.date_precision)

    def clean(self):
        self.title = clean_words(self.title or "")
        self.date = period_start(self.date, self.date_precision)
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "An event's date cannot be in the future."})


class Correction(CleanTextModel):
    """A change to the words, speaker, date, kind or attribution of a published statement.

    Shown on the statement's page and on /corrections/, as newspapers print theirs; written by
    the reviewer who made the change (`quotes.editorial.workflow.record_correction`).
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(help_text="What was wrong and what was corrected, for readers.")
    changes = models.JSONField(
        default=dict, help_text="Each field changed: its label, the old and the new value."
    )
    made_at = models.DateTimeField(default=timezone.now, db_index=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self):
        return f"Correction of {self.statement_id} on {self.made_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return f"{self.statement.get_absolute_url()}#correction-{self.pk}"


class ErrorReport(CleanTextModel):
    """A reader's report of an error, waiting for a reviewer: no account needed to send one."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        HANDLED = "handled", "Handled"

    statement = models.ForeignKey(
        Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="error_reports"
    )
    page = models.CharField("page the reader was on", max_length=500, blank=True)
    message = models.TextField("what is wrong")
    evidence_url = HttpURLField("a source that shows it", max_length=2000, blank=True)
    email = models.EmailField("reader's email, if given", blank=True)
    # A keyed hash of the sender's address: enough to limit how often one address reports,
    # without keeping the address.
    sender_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.NEW)
    reviewer_note = models.TextField(blank=True)

    class Meta:
        ordering = ["status", "-received_at"]

    def __str__(self):
        return (
            f"Report {self.pk} ({self.get_status_display()}): {Truncator(self.message).chars(60)}"
        )


class RecordVersion(models.Model):
    """One row counting the changes to the record, for caches and conditional GETs.

    Every change to the record bumps it (see `quotes.public.freshness`), so a page's ETag and the
    keys
    of cached pages derive from one primary-key read, and a change made through one server
    process invalidates what every other process cached.
    """

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"record version {self.version} ({self.changed_at:%Y-%m-%d %H:%M})"


class CacheScope(models.Model):
    """A part of the record that cached pages depend on, with the count of its changes.

    Pages are cached under the versions of the scopes they show (`quotes.public.freshness`), and a
    change moves on only the scopes it reaches (`quotes.record.cache_scopes`): "reference" (leaders,
    offices, topics, sources: names every page shows), "statements" (anything the lists of
    published statements show), and one scope per leader, topic and source ("leader:<slug>",
    "topic:<slug>", "source:<id>"). So a publication leaves the pages of every other leader,
    topic, source and statement in the cache.
    """

    name = models.CharField(max_length=220, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.name} version {self.version}"


class PublishedTally(models.Model):
    """How many published statements a leader has, kept by the database itself.

    Triggers on the statements table (`quotes.record.tally`) add and take away as statements are
    inserted, published, withdrawn, reassigned or deleted, whether by a model's save(), a
    `QuerySet.update()`, a bulk load or raw SQL, so the leaders' directory reads each count
    from one row instead of counting a prolific leader's hundreds of thousands of statements.
    Never written from Python.
    """

    leader = models.OneToOneField(
        Leader, on_delete=models.CASCADE, primary_key=True, related_name="published_tally"
    )
    statements = models.IntegerField(default=0)

    class Meta:
        verbose_name = "count of published statements"
        verbose_name_plural = "counts of published statements"

    def __str__(self):
        return f"{self.statements} published"


class DateTally(models.Model):
    """How many published statements each date holds, at each precision, kept by the database.

    A statement known only to June 2025 is counted under (2025-06-01, "month"), never under the
    1st as a day. Triggers (`quotes.record.browse_tallies`) keep it as `PublishedTally` is kept,
    so the pages by date count a year's months, a month's days and find the nearest period with
    a statement from a few thousand rows, not from the statements. Never written from Python.
    """

    date_said = models.DateField()
    date_precision = models.CharField(max_length=5)
    statements = models.IntegerField(default=0)

    class Meta:
        verbose_name = "count of published statements on a date"
        verbose_name_plural = "counts of published statements by date"
        constraints = [
            # The triggers' upserts find a date's row by these two.
            models.UniqueConstraint(
                fields=["date_said", "date_precision"], name="date_tally_unique_date"
            ),
        ]

    def __str__(self):
        return f"{self.date_said} ({self.date_precision}): {self.statements} published"


class TopicTally(models.Model):
    """How many published statements each topic has, kept by the database.

    Triggers on the statements and on their topic links (`quotes.record.browse_tallies`) follow
    publication, withdrawal, deletion and every change of a statement's topics, so the list of
    topics reads forty rows instead of counting 1.2 million links (a second). Never written
    from Python.
    """

    topic = models.OneToOneField(
        Topic, on_delete=models.CASCADE, primary_key=True, related_name="published_tally"
    )
    statements = models.IntegerField(default=0)

    class Meta:
        verbose_name = "count of a topic's published statements"
        verbose_name_plural = "counts of topics' published statements"

    def __str__(self):
        return f"{self.statements} published"


class SourceTally(models.Model):
    """How many citations of published statements a source carries, kept by the database.

    Triggers on the citations and the statements (`quotes.record.source_tallies`) follow every
    citation made, moved or removed and every publication, withdrawal and deletion, so "cites
    a published statement" is one row read by key, not a walk of the source's citations to
    their statements (57 ms for the two thousand sources a common word finds). Never written
    from Python.
    """

    source = models.OneToOneField(
        Source, on_delete=models.CASCADE, primary_key=True, related_name="published_tally"
    )
    citations = models.IntegerField(default=0)

    class Meta:
        verbose_name = "count of a source's published citations"
        verbose_name_plural = "counts of sources' published citations"

    def __str__(self):
        return f"{self.citations} published"


class OutletTally(models.Model):
    """How many sources of each outlet cite a published statement, kept by the database.

    Triggers (`quotes.record.source_tallies`) count a source in when its first published
    citation comes and out when its last goes, and move it when its outlet is renamed, so the
    outlets with their numbers of articles are a few hundred rows, not a count over every
    source (2.4 s at a million statements). Never written from Python.
    """

    publisher = models.CharField(max_length=200, unique=True)
    sources = models.IntegerField(default=0)

    class Meta:
        verbose_name = "count of an outlet's public sources"
        verbose_name_plural = "counts of outlets' public sources"

    def __str__(self):
        return f"{self.publisher}: {self.sources}"


class MonthlyTally(models.Model):
    """Published statements of one month and kind, kept by the database itself on PostgreSQL.

    Triggers on the statements table (`quotes.record.timeline_tally`) add and take away as
    statements are published, withdrawn, redated, reclassified, reassigned, retagged or deleted,
    so that a leader's or a topic's timeline (`quotes.public.timelines`) reads a few hundred rows
    instead of grouping 146,000 statements (600 ms at a million). A statement known only to its
    year is kept under the year's 1 January with `year_only`, never in a month. SQLite counts
    at once instead and leaves these tables empty. Never written from Python.
    """

    month = models.DateField(help_text="The month's first day (the year's, when year_only).")
    kind = models.CharField(max_length=12, choices=Statement.Kind)
    year_only = models.BooleanField()
    statements = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.statements} {self.kind} in {self.month:%Y-%m}"


class LeaderMonthlyTally(MonthlyTally):
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "leader's statements in a month"
        verbose_name_plural = "leaders' statements by month"
        constraints = [
            # The triggers' upsert key; also a leader's timeline, read by the leading column.
            models.UniqueConstraint(
                fields=["leader", "month", "kind", "year_only"], name="leader_month_tally_key"
            ),
        ]


class TopicMonthlyTally(MonthlyTally):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "topic's statements in a month"
        verbose_name_plural = "topics' statements by month"
        constraints = [
            # The triggers' upsert key; also a topic's timeline, read by the leading column.
            models.UniqueConstraint(
                fields=["topic", "month", "kind", "year_only"], name="topic_month_tally_key"
            ),
        ]


# The alerts' models live with their feature; Django finds an app's models in its models module.
from quotes.alerts.models import (  # noqa: E402, F401
    FollowAttempt,
    FollowedList,
    Follower,
    MailedStatement,
)
