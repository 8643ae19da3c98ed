"""Seeding the leaders directory from a CSV such as the shared list of heads of state.

Columns read: name, country, office, wikidata_id, aliases (separated by ";"), start_year,
end_year. One person may appear on several rows (one per office); the Wikidata id, or failing
that the name, joins them. Office years are imported conservatively: an office that began in
2025 is taken to cover that year only from 31 December, and one that ended in 2030 only up to
1 January, so `Leader.office_on` never names a post on a day the data cannot vouch for.
"""

import csv
import datetime
from dataclasses import dataclass, field
from typing import TextIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django_countries import countries

from quotes.models import Leader, OfficeHeld

REQUIRED_COLUMNS = {"name", "country"}
COUNTRY_NAMES = {"kosovo": "XK", "european union": "EU"}


class LeaderCSVError(ValueError):
    pass


@dataclass
class LeaderImportResult:
    created: int = 0
    updated: int = 0
    offices: int = 0
    skipped: list[str] = field(default_factory=list)


def country_code(value: str) -> str | None:
    value = value.strip()
    if value.upper() in countries:
        return value.upper()
    return COUNTRY_NAMES.get(value.casefold())


def parse_year(value: str, line: int, column: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):  # isdigit() alone takes "²" for a digit
        raise LeaderCSVError(f"line {line}: {column} must be a year, not {value!r}")
    return int(value)


def unique_slug(name: str, wikidata_id: str) -> str:
    slug = slugify(name)[:180] or "leader"
    if Leader.objects.filter(slug=slug).exists():
        slug = f"{slug}-{wikidata_id.lower() or Leader.objects.count()}"
    return slug


@transaction.atomic
def import_leaders(stream: TextIO) -> LeaderImportResult:
    reader = csv.DictReader(stream)
    missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
    if missing:
        raise LeaderCSVError(f"the CSV lacks the column(s): {', '.join(sorted(missing))}")

    result = LeaderImportResult()
    for line, row in enumerate(reader, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            raise LeaderCSVError(f"line {line}: the name is empty")
        code = country_code(row.get("country") or "")
        if code is None:
            result.skipped.append(
                f"line {line}: {name} ({row.get('country')!r} is no country code)"
            )
            continue
        wikidata_id = (row.get("wikidata_id") or "").strip()
        aliases = [alias.strip() for alias in (row.get("aliases") or "").split(";")]

        leader = (
            Leader.objects.filter(wikidata_id=wikidata_id).first()
            if wikidata_id
            else Leader.objects.filter(name=name, country=code).first()
        )
        if leader is None:
            leader = Leader(
                name=name,
                slug=unique_slug(name, wikidata_id),
                country=code,
                wikidata_id=wikidata_id,
            )
            result.created += 1
        else:
            result.updated += 1
        leader.aliases = [*leader.aliases, *aliases]
        try:
            leader.full_clean()
        except ValidationError as error:
            problems = "; ".join(" ".join(messages) for messages in error.message_dict.values())
            raise LeaderCSVError(f"line {line}: {name}: {problems}") from None
        leader._change_reason = "Leaders directory import"
        leader.save()

        start = parse_year(row.get("start_year", ""), line, "start_year")
        end = parse_year(row.get("end_year", ""), line, "end_year")
        title = (row.get("office") or "").strip()
        if title and start:
            _, created = OfficeHeld.objects.get_or_create(
                leader=leader,
                title=title,
                start_date=datetime.date(start, 12, 31),
                defaults={
                    "country": code,
                    "end_date": datetime.date(end, 1, 1) if end and end > start else None,
                },
            )
            result.offices += created
    return result
