import datetime
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quotes.models import Leader
from tests.factories import LeaderFactory

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


@pytest.mark.parametrize(
    ("body", "header", "message"),
    [
        ("x\n", "just_one_column\n", "lacks the column(s): country, name"),
        ("Somebody,FR,President,Q1,,x,soon,,x\n", HEADER, "start_year must be a year"),
        # A digit to str.isdigit() but not to int(): it was a traceback.
        ("Somebody,FR,President,Q1,,x,²⁰⁰¹,,x\n", HEADER, "start_year must be a year"),
        (",FR,President,Q1,,x,2001,,x\n", HEADER, "line 3: the name is empty"),
        (
            "Somebody,FR,President,7747,,x,2001,,x\n",
            HEADER,
            "line 3: Somebody: A Wikidata id is a Q",
        ),
    ],
)
def test_a_malformed_file_is_explained_and_nothing_is_imported(csv_file, body, header, message):
    path = csv_file("Good Leader,FR,President,Q9,,x,2001,,x\n" + body, header=header)
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("import_leaders", path)
    assert not Leader.objects.exists()


def test_a_missing_file_is_explained():
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_leaders", "/no/such/leaders.csv")


@pytest.mark.skipif(not SHARED_LEADERS.exists(), reason="the shared leaders.csv is not beside")
def test_it_imports_the_shared_list_of_heads_of_state(capsys):
    call_command("import_leaders", str(SHARED_LEADERS))
    assert Leader.objects.count() > 500
    assert Leader.objects.get(wikidata_id="Q7747").name == "Vladimir Putin"
