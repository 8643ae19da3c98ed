"""What a followed list is: a query of the statements list, made canonical and described.

A reader follows any list of statements the site shows: a leader's page is the statements list
with `speaker=<slug>`, a topic's page `topic=<slug>`, and the statements list itself whatever
its filters say. Each is checked by the list's own filters (`StatementFilter`, through
`DownloadFilter`, which matches without ranking) and kept in one canonical form: only the
parameters the filters understand (not the order, which a digest does not use, nor the paging),
leaders by their slug, every value as the filters cleaned it, parameters and values sorted. So
`?speaker=putin&sort=oldest&after=…` and `?speaker=vladimir-putin` are one followed list.
"""

import datetime
from urllib.parse import urlencode

from django.http import QueryDict

from quotes.models import Leader, Statement, Topic
from quotes.public.filters import DownloadFilter

# What a followed list may filter by: the statements list's filters, less the order.
FOLLOWED_PARAMETERS = tuple(name for name in DownloadFilter.base_filters if name != "sort")
# Ten speakers' slugs and a long search fit; anything longer is no list a reader made.
MAX_QUERY_LENGTH = 2_000


class ListRefused(ValueError):
    """The query names no list that can be followed; `messages` say why, for the reader."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def list_filters(data: QueryDict | str, queryset=None) -> DownloadFilter:
    """The list's filters bound to `data`, which keep only the parameters they understand."""
    if isinstance(data, str):
        data = QueryDict(data)
    kept = QueryDict(mutable=True)
    for name in FOLLOWED_PARAMETERS:
        values = [value for value in data.getlist(name) if value.strip()]
        if values:
            kept.setlist(name, values)
    if queryset is None:
        queryset = Statement.objects.published()
    return DownloadFilter(kept, queryset=queryset)


def refusals(filterset: DownloadFilter) -> list[str]:
    """Each problem of an invalid filter set, named after its field as the list's form shows."""
    messages = []
    for name, errors in filterset.errors.items():
        field = filterset.form.fields.get(name)
        label = field.label if field is not None and field.label else name
        messages.extend(f"{label}: {error}" for error in errors)
    return messages


def canonical_query(data: QueryDict | str) -> str:
    """The one query string of the list `data` asks for, or ListRefused."""
    filterset = list_filters(data)
    if not filterset.is_valid():
        raise ListRefused(refusals(filterset))
    pairs = []
    for name in sorted(FOLLOWED_PARAMETERS):
        pairs.extend(
            (name, value) for value in _parameter_values(filterset.form.cleaned_data[name])
        )
    query = urlencode(pairs)
    if len(query) > MAX_QUERY_LENGTH:
        raise ListRefused(
            [
                f"This list has too many filters to follow by e-mail (its address is over "
                f"{MAX_QUERY_LENGTH:,} characters). Remove a few and try again."
            ]
        )
    return query


def _parameter_values(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return sorted({single for item in value for single in _parameter_values(item)})
    if isinstance(value, Leader | Topic):
        return [value.slug]
    if isinstance(value, datetime.date):
        return [value.isoformat()]
    return [" ".join(str(value).split())]


def describe(query: str, *, with_words: bool = True) -> str:
    """The list in words, as its chips name its filters: "Speaker: Vladimir Putin · Topic:
    Energy"; "Every statement" for the whole record.

    Without `with_words`, the words searched for are not repeated: the confirmation mail goes
    to an address nobody has vouched for yet, and must not carry a stranger's text to it.
    """
    return describe_filters(list_filters(query), with_words=with_words)


def describe_filters(filterset: DownloadFilter, *, with_words: bool = True) -> str:
    if not filterset.is_valid():  # a leader taken out of the record since: named by its query
        return f"The list /quotes/?{filterset.data.urlencode()}"
    words_label = filterset.chip_labels["q"]
    parts: dict[str, list[str]] = {}
    for chip in filterset.active_filters():
        label, value = str(chip["label"]), str(chip["value"])
        if label == words_label and not with_words:
            value = "the words you searched for"
        parts.setdefault(label, []).append(value)
    if not parts:
        return "Every statement"
    return " · ".join(f"{label}: {', '.join(values)}" for label, values in parts.items())
