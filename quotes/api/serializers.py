"""What the API says about each record: the published facts, never the editors' workings
(drafts, reviewers' notes, who entered what).

Every record carries `url`, its page on the site, and `api_url`, its address in the API. The
serializers read only what the views prefetch (quotes/api/views.py), so a page of a hundred
statements costs the same few queries as a page of one.
"""

from functools import reduce
from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quotes.models import (
    Citation,
    Correction,
    Event,
    Leader,
    OfficeHeld,
    Source,
    Statement,
    Topic,
    statement_slug,
)
from quotes.record.corrections import change_lines
from quotes.templatetags.verbatim import web_address

COUNTRY_HELP = "ISO 3166-1 alpha-2 code (EU for the European Union, XK for Kosovo)."


class Addresses:
    """The absolute addresses of records, for one answer: each route is reversed once, with a
    stand-in for its arguments, and filled in for every row (`reverse()` for each of the ten
    links of each statement took a fifth of a page's time)."""

    STAND_IN = "987654321"

    def __init__(self, request=None):
        # The API's own links name the host the client asked; the pages' are canonical.
        self.api_origin = request.build_absolute_uri("/").rstrip("/") if request else ""
        self._routes: dict[tuple[str, int], list[str]] = {}

    def page(self, view_name: str, *args) -> str:
        return settings.SITE_URL + self._path(view_name, args)

    def api(self, view_name: str, *args) -> str:
        return self.api_origin + self._path(view_name, args)

    def _path(self, view_name: str, args: tuple) -> str:
        pieces = self._routes.get((view_name, len(args)))
        if pieces is None:
            stand_ins = [self.STAND_IN] * len(args)
            pieces = reverse(view_name, args=stand_ins).split(self.STAND_IN)
            self._routes[(view_name, len(args))] = pieces
        path = pieces[0]
        for value, piece in zip(args, pieces[1:], strict=True):
            path += quote(str(value), safe="") + piece
        return path


class AddressField(serializers.Field):
    """A record's absolute address, on the site (`on_site`) or in the API, by the attribute
    (`lookup`, dotted to follow a relation) its route takes."""

    def __init__(self, view_name: str, *, lookup: str = "pk", on_site: bool = False, **kwargs):
        self.view_name, self.lookup, self.on_site = view_name, lookup, on_site
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, record) -> str:
        addresses = addresses_of(self)
        value = reduce(getattr, self.lookup.split("."), record)
        if self.on_site:
            return addresses.page(self.view_name, value)
        return addresses.api(self.view_name, value)


extend_schema_field({"type": "string", "format": "uri"})(AddressField)


def addresses_of(serializer) -> Addresses:
    return serializer.context.get("addresses") or Addresses(serializer.context.get("request"))


class WebAddressField(serializers.CharField):
    """A link to another site: the address, or "" if it is none or not http(s) (as the pages
    show it, `web_address`)."""

    def to_representation(self, value) -> str:
        return web_address(value or "")


class CountryField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", COUNTRY_HELP)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return getattr(value, "code", value) or ""


class RecordSerializer(serializers.ModelSerializer):
    """Every field is output only (the API never writes), so the schema lists each as
    always present."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class LeaderReferenceSerializer(RecordSerializer):
    """A leader named by a statement (a leader it mentions) or by a source's statements."""

    url = AddressField("quotes:leader_detail", lookup="slug", on_site=True)
    api_url = AddressField("api:leader-detail", lookup="slug")

    class Meta:
        model = Leader
        fields = ["name", "slug", "url", "api_url"]


class OfficeSerializer(RecordSerializer):
    country = CountryField(help_text="The post's country, or empty for a post such as Pope.")

    class Meta:
        model = OfficeHeld
        fields = ["title", "country", "organisation", "start_date", "end_date"]


class SpeakerSerializer(serializers.Serializer):
    """Who said the words, with the office they held on the day (read from the statement,
    whose date decides the office)."""

    name = serializers.CharField(source="speaker.name", read_only=True)
    slug = serializers.CharField(source="speaker.slug", read_only=True)
    url = AddressField("quotes:leader_detail", lookup="speaker.slug", on_site=True)
    api_url = AddressField("api:leader-detail", lookup="speaker.slug")
    wikidata_id = serializers.CharField(source="speaker.wikidata_id", read_only=True)
    country = CountryField(source="speaker.country", read_only=True)
    office = OfficeSerializer(
        source="speaker_office",
        read_only=True,
        allow_null=True,
        help_text="The office the speaker held on the day the words were said, if known.",
    )


class TopicReferenceSerializer(RecordSerializer):
    url = AddressField("quotes:topic_detail", lookup="slug", on_site=True)
    api_url = AddressField("api:topic-detail", lookup="slug")

    class Meta:
        model = Topic
        fields = ["name", "slug", "url", "api_url"]


class CitedSourceSerializer(RecordSerializer):
    """A source as one statement cites it: the source, and where in it the words stand."""

    id = serializers.IntegerField(source="source_id")
    url = WebAddressField(source="source.url", help_text="The article or document.")
    title = serializers.CharField(source="source.title")
    publisher = serializers.CharField(source="source.publisher", help_text="The outlet.")
    author = serializers.CharField(source="source.author")
    kind = serializers.ChoiceField(source="source.kind", choices=Source.Kind.choices)
    published_on = serializers.DateField(source="source.published_on", allow_null=True)
    archive_url = WebAddressField(source="source.archive_url", help_text="An archived copy.")
    locator = serializers.CharField(help_text="Where in the source: paragraph 4, 02:13 …")
    excerpt = serializers.CharField(help_text="The sentence around the quotation.")
    page_url = AddressField(
        "quotes:source_detail",
        lookup="source_id",
        on_site=True,
        help_text="The source's page on the site.",
    )
    api_url = AddressField("api:source-detail", lookup="source_id")

    class Meta:
        model = Citation
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "author",
            "kind",
            "published_on",
            "archive_url",
            "locator",
            "excerpt",
            "page_url",
            "api_url",
        ]


class CorrectionSerializer(RecordSerializer):
    changes = serializers.SerializerMethodField()

    class Meta:
        model = Correction
        fields = ["made_at", "note", "changes"]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "label": {"type": "string"},
                    "old": {"type": "string"},
                    "new": {"type": "string"},
                },
                "required": ["label", "old", "new"],
            },
        }
    )
    def get_changes(self, correction) -> list[dict]:
        return change_lines(correction.changes)


class EventReferenceSerializer(RecordSerializer):
    """The call, meeting or speech a statement is an account of."""

    url = AddressField("quotes:event_detail", lookup="slug", on_site=True)
    api_url = AddressField("api:event-detail", lookup="slug")

    class Meta:
        model = Event
        fields = ["title", "slug", "kind", "date", "date_precision", "url", "api_url"]
        extra_kwargs = {
            "date": {"help_text": "For a month or a year known only, its first day."},
        }


class StatementPageField(serializers.Field):
    """A statement's page on the site: its id and its slug (speaker and first words)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, statement) -> str:
        slug = statement_slug(statement.speaker.name, statement.text)
        return addresses_of(self).page("quotes:statement_detail", statement.pk, slug)


extend_schema_field({"type": "string", "format": "uri"})(StatementPageField)


class StatementSerializer(RecordSerializer):
    url = StatementPageField()
    api_url = AddressField("api:statement-detail")
    speaker = SpeakerSerializer(source="*", read_only=True)
    words = serializers.CharField(source="text", help_text="Verbatim, as published.")
    original_words = serializers.CharField(
        source="original_text", help_text="The words in the original language, if recorded."
    )
    translator = serializers.CharField(
        source="translation_source",
        help_text="Who gave the English words (KCNA, Reuters …), when recorded.",
    )
    # The related rows as the view prefetches them (quotes/api/views.py).
    sources = CitedSourceSerializer(source="citation_list", many=True, read_only=True)
    topics = TopicReferenceSerializer(source="topic_list", many=True, read_only=True)
    mentions = LeaderReferenceSerializer(
        source="mention_list",
        many=True,
        read_only=True,
        help_text="Leaders mentioned or addressed.",
    )
    corrections = CorrectionSerializer(source="correction_list", many=True, read_only=True)
    event = EventReferenceSerializer(
        read_only=True,
        allow_null=True,
        help_text="The call, meeting or speech the words were said in, if recorded.",
    )

    class Meta:
        model = Statement
        fields = [
            "id",
            "url",
            "api_url",
            "speaker",
            "words",
            "original_words",
            "original_language",
            "translated_by",
            "translator",
            "date_said",
            "date_precision",
            "kind",
            "channel",
            "channel_detail",
            "relayed_by",
            "context",
            "event",
            "verification",
            "verification_note",
            "topics",
            "mentions",
            "sources",
            "corrections",
            "updated_at",
        ]
        extra_kwargs = {
            "date_said": {"help_text": "For a month or a year known only, its first day."},
            "date_precision": {"help_text": "How much of `date_said` is known."},
            "updated_at": {"help_text": "When the record of this statement last changed."},
        }


class StatementsLinkField(serializers.Field):
    """The API's statements filtered by this record (`filter`: the filter's name)."""

    def __init__(self, filter_name: str, **kwargs):
        self.filter_name = filter_name
        kwargs.update(source="slug", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, slug) -> str:
        path = addresses_of(self).api("api:statement-list")
        return f"{path}?{urlencode({self.filter_name: slug})}"


extend_schema_field({"type": "string", "format": "uri"})(StatementsLinkField)


class LeaderSerializer(RecordSerializer):
    url = AddressField("quotes:leader_detail", lookup="slug", on_site=True)
    api_url = AddressField("api:leader-detail", lookup="slug")
    country = CountryField()
    aliases = serializers.ListField(
        child=serializers.CharField(), help_text="Other spellings the news uses."
    )
    portrait_url = WebAddressField()
    offices = OfficeSerializer(many=True, read_only=True)
    published_statements = serializers.IntegerField(
        help_text="How many of the leader's statements are published."
    )
    statements_url = StatementsLinkField("speaker", help_text="The leader's statements.")

    class Meta:
        model = Leader
        fields = [
            "name",
            "slug",
            "url",
            "api_url",
            "country",
            "wikidata_id",
            "aliases",
            "description",
            "portrait_url",
            "offices",
            "published_statements",
            "statements_url",
        ]


class TopicSerializer(TopicReferenceSerializer):
    statements_url = StatementsLinkField("topic", help_text="The topic's statements.")

    class Meta(TopicReferenceSerializer.Meta):
        fields = [*TopicReferenceSerializer.Meta.fields, "statements_url"]


class SourceSerializer(RecordSerializer):
    url = WebAddressField(help_text="The article or document.")
    archive_url = WebAddressField(help_text="An archived copy.")
    page_url = AddressField(
        "quotes:source_detail", on_site=True, help_text="The source's page on the site."
    )
    api_url = AddressField("api:source-detail")

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "author",
            "kind",
            "published_on",
            "archive_url",
            "page_url",
            "api_url",
        ]


class SourceStatementSerializer(RecordSerializer):
    """A statement as its source lists it, with where in the source it stands."""

    id = serializers.IntegerField(source="statement_id")
    url = StatementPageField(source="statement")
    api_url = AddressField("api:statement-detail", lookup="statement_id")
    speaker = LeaderReferenceSerializer(source="statement.speaker", read_only=True)
    words = serializers.CharField(source="statement.text")
    date_said = serializers.DateField(source="statement.date_said")

    class Meta:
        model = Citation
        fields = ["id", "url", "api_url", "speaker", "words", "date_said", "locator", "excerpt"]


class SourceDetailSerializer(SourceSerializer):
    statements = SourceStatementSerializer(
        source="published_citations",
        many=True,
        read_only=True,
        help_text="Every published statement cited from this source, in the order recorded.",
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "statements"]


class EventSerializer(EventReferenceSerializer):
    participants = LeaderReferenceSerializer(
        many=True, read_only=True, help_text="The leaders who took part, by name."
    )
    statements_url = StatementsLinkField("event", help_text="The accounts of the event.")

    class Meta(EventReferenceSerializer.Meta):
        fields = [
            *EventReferenceSerializer.Meta.fields,
            "place",
            "description",
            "participants",
            "statements_url",
        ]


class EventStatementSerializer(RecordSerializer):
    """One participant's account of the event: a published statement, with how it reached
    the public (a readout, a post, an agency's relay)."""

    url = StatementPageField()
    api_url = AddressField("api:statement-detail")
    speaker = LeaderReferenceSerializer(read_only=True)
    words = serializers.CharField(source="text")

    class Meta:
        model = Statement
        fields = [
            "id",
            "url",
            "api_url",
            "speaker",
            "words",
            "date_said",
            "date_precision",
            "kind",
            "channel",
            "channel_detail",
            "relayed_by",
        ]


class EventDetailSerializer(EventSerializer):
    sources = SourceSerializer(
        many=True, read_only=True, help_text="Reports of the event itself: readouts, posts."
    )
    statements = EventStatementSerializer(
        source="published_statements",
        many=True,
        read_only=True,
        help_text="Every participant's published accounts, oldest first.",
    )

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "sources", "statements"]
