"""The import learns how articles write leaders' names from the editors' corrections.

Driven through the admin pages with the test client: the review, the save, the message with
its Undo button on the list of drafts, and the undo itself.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from quotes.editorial.importer import is_learnable_name, propose_candidates
from quotes.models import Leader, Source, Statement
from tests.factories import LeaderFactory, UserFactory
from tests.test_import_admin import REVIEW, STEP_1, candidate_index, messages_of, review_data

pytestmark = pytest.mark.django_db

UNDO = reverse("admin:quotes_statement_import_alias_undo")
DAY = datetime.date(2025, 6, 4)
BIBI_ARTICLE = (
    "Israel's prime minister spoke on Sunday after the cabinet meeting.\n"
    "\n"
    "Bibi told reporters in Jerusalem: “Israel will defend itself, whatever it takes.”\n"
)
NEXT_ARTICLE = "Bibi said on Monday: “The talks in Cairo were useful.”"


@pytest.fixture
def netanyahu(db):
    return LeaderFactory(name="Benjamin Netanyahu", slug="benjamin-netanyahu", country="IL")


def article_data(text: str, **changes) -> dict:
    data = {
        "url": "https://wire.example.com/2025/06/04/israel",
        "title": "Israel will defend itself, prime minister says",
        "publisher": "Example Wire",
        "published_on": DAY.isoformat(),
        "author": "",
        "kind": "news",
        "text": text,
        "action": "paste",
    }
    data.update(changes)
    return data


def review(client, text: str = BIBI_ARTICLE):
    response = client.post(STEP_1, article_data(text))
    assert "formset" in response.context, messages_of(response)
    return response


def save_with_speaker(client, speaker: Leader, words: str, text: str = BIBI_ARTICLE, **changes):
    """Review the article, give the quotation with these words to `speaker`, and save."""
    response = review(client, text)
    data = review_data(response)
    index = candidate_index(response, words)
    data[f"candidates-{index}-speaker"] = str(speaker.pk)
    data[f"candidates-{index}-include"] = "on"
    for name, value in changes.items():
        data[f"candidates-{index}-{name}"] = value
    return client.post(REVIEW, data, follow=True)


def plain_messages(response) -> str:
    return " ".join(strip_tags(message) for message in messages_of(response))


def undo_form(page: str) -> dict:
    """The fields of the first Undo form in a page, as the browser would send them."""
    form = re.search(
        r'<form method="post" action="([^"]+)" class="import-undo">(.*?)</form>', page, re.S
    )
    assert form, "no Undo button in the page"
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    return {"action": form.group(1), **fields}


class TestLearning:
    def test_the_name_as_written_becomes_an_alias_of_the_chosen_leader(
        self, editor_client, netanyahu
    ):
        proposal = propose_candidates(text=NEXT_ARTICLE, published_on=DAY)[0]
        assert proposal.speaker is None  # the record does not know "Bibi" yet

        response = save_with_speaker(editor_client, netanyahu, "Israel will defend itself")
        assert response.status_code == 200
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == ["Bibi"]
        assert Statement.objects.get().speaker == netanyahu
        assert "“Bibi” is now an alias of Benjamin Netanyahu." in plain_messages(response)

        # The next article that writes the name so is attributed without help.
        (proposal,) = propose_candidates(text=NEXT_ARTICLE, published_on=DAY)
        assert proposal.speaker == netanyahu
        assert proposal.include

    def test_the_message_carries_an_undo_button_that_removes_exactly_that_alias(
        self, editor_client, netanyahu
    ):
        netanyahu.aliases = ["Bibi Netanyahu"]
        netanyahu.save()
        response = save_with_speaker(editor_client, netanyahu, "Israel will defend itself")
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == ["Bibi Netanyahu", "Bibi"]
        page = response.content.decode()
        form = undo_form(page)
        assert form["action"] == UNDO
        assert (form["leader"], form["alias"]) == (str(netanyahu.pk), "Bibi")
        assert form["csrfmiddlewaretoken"]
        assert (
            form["next"] == response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"]
        )

        undone = editor_client.post(form.pop("action"), form, follow=True)
        assert undone.status_code == 200
        assert undone.redirect_chain[-1][0] == form["next"]
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == ["Bibi Netanyahu"]
        assert "“Bibi” is no longer an alias of Benjamin Netanyahu." in plain_messages(undone)
        # The statement saved with the import stays.
        assert Statement.objects.get().speaker == netanyahu

    def test_the_undo_button_works_with_csrf_checks_on(self, editor, netanyahu):
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        page = client.get(STEP_1).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response = client.post(STEP_1, {**article_data(BIBI_ARTICLE), "csrfmiddlewaretoken": token})
        data = review_data(response)
        index = candidate_index(response, "Israel will defend itself")
        data.update(
            {
                f"candidates-{index}-speaker": str(netanyahu.pk),
                f"candidates-{index}-include": "on",
                "csrfmiddlewaretoken": token,
            }
        )
        response = client.post(REVIEW, data, follow=True)
        form = undo_form(response.content.decode())
        assert client.post(form.pop("action"), form).status_code == 302
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == []
        # Without the token the undo is refused.
        netanyahu.aliases = ["Bibi"]
        netanyahu.save()
        del form["csrfmiddlewaretoken"]
        assert client.post(UNDO, form).status_code == 403
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == ["Bibi"]

    def test_a_name_the_leader_already_has_is_not_learnt_again(self, editor_client, netanyahu):
        netanyahu.aliases = ["bibi"]
        netanyahu.save()
        response = save_with_speaker(editor_client, netanyahu, "Israel will defend itself")
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == ["bibi"]
        assert not any("is now an alias" in message for message in messages_of(response))

    def test_a_surname_the_record_already_reads_is_not_learnt(self, editor_client, netanyahu):
        text = "Netanyahu told reporters: “Israel will defend itself, whatever it takes.”"
        response = review(editor_client, text)
        assert response.context["formset"].forms[0]["speaker"].value() == netanyahu.pk
        editor_client.post(REVIEW, review_data(response))
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == []

    def test_saving_twice_learns_once(self, editor_client, netanyahu):
        save_with_speaker(editor_client, netanyahu, "Israel will defend itself")
        response = save_with_speaker(editor_client, netanyahu, "Israel will defend itself")
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == ["Bibi"]
        assert not any("is now an alias" in message for message in messages_of(response))

    def test_a_failure_while_learning_saves_nothing_at_all(
        self, editor_client, netanyahu, monkeypatch
    ):
        real_save = Leader.save

        def failing_alias_save(leader, *args, **kwargs):
            if kwargs.get("update_fields") == ["aliases"]:
                raise DatabaseError("disk full")
            return real_save(leader, *args, **kwargs)

        monkeypatch.setattr(Leader, "save", failing_alias_save)
        response = save_with_speaker(editor_client, netanyahu, "Israel will defend itself")
        assert any("Nothing was saved" in message for message in messages_of(response))
        assert not Statement.objects.exists()
        assert not Source.objects.exists()
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == []

    def test_nothing_is_learnt_when_the_import_fails(self, editor_client, netanyahu):
        response = save_with_speaker(
            editor_client, netanyahu, "Israel will defend itself", date_said="2999-01-01"
        )
        assert "cannot be in the future" in response.content.decode()
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == []


class TestWhatIsNeverLearnt:
    def test_a_pronoun_is_not_a_name(self, editor_client, netanyahu):
        text = (
            "Benjamin Netanyahu spoke after the cabinet met.\n“Israel will defend itself,” he said."
        )
        response = save_with_speaker(
            editor_client, netanyahu, "Israel will defend itself", text=text, written_name="he"
        )
        assert Statement.objects.get().speaker == netanyahu
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == []
        assert not any("is now an alias" in message for message in messages_of(response))

    def test_a_role_is_not_a_name(self, editor_client, netanyahu):
        text = "The PM told reporters: “Israel will defend itself, whatever it takes.”"
        save_with_speaker(
            editor_client, netanyahu, "Israel will defend itself", text=text, written_name="The PM"
        )
        assert Statement.objects.get().speaker == netanyahu
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == []

    def test_a_name_shared_by_two_leaders_is_not_learnt(self, editor_client):
        boris = LeaderFactory(name="Boris Johnson", slug="boris-johnson", country="GB")
        LeaderFactory(name="Mike Johnson", slug="mike-johnson", country="US")
        text = "Johnson told reporters: “We will stand by Ukraine for as long as it takes.”"
        response = review(editor_client, text)
        assert response.context["formset"].forms[0]["written_name"].value() == "Johnson"
        save_with_speaker(editor_client, boris, "We will stand by Ukraine", text=text)
        boris.refresh_from_db()
        assert boris.aliases == []
        assert Statement.objects.get().speaker == boris

    def test_another_leaders_name_is_not_learnt(self, editor_client, netanyahu):
        herzog = LeaderFactory(name="Isaac Herzog", slug="isaac-herzog", country="IL")
        herzog.aliases = ["Bibi"]  # whatever the reason, "Bibi" already names someone else
        herzog.save()
        save_with_speaker(editor_client, netanyahu, "Israel will defend itself")
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == []
        assert Statement.objects.get().speaker == netanyahu

    def test_one_spelling_given_to_two_leaders_in_one_import_is_not_learnt(
        self, editor_client, netanyahu
    ):
        herzog = LeaderFactory(name="Isaac Herzog", slug="isaac-herzog", country="IL")
        text = (
            BIBI_ARTICLE
            + "\nIn a separate interview, Bibi said: “The hostages must come home now.”\n"
        )
        response = review(editor_client, text)
        data = review_data(response)
        for words, leader in (("Israel will defend", netanyahu), ("The hostages", herzog)):
            index = candidate_index(response, words)
            data[f"candidates-{index}-speaker"] = str(leader.pk)
            data[f"candidates-{index}-include"] = "on"
        assert editor_client.post(REVIEW, data).status_code == 302
        assert Leader.objects.filter(aliases__icontains="Bibi").count() == 0

    def test_a_new_leader_created_from_the_review_learns_nothing(self, editor_client):
        response = review(editor_client)
        data = review_data(response)
        index = candidate_index(response, "Israel will defend itself")
        data[f"candidates-{index}-include"] = "on"
        data[f"candidates-{index}-create_speaker"] = "on"
        data[f"candidates-{index}-new_speaker_name"] = "Benjamin Netanyahu"
        assert editor_client.post(REVIEW, data).status_code == 302
        assert Leader.objects.get(name="Benjamin Netanyahu").aliases == []

    @pytest.mark.parametrize(
        "spelling, learnable",
        [
            ("Bibi", True),
            ("Zelenskiy", True),
            ("Lula", True),
            ("Kim Jong-un", True),
            ("Abdel Fattah al-Sisi", True),
            ("von der Leyen", True),
            ("he", False),
            ("She", False),
            ("the PM", False),
            ("The Prime Minister", False),
            ("President", False),
            ("the Kremlin", False),
            ("bibi", False),
            ("Agent 007", False),
            ("", False),
            ("A Very Long Name With Far Too Many Words", False),
        ],
    )
    def test_only_names_are_learnable(self, spelling, learnable):
        assert is_learnable_name(spelling) is learnable


class TestUndoPermissionsAndBadInput:
    def test_an_editor_without_the_right_to_change_leaders_learns_nothing_and_cannot_undo(
        self, client, netanyahu
    ):
        clerk = UserFactory(is_staff=True)
        clerk.user_permissions.set(
            Permission.objects.filter(
                codename__in=["add_statement", "add_source", "add_citation", "view_statement"]
            )
        )
        client.force_login(clerk)
        response = save_with_speaker(client, netanyahu, "Israel will defend itself")
        assert Statement.objects.get().speaker == netanyahu
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == []
        assert "import-undo" not in response.content.decode()

        netanyahu.aliases = ["Bibi"]
        netanyahu.save()
        response = client.post(UNDO, {"leader": netanyahu.pk, "alias": "Bibi"})
        assert response.status_code == 403
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == ["Bibi"]

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self, client, netanyahu):
        netanyahu.aliases = ["Bibi"]
        netanyahu.save()
        response = client.post(UNDO, {"leader": netanyahu.pk, "alias": "Bibi"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == ["Bibi"]

    def test_the_undo_answers_only_posts(self, editor_client):
        assert editor_client.get(UNDO).status_code == 405

    def test_an_alias_already_gone_is_a_message(self, editor_client, netanyahu):
        response = editor_client.post(
            UNDO, {"leader": netanyahu.pk, "alias": "Bibi", "next": "/admin/"}, follow=True
        )
        assert response.status_code == 200
        assert "Nothing to undo: “Bibi” is not an alias of Benjamin Netanyahu any more." in (
            messages_of(response)
        )

    def test_only_that_exact_alias_is_removed(self, editor_client, netanyahu):
        netanyahu.aliases = ["Bibi", "BIBI", "Bibi Netanyahu"]
        netanyahu.save(update_fields=["aliases"])
        editor_client.post(UNDO, {"leader": netanyahu.pk, "alias": "Bibi"})
        netanyahu.refresh_from_db()
        assert netanyahu.aliases == ["BIBI", "Bibi Netanyahu"]

    @pytest.mark.parametrize(
        "data",
        [
            {"leader": "999999", "alias": "Bibi"},
            {"leader": "abc", "alias": "Bibi"},
            # A digit to str.isdigit() but not to int(): it was a server error.
            {"leader": "²", "alias": "Bibi"},
            {"leader": "9" * 40, "alias": "Bibi"},
            {"leader": "", "alias": ""},
            {},
        ],
        ids=["gone", "garbled", "superscript", "overlarge", "empty", "nothing"],
    )
    def test_a_tampered_or_stale_undo_is_a_message_not_an_error(self, editor_client, data):
        response = editor_client.post(UNDO, data, follow=True)
        assert response.status_code == 200
        assert any(message.startswith("Nothing to undo") for message in messages_of(response))

    def test_an_outside_address_to_go_back_to_is_ignored(self, editor_client, netanyahu):
        netanyahu.aliases = ["Bibi"]
        netanyahu.save()
        response = editor_client.post(
            UNDO, {"leader": netanyahu.pk, "alias": "Bibi", "next": "https://evil.example/"}
        )
        assert response.url == reverse("admin:quotes_leader_change", args=[netanyahu.pk])
