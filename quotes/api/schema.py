"""How the OpenAPI schema (drf-spectacular) describes the site's filters.

drf-spectacular reads most filters from their class, but the leader choosers (text that names
a leader, not the speaker's id), the choices taken from the record (countries, publishers,
topics) and the search box's length limit need saying; they are described here from the
filters themselves, so the schema follows the FilterSets as the API does.
"""

import django_filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_parameter_type
from drf_spectacular.utils import OpenApiParameter

from quotes.public.filters import MAX_CHOSEN_LEADERS, LeaderChooserFilter

LEADER = "A leader's slug, name or another spelling, as the site's leader chooser takes it."
COUNTRY = "An ISO 3166-1 alpha-2 code of a country that has leaders in the record."
# What the values of the filters look like, where their label (the site's form's) cannot say.
VALUES = {
    "Statement": {
        "q": "Words with the site's search syntax: all words required, "
        '"an exact phrase", -excluded, `or` between alternatives. Matches the words, '
        "the context and the speaker's names.",
        "speaker": LEADER,
        "mentioned": LEADER,
        "country": COUNTRY,
        "publisher": "A publisher's name as its sources give it.",
        "topic": "A topic's slug (see /api/v1/topics/).",
    },
    "Leader": {
        "q": "A name or part of it, or another spelling.",
        "country": COUNTRY,
    },
}


def _description(filterset_class, name: str, filter_field) -> str:
    label = str(filter_field.label or name).rstrip(".")
    values = VALUES.get(filterset_class._meta.model.__name__, {}).get(name)
    return f"{label}. {values}" if values else f"{label}."


class RecordFilterExtension(DjangoFilterExtension):
    target_class = "quotes.api.filters.RecordFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        description = _description(filterset_class, field_name, filter_field)
        if isinstance(filter_field, LeaderChooserFilter):
            many = filter_field.extra.get("multiple", False)
            schema = {"type": "string"}
            if many:
                schema = {"type": "array", "items": schema, "maxItems": MAX_CHOSEN_LEADERS}
                description += f" Repeat it for several (at most {MAX_CHOSEN_LEADERS})."
            return [self._parameter(field_name, description, schema, explode=many or None)]
        choices = filter_field.extra.get("choices")
        if callable(choices) or isinstance(filter_field, django_filters.ModelChoiceFilter):
            return [self._parameter(field_name, description, {"type": "string"})]
        if isinstance(filter_field, django_filters.CharFilter):
            schema = {"type": "string"}
            if filter_field.extra.get("max_length"):
                schema["maxLength"] = filter_field.extra["max_length"]
            return [self._parameter(field_name, description, schema)]
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            parameter["description"] = description + (
                "\n\n" + parameter["description"].partition("\n\n")[2]
                if "\n\n" in parameter.get("description", "")
                else ""
            )
        return parameters

    @staticmethod
    def _parameter(name, description, schema, explode=None):
        return build_parameter_type(
            name=name,
            location=OpenApiParameter.QUERY,
            description=description,
            schema=schema,
            explode=explode,
            style="form" if explode else None,
        )
