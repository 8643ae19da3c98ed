import json

import pytest
from django.core.management import call_command

from quotes.models import Citation, Leader, Source, Statement
from quotes.ops.demo import EXPECTED
from quotes.record.text import comparable_words

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "leaders": list(Leader.objects.values()),
        "sources": list(Source.objects.values()),
        "statements": list(Statement.objects.values()),
        "citations": list(Citation.objects.values()),
    }


def test_it_loads_the_sample_quotations_exactly_as_the_editor_took_them():
    call_command("load_demo")
    expected = json.loads(EXPECTED.read_text())
    loaded = Statement.objects.published().select_related("speaker").order_by("id")
    assert [
        (
            s.speaker.name,
            s.text,
            s.kind,
            s.relayed_by or None,
            sorted(m.name for m in s.mentions.all()),
        )
        for s in loaded
    ] == [
        (q["speaker"], q["text"], q["kind"], q["relayed_by"], sorted(q["mentions"]))
        for q in expected["quotations"]
    ]


def test_every_demo_statement_cites_the_article_where_its_words_stand():
    call_command("load_demo")
    source = Source.objects.get()
    for citation in Citation.objects.select_related("statement"):
        assert citation.source == source
        assert citation.locator.startswith("paragraph ")
        assert comparable_words(citation.statement.text) in comparable_words(source.text)


def test_the_demo_leaders_hold_their_offices_on_the_day_they_spoke():
    call_command("load_demo")
    trump_post = Statement.objects.get(text__startswith="I just finished speaking")
    assert trump_post.speaker_office().title == "President of the United States"
    assert Leader.objects.count() == 6


def test_loading_it_twice_changes_nothing():
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first


def test_it_leaves_an_editors_corrections_alone():
    call_command("load_demo")
    statement = Statement.objects.get(text="immediate peace")
    statement.context = "Corrected by an editor."
    statement.save()
    call_command("load_demo")
    statement.refresh_from_db()
    assert statement.context == "Corrected by an editor."
