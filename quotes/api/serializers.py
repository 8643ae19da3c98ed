"""What the API says about each record: the published facts, never the editors' workings
(drafts, reviewers' notes, who entered what).

Every record carries `url`, its page on the site, and `api_url`, its address in the API. The
serializers read only what the views prefetch (quotes/api/views.py), so a page of a hundred
statements costs the same few queries as a page of one.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quotes.models import Citation, Correction, Leader, OfficeHeld, Source, Statement, Topic
from quotes.record.corrections import change_lines
from quotes.templatetags.verbatim import web_address

COUNTRY_HELP = "ISO 3166-1 alpha-2 code (EU for the European Union, XK for Kosovo)."


def site_url(path: str) -> str:
    """The canonical public address of a page of the site, as its pages and feeds link it."""
    return settings.SITE_URL + path


class ApiUrlField(serializers.Field):
    """The record's own address in the API, absolute, from the request's host."""

    def __init__(self, view_name: str, lookup: str = "pk", **kwargs):
        self.view_name, self.lookup = view_name, lookup
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, record) -> str:
        path = reverse(self.view_name, args=[getattr(record, self.lookup)])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


extend_schema_field({"type": "string", "format": "uri"})(ApiUrlField)


class PageUrlField(serializers.Field):
    """The record's page on the site (its `get_absolute_url`), absolute."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, record) -> str:
        return site_url(record.get_absolute_url())


extend_schema_field({"type": "string", "format": "uri"})(PageUrlField)


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
    """A leader named by a statement (its speaker, a leader it mentions)."""

    url = PageUrlField()
    api_url = ApiUrlField("api:leader-detail", lookup="slug")

    class Meta:
        model = Leader
        fields = ["name", "slug", "url", "api_url"]


class OfficeSerializer(RecordSerializer):
    country = CountryField(help_text="The post's country, or empty for a post such as Pope.")

    class Meta:
        model = OfficeHeld
        fields = ["title", "country", "organisation", "start_date", "end_date"]


class SpeakerSerializer(LeaderReferenceSerializer):
    country = CountryField()
    office = serializers.SerializerMethodField(
        help_text="The office the speaker held on the day the words were said, if known."
    )

    class Meta(LeaderReferenceSerializer.Meta):
        fields = [*LeaderReferenceSerializer.Meta.fields, "wikidata_id", "country", "office"]

    @extend_schema_field(OfficeSerializer(allow_null=True))
    def get_office(self, leader) -> dict | None:
        office = leader.office_on(self.context["said_on"]) if "said_on" in self.context else None
        return OfficeSerializer(office).data if office is not None else None


class TopicReferenceSerializer(RecordSerializer):
    url = PageUrlField()
    api_url = ApiUrlField("api:topic-detail", lookup="slug")

    class Meta:
        model = Topic
        fields = ["name", "slug", "url", "api_url"]


class CitedSourceSerializer(RecordSerializer):
    """A source as one statement cites it: the source, and where in it the words stand."""

    id = serializers.IntegerField(source="source.id", read_only=True)
    url = WebAddressField(source="source.url", help_text="The article or document.")
    title = serializers.CharField(source="source.title")
    publisher = serializers.CharField(source="source.publisher", help_text="The outlet.")
    author = serializers.CharField(source="source.author")
    kind = serializers.ChoiceField(source="source.kind", choices=Source.Kind.choices)
    published_on = serializers.DateField(source="source.published_on", allow_null=True)
    archive_url = WebAddressField(source="source.archive_url", help_text="An archived copy.")
    locator = serializers.CharField(help_text="Where in the source: paragraph 4, 02:13 …")
    excerpt = serializers.CharField(help_text="The sentence around the quotation.")
    page_url = serializers.SerializerMethodField(help_text="The source's page on the site.")
    api_url = serializers.SerializerMethodField()

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

    def get_page_url(self, citation) -> str:
        return site_url(reverse("quotes:source_detail", args=[citation.source_id]))

    def get_api_url(self, citation) -> str:
        path = reverse("api:source-detail", args=[citation.source_id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


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


class StatementSerializer(RecordSerializer):
    url = PageUrlField()
    api_url = ApiUrlField("api:statement-detail")
    words = serializers.CharField(source="text", help_text="Verbatim, as published.")
    original_words = serializers.CharField(
        source="original_text", help_text="The words in the original language, if recorded."
    )
    speaker = serializers.SerializerMethodField()
    sources = CitedSourceSerializer(source="citations", many=True, read_only=True)
    topics = TopicReferenceSerializer(many=True, read_only=True)
    mentions = LeaderReferenceSerializer(
        many=True, read_only=True, help_text="Leaders mentioned or addressed."
    )
    corrections = CorrectionSerializer(many=True, read_only=True)

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
            "date_said",
            "date_precision",
            "kind",
            "channel",
            "channel_detail",
            "relayed_by",
            "context",
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

    @extend_schema_field(SpeakerSerializer)
    def get_speaker(self, statement) -> dict:
        context = {**self.context, "said_on": statement.date_said}
        return SpeakerSerializer(statement.speaker, context=context).data


class LeaderSerializer(RecordSerializer):
    url = PageUrlField()
    api_url = ApiUrlField("api:leader-detail", lookup="slug")
    country = CountryField()
    aliases = serializers.ListField(
        child=serializers.CharField(), help_text="Other spellings the news uses."
    )
    portrait_url = WebAddressField()
    offices = OfficeSerializer(many=True, read_only=True)
    published_statements = serializers.IntegerField(
        read_only=True, help_text="How many of the leader's statements are published."
    )
    statements_url = serializers.SerializerMethodField(
        help_text="The leader's statements in the API."
    )

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

    def get_statements_url(self, leader) -> str:
        return filtered_statements_url(self.context.get("request"), speaker=leader.slug)


class TopicSerializer(TopicReferenceSerializer):
    statements_url = serializers.SerializerMethodField(help_text="The topic's statements.")

    class Meta(TopicReferenceSerializer.Meta):
        fields = [*TopicReferenceSerializer.Meta.fields, "statements_url"]

    def get_statements_url(self, topic) -> str:
        return filtered_statements_url(self.context.get("request"), topic=topic.slug)


class SourceSerializer(RecordSerializer):
    url = WebAddressField(help_text="The article or document.")
    archive_url = WebAddressField(help_text="An archived copy.")
    page_url = PageUrlField(help_text="The source's page on the site.")
    api_url = ApiUrlField("api:source-detail")

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

    id = serializers.IntegerField(source="statement.id", read_only=True)
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    speaker = LeaderReferenceSerializer(source="statement.speaker", read_only=True)
    words = serializers.CharField(source="statement.text")
    date_said = serializers.DateField(source="statement.date_said")

    class Meta:
        model = Citation
        fields = ["id", "url", "api_url", "speaker", "words", "date_said", "locator", "excerpt"]

    def get_url(self, citation) -> str:
        return site_url(citation.statement.get_absolute_url())

    def get_api_url(self, citation) -> str:
        path = reverse("api:statement-detail", args=[citation.statement_id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class SourceDetailSerializer(SourceSerializer):
    statements = SourceStatementSerializer(
        source="published_citations",
        many=True,
        read_only=True,
        help_text="Every published statement cited from this source, in the order recorded.",
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "statements"]


def filtered_statements_url(request, **filters) -> str:
    path = f"{reverse('api:statement-list')}?{urlencode(filters)}"
    return request.build_absolute_uri(path) if request is not None else path
