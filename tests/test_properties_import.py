"""The import assistant, given random articles and random review forms.

- Any text an editor pastes is read without an exception, and every quotation proposed
  stands in the text where the proposal says, so that the save step (which checks the words
  and the speaker's written name against the article again) accepts what was proposed.
- Any form posted to the review step, however altered, answers with a page or a redirect,
  never a server error; and either the whole import is saved or nothing is: a post that does
  not end in the success redirect leaves the sources, statements, citations and leaders
  exactly as they were.
"""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from quotes.editorial.admin_import import MAX_TEXT_CHARS
from quotes.editorial.importer import (
    CONTEXT_MAX_CHARS,
    name_is_in_article,
    normalise_newlines,
    propose_candidates,
    quote_is_in_article,
)
from quotes.extraction.quotes_scan import MARK_CHARS
from quotes.models import Citation, Leader, Source, Statement
from tests.factories import LeaderFactory, OfficeHeldFactory
from tests.strategies import (
    ANY_CHARACTER,
    NEAR_VALID_DATES,
    NEAR_VALID_NUMBERS,
    evenly,
    hostile_text,
    percent_garbage,
)
from tests.test_import_admin import REVIEW, STEP_1, article_data, open_review, review_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:quotes_statement_changelist")

# Pieces of news copy: names of leaders in the record and of others, titles, pronouns,
# relays, speech verbs, every quote mark the engine knows, punctuation and line breaks.
ARTICLE_PIECES = [
    *MARK_CHARS,
    "Vladimir Putin",
    "Putin",
    "Volodymyr Zelenskyy",
    "Zelensky",
    "Zelenskiy",
    "Emmanuel Macron",
    "Macron",
    "Kim Jong Un",
    "Viktor Orbán",
    "Lula",
    "the French president",
    "the Kremlin",
    "KCNA",
    "the Kremlin said in a statement",
    "he",
    "she",
    "Mr.",
    "said",
    "said on Wednesday",
    "told Reuters",
    "wrote on X",
    "according to",
    "in a video address",
    "at a press conference",
    "added",
    "warned",
    "We will",
    "never",
    "retaliate",
    "stand with Ukraine",
    "as long as it takes",
    ".",
    ",",
    ":",
    ";",
    "—",
    "…",
    "!",
    "?",
    "(",
    ")",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u00a0",
    "\u200b",
]


QUOTE_PAIRS = ["“”", "„“", "«»", '""', "‘’", "''", "‹›", "“", "”", "«"]
WORDS = st.lists(
    st.sampled_from(
        ["We", "will", "never", "retaliate", "stand with Ukraine", "as long as it takes"]
    ),
    min_size=1,
    max_size=8,
).map(" ".join)


@st.composite
def quoted_sentence(draw) -> str:
    """A reporter's sentence around a quotation, some of it well formed, some of it not."""
    marks = draw(st.sampled_from(QUOTE_PAIRS))
    opening, closing = marks[0], marks[-1] if len(marks) > 1 else ""
    words = draw(WORDS) + draw(st.sampled_from(["", ".", ",", "!", "?", "…"]))
    who = draw(st.sampled_from(ARTICLE_PIECES[len(MARK_CHARS) : len(MARK_CHARS) + 17]))
    how = draw(st.sampled_from(["said", "told Reuters", "wrote on X", "said on Wednesday"]))
    quotation = f"{opening}{words}{closing}"
    shapes = [
        f"{who} {how}: {quotation}",
        f"{quotation} {who} {how}.",
        f"{quotation}, {who} {how}, {opening}{draw(WORDS)}.{closing}",
        f"According to {who}, {quotation}",
    ]
    return draw(st.sampled_from(shapes))


@st.composite
def article_texts(draw) -> str:
    """Text shaped like news copy, with quotations, broken quotations and noise."""
    pieces = draw(
        st.lists(
            st.one_of(
                quoted_sentence(),
                st.sampled_from(ARTICLE_PIECES),
                st.text(alphabet=ANY_CHARACTER, max_size=10),
            ),
            max_size=40,
        )
    )
    # At least one quotation, somewhere among the noise.
    pieces.insert(draw(st.integers(0, len(pieces))), draw(quoted_sentence()))
    glue = draw(st.sampled_from(["", " ", "\n", "\r\n"]))
    return glue.join(pieces)


@pytest.fixture
def leaders(db):
    putin = LeaderFactory(
        name="Vladimir Putin", slug="vladimir-putin", country="RU", aliases=["Putin"]
    )
    zelenskyy = LeaderFactory(
        name="Volodymyr Zelenskyy", slug="volodymyr-zelenskyy", country="UA", aliases=["Zelensky"]
    )
    macron = LeaderFactory(name="Emmanuel Macron", slug="emmanuel-macron")
    OfficeHeldFactory(leader=macron)
    kim = LeaderFactory(name="Kim Jong Un", slug="kim-jong-un", country="KP")
    return [putin, zelenskyy, macron, kim]


@given(
    text=st.one_of(article_texts(), hostile_text()),
    published_on=st.one_of(st.none(), st.dates()),
)
def test_every_proposal_stands_in_the_article_where_it_says(leaders, text, published_on):
    proposals = propose_candidates(text=text, published_on=published_on)
    article = normalise_newlines(text)
    event("proposals" if proposals else "no proposal")
    for proposal in proposals:
        previous_end = 0
        for start, end in proposal.parts:
            assert previous_end <= start < end <= len(article)
            previous_end = end
        assert proposal.place.quote == article[proposal.start : proposal.end]
        # What the save step checks again, so what was proposed can be saved.
        assert quote_is_in_article(article, proposal.text, proposal.parts)
        if proposal.written_name:
            assert name_is_in_article(article, proposal.written_name)
        assert proposal.speaker is None or proposal.speaker in leaders
        assert proposal.kind in Statement.Kind.values
        assert proposal.channel in Statement.Channel.values
        assert proposal.date_said == published_on
        assert 0 <= proposal.confidence <= 1
        assert len(proposal.context) <= CONTEXT_MAX_CHARS
        assert len(proposal.relayed_by) <= 200 and len(proposal.channel_detail) <= 200


def snapshot() -> tuple:
    """The parts of the record an import writes: counts, and every leader's names."""
    return (
        Source.objects.count(),
        Statement.objects.count(),
        Citation.objects.count(),
        list(Leader.objects.order_by("pk").values_list("pk", "name", "slug", "aliases")),
    )


def is_success(response) -> bool:
    """Sent to the list of the drafts just saved (not back to the first step, say)."""
    if response.status_code != 302:
        return False
    address = urlsplit(response.url)
    return address.path == CHANGELIST and "id__in" in parse_qs(address.query)


def check_all_or_nothing(client, data):
    """Post `data` to the review step inside a savepoint rolled back afterwards, so that
    every example starts from the same record."""
    with transaction.atomic():
        before = snapshot()
        response = client.post(REVIEW, data)
        assert response.status_code < 500
        event(f"status {response.status_code}")
        if is_success(response):
            ids = parse_qs(urlsplit(response.url).query)["id__in"][0].split(",")
            saved = Statement.objects.filter(pk__in=ids)
            assert saved.count() == len(ids)
            # Each statement saved is cited from the article: none half-saved.
            assert all(statement.citations.exists() for statement in saved)
        else:
            assert snapshot() == before
        transaction.set_rollback(True)
    return response


def tick_every_attributed_quotation(response) -> tuple[dict, int]:
    """The review form with every quotation that names a speaker ticked, the leaders not
    in the record to be created; and how many were ticked."""
    data = review_data(response)
    ticked = 0
    for form in response.context["formset"].forms:
        named = form["speaker"].value() or str(form["new_speaker_name"].value() or "").strip()
        data.pop(f"{form.prefix}-include", None)
        if named:
            data[f"{form.prefix}-include"] = "on"
            data[f"{form.prefix}-create_speaker"] = "on"
            ticked += 1
    return data, ticked


@given(text=article_texts())
def test_any_pasted_article_gives_a_review_whose_quotations_save_whole(
    editor_client, leaders, text
):
    response = editor_client.post(STEP_1, article_data(text=text))
    assert response.status_code == 200
    if "formset" not in response.context:
        return
    data, ticked = tick_every_attributed_quotation(response)
    response = check_all_or_nothing(editor_client, data)
    if ticked:
        # What the assistant proposed, the save accepts.
        assert is_success(response), [str(m) for m in response.context["messages"]]


@pytest.fixture
def valid_review(editor_client, leaders) -> dict:
    """The review form of a real article as the page sends it back, every quotation ticked,
    each with its speaker or a leader to create."""
    response = open_review(editor_client)
    data = review_data(response)
    for form in response.context["formset"].forms:
        data[f"{form.prefix}-include"] = "on"
        data[f"{form.prefix}-create_speaker"] = "on"
    return data


def field_values(name: str, leaders: list[Leader], article: str) -> st.SearchStrategy[str]:
    """Values for a field of the review form: valid, nearly valid or hostile, most often of
    the kind the field expects (an id for a leader, a date for a date …)."""
    offsets = st.integers(min_value=-2, max_value=len(article) + 2)
    place = st.builds(lambda start, end: f"{start}-{end}", offsets, offsets)
    ids = st.one_of(
        st.sampled_from([str(leader.pk) for leader in leaders]),
        st.sampled_from(NEAR_VALID_NUMBERS),
        # Around and beyond the database's largest integer.
        st.integers(min_value=2**63 - 2, max_value=2**64).map(str),
    )
    dates = st.one_of(
        st.sampled_from(NEAR_VALID_DATES),
        st.dates().map(datetime.date.isoformat),
    )
    by_field = {
        "speaker": ids,
        "mentions": ids,
        "date_said": dates,
        "published_on": dates,
        "parts": st.one_of(place, st.lists(place, max_size=25).map(";".join)),
        "include": st.sampled_from(["on", "", "off", "false", "0"]),
        "create_speaker": st.sampled_from(["on", "", "off", "false", "0"]),
        "kind": st.sampled_from([*Statement.Kind.values, *Source.Kind.values]),
        "channel": st.sampled_from(Statement.Channel.values),
        "confidence": st.sampled_from(["0", "0.5", "1", "1.5", "-1", "nan", "inf", "1e308"]),
        "url": st.sampled_from(
            ["https://example.com/a", "javascript:alert(1)", "ftp://x", "//x", "http://[::1"]
        ),
        "text": st.one_of(
            st.builds(lambda start, end: article[start:end], offsets, offsets),
            st.just("x" * (MAX_TEXT_CHARS + 1)),
        ),
        "FORMS": st.sampled_from(NEAR_VALID_NUMBERS),
        "action": st.sampled_from(["paste", "fetch", "tick_confident", "save"]),
    }
    suffix = name.rsplit("-", 1)[-1]
    fitting = by_field.get("FORMS" if suffix.endswith("_FORMS") else suffix)
    anything = st.one_of(*by_field.values(), percent_garbage(), hostile_text())
    return anything if fitting is None else evenly(fitting, anything)


@given(data=st.data())
def test_any_change_to_a_review_saves_whole_or_not_at_all(editor_client, valid_review, data):
    leaders = list(Leader.objects.order_by("pk"))
    article = valid_review["source-text"]
    forms = int(valid_review["candidates-TOTAL_FORMS"])
    candidate_fields = sorted(
        {name.split("-", 2)[2] for name in valid_review if re.match(r"candidates-\d+-", name)}
    )
    source_and_management_fields = sorted(
        name for name in valid_review if not re.match(r"candidates-\d", name)
    )
    names = evenly(
        # Half the time a field of one of the quotations (or of one past the last), each
        # kind of field as likely as another; else any other field, or a made-up one.
        st.builds(
            "candidates-{}-{}".format,
            st.integers(min_value=0, max_value=forms),
            st.sampled_from(candidate_fields),
        ),
        st.one_of(
            st.sampled_from(source_and_management_fields),
            st.just("action"),
            st.text(alphabet=ANY_CHARACTER, max_size=20),
        ),
    )
    posted = dict(valid_review)
    for _ in range(data.draw(st.integers(min_value=1, max_value=6), label="changes")):
        name = data.draw(names, label="field")
        change = data.draw(st.sampled_from(["set", "remove", "repeat"]), label="change")
        if change == "remove":
            posted.pop(name, None)
            continue
        value = data.draw(field_values(name, leaders, article), label="value")
        if change == "repeat":
            existing = posted.get(name, [])
            posted[name] = [*(existing if isinstance(existing, list) else [existing]), value]
        else:
            posted[name] = value
    check_all_or_nothing(editor_client, posted)


def test_the_unchanged_review_saves(editor_client, valid_review):
    """The changes above are tried on a review that, unchanged, saves: so a failure of the
    save itself cannot pass for "nothing saved"."""
    response = editor_client.post(REVIEW, valid_review)
    assert is_success(response)
    assert Statement.objects.filter(status=Statement.Status.DRAFT).count() == 4
    assert datetime.date(2025, 6, 4) in set(Statement.objects.values_list("date_said", flat=True))


UNDO = reverse("admin:quotes_statement_import_alias_undo")


@given(data=st.data())
def test_any_undo_of_a_learnt_spelling_removes_that_one_alias_or_nothing(
    editor_client, leaders, data
):
    putin = leaders[0]
    putin.aliases = ["Putin", "PUTIN", "Vladimir Vladimirovich"]
    putin.save(update_fields=["aliases"])
    posted = {
        "leader": data.draw(
            evenly(
                st.sampled_from([str(leader.pk) for leader in leaders]),
                st.sampled_from(NEAR_VALID_NUMBERS),
                hostile_text(),
            ),
            label="leader",
        ),
        "alias": data.draw(evenly(st.sampled_from(putin.aliases), hostile_text()), label="alias"),
        "next": data.draw(
            evenly(
                st.sampled_from(["/admin/", "https://evil.example/", "//evil.example/", ""]),
                hostile_text(),
            ),
            label="next",
        ),
    }
    for name in data.draw(st.sets(st.sampled_from(sorted(posted))), label="left out"):
        del posted[name]
    with transaction.atomic():
        before = dict(Leader.objects.values_list("pk", "aliases"))
        response = editor_client.post(UNDO, posted)
        assert response.status_code == 302
        # Back to a page of this site, never to another (browsers read "\\" as "/").
        target = urlsplit(response.url.replace("\\", "/"))
        assert target.scheme in ("", "http") and target.netloc in ("", "testserver")
        after = dict(Leader.objects.values_list("pk", "aliases"))
        changed = [pk for pk in before if before[pk] != after[pk]]
        assert changed in ([], [putin.pk])
        if changed:
            assert after[putin.pk] == [a for a in before[putin.pk] if a != posted["alias"].strip()]
        transaction.set_rollback(True)
