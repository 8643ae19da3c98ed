import csv
import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import connections

from quotes.models import Leader, OfficeHeld
from quotes.ops.leaders_import import LeaderCSVError, import_leaders
from tests.factories import LeaderFactory, OfficeHeldFactory

pytestmark = pytest.mark.django_db

SHARED_LEADERS = Path(__file__).resolve().parents[2] / "shared" / "data" / "leaders.csv"
HEADER = "name,country,office,wikidata_id,aliases,source,start_year,end_year,as_of\n"


@pytest.fixture
def csv_file(tmp_path):
    def write(body: str, header: str = HEADER) -> str:
        path = tmp_path / "leaders.csv"
        path.write_text(header + body, encoding="utf-8")
        return str(path)

    return write


def test_it_joins_the_rows_of_one_person_and_keeps_every_office(csv_file):
    path = csv_file(
        "Emmanuel Macron,FR,President of France,Q3052772,Macron,x,2017,,2024-10-23\n"
        "Emmanuel Macron,AD,French co-prince of Andorra,Q3052772,,x,2017,,2024-10-23\n"
    )
    call_command("import_leaders", path)
    macron = Leader.objects.get()
    assert macron.aliases == ["Macron"]
    assert sorted(macron.offices.values_list("title", flat=True)) == [
        "French co-prince of Andorra",
        "President of France",
    ]


def test_office_years_are_taken_conservatively(csv_file):
    call_command(
        "import_leaders",
        csv_file("Olaf Scholz,DE,Chancellor of Germany,Q61053,,x,2021,2025,2024-10-23\n"),
    )
    scholz = Leader.objects.get()
    assert scholz.office_on(datetime.date(2023, 6, 1)).title == "Chancellor of Germany"
    # Within the first and last years the data cannot say whether he was in office yet.
    assert scholz.office_on(datetime.date(2021, 6, 1)) is None
    assert scholz.office_on(datetime.date(2025, 6, 1)) is None


def test_importing_twice_adds_nothing(csv_file):
    path = csv_file("Olaf Scholz,DE,Chancellor of Germany,Q61053,Scholz,x,2021,,2024-10-23\n")
    call_command("import_leaders", path)
    call_command("import_leaders", path)
    assert Leader.objects.count() == 1
    assert Leader.objects.get().offices.count() == 1


def test_a_namesake_gets_a_slug_of_their_own(csv_file):
    LeaderFactory(name="John Smith", slug="john-smith", wikidata_id="Q1")
    call_command("import_leaders", csv_file("John Smith,GB,Prime Minister,Q2,,x,2001,,x\n"))
    assert Leader.objects.get(wikidata_id="Q2").slug == "john-smith-q2"


def test_rows_without_a_country_code_are_skipped_and_reported(csv_file, capsys):
    call_command(
        "import_leaders",
        csv_file(
            "Vadim Krasnoselsky,Transnistria,President,Q1,,x,2016,,x\n"
            "Vjosa Osmani,Kosovo,President of Kosovo,Q2,,x,2021,,x\n"
        ),
    )
    assert list(Leader.objects.values_list("name", "country")) == [("Vjosa Osmani", "XK")]
    assert "Transnistria" in capsys.readouterr().err


GOOD_ROW = "Good Leader,FR,President,Q9,,x,2001,,x\n"


@pytest.fixture
def refused(tmp_path):
    """Imports a file that must be refused; returns the command's message.

    A leader and an office already in the directory, and the good row the file begins with,
    show that nothing at all was written.
    """

    def run(content: str | bytes) -> str:
        OfficeHeldFactory(leader=LeaderFactory(name="Already There"))
        path = tmp_path / "leaders.csv"
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        with pytest.raises(CommandError) as refusal:
            call_command("import_leaders", str(path))
        assert list(Leader.objects.values_list("name", flat=True)) == ["Already There"]
        assert OfficeHeld.objects.count() == 1
        return str(refusal.value)

    return run


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            "Somebody,FR,President,Q1,,x,99999,,x\n",
            "line 3: start year 99999 is not a year between 1 and 9999",
        ),
        ("Somebody,FR,President,Q1,,x,0,,x\n", "line 3: start year 0 is not a year between"),
        ("Somebody,FR,President,Q1,,x,soon,,x\n", "line 3: start year 'soon' is not a year"),
        # Digits other than ASCII ones pass str.isdigit() but are no year.
        ("Somebody,FR,President,Q1,,x,²⁰¹⁹,,x\n", "line 3: start year '²⁰¹⁹' is not a year"),
        ("Somebody,FR,President,Q1,,x,2001," + "9" * 5000 + ",x\n", "line 3: end year '9999"),
        ("Somebody,FR,President,Q1,,x,2021,2019,x\n", "end year 2019 is before start year 2021"),
        (
            "Somebody,FR," + "P" * 231 + ",Q1,,x,2001,,x\n",
            "line 3: office is 231 characters long, at most 200",
        ),
        ("N" * 201 + ",FR,President,Q1,,x,2001,,x\n", "line 3: name is 201 characters long"),
        ("Somebody,FR,President,Q1,Ok;" + "A" * 201 + ",x,2001,,x\n", "line 3: an alias is 201"),
        ("Somebody,FR,President,Q" + "1" * 25 + ",,x,2001,,x\n", "wikidata_id is 26 characters"),
        ("Somebody,FR,President,7747,,x,2001,,x\n", "line 3: wikidata_id '7747': A Wikidata"),
        (",FR,President,Q1,,x,2001,,x\n", "line 3: the name is empty"),
        ("Somebody,FR,President,Q1,,x,2001,,x,extra\n", "line 3: 10 fields where the header"),
        ("Somebody,FR,President\n", "line 3: 3 fields where the header names 9"),
    ],
)
def test_a_bad_row_is_explained_with_its_line_and_nothing_is_imported(refused, bad_row, message):
    assert message in refused(HEADER + GOOD_ROW + bad_row)


def test_every_bad_row_is_reported_not_only_the_first(refused):
    message = refused(
        HEADER
        + GOOD_ROW
        + "Somebody,FR,President,Q1,,x,99999,,x\n"
        + GOOD_ROW.replace("Q9", "Q10")
        + "Somebody Else,FR,"
        + "P" * 231
        + ",Q2,,x,2001,,x\n"
    )
    assert "the file has 2 problems" in message
    assert "line 3: start year 99999" in message
    assert "line 5: office is 231 characters long" in message


def test_lines_are_counted_as_in_the_file_blank_lines_and_windows_line_ends_included(refused):
    crlf = HEADER + GOOD_ROW + "\n,,,,,,,,\n" + "Somebody,FR,President,Q1,,x,99999,,x\n"
    message = refused(crlf.replace("\n", "\r\n"))
    assert "line 5: start year 99999" in message


def test_a_nul_byte_is_refused_with_its_line(refused):
    message = refused(HEADER + GOOD_ROW + "Some\0body,FR,President,Q1,,x,2001,,x\n")
    assert "line 3: holds a NUL character" in message


def test_a_field_longer_than_the_csv_reader_takes_is_refused_with_its_line(refused):
    overlong = "x" * (csv.field_size_limit() + 1)
    message = refused(HEADER + GOOD_ROW + f"Somebody,FR,{overlong},Q1,,x,2001,,x\n" + GOOD_ROW)
    assert "line 3: a field is longer than 131,072 characters" in message


def test_an_unterminated_quote_is_refused_rather_than_swallowing_the_rest(refused):
    message = refused(
        HEADER
        + GOOD_ROW
        + 'Somebody,FR,"President,Q1,,x,2001,,x\n'
        + "Another Leader,DE,Chancellor,Q2,,x,2001,,x\n"
        + "A Third,IT,Prime Minister,Q3,,x,2001,,x\n"
    )
    assert "line 3: a quote opened here is never closed" in message


def test_an_unterminated_quote_running_past_the_field_limit_is_named_as_such(refused):
    long_rows = "Another Leader,DE,Chancellor,Q2,,x,2001,,x\n" * 5000
    message = refused(HEADER + GOOD_ROW + 'Somebody,FR,"President,Q1,,x,2001,,x\n' + long_rows)
    assert "line 3: a quote opened here is never closed; the field runs on to line" in message


def test_a_quote_closed_lines_later_is_refused_with_the_line_it_opens_on(refused):
    message = refused(
        HEADER
        + GOOD_ROW
        + 'Somebody,FR,"President,Q1,,x,2001,,x\n'
        + "Another Leader,DE,Chancellor,Q2,,x,2001,,x\n"
        + 'A Third,IT,Prime Minister",Q3,,x,2001,,x\n'
        + GOOD_ROW.replace("Q9", "Q10")
    )
    assert "line 3: a quote opened here is closed only on line 5" in message
    assert "the lines after 5 were not read" in message


def test_text_after_a_closing_quote_is_refused(refused):
    message = refused(HEADER + GOOD_ROW + 'Somebody,FR,"President" of France,Q1,,x,2001,,x\n')
    assert "line 3: a closing quote is followed by more text" in message


def test_a_file_not_in_utf8_is_refused_with_the_line_of_the_first_foreign_byte(refused):
    message = refused((HEADER + GOOD_ROW + "Cécile,FR,Ministre,Q1,,x,2001,,x\n").encode("latin-1"))
    assert "line 3: byte 0xE9 is not UTF-8" in message


def test_a_utf16_file_is_refused_with_a_hint(refused):
    message = refused((HEADER + GOOD_ROW).encode("utf-16"))
    assert "the file is UTF-16 text: save it as UTF-8" in message


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_an_empty_file_is_refused(refused, content):
    assert "the file is empty: it needs a header line naming name and country" in refused(content)


def test_a_header_without_the_required_columns_is_refused(refused):
    message = refused("full_name,office\n" + "Somebody,President\n")
    assert "line 1: the header lacks the column(s) name, country (it names 'full_name'" in message


def test_a_header_naming_a_column_twice_is_refused(refused):
    assert "line 1: the header repeats name" in refused("name,country,name\nA,FR,B\n")


def test_a_byte_order_mark_and_spaced_header_names_are_understood(tmp_path):
    path = tmp_path / "leaders.csv"
    content = "name, Country ,office,start_year\r\nOlaf Scholz,DE,Chancellor of Germany,2021\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    call_command("import_leaders", str(path))
    assert Leader.objects.get().offices.get().title == "Chancellor of Germany"


def test_an_office_begun_and_ended_in_one_year_is_not_recorded_as_still_held(csv_file, capsys):
    call_command("import_leaders", csv_file("Brief Leader,FR,Premier,Q5,,x,2021,2021,x\n"))
    assert Leader.objects.get().offices.count() == 0
    assert (
        "the office 'Premier' of Brief Leader, begun and ended in 2021" in capsys.readouterr().err
    )


def test_from_the_command_line_a_refusal_exits_non_zero_with_the_problems_and_no_traceback(
    tmp_path, capsys, monkeypatch
):
    path = tmp_path / "leaders.csv"
    path.write_text(HEADER + "Somebody,FR,President,Q1,,x,99999,,x\n", encoding="utf-8")
    # The command line closes the database connections on its way out, the test's own included.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit:
        execute_from_command_line(["manage.py", "import_leaders", str(path)])
    assert exit.value.code != 0
    err = capsys.readouterr().err
    assert "line 2: start year 99999 is not a year between 1 and 9999" in err
    assert "Traceback" not in err
    assert not Leader.objects.exists()


def test_the_import_function_refuses_with_its_own_error_listing_the_problems():
    with pytest.raises(LeaderCSVError) as refusal:
        import_leaders(HEADER + "Somebody,FR,President,Q1,,x,99999,,x\n" + "A,FR,B,Q2,,x,1,0,x\n")
    assert refusal.value.problems == [
        "line 2: start year 99999 is not a year between 1 and 9999",
        "line 3: end year 0 is not a year between 1 and 9999",
    ]


def test_a_missing_file_is_explained():
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_leaders", "/no/such/leaders.csv")


@pytest.mark.skipif(not SHARED_LEADERS.exists(), reason="the shared leaders.csv is not beside")
def test_it_imports_the_shared_list_of_heads_of_state(capsys):
    call_command("import_leaders", str(SHARED_LEADERS))
    assert Leader.objects.count() > 500
    assert Leader.objects.get(wikidata_id="Q7747").name == "Vladimir Putin"
