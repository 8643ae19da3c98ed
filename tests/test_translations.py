"""Translations: a statement's words in the language they were said in and in English, and who
gave the English words. The rules, the statement's page and cards, the original-language
filter, the downloads, search in both languages, and the demo's translated statements."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from quotes.editorial.workflow import WorkflowRefused, correct
from quotes.models import Statement
from quotes.public.filters import distinct_languages
from tests.factories import LeaderFactory, StatementFactory, make_editor, make_reviewer

pytestmark = pytest.mark.django_db

AGENCY = Statement.TranslatedBy.AGENCY


@pytest.fixture
def kim():
    return LeaderFactory(name="Kim Jong Un", slug="kim-jong-un", country="KP")


@pytest.fixture
def putin():
    return LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")


@pytest.fixture
def pledge(kim):
    """Words that reached the world only in a state agency's English."""
    return StatementFactory(
        speaker=kim,
        text="We will unconditionally support the stand of Russia.",
        original_language="ko",
        translated_by=AGENCY,
        translation_source="KCNA",
        relayed_by="KCNA",
    )


@pytest.fixture
def readout(putin):
    return StatementFactory(
        speaker=putin,
        text="We will have to respond.",
        original_text="Мы будем вынуждены ответить.",
        original_language="ru",
        translated_by=Statement.TranslatedBy.GOVERNMENT,
        translation_source="the Kremlin",
    )


def refusal(statement: Statement) -> dict:
    with pytest.raises(ValidationError) as refused:
        statement.full_clean()
    return refused.value.message_dict


# --- the rules -----------------------------------------------------------------------------


def test_a_translator_is_named_with_its_kind(kim):
    statement = StatementFactory.build(
        speaker=kim, original_language="ko", translation_source="KCNA"
    )
    assert "translated_by" in refusal(statement)


def test_an_outlet_or_agency_that_translated_is_named(kim):
    for kind in (Statement.TranslatedBy.OUTLET, AGENCY):
        statement = StatementFactory.build(speaker=kim, original_language="ko", translated_by=kind)
        assert "Name the outlet or agency" in refusal(statement)["translation_source"][0]


def test_a_translation_says_which_language_it_came_from(kim):
    statement = StatementFactory.build(speaker=kim, translated_by=AGENCY, translation_source="x")
    assert "original_language" in refusal(statement)


def test_words_said_in_english_are_not_a_translation(kim):
    statement = StatementFactory.build(
        speaker=kim, original_language="en-GB", translated_by=AGENCY, translation_source="KCNA"
    )
    assert "not a translation" in refusal(statement)["translated_by"][0]


def test_our_editors_translate_from_original_words_they_keep(kim):
    statement = StatementFactory.build(
        speaker=kim,
        original_language="ko",
        translated_by=Statement.TranslatedBy.EDITORS,
        status=Statement.Status.DRAFT,
    )
    assert "original_text" in refusal(statement)
    statement.original_text = "무조건 지지한다"
    statement.full_clean()


def test_the_government_may_stand_unnamed(putin):
    statement = StatementFactory.build(
        speaker=putin,
        original_language="ru",
        translated_by=Statement.TranslatedBy.GOVERNMENT,
        status=Statement.Status.DRAFT,
    )
    statement.full_clean()
    assert statement.translator == "the speaker's government (the government's own English version)"


@pytest.mark.parametrize(
    ("fields", "note"),
    [
        (
            {"original_language": "ko", "translated_by": "agency", "translation_source": "KCNA"},
            "Translated from Korean by KCNA (a news agency).",
        ),
        (
            {"original_language": "ru", "translated_by": "outlet", "translation_source": "Reuters"},
            "Translated from Russian by Reuters (the outlet that reported it).",
        ),
        (
            {"original_language": "zh-Hans", "translated_by": "editors"},
            "Translated from Simplified Chinese by Verbatim's editors.",
        ),
        ({"original_language": "uk"}, "Said in Ukrainian; who translated it is not recorded."),
        (
            {"original_language": "xx-Made-Up"},
            "Said in xx-Made-Up; who translated it is not recorded.",
        ),
        ({}, ""),
    ],
)
def test_readers_are_told_who_translated_in_plain_words(fields, note):
    assert Statement(**fields).translation_note == note


# --- pages and cards -----------------------------------------------------------------------


def test_the_statement_page_shows_both_languages_and_the_translator(client, readout):
    html = client.get(readout.get_absolute_url()).content.decode()
    assert re.search(r'<blockquote class="original" lang="ru">\s*<p>Мы будем', html)
    assert (
        "Translated from Russian by the Kremlin (the government&#x27;s own English version)."
        in html
    )
    assert "<dt>Original language</dt><dd>Russian (" in html
    assert (
        "<dt>Translated by</dt><dd>The Kremlin (the government&#x27;s own English version)" in html
    )


def test_cards_show_the_original_words_with_their_language_and_the_translator(
    client, readout, pledge
):
    html = client.get("/quotes/").content.decode()
    assert '<blockquote class="original" lang="ru"><p>Мы будем вынуждены ответить.</p>' in html
    assert "Translated from Korean by KCNA (a news agency)." in html


def test_words_said_in_english_carry_no_translation_note(client, putin):
    StatementFactory(speaker=putin, text="Plain English words.")
    html = client.get("/quotes/").content.decode()
    assert "Plain English words." in html
    assert "card-translation" not in html


# --- the original-language filter ----------------------------------------------------------


def test_the_list_filters_by_original_language(client, readout, pledge, putin):
    StatementFactory(speaker=putin, text="Said in English.")
    response = client.get("/quotes/", {"language": "ru"})
    assert [statement.pk for statement in response.context["page"]] == [readout.pk]
    chips = response.context["filterset"].active_filters()
    assert [(chip["label"], chip["value"]) for chip in chips] == [("Original language", "Russian")]


def test_the_filter_offers_the_languages_of_published_statements_by_name(
    client, readout, pledge, kim
):
    StatementFactory(
        speaker=kim, original_language="ja", text="A draft", status=Statement.Status.DRAFT
    )
    field = client.get("/quotes/").context["filterset"].form.fields["language"]
    assert [choice for choice in field.choices if choice[0]] == [
        ("ko", "Korean"),
        ("ru", "Russian"),
    ]
    assert distinct_languages() == ["ko", "ru"]


def test_a_language_nobody_was_published_in_is_an_error_not_a_500(client, readout):
    for value in ("ja", "en", "'; DROP TABLE", "x" * 300):
        response = client.get("/quotes/", {"language": value})
        assert response.status_code == 200
        errors = response.context["filterset"].errors["language"]
        assert errors[0].startswith("No published statement was said in “"), value


def test_a_leaders_page_filters_by_language_too(client, readout, putin):
    StatementFactory(speaker=putin, text="Said in English.")
    response = client.get("/leaders/vladimir-putin/", {"language": "ru"})
    assert [statement.pk for statement in response.context["page"]] == [readout.pk]


# --- downloads and search ------------------------------------------------------------------


def test_downloads_carry_the_translator(client, readout, pledge, putin):
    StatementFactory(speaker=putin, text="Said in English.")
    response = client.get("/data/statements.csv")
    text = b"".join(response.streaming_content).decode()
    rows = {row["words"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    kcna = rows["We will unconditionally support the stand of Russia."]
    assert (kcna["original_language"], kcna["translated_by"], kcna["translator"]) == (
        "ko",
        "agency",
        "KCNA",
    )
    assert rows["We will have to respond."]["translator"] == "the Kremlin"
    assert rows["Said in English."]["translated_by"] == rows["Said in English."]["translator"] == ""


def test_the_download_takes_the_language_filter(client, readout, pledge):
    response = client.get("/data/statements.jsonl", {"language": "ko"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 and '"translator": "KCNA"' in lines[0]


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's full-text search: run with DATABASE_URL=postgres://...",
)
def test_a_search_finds_a_statement_by_its_original_words_and_by_its_english(client, readout):
    for query in ("вынуждены ответить", "have to respond"):
        response = client.get("/quotes/", {"q": query})
        assert [statement.pk for statement in response.context["page"]] == [readout.pk], query


def test_a_search_finds_the_original_words_on_sqlite_too(client, readout):
    response = client.get("/quotes/", {"q": "вынуждены"})
    assert [statement.pk for statement in response.context["page"]] == [readout.pk]


# --- the admin and the demo ----------------------------------------------------------------


def test_editors_record_the_translator_in_the_admin(client, kim):
    client.force_login(make_editor())
    html = client.get("/admin/quotes/statement/add/").content.decode()
    assert 'name="translated_by"' in html
    assert 'name="translation_source"' in html


def test_a_new_translator_of_published_words_is_a_correction_readers_see(client, pledge):
    reviewer = make_reviewer()
    note = "Yonhap, not KCNA, translated these words."
    correct(pledge, reviewer, note, translation_source="Yonhap")
    change = pledge.corrections.get().changes["translation_source"]
    assert (change["label"], change["old"], change["new"]) == ("Translator", "KCNA", "Yonhap")
    with pytest.raises(WorkflowRefused):
        correct(pledge, reviewer, "", translated_by=Statement.TranslatedBy.OUTLET)


def test_the_demo_records_kcnas_english_for_kim_jong_un():
    call_command("load_demo")
    kim_words = Statement.objects.filter(speaker__name="Kim Jong Un")
    assert kim_words.count() == 2
    for statement in kim_words:
        assert statement.translation_note == "Translated from Korean by KCNA (a news agency)."
    readout = Statement.objects.get(text__startswith="reaffirmed his interest")
    assert readout.translation_note == "Said in Russian; who translated it is not recorded."


def test_every_demo_statement_keeps_the_translation_rules():
    call_command("load_demo")
    for statement in Statement.objects.all():
        statement.full_clean()
