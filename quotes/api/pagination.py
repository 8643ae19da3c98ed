"""Paging the API's lists by cursor: a page is "the rows after this one", found by keyset.

A list is ordered by a key that ends with the id (statements by date said and id, newest or
oldest first, as the site's lists are; leaders and topics by name and id; sources by id), and a
cursor holds the key of the row a page starts after (or, going back, before). So the
thousandth page costs what the first costs, a cursor keeps its place when rows are added, and
no page counts the rows: a client follows `next` until it is null.

Cursors are opaque to clients (base64 of a small JSON array) but checked like any input: one
that is not a cursor of this list is a 400 with an explanation, never a server error.
"""

import base64
import binascii
import datetime
import json

from django.db.models import DateField, Q, QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from quotes.models import as_record_id
from quotes.public.pagination import first_rows

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
CURSOR_PARAMETER = "cursor"
PAGE_SIZE_PARAMETER = "page_size"

BAD_CURSOR = (
    "The cursor is not one this list gave out: follow the `next` and `previous` links as they "
    "are, or leave `cursor` out for the first page."
)
BAD_PAGE_SIZE = (
    f"page_size is a whole number from 1 (more than {MAX_PAGE_SIZE} gives {MAX_PAGE_SIZE})."
)


def beyond(order: tuple[str, ...], values: tuple) -> Q:
    """Rows that come strictly after `values` in `order` (field names, "-" for descending).

    For the statements' (date said, id) this is the site's own keyset condition
    (`quotes.public.pagination.beyond`): the first, redundant bound lets the database start
    its index scan at the cursor instead of walking to it.
    """
    name, descending = order[0].lstrip("-"), order[0].startswith("-")
    past = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[0]})
    if len(order) == 1:
        return past
    reached = Q(**{f"{name}__{'lte' if descending else 'gte'}": values[0]})
    return reached & (past | beyond(order[1:], values[1:]))


def reverse_of(order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name[1:] if name.startswith("-") else f"-{name}" for name in order)


def key_of(row, order: tuple[str, ...]) -> tuple:
    return tuple(getattr(row, name.lstrip("-")) for name in order)


def encode_cursor(values: tuple, backwards: bool = False) -> str:
    plain = [value.isoformat() if isinstance(value, datetime.date) else value for value in values]
    text = json.dumps([*plain, backwards], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, queryset: QuerySet, order: tuple[str, ...]) -> tuple[tuple, bool]:
    """(the key values, whether the page goes backwards) in `cursor`, each value checked as its
    field would check it; a ValidationError for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode())
    except (UnicodeError, ValueError, binascii.Error):
        raise ValidationError({CURSOR_PARAMETER: [BAD_CURSOR]}) from None
    if not isinstance(decoded, list) or len(decoded) != len(order) + 1:
        raise ValidationError({CURSOR_PARAMETER: [BAD_CURSOR]})
    *raw, backwards = decoded
    if not isinstance(backwards, bool):
        raise ValidationError({CURSOR_PARAMETER: [BAD_CURSOR]})
    values = []
    for name, value in zip((name.lstrip("-") for name in order), raw, strict=True):
        field = queryset.model._meta.get_field(name)
        if field.primary_key:
            checked = as_record_id(value) if isinstance(value, int) else None
        elif isinstance(field, DateField) and isinstance(value, str):
            try:
                checked = datetime.date.fromisoformat(value)
            except ValueError:
                checked = None
        elif isinstance(value, str) and "\x00" not in value:
            checked = value
        else:
            checked = None
        if checked is None:
            raise ValidationError({CURSOR_PARAMETER: [BAD_CURSOR]})
        values.append(checked)
    return tuple(values), backwards


class KeysetPagination(BasePagination):
    """`next` and `previous` links by cursor, `page_size` rows a page (at most MAX_PAGE_SIZE).

    The order is the queryset's own (`order_by`), which must end with the id. A view may set
    `ids_first` (see `first_rows`), or `matched_keys` (see `picked_rows`).
    """

    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.requested_page_size(request)
        order = tuple(queryset.query.order_by)
        cursor = request.query_params.get(CURSOR_PARAMETER)
        position, backwards = (None, False)
        if cursor is not None:
            position, backwards = decode_cursor(cursor, queryset, order)
        walk = order if not backwards else reverse_of(order)
        keys = getattr(view, "matched_keys", None)
        if keys is not None and [name.lstrip("-") for name in order] == ["date_said", "id"]:
            found = picked_rows(queryset, keys, walk, position, size + 1)
        else:
            rows = queryset.order_by(*walk)
            if position is not None:
                rows = rows.filter(beyond(walk, position))
            found = first_rows(rows, size + 1, bool(getattr(view, "ids_first", False)))
        more = len(found) > size
        found = found[:size]
        if backwards:
            found.reverse()
        self.next_cursor = self.previous_cursor = None
        if found:
            # Going forward, the rows before are the ones the cursor came from; going back,
            # the rows after are.
            has_after = more if not backwards else True
            has_before = more if backwards else position is not None
            if has_after:
                self.next_cursor = encode_cursor(key_of(found[-1], order))
            if has_before:
                self.previous_cursor = encode_cursor(key_of(found[0], order), backwards=True)
        return found

    def requested_page_size(self, request) -> int:
        asked = request.query_params.get(PAGE_SIZE_PARAMETER)
        if asked is None:
            return self.page_size
        if not (asked.isascii() and asked.isdigit()) or int(asked) < 1:
            raise ValidationError({PAGE_SIZE_PARAMETER: [BAD_PAGE_SIZE]})
        return min(int(asked), self.max_page_size)

    def link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), CURSOR_PARAMETER, cursor)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self.link(self.next_cursor),
                "previous": self.link(self.previous_cursor),
                "results": data,
            }
        )

    # What drf-spectacular writes into the OpenAPI schema.

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last."},
                "previous": {**link, "description": "The page before, or null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": CURSOR_PARAMETER,
                "in": "query",
                "required": False,
                "description": (
                    "Where the page starts: the value given in a `next` or `previous` link. "
                    "Leave it out for the first page."
                ),
                "schema": {"type": "string"},
            },
            {
                "name": PAGE_SIZE_PARAMETER,
                "in": "query",
                "required": False,
                "description": (
                    f"Rows a page, {PAGE_SIZE} unless given; at most {MAX_PAGE_SIZE} "
                    "(a larger number gives that many)."
                ),
                "schema": {"type": "integer", "minimum": 1},
            },
        ]


def picked_rows(queryset: QuerySet, keys: list[tuple], walk, position, limit: int) -> list:
    """The first `limit` rows in the order `walk` (by date said and id) after `position`,
    picked from `keys`, the (date said, id) of every row of `queryset` newest first (a
    search's few matches): only the page's rows are read, by id."""
    descending = walk[0].startswith("-")
    ordered = keys if descending else keys[::-1]  # the keys come newest first
    if position is not None:
        ordered = [key for key in ordered if (key < position if descending else key > position)]
    page = [pk for _, pk in ordered[:limit]]
    rows = {row.pk: row for row in queryset.filter(pk__in=page)}
    return [rows[pk] for pk in page if pk in rows]
