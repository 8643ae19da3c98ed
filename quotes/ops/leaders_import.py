"""Seeding the leaders directory from a CSV such as the shared list of heads of state.

Columns read: name, country, office, wikidata_id, aliases (separated by ";"), start_year,
end_year. One person may appear on several rows (one per office); the Wikidata id, or failing
that the name, joins them. Office years are imported conservatively: an office that began in
2025 is taken to cover that year only from 31 December, and one that ended in 2030 only up to
1 January, so `Leader.office_on` never names a post on a day the data cannot vouch for.

The file is imported whole or not at all: every row is checked against the models' rules
before anything is written, and every problem is reported with the line of the file it is on.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from typing import BinaryIO, TextIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django_countries import countries

from quotes.models import Leader, OfficeHeld, wikidata_id_validator
from quotes.record.text import clean_words

REQUIRED_COLUMNS = ("name", "country")
COUNTRY_NAMES = {"kosovo": "XK", "european union": "EU"}
NAME_MAX = Leader._meta.get_field("name").max_length
SLUG_MAX = Leader._meta.get_field("slug").max_length
WIKIDATA_ID_MAX = Leader._meta.get_field("wikidata_id").max_length
OFFICE_MAX = OfficeHeld._meta.get_field("title").max_length
# Years within datetime.date's range (1 to 9999), which an office's dates must fit.
YEAR = re.compile(r"[0-9]{1,4}")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# The line breaks Python's csv reader counts in `line_num`.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


class LeaderCSVError(ValueError):
    """The file cannot be imported; `problems` lists each one, most with its line."""

    def __init__(self, *problems: str):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class LeaderImportResult:
    created: int = 0
    updated: int = 0
    offices: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass
class LeaderRow:
    line: int
    name: str
    country: str
    wikidata_id: str
    aliases: list[str]
    office: str
    start_year: int | None
    end_year: int | None


def country_code(value: str) -> str | None:
    value = value.strip()
    if value.upper() in countries:
        return value.upper()
    return COUNTRY_NAMES.get(value.casefold())


def line_of(text: str | bytes, position: int) -> int:
    """The line `position` falls on, counting line breaks as the CSV reader does."""
    breaks = LINE_BREAK_BYTES if isinstance(text, bytes) else LINE_BREAK
    return len(breaks.findall(text, 0, position)) + 1


def decoded(source: TextIO | BinaryIO | str | bytes) -> str:
    """The file's text, without a byte order mark; a file that is not UTF-8 is refused."""
    try:
        data = source.read() if hasattr(source, "read") else source
    except UnicodeDecodeError:
        raise LeaderCSVError("the file is not UTF-8 text: save it as UTF-8") from None
    if isinstance(data, bytes):
        if data.startswith(UTF16_BOMS):
            raise LeaderCSVError(
                "the file is UTF-16 text: save it as UTF-8 (in a spreadsheet, as CSV UTF-8)"
            )
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise LeaderCSVError(
                f"line {line_of(data, error.start)}: byte 0x{data[error.start]:02X} is not "
                "UTF-8; the file must be saved as UTF-8 (in a spreadsheet, as CSV UTF-8)"
            ) from None
    else:
        try:
            data.encode("utf-8")
        except UnicodeEncodeError as error:
            raise LeaderCSVError(
                f"line {line_of(data, error.start)}: character "
                f"U+{ord(data[error.start]):04X} cannot be stored as text"
            ) from None
    return data.removeprefix("\ufeff")


def nul_problems(text: str) -> list[str]:
    # Python's csv module reads NUL characters as data; PostgreSQL refuses them in text.
    return [
        f"line {number}: holds a NUL character (byte 0); the file looks damaged or is not text"
        for number, line in enumerate(io.StringIO(text, newline=""), start=1)
        if "\0" in line
    ]


def records(text: str):
    """Each CSV record with the line it starts on; blank lines are passed over.

    The reader is strict, so a stray quote is an error rather than text silently run together.
    A record spanning several lines is a quote left open: no column of this file holds a line
    break. Reading stops at the first such error, since what follows it cannot be trusted to be
    split into the rows the file meant.
    """
    buffer = io.StringIO(text, newline="")
    reader = csv.reader(buffer, strict=True)
    end_of_previous = 0
    while True:
        start = end_of_previous + 1
        try:
            fields = next(reader)
            problem = None
            if reader.line_num > start:
                problem = (
                    f"line {start}: a quote opened here is closed only on line "
                    f"{reader.line_num}, taking the lines between into one field"
                )
        except StopIteration:
            return
        except csv.Error as error:
            problem = unreadable(start, reader.line_num, str(error))
        if problem:
            if buffer.read().strip():
                problem += f"; the lines after {reader.line_num} were not read"
            raise LeaderCSVError(problem)
        end_of_previous = reader.line_num
        if any(value.strip() for value in fields):
            yield start, fields


def unreadable(start: int, stop: int, reason: str) -> str:
    """The CSV reader's complaint in the editor's terms, at the line the record starts on."""
    doubled = 'write a quote inside a quoted field as two ("")'
    if reason == "unexpected end of data":
        return f"line {start}: a quote opened here is never closed"
    if reason.startswith("field larger than field limit"):
        limit = f"{csv.field_size_limit():,} characters"
        if stop > start:
            return (
                f"line {start}: a quote opened here is never closed; "
                f"the field runs on to line {stop}, past {limit}"
            )
        return f"line {start}: a field is longer than {limit}"
    if "expected after" in reason:
        if stop > start:
            return (
                f"line {start}: a quote opened here closes on line {stop}, "
                f"followed by more text; {doubled}"
            )
        return f"line {start}: a closing quote is followed by more text; {doubled}"
    return f"line {start}: the CSV cannot be read ({reason})"


def read_year(value: str, label: str) -> tuple[int | None, str | None]:
    value = value.strip()
    if not value:
        return None, None
    if YEAR.fullmatch(value) and 1 <= int(value) <= 9999:
        return int(value), None
    shown = value if re.fullmatch(r"[0-9]{1,20}", value) else repr(value[:40])
    return None, f"{label} {shown} is not a year between 1 and 9999"


def too_long(label: str, value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"{label} is {len(value):,} characters long, at most {limit}"
    return None


def checked_row(line: int, values: dict[str, str]) -> tuple[LeaderRow | None, list[str]]:
    """The row as the models will take it, or the reasons it cannot be imported."""
    problems = []
    name = clean_words(values.get("name", ""))
    if not name:
        problems.append("the name is empty")
    problems.append(too_long("name", name, NAME_MAX))

    wikidata_id = values.get("wikidata_id", "").strip()
    if len(wikidata_id) > WIKIDATA_ID_MAX:
        problems.append(too_long("wikidata_id", wikidata_id, WIKIDATA_ID_MAX))
    elif wikidata_id:
        try:
            wikidata_id_validator(wikidata_id)
        except ValidationError as error:
            problems.append(f"wikidata_id {wikidata_id!r}: {' '.join(error.messages)}")

    aliases = [clean_words(alias) for alias in values.get("aliases", "").split(";")]
    aliases = [alias for alias in aliases if alias]
    problems.extend(too_long("an alias", alias, NAME_MAX) for alias in aliases)

    office = values.get("office", "").strip()
    problems.append(too_long("office", office, OFFICE_MAX))
    start_year, problem = read_year(values.get("start_year", ""), "start year")
    problems.append(problem)
    end_year, problem = read_year(values.get("end_year", ""), "end year")
    problems.append(problem)
    if start_year and end_year and end_year < start_year:
        problems.append(f"end year {end_year} is before start year {start_year}")

    problems = [f"line {line}: {problem}" for problem in problems if problem]
    if problems:
        return None, problems
    row = LeaderRow(
        line=line,
        name=name,
        country=country_code(values.get("country", "")) or "",
        wikidata_id=wikidata_id,
        aliases=aliases,
        office=office,
        start_year=start_year,
        end_year=end_year,
    )
    return row, []


def read_rows(text: str) -> tuple[list[LeaderRow], list[str]]:
    """Every row of the file, checked, and the rows passed over (no country code).

    Raises LeaderCSVError listing every problem found.
    """
    required = " and ".join(REQUIRED_COLUMNS)
    if not text.strip():
        raise LeaderCSVError(f"the file is empty: it needs a header line naming {required}")
    problems = nul_problems(text)
    if problems:
        raise LeaderCSVError(*problems)

    lines = records(text)
    header_line, header = next(lines, (1, []))
    columns = [column.strip().casefold() for column in header]
    repeated = sorted({column for column in columns if column and columns.count(column) > 1})
    if repeated:
        raise LeaderCSVError(f"line {header_line}: the header repeats {', '.join(repeated)}")
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        named = ", ".join(repr(column) for column in columns[:12]) or "nothing"
        raise LeaderCSVError(
            f"line {header_line}: the header lacks the column(s) {', '.join(missing)} "
            f"(it names {named})"
        )

    rows, skipped = [], []
    try:
        for line, fields in lines:
            if len(fields) != len(columns):
                problems.append(
                    f"line {line}: {len(fields)} fields where the header names {len(columns)}; "
                    "a field holding a comma must be quoted"
                )
                continue
            values = dict(zip(columns, fields, strict=True))
            row, row_problems = checked_row(line, values)
            problems.extend(row_problems)
            if row is None:
                continue
            if not row.country:
                skipped.append(
                    f"line {line}: {row.name} ({values['country']!r} is no country code)"
                )
                continue
            rows.append(row)
    except LeaderCSVError as unreadable_record:
        problems.extend(unreadable_record.problems)
    if problems:
        raise LeaderCSVError(*problems)
    return rows, skipped


def unique_slug(name: str, wikidata_id: str) -> str:
    base = slugify(name)[: SLUG_MAX - 25].strip("-") or "leader"
    candidates = [base, f"{base}-{wikidata_id.lower()}"] if wikidata_id else [base]
    for slug in candidates:
        if not Leader.objects.filter(slug=slug).exists():
            return slug
    number = 2
    while Leader.objects.filter(slug=f"{base}-{number}").exists():
        number += 1
    return f"{base}-{number}"


def import_leaders(source: TextIO | BinaryIO | str | bytes) -> LeaderImportResult:
    """Add or update the leaders and offices of a CSV file, all of them or, on any problem, none.

    `source` is an open file (text or binary), or the file's contents. Raises LeaderCSVError,
    and writes nothing, if any row cannot be imported.
    """
    rows, skipped = read_rows(decoded(source))
    result = LeaderImportResult(skipped=skipped)
    problems = []
    with transaction.atomic():
        for row in rows:
            problem = save_row(row, result)
            if problem:
                problems.append(f"line {row.line}: {row.name}: {problem}")
        if problems:
            raise LeaderCSVError(*problems)
    return result


def save_row(row: LeaderRow, result: LeaderImportResult) -> str | None:
    leader = (
        Leader.objects.filter(wikidata_id=row.wikidata_id).first()
        if row.wikidata_id
        else Leader.objects.filter(name=row.name, country=row.country).first()
    )
    if leader is None:
        leader = Leader(
            name=row.name,
            slug=unique_slug(row.name, row.wikidata_id),
            country=row.country,
            wikidata_id=row.wikidata_id,
        )
        result.created += 1
    else:
        result.updated += 1
    leader.aliases = [*leader.aliases, *row.aliases]
    try:
        leader.full_clean()
    except ValidationError as error:
        return "; ".join(" ".join(messages) for messages in error.message_dict.values())
    leader._change_reason = "Leaders directory import"
    leader.save()

    if not (row.office and row.start_year):
        return None
    if row.end_year == row.start_year:
        # Taken conservatively, an office begun and ended in one year covers no day at all.
        result.skipped.append(
            f"line {row.line}: the office {row.office!r} of {row.name}, begun and ended in "
            f"{row.start_year}, as no day in it can be vouched for"
        )
        return None
    _, created = OfficeHeld.objects.get_or_create(
        leader=leader,
        title=row.office,
        start_date=datetime.date(row.start_year, 12, 31),
        defaults={
            "country": row.country,
            "end_date": datetime.date(row.end_year, 1, 1) if row.end_year else None,
        },
    )
    result.offices += created
    return None
