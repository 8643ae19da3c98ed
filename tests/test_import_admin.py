"""The editors' "Import from article" pages, driven through the test client end to end."""

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from quotes.editorial import article_fetch
from quotes.editorial.admin_import import CandidateForm, SourceForm
from quotes.editorial.import_limits import (
    CANDIDATE_SINGLE_FIELDS,
    CANDIDATE_TEXT_CHARS,
    MAX_CANDIDATES,
    MAX_PROPOSED_MENTIONS,
    MAX_TEXT_CHARS,
)
from quotes.models import Citation, Leader, Source, Statement
from tests.factories import LeaderFactory, SourceFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "import"
ARTICLE_URL = "https://wire.example.com/world/2025/06/04/zelenskyy-winter-strikes"
STEP_1 = reverse("admin:quotes_statement_import")
REVIEW = reverse("admin:quotes_statement_import_review")
ARTICLE = (
    "Ukrainian President Volodymyr Zelenskyy warned on Wednesday that Russia was preparing a "
    "new wave of strikes on the country’s power grid before the winter.\r\n"
    "\r\n"
    "“We will not let them,” Zelenskyy said in his nightly video address, “and our partners "
    "know exactly what is needed.”\r\n"
    "\r\n"
    "French President Emmanuel Macron, speaking at a press conference in Paris, said: “Europe "
    "will stand with Ukraine for as long as it takes, and it will pay for the air defence it "
    "promised.”\r\n"
    "\r\n"
    "Hungarian Prime Minister Viktor Orbán told reporters: “The ministers have agreed on a new "
    "package of air defence systems for Ukraine.”\r\n"
    "\r\n"
    "According to the state news agency KCNA, North Korean leader Kim Jong Un said his country "
    "would “always stand by the Russian people in their just struggle”.\r\n"
)
MACRON_WORDS = (
    "Europe will stand with Ukraine for as long as it takes, and it will pay for the air "
    "defence it promised."
)


@pytest.fixture
def leaders(db):
    return {
        "zelenskyy": LeaderFactory(
            name="Volodymyr Zelenskyy", slug="volodymyr-zelenskyy", aliases=["Zelensky"]
        ),
        "macron": LeaderFactory(name="Emmanuel Macron", slug="emmanuel-macron"),
        "putin": LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU"),
        "kim": LeaderFactory(
            name="Kim Jong Un", slug="kim-jong-un", country="KP", aliases=["Kim Jong-un"]
        ),
    }


def article_data(**changes) -> dict:
    data = {
        "url": ARTICLE_URL + "?utm_source=newsletter",
        "title": "Zelenskyy warns of winter strikes as Europe pledges air defence",
        "publisher": "Example Wire",
        "published_on": "2025-06-04",
        "author": "",
        "kind": "news",
        "text": ARTICLE,
        "action": "paste",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def form_values(form) -> dict:
    """What a browser would send for an unbound or bound form, as the page shows it."""
    data = {}
    for bound in form:
        value = bound.value()
        name = bound.html_name
        if isinstance(value, bool) or bound.widget_type == "checkbox":
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(value)
    return data


def review_data(response) -> dict:
    """The review page's form, submitted as it stands."""
    context = response.context
    formset = context["formset"]
    data = form_values(context["source_form"])
    data.update(
        {
            "candidates-TOTAL_FORMS": str(formset.total_form_count()),
            "candidates-INITIAL_FORMS": "0",
            "candidates-MIN_NUM_FORMS": "0",
            "candidates-MAX_NUM_FORMS": "1000",
        }
    )
    for form in formset.forms:
        data.update(form_values(form))
    return data


def candidate_index(response, words: str) -> int:
    for index, form in enumerate(response.context["formset"].forms):
        if words in form["text"].value():
            return index
    raise AssertionError(f"no candidate with {words!r}")


def open_review(client, **changes):
    response = client.post(STEP_1, article_data(**changes))
    assert response.status_code == 200
    assert "formset" in response.context, [str(m) for m in response.context["messages"]]
    return response


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def record_counts() -> tuple[int, int, int, int]:
    return (
        Source.objects.count(),
        Statement.objects.count(),
        Citation.objects.count(),
        Leader.objects.count(),
    )


class TestAccess:
    @pytest.mark.parametrize(
        "url",
        [reverse("admin:quotes_statement_changelist"), reverse("admin:quotes_source_changelist")],
    )
    def test_the_statement_and_source_lists_link_to_the_import(self, editor_client, url):
        response = editor_client.get(url)
        assert response.status_code == 200
        assert f'href="{STEP_1}"' in response.content.decode()
        assert "Import from article" in response.content.decode()

    def test_the_first_step_looks_like_the_admin(self, editor_client):
        response = editor_client.get(STEP_1 + "?url=https://example.com/a")
        page = response.content.decode()
        assert response.status_code == 200
        assert '<div class="breadcrumbs">' in page
        assert reverse("admin:quotes_statement_changelist") in page
        assert 'value="https://example.com/a"' in page
        assert "csrfmiddlewaretoken" in page

    @pytest.mark.parametrize("url", [STEP_1, REVIEW])
    def test_an_anonymous_visitor_is_sent_to_the_login_page(self, client, url):
        response = client.post(url, article_data()) if url == REVIEW else client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
        assert not Source.objects.exists()

    def test_a_user_who_is_not_staff_is_sent_to_the_login_page(self, client, outsider):
        client.force_login(outsider)
        response = client.get(STEP_1)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))

    @pytest.mark.parametrize(
        "codenames", [[], ["add_statement"], ["add_source"]], ids=["none", "no-source", "no-stmt"]
    )
    def test_staff_without_both_add_permissions_are_refused(self, client, codenames):
        user = UserFactory(is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        client.force_login(user)
        assert client.get(STEP_1).status_code == 403
        assert client.post(STEP_1, article_data()).status_code == 403
        assert client.post(REVIEW, article_data()).status_code == 403

    def test_the_changelist_hides_the_link_from_staff_who_cannot_import(self, client):
        user = UserFactory(is_staff=True)
        user.user_permissions.set(
            Permission.objects.filter(codename__in=["view_statement", "add_statement"])
        )
        client.force_login(user)
        response = client.get(reverse("admin:quotes_statement_changelist"))
        assert response.status_code == 200
        assert STEP_1 not in response.content.decode()

    def test_posts_without_the_csrf_token_are_refused(self, editor, leaders):
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        assert client.post(STEP_1, article_data()).status_code == 403
        assert client.post(REVIEW, article_data()).status_code == 403

    def test_the_review_step_answers_only_posts(self, editor_client):
        assert editor_client.get(REVIEW).status_code == 405


class TestArticleStep:
    def test_a_bad_date_is_an_error_on_the_form(self, editor_client, leaders):
        response = editor_client.post(STEP_1, article_data(published_on="4th of June"))
        assert response.status_code == 200
        assert response.context["form"].errors["published_on"]
        assert "formset" not in response.context

    def test_a_future_publication_date_is_refused(self, editor_client, leaders):
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        response = editor_client.post(STEP_1, article_data(published_on=tomorrow.isoformat()))
        assert "future" in str(response.context["form"].errors["published_on"])

    def test_pasting_empty_text_asks_for_the_text(self, editor_client, leaders):
        response = editor_client.post(STEP_1, article_data(text="   \r\n  "))
        assert response.status_code == 200
        assert "Paste the article" in str(response.context["form"].errors["text"])

    def test_pasted_text_needs_its_title_outlet_and_date(self, editor_client, leaders):
        response = editor_client.post(STEP_1, article_data(title="", publisher="", published_on=""))
        errors = response.context["form"].errors
        assert {"title", "publisher", "published_on"} <= set(errors)

    def test_a_non_web_address_is_refused(self, editor_client, leaders):
        response = editor_client.post(STEP_1, article_data(url="javascript:alert(1)"))
        assert response.context["form"].errors["url"]

    def test_text_without_quotations_goes_back_with_a_message(self, editor_client, leaders):
        response = editor_client.post(
            STEP_1, article_data(text="The talks will continue next week in Brussels.")
        )
        assert response.status_code == 200
        assert "formset" not in response.context
        assert any("No quotation was found" in message for message in messages_of(response))

    def test_an_article_in_another_language_is_announced(self, editor_client, leaders):
        text = (
            "Le président a défendu la filière nucléaire devant les salariés de la centrale. "
            "« Le nucléaire est une filière d'avenir », a déclaré Volodymyr Zelensky, qui "
            "a rappelé que la France produit une grande partie de son électricité grâce à ses "
            "réacteurs et que des milliers d'emplois en dépendent dans toutes les régions."
        )
        response = editor_client.post(STEP_1, article_data(text=text))
        assert any("does not read as English" in message for message in messages_of(response))

    def test_an_english_article_is_not_announced_as_foreign(self, editor_client, leaders):
        response = open_review(editor_client)
        assert not any("does not read as English" in m for m in messages_of(response))

    def test_the_review_shows_each_quotation_in_its_sentence(self, editor_client, leaders):
        response = open_review(editor_client)
        page = response.content.decode()
        formset = response.context["formset"]
        assert len(formset.forms) == 4
        number = candidate_index(response, "Europe will stand") + 1
        assert "<mark>Europe will stand with Ukraine" in page
        # In the article, the quotation is highlighted and numbered where it stands.
        assert (
            "speaking at a press conference in Paris, said: “"
            f'<a href="#candidate-{number}" class="import-quote" id="quote-{number}">'
        ) in page
        assert "Paragraph 3" in page
        macron = formset.forms[candidate_index(response, "Europe will stand")]
        assert macron["speaker"].value() == leaders["macron"].pk
        assert macron["include"].value() is True
        assert macron["date_said"].value() == datetime.date(2025, 6, 4)
        assert macron["channel"].value() == Statement.Channel.PRESS_CONFERENCE
        assert macron["kind"].value() == Statement.Kind.DIRECT

    def test_an_unknown_speaker_is_offered_as_a_new_leader_and_left_unticked(
        self, editor_client, leaders
    ):
        response = open_review(editor_client)
        orban = response.context["formset"].forms[candidate_index(response, "The ministers")]
        assert orban["speaker"].value() is None
        assert orban["new_speaker_name"].value() == "Viktor Orbán"
        assert orban["include"].value() is False
        assert "“Viktor Orbán” is not in the record" in response.content.decode()
        assert "Create this leader" in response.content.decode()

    def test_a_quotation_already_in_the_record_is_marked_and_unticked(self, editor_client, leaders):
        existing = StatementFactory(
            speaker=leaders["macron"],
            text="Europe will stand with Ukraine for as long as it takes and it will pay for "
            "the air defence it promised",
            date_said=datetime.date(2025, 6, 3),
        )
        response = open_review(editor_client)
        macron = response.context["formset"].forms[candidate_index(response, "Europe will")]
        assert macron["include"].value() is False
        page = response.content.decode()
        assert "may already be in the record" in page
        assert reverse("admin:quotes_statement_change", args=[existing.pk]) in page

    def test_an_article_already_in_the_record_is_announced(self, editor_client, leaders):
        source = SourceFactory(url=ARTICLE_URL)
        response = open_review(editor_client)
        assert any("already a source" in message for message in messages_of(response))
        assert reverse("admin:quotes_source_change", args=[source.pk]) in response.content.decode()


class TestFetching:
    def test_only_a_url_fetches_the_page_and_fills_in_its_details(
        self, editor_client, leaders, monkeypatch
    ):
        html = (DATA / "article-air-defence.html").read_bytes()
        asked = []

        def saved_page(url, **kwargs):
            asked.append(url)
            return ARTICLE_URL, html

        monkeypatch.setattr(article_fetch, "download", saved_page)
        response = editor_client.post(STEP_1, {"url": ARTICLE_URL, "kind": "news"})
        assert asked == [ARTICLE_URL]
        source_form = response.context["source_form"]
        assert source_form["title"].value() == (
            "Zelenskyy warns of winter strikes as Europe pledges air defence"
        )
        assert source_form["publisher"].value() == "Example Wire"
        assert source_form["published_on"].value() == datetime.date(2025, 6, 4)
        assert "Europe will stand with Ukraine" in source_form["text"].value()
        found = [form["text"].value() for form in response.context["formset"].forms]
        assert any(words.startswith("Europe will stand with Ukraine") for words in found)

        # And the fetched article saves like a pasted one.
        response = editor_client.post(REVIEW, review_data(response))
        assert response.status_code == 302
        assert Source.objects.get().text.startswith("Zelenskyy warns of winter strikes")

    def test_details_the_editor_gave_win_over_the_page(self, editor_client, leaders, monkeypatch):
        html = (DATA / "article-air-defence.html").read_bytes()
        monkeypatch.setattr(article_fetch, "download", lambda url, **kw: (url, html))
        response = editor_client.post(
            STEP_1, {"url": ARTICLE_URL, "kind": "news", "publisher": "Wire", "action": "fetch"}
        )
        assert response.context["source_form"]["publisher"].value() == "Wire"

    def test_a_failed_fetch_says_why_and_keeps_the_form(self, editor_client, monkeypatch):
        def unreachable(url, **kwargs):
            raise article_fetch.FetchError("The site wire.example.com could not be found.")

        monkeypatch.setattr(article_fetch, "download", unreachable)
        response = editor_client.post(STEP_1, {"url": ARTICLE_URL, "kind": "news"})
        assert response.status_code == 200
        assert response.context["form"]["url"].value() == ARTICLE_URL
        assert any(
            "could not be fetched" in message and "could not be found" in message
            for message in messages_of(response)
        )

    def test_a_page_without_article_text_says_so(self, editor_client, monkeypatch):
        html = (DATA / "no-article-text.html").read_text()
        monkeypatch.setattr(article_fetch, "download", lambda url, **kw: (url, html))
        response = editor_client.post(STEP_1, {"url": ARTICLE_URL, "kind": "news"})
        assert response.status_code == 200
        assert any("No article text was found" in message for message in messages_of(response))

    def test_a_page_without_a_date_asks_for_it(self, editor_client, leaders, monkeypatch):
        html = (DATA / "article-air-defence.html").read_text()
        html = html.replace("2025-06-04T18:20:00Z", "").replace("4 June 2025", "")
        html = html.replace("/2025/06/04/", "/")
        monkeypatch.setattr(article_fetch, "download", lambda url, **kw: (url, html))
        response = editor_client.post(STEP_1, {"url": "https://wire.example.com/a", "kind": "news"})
        assert any("publication date" in message for message in messages_of(response))
        data = review_data(response)
        response = editor_client.post(REVIEW, data)
        assert response.status_code == 200
        assert response.context["source_form"].errors["published_on"]
        assert not Statement.objects.exists()


class TestSaving:
    def test_saving_creates_the_source_and_the_ticked_quotations_as_drafts(
        self, editor_client, editor, leaders
    ):
        response = editor_client.post(REVIEW, review_data(open_review(editor_client)))
        assert response.status_code == 302
        source = Source.objects.get()
        assert source.url == ARTICLE_URL  # tracking parameters gone
        assert source.publisher == "Example Wire"
        assert source.published_on == datetime.date(2025, 6, 4)
        assert "\r" not in source.text

        statements = Statement.objects.order_by("id")
        assert [s.speaker.name for s in statements] == [
            "Volodymyr Zelenskyy",
            "Emmanuel Macron",
            "Kim Jong Un",
        ]
        assert {s.status for s in statements} == {Statement.Status.DRAFT}
        assert {s.created_by for s in statements} == {editor}
        interrupted, macron, kim = statements
        assert (
            interrupted.text
            == "We will not let them, and our partners know exactly what is needed."
        )
        assert macron.text == MACRON_WORDS
        assert macron.channel == Statement.Channel.PRESS_CONFERENCE
        assert kim.kind == Statement.Kind.PARTIAL

        citation = macron.citations.get()
        assert citation.source == source
        assert citation.locator == "paragraph 3"
        assert citation.excerpt == (
            "French President Emmanuel Macron, speaking at a press conference in Paris, said: "
            f"“{MACRON_WORDS}”"
        )
        # The editor lands on the list of the drafts just made.
        assert response.url.startswith(reverse("admin:quotes_statement_changelist"))
        changelist = editor_client.get(response.url)
        assert changelist.status_code == 200
        assert set(changelist.context["cl"].result_list) == set(statements)
        assert any("3 draft statement(s) created" in m for m in messages_of(changelist))

    def test_the_editor_changes_the_speaker_kind_channel_and_mentions(self, editor_client, leaders):
        response = open_review(editor_client)
        data = review_data(response)
        index = candidate_index(response, "Europe will stand")
        data[f"candidates-{index}-speaker"] = str(leaders["putin"].pk)
        data[f"candidates-{index}-kind"] = "partial"
        data[f"candidates-{index}-channel"] = "speech"
        data[f"candidates-{index}-channel_detail"] = "Élysée press conference"
        data[f"candidates-{index}-relayed_by"] = "Élysée"
        data[f"candidates-{index}-mentions"] = [str(leaders["zelenskyy"].pk)]
        data[f"candidates-{index}-date_said"] = "2025-06-03"
        assert editor_client.post(REVIEW, data).status_code == 302
        statement = Statement.objects.get(text=MACRON_WORDS)
        assert statement.speaker == leaders["putin"]
        assert (statement.kind, statement.channel) == ("partial", "speech")
        assert (statement.channel_detail, statement.relayed_by) == (
            "Élysée press conference",
            "Élysée",
        )
        assert list(statement.mentions.all()) == [leaders["zelenskyy"]]
        assert statement.date_said == datetime.date(2025, 6, 3)

    def test_a_second_submit_of_the_same_form_creates_no_duplicates(self, editor_client, leaders):
        data = review_data(open_review(editor_client))
        assert editor_client.post(REVIEW, data).status_code == 302
        before = record_counts()
        ids = set(Statement.objects.values_list("id", flat=True))
        response = editor_client.post(REVIEW, data, follow=True)
        assert response.status_code == 200
        assert record_counts() == before
        assert set(response.context["cl"].result_list) == set(Statement.objects.filter(id__in=ids))
        assert any("already in the record" in m for m in messages_of(response))

    def test_an_article_already_a_source_is_reused(self, editor_client, leaders):
        source = SourceFactory(url=ARTICLE_URL + "/", title="Old title", text="")
        assert (
            editor_client.post(REVIEW, review_data(open_review(editor_client))).status_code == 302
        )
        assert Source.objects.get() == source
        source.refresh_from_db()
        assert source.title == "Old title"
        assert "Europe will stand" in source.text  # a blank detail is filled in
        assert Citation.objects.filter(source=source).count() == 3

    def test_creating_the_leader_named_in_the_article(self, editor_client, leaders):
        LeaderFactory(name="V. Orbán", slug="viktor-orban")  # the slug is taken
        response = open_review(editor_client)
        data = review_data(response)
        index = candidate_index(response, "The ministers")
        data[f"candidates-{index}-include"] = "on"
        data[f"candidates-{index}-create_speaker"] = "on"
        response = editor_client.post(REVIEW, data, follow=True)
        orban = Leader.objects.get(name="Viktor Orbán")
        assert orban.slug == "viktor-orban-2"
        assert orban.statements.get().text.startswith("The ministers have agreed")
        assert any("New leader" in m for m in messages_of(response))
        # Submitting again reuses the leader just made.
        editor_client.post(REVIEW, data)
        assert Leader.objects.filter(name="Viktor Orbán").count() == 1

    def test_a_ticked_unknown_speaker_must_be_chosen_or_created(self, editor_client, leaders):
        response = open_review(editor_client)
        data = review_data(response)
        index = candidate_index(response, "The ministers")
        data[f"candidates-{index}-include"] = "on"
        response = editor_client.post(REVIEW, data)
        assert response.status_code == 200
        assert response.context["formset"].forms[index].errors["speaker"]
        assert record_counts()[:3] == (0, 0, 0)

    def test_a_candidate_whose_speaker_was_cleared_is_an_error(self, editor_client, leaders):
        response = open_review(editor_client)
        data = review_data(response)
        index = candidate_index(response, "Europe will stand")
        data[f"candidates-{index}-speaker"] = ""
        response = editor_client.post(REVIEW, data)
        assert response.status_code == 200
        assert "Choose who said this" in str(response.context["formset"].forms[index].errors)
        assert "Please correct the errors below." in messages_of(response)
        # The page is shown again with its sentences.
        assert "<mark>Europe will stand with Ukraine" in response.content.decode()
        assert not Statement.objects.exists()

    def test_an_unticked_candidate_is_not_checked_nor_saved(self, editor_client, leaders):
        response = open_review(editor_client)
        data = review_data(response)
        index = candidate_index(response, "Europe will stand")
        del data[f"candidates-{index}-include"]
        data[f"candidates-{index}-date_said"] = "not a date"
        data[f"candidates-{index}-speaker"] = ""
        assert editor_client.post(REVIEW, data).status_code == 302
        assert not Statement.objects.filter(text=MACRON_WORDS).exists()
        assert Statement.objects.count() == 2

    def test_nothing_ticked_is_an_error(self, editor_client, leaders):
        data = review_data(open_review(editor_client))
        for name in [name for name in data if name.endswith("-include")]:
            del data[name]
        response = editor_client.post(REVIEW, data)
        assert response.status_code == 200
        assert "Tick at least one quotation" in response.content.decode()

    @pytest.mark.parametrize(
        "value, message",
        [("yesterday", "YYYY-MM-DD"), ("2999-01-01", "cannot be in the future"), ("", "")],
    )
    def test_a_bad_date_said_is_an_error(self, editor_client, leaders, value, message):
        response = open_review(editor_client)
        data = review_data(response)
        index = candidate_index(response, "Europe will stand")
        data[f"candidates-{index}-date_said"] = value
        response = editor_client.post(REVIEW, data)
        assert response.status_code == 200
        assert message in str(response.context["formset"].forms[index].errors["date_said"])
        assert not Statement.objects.exists()


class TestTamperedReview:
    def post_changed(self, client, changes: dict, remove: tuple = ()):
        response = open_review(client)
        data = review_data(response)
        index = candidate_index(response, "Europe will stand")
        for name, value in changes.items():
            data[name.format(i=index)] = value
        for name in remove:
            data.pop(name.format(i=index), None)
        response = client.post(REVIEW, data)
        assert response.status_code == 200
        assert record_counts()[:3] == (0, 0, 0)
        return response, index

    def test_words_changed_in_the_hidden_field_are_refused(self, editor_client, leaders):
        response, index = self.post_changed(
            editor_client, {"candidates-{i}-text": "Europe will abandon Ukraine."}
        )
        assert "not in the article text" in str(response.context["formset"].forms[index].errors)

    def test_offsets_changed_are_refused(self, editor_client, leaders):
        response, index = self.post_changed(editor_client, {"candidates-{i}-parts": "0-20"})
        assert "not in the article text" in str(response.context["formset"].forms[index].errors)

    @pytest.mark.parametrize("parts", ["abc", "5-", "-1-4", "9999999-99999999", ""])
    def test_garbled_offsets_are_refused(self, editor_client, leaders, parts):
        response, index = self.post_changed(editor_client, {"candidates-{i}-parts": parts})
        assert response.context["formset"].forms[index].errors

    def test_the_article_text_changed_is_refused(self, editor_client, leaders):
        response, _ = self.post_changed(
            editor_client, {"source-text": ARTICLE.replace("Europe will", "Europe shall")}
        )
        assert "not in the article text" in response.content.decode()

    def test_an_unknown_speaker_id_is_refused(self, editor_client, leaders):
        response, index = self.post_changed(editor_client, {"candidates-{i}-speaker": "999999"})
        assert response.context["formset"].forms[index].errors["speaker"]

    # "²" is a digit to str.isdigit() but not to int(): it was a server error.
    @pytest.mark.parametrize("value", ["1; --", "²"])
    @pytest.mark.parametrize("field", ["speaker", "mentions"])
    def test_a_garbled_leader_id_is_refused(self, editor_client, leaders, field, value):
        response, index = self.post_changed(editor_client, {f"candidates-{{i}}-{field}": value})
        assert response.context["formset"].forms[index].errors[field]

    @pytest.mark.parametrize("value", [str(2**63), "9" * 40])
    @pytest.mark.parametrize("field", ["speaker", "mentions"])
    def test_a_leader_id_beyond_the_databases_integers_is_refused(
        self, editor_client, leaders, field, value
    ):
        # SQLite raised an OverflowError (a server error) for such an id, found by
        # tests/test_properties_import.py.
        response, index = self.post_changed(editor_client, {f"candidates-{{i}}-{field}": value})
        assert response.context["formset"].forms[index].errors[field]

    @pytest.mark.parametrize("value", ["very", "7", "-1"])
    def test_a_garbled_confidence_is_refused(self, editor_client, leaders, value):
        response, index = self.post_changed(editor_client, {"candidates-{i}-confidence": value})
        assert response.context["formset"].forms[index].errors["confidence"]

    def test_a_speaker_name_that_is_not_in_the_article_is_refused(self, editor_client, leaders):
        response, index = self.post_changed(
            editor_client, {"candidates-{i}-written_name": "Macaroon"}
        )
        errors = str(response.context["formset"].forms[index].errors)
        assert "name as written is not in the article" in errors
        assert not Leader.objects.filter(aliases__icontains="Macaroon").exists()

    def test_a_context_too_long_is_refused(self, editor_client, leaders):
        response, index = self.post_changed(editor_client, {"candidates-{i}-context": "x" * 5000})
        assert response.context["formset"].forms[index].errors["context"]
        # The folded fields open where something needs correcting.
        page = response.content.decode()
        assert '<details class="import-more" open>' in page

    def test_an_unknown_kind_or_channel_is_refused(self, editor_client, leaders):
        response, index = self.post_changed(
            editor_client, {"candidates-{i}-kind": "rumour", "candidates-{i}-channel": "dream"}
        )
        assert set(response.context["formset"].forms[index].errors) == {"kind", "channel"}

    def test_a_missing_management_form_is_refused(self, editor_client, leaders):
        response, _ = self.post_changed(editor_client, {}, remove=("candidates-TOTAL_FORMS",))
        assert any("incomplete or altered" in m for m in messages_of(response))

    def test_too_many_forms_are_refused(self, editor_client, leaders):
        response, _ = self.post_changed(editor_client, {"candidates-TOTAL_FORMS": "100000"})
        assert response.context["formset"].non_form_errors()

    def test_a_missing_url_is_refused(self, editor_client, leaders):
        response, _ = self.post_changed(editor_client, {"source-url": ""})
        assert response.context["source_form"].errors["url"]


class TestAllOrNothing:
    def test_a_database_error_mid_save_leaves_nothing_behind(
        self, editor_client, leaders, monkeypatch
    ):
        response = open_review(editor_client)
        data = review_data(response)
        index = candidate_index(response, "The ministers")
        data[f"candidates-{index}-include"] = "on"
        data[f"candidates-{index}-create_speaker"] = "on"
        before = record_counts()
        real_create = Citation.objects.get_or_create
        calls = []

        def failing_on_the_third(*args, **kwargs):
            calls.append(1)
            if len(calls) == 3:
                raise DatabaseError("disk full")
            return real_create(*args, **kwargs)

        monkeypatch.setattr(Citation.objects, "get_or_create", failing_on_the_third)
        response = editor_client.post(REVIEW, data)
        assert response.status_code == 200
        assert any("Nothing was saved" in m for m in messages_of(response))
        assert len(calls) == 3
        assert record_counts() == before
        assert not Leader.objects.filter(name="Viktor Orbán").exists()

        # Once the database is back, the same form saves.
        monkeypatch.undo()
        assert editor_client.post(REVIEW, data).status_code == 302
        assert Statement.objects.count() == 4


class TestReviewScreen:
    def test_the_article_is_shown_escaped_with_each_quotation_numbered(
        self, editor_client, leaders
    ):
        article = ARTICLE.replace("in Paris", "in <b>Paris</b> & Berlin")
        response = open_review(editor_client, text=article)
        page = response.content.decode()
        assert "in &lt;b&gt;Paris&lt;/b&gt; &amp; Berlin" in page
        assert "<b>Paris</b>" not in page
        forms = response.context["formset"].forms
        for number in range(1, len(forms) + 1):
            # The highlight leads to the row, and the row's number back to the highlight.
            assert f'href="#candidate-{number}" class="import-quote" id="quote-{number}"' in page
            assert f'<tbody id="candidate-{number}"' in page
            assert f'href="#quote-{number}"' in page
        # An interrupted quotation is highlighted part by part, numbered once.
        zelenskyy = candidate_index(response, "We will not let them") + 1
        assert page.count(f'href="#candidate-{zelenskyy}"') == 2
        assert page.count(f'id="quote-{zelenskyy}"') == 1

    def test_each_row_has_the_words_the_speaker_and_why_and_the_rest_folded(
        self, editor_client, leaders
    ):
        response = open_review(editor_client)
        page = response.content.decode()
        index = candidate_index(response, "Europe will stand")
        row = page[page.index(f'<tbody id="candidate-{index + 1}"') :]
        row = row[: row.index("</tbody>")]
        assert "Emmanuel Macron named before the quotation" in row
        confidence = response.context["formset"].forms[index]["confidence"].value()
        assert re.search(rf'class="import-confidence">\s*{confidence:.2f}', row)
        main, folded = row.split('<details class="import-more"')
        for field in ("speaker", "kind", "include"):
            assert f'name="candidates-{index}-{field}"' in main
        for field in ("channel", "relayed_by", "mentions", "date_said", "context"):
            assert f'name="candidates-{index}-{field}"' in folded
        assert "Press conference" in folded.split("</summary>")[0]

    def test_every_control_has_a_label(self, editor_client, leaders):
        page = open_review(editor_client).content.decode()
        controls = re.findall(r'<(?:input|select|textarea)[^>]*\bid="(id_candidates-[^"]+)"', page)
        hidden = set(re.findall(r'<input type="hidden"[^>]*id="(id_candidates-[^"]+)"', page))
        labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', page))
        assert controls
        assert [control for control in controls if control not in hidden | labelled] == []

    def test_no_inline_script_or_style(self, editor_client, leaders):
        page = open_review(editor_client).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
        assert "<style" not in page
        assert " onclick=" not in page
        assert "quotes/import_review.js" in page


class TestTickConfident:
    def test_the_button_shows_the_page_again_with_every_confident_quotation_ticked(
        self, editor_client, leaders
    ):
        response = open_review(editor_client)
        data = review_data(response)
        for name in [name for name in data if name.endswith("-include")]:
            del data[name]
        orban = candidate_index(response, "The ministers")
        data[f"candidates-{orban}-channel_detail"] = "Budapest briefing"
        data["action"] = "tick_confident"
        response = editor_client.post(REVIEW, data)
        assert response.status_code == 200
        assert not Statement.objects.exists()
        forms = response.context["formset"].forms
        assert all(form["include"].value() for form in forms)  # every one here is confident
        # What the editor changed is kept, and nothing is reported as an error yet.
        assert forms[orban]["channel_detail"].value() == "Budapest briefing"
        assert not any(form.errors for form in forms)
        assert any("4 more than before" in m for m in messages_of(response))

    def test_low_confidence_quotations_stay_unticked(self, editor_client, leaders):
        text = ARTICLE + "Moscow dismissed the plan as a “so-called peace initiative”.\r\n"
        response = open_review(editor_client, text=text)
        data = review_data(response)
        scare = candidate_index(response, "so-called")
        data["action"] = "tick_confident"
        response = editor_client.post(REVIEW, data)
        assert response.context["formset"].forms[scare]["include"].value() is False

    def test_the_ticked_page_saves_like_any_other(self, editor_client, leaders):
        response = open_review(editor_client)
        data = review_data(response)
        data["action"] = "tick_confident"
        ticked = editor_client.post(REVIEW, data)
        data = review_data(ticked)
        orban = candidate_index(ticked, "The ministers")
        data[f"candidates-{orban}-create_speaker"] = "on"
        assert editor_client.post(REVIEW, data).status_code == 302
        assert Statement.objects.count() == 4

    def test_a_garbled_form_goes_back_to_the_first_step(self, editor_client, leaders):
        response = editor_client.post(REVIEW, {"action": "tick_confident"}, follow=True)
        assert response.status_code == 200
        assert any("incomplete or altered" in m for m in messages_of(response))

    def test_garbled_values_are_shown_without_failing(self, editor_client, leaders):
        response = open_review(editor_client)
        data = review_data(response)
        data.update(
            {
                "action": "tick_confident",
                "candidates-0-confidence": "lots",
                "candidates-0-speaker": "abc",
                "candidates-0-parts": "x",
                "candidates-1-date_said": "someday",
                "source-published_on": "soon",
            }
        )
        response = editor_client.post(REVIEW, data)
        assert response.status_code == 200
        assert response.context["formset"].forms[0]["include"].value() is True

    @pytest.mark.parametrize("value", [str(2**63), "²"])
    @pytest.mark.parametrize("field", ["speaker", "mentions"])
    def test_an_overlarge_or_odd_leader_id_is_shown_without_failing(
        self, editor_client, leaders, field, value
    ):
        data = review_data(open_review(editor_client))
        data.update({"action": "tick_confident", f"candidates-0-{field}": value})
        response = editor_client.post(REVIEW, data)
        assert response.status_code == 200
        assert response.context["formset"].forms[0][field].value() in (value, [value])


class TestContext:
    def test_the_draft_gets_the_sentence_around_the_quotation_as_context(
        self, editor_client, leaders
    ):
        response = open_review(editor_client)
        kim = response.context["formset"].forms[candidate_index(response, "always stand")]
        assert kim["context"].value().startswith("According to the state news agency KCNA")
        assert editor_client.post(REVIEW, review_data(response)).status_code == 302
        statement = Statement.objects.get(speaker=leaders["kim"])
        assert statement.context == (
            "According to the state news agency KCNA, North Korean leader Kim Jong Un said his "
            "country would “always stand by the Russian people in their just struggle”."
        )

    def test_the_editor_rewords_the_context(self, editor_client, leaders):
        response = open_review(editor_client)
        data = review_data(response)
        index = candidate_index(response, "Europe will stand")
        data[f"candidates-{index}-context"] = "  On the air defence  Europe promised Ukraine. "
        assert editor_client.post(REVIEW, data).status_code == 302
        statement = Statement.objects.get(text=MACRON_WORDS)
        assert statement.context == "On the air defence Europe promised Ukraine."

    def test_the_guessed_channel_and_relay_are_offered(self, editor_client, leaders):
        response = open_review(editor_client)
        forms = response.context["formset"].forms
        zelenskyy = forms[candidate_index(response, "We will not let them")]
        assert zelenskyy["channel"].value() == Statement.Channel.SPEECH
        assert zelenskyy["channel_detail"].value() == "nightly video address"
        kim = forms[candidate_index(response, "always stand")]
        assert kim["relayed_by"].value() == "KCNA"


class TestLongArticles:
    """An article of any length: the most quotations a review shows can be saved at once."""

    @staticmethod
    def long_article(quotations: int) -> str:
        return "French President Emmanuel Macron spoke in Paris on Wednesday.\r\n" + "".join(
            f"“Sentence number {n} is here,” the president said.\r\n"
            for n in range(1, quotations + 1)
        )

    def test_a_review_of_the_most_quotations_is_shown_capped_and_saves_whole(self, editor, leaders):
        # Django's own limits, raised in settings, apply as in production: CsrfViewMiddleware
        # reads the posted form before the view does.
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        client.get(STEP_1)
        token = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
        response = client.post(STEP_1, {**article_data(text=self.long_article(320)), **token})

        forms = response.context["formset"].forms
        assert len(forms) == MAX_CANDIDATES
        assert forms[-1]["text"].value() == f"Sentence number {MAX_CANDIDATES} is here,"
        assert (
            f"The article holds 320 quotations; the first {MAX_CANDIDATES} are shown "
            f"(up to paragraph {MAX_CANDIDATES + 1}). Split the article to import the rest"
        ) in messages_of(response)[0]

        data = {**review_data(response), **token}
        posted_values = sum(len(v) if isinstance(v, list) else 1 for v in data.values())
        assert posted_values > 1000  # Django's default limit, which stopped such a review
        response = client.post(REVIEW, data)
        assert response.status_code == 302, response.content[:300]
        assert Statement.objects.filter(speaker=leaders["macron"]).count() == MAX_CANDIDATES
        assert Citation.objects.count() == MAX_CANDIDATES

    def test_django_s_request_limits_hold_the_largest_review_the_forms_allow(self):
        single_valued = [
            name
            for name, field in CandidateForm.base_fields.items()
            if not isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        ]
        assert len(single_valued) <= CANDIDATE_SINGLE_FIELDS
        page_fields = len(SourceForm.base_fields) + 4 + 2  # management form, token, button
        assert (
            settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            >= MAX_CANDIDATES * (len(single_valued) + MAX_PROPOSED_MENTIONS) + page_fields
        )

        free_text = sum(
            field.max_length or 0
            for name, field in CandidateForm.base_fields.items()
            if isinstance(field, forms.CharField) and name not in ("text", "parts")
        )
        assert free_text <= CANDIDATE_TEXT_CHARS
        words_and_article = 2 * MAX_TEXT_CHARS * 4
        assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= (
            words_and_article + MAX_CANDIDATES * free_text * 4
        )

    def test_both_steps_send_their_forms_as_multipart(self, editor_client, leaders):
        assert 'enctype="multipart/form-data"' in editor_client.get(STEP_1).content.decode()
        assert 'enctype="multipart/form-data"' in open_review(editor_client).content.decode()

    def test_a_paste_longer_than_the_most_taken_is_refused_with_a_message(
        self, editor_client, leaders
    ):
        text = "a" * 99 + "\n"
        response = editor_client.post(STEP_1, article_data(text=text * 3001))
        assert response.status_code == 200
        assert response.context["form"].errors["text"] == [
            "The article is 300,099 characters long; at most 300,000 can be imported at once. "
            "Split it and import each part."
        ]

    def test_line_breaks_sent_as_two_characters_count_as_one(self, editor_client, leaders):
        text = ("a" * 99 + "\r\n") * 2999 + "“We will win,” Emmanuel Macron said."
        assert len(text) > MAX_TEXT_CHARS
        response = open_review(editor_client, text=text)
        assert len(response.context["formset"].forms) == 1

    def test_a_fetched_article_longer_than_the_most_taken_is_refused(
        self, editor_client, monkeypatch
    ):
        monkeypatch.setattr(
            article_fetch,
            "fetch_article",
            lambda url: article_fetch.FetchedArticle(
                url=url, title="T", publisher="P", author="", published_on=None, text="a" * 300_001
            ),
        )
        response = editor_client.post(STEP_1, {"url": ARTICLE_URL, "kind": "news"})
        assert response.status_code == 200
        assert any(
            "The article is 300,001 characters long; at most 300,000" in message
            for message in messages_of(response)
        )
