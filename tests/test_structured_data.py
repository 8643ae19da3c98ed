"""schema.org JSON-LD on the public pages: its shape, its escaping, and no drafts in it."""

import datetime
import json
import re

import pytest

from quotes.editorial.workflow import unpublish
from quotes.models import Source, Statement
from quotes.public.structured_data import json_ld_script
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://verbatim.example.org"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def json_ld(response) -> list[dict]:
    return [json.loads(block) for block in JSON_LD.findall(response.content.decode())]


def of_type(response, schema_type: str) -> dict:
    found = [data for data in json_ld(response) if data["@type"] == schema_type]
    assert len(found) == 1, f"expected one {schema_type}, found {len(found)}"
    return found[0]


@pytest.fixture
def putin():
    leader = LeaderFactory(
        name="Vladimir Putin", slug="vladimir-putin", country="RU", wikidata_id="Q7747"
    )
    OfficeHeldFactory(
        leader=leader,
        title="Prime Minister of Russia",
        country="RU",
        start_date=datetime.date(2008, 5, 8),
        end_date=datetime.date(2012, 5, 7),
    )
    OfficeHeldFactory(
        leader=leader,
        title="President of Russia",
        country="RU",
        start_date=datetime.date(2012, 5, 7),
    )
    return leader


@pytest.fixture
def reuters():
    return SourceFactory(
        publisher="Reuters",
        title="Putin tells Trump he will respond",
        url="https://www.reuters.com/world/putin-respond",
        published_on=datetime.date(2025, 6, 5),
        author="Guy Faulconbridge",
    )


@pytest.fixture
def statement(putin, reuters):
    statement = StatementFactory(
        speaker=putin,
        text="We will respond to the attack on our airfields.",
        original_text="Мы ответим на удар по нашим аэродромам.",
        original_language="ru",
        date_said=datetime.date(2025, 6, 4),
        cited=False,
    )
    CitationFactory(statement=statement, source=reuters)
    return statement


def test_a_statement_page_describes_a_quotation(client, statement):
    quotation = of_type(client.get(statement.get_absolute_url()), "Quotation")

    assert quotation["@context"] == "https://schema.org"
    assert quotation["text"] == "We will respond to the attack on our airfields."
    assert quotation["url"] == SITE + statement.get_absolute_url()
    assert quotation["dateCreated"] == "2025-06-04"
    assert quotation["inLanguage"] == "ru"
    speaker = {
        "@type": "Person",
        "name": "Vladimir Putin",
        "url": f"{SITE}/leaders/vladimir-putin/",
        "sameAs": "https://www.wikidata.org/wiki/Q7747",
        "jobTitle": "President of Russia",
    }
    assert quotation["spokenByCharacter"] == speaker
    assert quotation["creator"] == speaker


def test_the_quotation_is_based_on_its_sources(client, statement):
    CitationFactory(
        statement=statement,
        source=SourceFactory(
            publisher="Kremlin",
            title="Telephone conversation with Donald Trump",
            url="http://en.kremlin.ru/events/president/news/77100",
            kind=Source.Kind.OFFICIAL,
            published_on=None,
        ),
    )
    quotation = of_type(client.get(statement.get_absolute_url()), "Quotation")

    reuters, kremlin = quotation["isBasedOn"]
    assert reuters == {
        "@type": "NewsArticle",
        "url": "https://www.reuters.com/world/putin-respond",
        "headline": "Putin tells Trump he will respond",
        "publisher": {"@type": "Organization", "name": "Reuters"},
        "datePublished": "2025-06-05",
        "author": {"@type": "Person", "name": "Guy Faulconbridge"},
    }
    assert kremlin["@type"] == "Article"  # an official readout is not a news report
    assert kremlin["url"] == "http://en.kremlin.ru/events/president/news/77100"
    assert kremlin["publisher"] == {"@type": "Organization", "name": "Kremlin"}
    assert "datePublished" not in kremlin


def test_the_job_title_is_the_office_held_on_the_day(client, putin, reuters):
    earlier = StatementFactory(speaker=putin, date_said=datetime.date(2010, 3, 1), cited=False)
    CitationFactory(statement=earlier, source=reuters)
    quotation = of_type(client.get(earlier.get_absolute_url()), "Quotation")
    assert quotation["spokenByCharacter"]["jobTitle"] == "Prime Minister of Russia"


def test_a_speaker_without_office_or_wikidata_id_has_neither(client):
    statement = StatementFactory(speaker=LeaderFactory(wikidata_id=""))
    speaker = of_type(client.get(statement.get_absolute_url()), "Quotation")["creator"]
    assert "sameAs" not in speaker
    assert "jobTitle" not in speaker


def test_words_without_an_original_are_in_english(client):
    statement = StatementFactory()
    assert of_type(client.get(statement.get_absolute_url()), "Quotation")["inLanguage"] == "en"


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (Statement.DatePrecision.DAY, "2025-06-04"),
        (Statement.DatePrecision.MONTH, "2025-06"),
        (Statement.DatePrecision.YEAR, "2025"),
    ],
)
def test_the_date_is_as_precise_as_it_is_known(client, precision, expected):
    statement = StatementFactory(date_said=datetime.date(2025, 6, 4), date_precision=precision)
    quotation = of_type(client.get(statement.get_absolute_url()), "Quotation")
    assert quotation["dateCreated"] == expected


def test_a_statement_page_carries_its_breadcrumbs(client, statement):
    crumbs = of_type(client.get(statement.get_absolute_url()), "BreadcrumbList")
    assert crumbs["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Statements", "item": f"{SITE}/quotes/"},
        {
            "@type": "ListItem",
            "position": 2,
            "name": "Vladimir Putin",
            "item": f"{SITE}/leaders/vladimir-putin/",
        },
        {
            "@type": "ListItem",
            "position": 3,
            "name": "4 June 2025",
            "item": SITE + statement.get_absolute_url(),
        },
    ]


def test_a_leader_page_describes_the_person(client, putin, statement):
    person = of_type(client.get("/leaders/vladimir-putin/"), "Person")
    assert person == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Vladimir Putin",
        "url": f"{SITE}/leaders/vladimir-putin/",
        "sameAs": "https://www.wikidata.org/wiki/Q7747",
        "jobTitle": "President of Russia",
        "nationality": {"@type": "Country", "name": "Russia", "identifier": "RU"},
    }


def test_a_former_leader_has_no_job_title_today(client):
    leader = LeaderFactory(slug="former", country="DE")
    OfficeHeldFactory(
        leader=leader,
        title="Chancellor of Germany",
        start_date=datetime.date(2005, 11, 22),
        end_date=datetime.date(2021, 12, 8),
    )
    person = of_type(client.get("/leaders/former/"), "Person")
    assert "jobTitle" not in person
    assert person["nationality"]["name"] == "Germany"


def test_the_european_union_is_an_affiliation_not_a_nationality(client):
    LeaderFactory(slug="von-der-leyen", country="EU")
    person = of_type(client.get("/leaders/von-der-leyen/"), "Person")
    assert "nationality" not in person
    assert person["affiliation"] == {"@type": "Organization", "name": "European Union"}


def crumb_names_and_items(response) -> list[tuple[str, str]]:
    crumbs = of_type(response, "BreadcrumbList")["itemListElement"]
    assert [crumb["position"] for crumb in crumbs] == list(range(1, len(crumbs) + 1))
    return [(crumb["name"], crumb["item"]) for crumb in crumbs]


def test_the_lists_carry_breadcrumbs(client, putin, reuters, statement):
    topic = TopicFactory(name="Ukraine war", slug="ukraine-war")
    statement.topics.add(topic)

    assert crumb_names_and_items(client.get("/quotes/")) == [
        ("Verbatim", f"{SITE}/"),
        ("Statements", f"{SITE}/quotes/"),
    ]
    assert crumb_names_and_items(client.get("/leaders/vladimir-putin/")) == [
        ("Leaders", f"{SITE}/leaders/"),
        ("Vladimir Putin", f"{SITE}/leaders/vladimir-putin/"),
    ]
    assert crumb_names_and_items(client.get("/topics/ukraine-war/")) == [
        ("Statements", f"{SITE}/quotes/"),
        ("Ukraine war", f"{SITE}/topics/ukraine-war/"),
    ]
    assert crumb_names_and_items(client.get(f"/sources/{reuters.pk}/")) == [
        ("Statements", f"{SITE}/quotes/"),
        ("Reuters", f"{SITE}/quotes/?publisher=Reuters"),
        ("Putin tells Trump he will respond", f"{SITE}/sources/{reuters.pk}/"),
    ]


HOSTILE = "</script><script>alert(1)</script><!-- <b>&amp; \u2028\u2029 ]]>"


def test_hostile_text_cannot_leave_the_script_element():
    script = json_ld_script({"text": HOSTILE})
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    for dangerous in ("<", ">", "&", "\u2028", "\u2029"):
        assert dangerous not in body
    assert json.loads(body) == {"text": HOSTILE}


def test_hostile_words_names_and_titles_stay_data_on_the_page(client):
    speaker = LeaderFactory(name="Mallory </script><script>alert(2)</script>", slug="mallory")
    statement = StatementFactory(speaker=speaker, text=HOSTILE, cited=False)
    CitationFactory(
        statement=statement,
        source=SourceFactory(title=f"Title {HOSTILE}", publisher="<!-- Outlet -->"),
    )
    response = client.get(statement.get_absolute_url())
    html = response.content.decode()

    # The page's only scripts are its own files and the two data blocks.
    assert "alert(" not in "".join(re.findall(r"<script\b[^>]*>", html))
    assert len(re.findall(r"<script\b", html)) == len(re.findall(r"</script>", html))
    quotation = of_type(response, "Quotation")
    assert quotation["text"] == statement.text  # the words as stored, back intact
    assert quotation["creator"]["name"] == speaker.name
    assert quotation["isBasedOn"][0]["headline"] == f"Title {HOSTILE}"
    assert quotation["isBasedOn"][0]["publisher"]["name"] == "<!-- Outlet -->"


def test_a_source_address_that_is_not_a_web_address_is_left_out(client):
    statement = StatementFactory(cited=False)
    source = SourceFactory()
    Source.objects.filter(pk=source.pk).update(url="javascript:alert(1)")  # around validation
    CitationFactory(statement=statement, source=source)
    article = of_type(client.get(statement.get_absolute_url()), "Quotation")["isBasedOn"][0]
    assert "url" not in article


def test_drafts_never_appear(client, putin, reuters, statement):
    draft = StatementFactory(
        speaker=putin, text="Draft words nobody may see.", status=Statement.Status.DRAFT
    )
    CitationFactory(statement=draft, source=reuters)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert not JSON_LD.search(response.content.decode())

    for path in ["/quotes/", "/leaders/vladimir-putin/", f"/sources/{reuters.pk}/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert "Draft words" not in json.dumps(json_ld(response))


def test_a_withdrawn_statement_has_no_quotation(client, statement, reviewer):
    unpublish(statement, reviewer, note="The words were misreported.")
    response = client.get(f"/quotes/{statement.pk}/")
    assert response.status_code == 410
    assert json_ld(response) == []


def test_the_page_costs_no_query_more_for_its_structured_data(
    client, statement, django_assert_num_queries
):
    # The same count as the page without JSON-LD: it reads what the page has prefetched.
    client.get(statement.get_absolute_url())
    with django_assert_num_queries(11):
        client.get(statement.get_absolute_url())
