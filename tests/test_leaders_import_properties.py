"""Whatever bytes the leaders import is given, it imports all or refuses with its own error.

A refusal writes nothing; an import stores only records that pass the models' own checks
(SQLite, the default database, does not hold text to a column's length).
"""

import csv
import io

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from quotes.models import Leader, OfficeHeld
from quotes.ops.leaders_import import LeaderCSVError, import_leaders
from tests.factories import LeaderFactory, OfficeHeldFactory

pytestmark = pytest.mark.django_db

COLUMNS = ["name", "country", "office", "wikidata_id", "aliases", "start_year", "end_year"]
# Characters that matter to CSV, to line counting and to the database, among ordinary text.
AWKWARD = st.sampled_from([",", '"', "\n", "\r", "\r\n", ";", "\0", "\ufeff", " ", "\t"])
awkward_text = st.lists(st.one_of(st.text(max_size=12), AWKWARD), max_size=5).map("".join)
overlong = st.integers(min_value=199, max_value=202).map(lambda length: "L" * length)
USUAL = {
    "name": st.text("Aab Ccé Ğz-'.", min_size=1, max_size=20).filter(str.strip),
    "country": st.sampled_from(["FR", "de", "Kosovo", "EU", "XX"]),
    "office": st.sampled_from(["President", "Prime Minister", ""]),
    "wikidata_id": st.integers(min_value=1, max_value=30).map(lambda n: f"Q{n}") | st.just(""),
    "aliases": st.sampled_from(["", "Ab;Cd", "Ab; ;Ab"]),
    "start_year": st.integers(min_value=1900, max_value=2030).map(str) | st.just(""),
    "end_year": st.integers(min_value=1900, max_value=2030).map(str) | st.just(""),
}
odd_years = st.integers(min_value=-5, max_value=100_000).map(str) | awkward_text
UNUSUAL = {
    "name": awkward_text | overlong,
    "wikidata_id": st.sampled_from(["Q0", "7747", "Q" + "9" * 25]) | awkward_text,
    "office": awkward_text | overlong,
    "aliases": awkward_text | overlong,
    "start_year": odd_years,
    "end_year": odd_years,
}


def column_values(column: str, hostile: bool):
    usual = USUAL.get(column, awkward_text)
    if not hostile:
        return usual
    # Usual values four times in five even so, so that one odd field is often the only one.
    return st.one_of(usual, usual, usual, usual, UNUSUAL.get(column, awkward_text))


@st.composite
def csv_files(draw) -> bytes:
    """Rows written properly or joined by hand (so quotes may break), with a varied header.

    Half the files are hostile: odd values, odd headers, rows of the wrong length, other
    encodings; the other half hold only values a real file could, so that imports succeed too.
    """
    hostile = draw(st.booleans())
    columns = draw(st.permutations(COLUMNS))
    if hostile and draw(st.booleans()):
        columns = columns[: draw(st.integers(0, len(COLUMNS)))]
        columns += draw(st.lists(st.sampled_from(["source", "Name", "", "name"]), max_size=2))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row = [draw(column_values(column, hostile)) for column in columns]
        if hostile and draw(st.integers(0, 9)) == 0:
            row = row[:-1] if draw(st.booleans()) else [*row, "extra"]
        rows.append(row)
    if draw(st.booleans()):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
            [columns, *rows]
        )
        text = buffer.getvalue()
    else:
        text = "".join(",".join(row) + "\n" for row in [columns, *rows])
    encoding = "utf-8"
    if hostile:
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


def directory_state():
    return (
        list(Leader.objects.order_by("pk").values_list("pk", "name", "slug", "aliases")),
        list(OfficeHeld.objects.order_by("pk").values_list("pk", "title", "end_date")),
        Leader.history.count(),
    )


def imports_all_or_nothing(content: bytes | str) -> None:
    with transaction.atomic():
        # Each example starts from the same directory, so updates as well as additions are tried.
        existing = LeaderFactory(name="Existing Leader", slug="existing", wikidata_id="Q1")
        OfficeHeldFactory(leader=existing)
        before = directory_state()
        try:
            import_leaders(content)
        except LeaderCSVError as refusal:
            assert refusal.problems
            assert all(isinstance(problem, str) and problem for problem in refusal.problems)
            assert directory_state() == before
        else:
            for record in [*Leader.objects.all(), *OfficeHeld.objects.all()]:
                record.full_clean()
        transaction.set_rollback(True)


@given(st.binary(max_size=600))
def test_any_bytes_are_imported_or_refused_with_the_import_s_own_error(content):
    imports_all_or_nothing(content)


@given(st.text(max_size=600))
def test_any_text_is_imported_or_refused_with_the_import_s_own_error(content):
    imports_all_or_nothing(content)


@given(csv_files())
def test_any_csv_like_file_is_imported_whole_or_refused_whole(content):
    imports_all_or_nothing(content)
