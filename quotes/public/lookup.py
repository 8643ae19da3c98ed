"""Finding a leader by what a reader typed: a slug, a name, an alias or a near spelling.

- `resolve_leaders()` turns the values of the statement filters' leader choosers
  (`?speaker=vladimir-putin&speaker=zelensky`) into leaders, in a fixed few queries whatever
  the number of leaders in the record: one for the exact matches of every value at once, then
  one fuzzy lookup (`quotes.search.fulltext.fuzzy_leaders`) for each value left over.
- `leader_lookup()` is the JSON endpoint behind the chooser's suggestions:
  `GET /leaders/lookup.json?q=zelen`.
"""

import json

from django.db.models import Q
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from django_countries import countries

from quotes.models import Leader
from quotes.search import MAX_QUERY_LENGTH
from quotes.search.fulltext import fuzzy_leaders

# The most suggestions the endpoint returns.
LOOKUP_LIMIT = 10
# Suggestions change only when the record does; browsers and proxies may keep them a while.
LOOKUP_MAX_AGE = 300
# The fields a chosen or suggested leader needs: chips, the chooser and the suggestions.
LEADER_FIELDS = ("slug", "name", "aliases", "country")


def normalise(value: str | None) -> str:
    """A typed value as it is looked up: whitespace collapsed, the ends trimmed."""
    return " ".join((value or "").split())


def _folded(value: str) -> str:
    return value.casefold()


def resolve_leaders(values: list[str]) -> dict[str, Leader]:
    """The leader each of `values` (already normalised) names, by value; unknown ones are left out.

    Each value is, in order of preference: a leader's slug; a leader's name or one of their
    aliases, ignoring case; else the best of `fuzzy_leaders()` (trigram similarity on
    PostgreSQL, a substring of the name or an alias elsewhere). A leader found other than by
    slug gets `resolved_by` ("name", "alias" or "fuzzy"); by slug, "slug".

    Cost: one query for the exact matches of all the values together, then one fuzzy lookup
    per value without an exact match. Only matching leaders are read, never the whole table.
    """
    values = [value for value in dict.fromkeys(values) if value]
    if not values:
        return {}

    exact = Q(slug__in={*values, *(value.lower() for value in values)})
    for value in values:
        exact |= Q(name__iexact=value)
        # An alias is a whole string of the JSON list: look for it with its quotes, as stored
        # (escaped to ASCII by SQLite's JSON text, as written by PostgreSQL's jsonb).
        for stored in {json.dumps(value), json.dumps(value, ensure_ascii=False)}:
            exact |= Q(aliases__icontains=stored)
    candidates = list(Leader.objects.filter(exact).only(*LEADER_FIELDS).order_by("pk"))

    by_slug = {leader.slug: leader for leader in candidates}
    by_name: dict[str, Leader] = {}
    by_alias: dict[str, Leader] = {}
    for leader in candidates:
        by_name.setdefault(_folded(leader.name), leader)
        for alias in leader.aliases if isinstance(leader.aliases, list) else []:
            if isinstance(alias, str):
                by_alias.setdefault(_folded(alias), leader)

    found: dict[str, Leader] = {}
    for value in values:
        for how, leader in (
            ("slug", by_slug.get(value) or by_slug.get(value.lower())),
            ("name", by_name.get(_folded(value))),
            ("alias", by_alias.get(_folded(value))),
        ):
            if leader is not None:
                leader.resolved_by = how
                found[value] = leader
                break

    for value in values:
        if value in found:
            continue
        best = fuzzy_leaders(value, limit=1, queryset=Leader.objects.only(*LEADER_FIELDS))
        if best:
            best[0].resolved_by = "fuzzy"
            found[value] = best[0]
    return found


def country_name(code) -> str:
    code = str(code or "")
    return str(countries.name(code) or code)


def suggestion(leader: Leader) -> dict:
    country = country_name(leader.country)
    return {
        "slug": leader.slug,
        "name": leader.name,
        "country": country,
        "label": f"{leader.name} ({country})" if country else leader.name,
    }


@require_GET
def leader_lookup(request):
    """Up to ten leaders spelt like `q`, best first, as JSON for the leader chooser.

    `{"results": [{"slug", "name", "country", "label"}]}`; a blank, overlong or unreadable `q`
    gives no results rather than an error.
    """
    query = normalise(request.GET.get("q"))
    results = []
    if query and len(query) <= MAX_QUERY_LENGTH and "\x00" not in query:
        leaders = fuzzy_leaders(
            query, limit=LOOKUP_LIMIT, queryset=Leader.objects.only(*LEADER_FIELDS)
        )
        results = [suggestion(leader) for leader in leaders]
    response = JsonResponse({"results": results})
    response["Cache-Control"] = f"public, max-age={LOOKUP_MAX_AGE}"
    response["X-Robots-Tag"] = "noindex"
    return response
