import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from quotes.models import Citation, Leader, OfficeHeld, Source, Statement, Topic
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

RECORD_MODELS = [Leader, OfficeHeld, Source, Statement, Citation, Topic]


@pytest.fixture
def one_of_each(db):
    # A draft: editors may delete drafts, not published statements (tests/test_workflow.py).
    citation = CitationFactory(statement__status=Statement.Status.DRAFT)
    statement = citation.statement
    statement.topics.add(TopicFactory())
    office = OfficeHeldFactory(leader=statement.speaker)
    return {
        Leader: statement.speaker,
        OfficeHeld: office,
        Source: citation.source,
        Statement: statement,
        Citation: citation,
        Topic: statement.topics.get(),
    }


def admin_url(model, view, *args):
    return reverse(f"admin:quotes_{model._meta.model_name}_{view}", args=args)


def statement_form(speaker, text, date="2025-06-05", **fields):
    """What the statement add form posts: a draft direct quotation, with no sources unless
    `fields` adds them."""
    return {
        "speaker": speaker.pk,
        "text": text,
        "date_said": date,
        "date_precision": "day",
        "kind": "direct",
        "channel": "other",
        "status": "draft",
        "verification": "unverified",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
        **fields,
    }


class TestEditorsGroup:
    def test_editors_may_add_change_and_delete_every_part_of_the_record(self):
        codenames = set(
            Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
        )
        for model in RECORD_MODELS:
            for action in ("add", "change", "delete", "view"):
                assert f"{action}_{model._meta.model_name}" in codenames

    def test_editors_have_no_say_over_user_accounts_or_groups(self):
        permissions = Group.objects.get(name="Editors").permissions
        assert not permissions.exclude(content_type__app_label="quotes").exists()

    def test_an_editor_cannot_open_the_users_admin(self, editor_client):
        assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


class TestEveryAdminPageWorksForAnEditor:
    @pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m._meta.model_name)
    def test_list_add_change_and_delete_pages_open(self, editor_client, one_of_each, model):
        obj = one_of_each[model]
        for url in (
            admin_url(model, "changelist"),
            admin_url(model, "add"),
            admin_url(model, "change", obj.pk),
            admin_url(model, "delete", obj.pk),
        ):
            response = editor_client.get(url)
            assert response.status_code == 200, url

    @pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m._meta.model_name)
    def test_an_anonymous_visitor_is_sent_to_the_login_page(self, client, one_of_each, model):
        response = client.get(admin_url(model, "changelist"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))

    def test_a_logged_in_user_who_is_not_staff_is_sent_to_the_login_page(self, client, outsider):
        client.force_login(outsider)
        response = client.get(admin_url(Statement, "changelist"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))

    def test_the_statement_list_filters_by_speaker_country(self, editor_client):
        french = StatementFactory(speaker=LeaderFactory(country="FR"), text="Vive la paix.")
        StatementFactory(speaker=LeaderFactory(country="DE"), text="Wir schaffen das.")
        response = editor_client.get(admin_url(Statement, "changelist"), {"country": "FR"})
        assert list(response.context["cl"].result_list) == [french]

    def test_the_statement_list_filters_by_the_year_said(self, editor_client):
        in_2023 = StatementFactory(date_said=datetime.date(2023, 12, 31))
        StatementFactory(date_said=datetime.date(2024, 1, 1))
        StatementFactory(date_said=datetime.date(2021, 6, 1))
        response = editor_client.get(admin_url(Statement, "changelist"), {"year": "2023"})
        assert list(response.context["cl"].result_list) == [in_2023]
        year_filter = next(
            spec for spec in response.context["cl"].filter_specs if spec.title == "year said"
        )
        offered = [value for value, _ in year_filter.lookup_choices]
        assert offered == ["2024", "2023", "2022", "2021"]  # every year, newest first

    @pytest.mark.parametrize("year", ["abc", "20000", "0"])
    def test_a_year_that_is_not_one_is_refused_without_a_server_error(self, editor_client, year):
        StatementFactory()
        response = editor_client.get(admin_url(Statement, "changelist"), {"year": year})
        assert response.status_code == 302
        assert response["Location"].endswith("?e=1")

    def test_the_statement_list_searches_the_words_and_the_context(self, editor_client):
        hit = StatementFactory(text="We talked of the attack.", context="")
        by_context = StatementFactory(text="No comment.", context="On the airbase attack")
        StatementFactory(text="Something else entirely.")
        response = editor_client.get(admin_url(Statement, "changelist"), {"q": "attack"})
        assert set(response.context["cl"].result_list) == {hit, by_context}

    def test_the_leader_list_searches_aliases(self, editor_client):
        zelenskyy = LeaderFactory(name="Volodymyr Zelenskyy", aliases=["Zelenskiy"])
        LeaderFactory(name="Someone Else")
        response = editor_client.get(admin_url(Leader, "changelist"), {"q": "zelenskiy"})
        assert list(response.context["cl"].result_list) == [zelenskyy]

    def test_speaker_autocomplete_finds_a_leader_by_name(self, editor_client):
        LeaderFactory(name="Vladimir Putin", slug="vladimir-putin")
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {
                "term": "puti",
                "app_label": "quotes",
                "model_name": "statement",
                "field_name": "speaker",
            },
        )
        assert [result["text"] for result in response.json()["results"]] == ["Vladimir Putin"]


class TestEditingStatements:
    def test_adding_a_statement_records_the_editor_who_created_it(self, editor_client, editor):
        speaker = LeaderFactory()
        source = SourceFactory()
        response = editor_client.post(
            admin_url(Statement, "add"),
            statement_form(
                speaker,
                "“We will win,” no matter what.",
                "2025-06-04",
                channel="speech",
                **{
                    "citations-TOTAL_FORMS": "1",
                    "citations-0-source": source.pk,
                    "citations-0-locator": "paragraph 2",
                },
            ),
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        statement = Statement.objects.get()
        assert statement.created_by == editor
        assert statement.citations.get().source == source

    def test_a_future_date_is_explained_on_the_form_and_nothing_is_saved(self, editor_client):
        speaker = LeaderFactory()
        response = editor_client.post(
            admin_url(Statement, "add"),
            statement_form(
                speaker,
                "Tomorrow's words.",
                (datetime.date.today() + datetime.timedelta(days=3)).isoformat(),
            ),
        )
        assert response.status_code == 200
        assert "cannot be in the future" in str(response.context["adminform"].form.errors)
        assert not Statement.objects.exists()

    def test_an_invalid_date_is_explained_not_a_server_error(self, editor_client):
        response = editor_client.post(
            admin_url(Statement, "add"),
            {"speaker": LeaderFactory().pk, "text": "Words.", "date_said": "2025-13-45"},
        )
        assert response.status_code == 200
        assert "date_said" in response.context["adminform"].form.errors

    def test_a_duplicate_statement_is_explained_on_the_form(self, editor_client):
        existing = StatementFactory(text="It was a good call.")
        response = editor_client.post(
            admin_url(Statement, "add"),
            statement_form(existing.speaker, "it was a good call", existing.date_said.isoformat()),
        )
        assert response.status_code == 200
        assert "same words on this date" in str(response.context["adminform"].form.errors)
        assert Statement.objects.count() == 1

    def test_publish_action_publishes_sourced_drafts_and_keeps_unsourced_ones_back(
        self, reviewer_client
    ):
        sourced = CitationFactory(statement__status=Statement.Status.DRAFT).statement
        unsourced = StatementFactory(status=Statement.Status.DRAFT)
        response = reviewer_client.post(
            admin_url(Statement, "changelist"),
            {"action": "publish", "_selected_action": [sourced.pk, unsourced.pk]},
            follow=True,
        )
        sourced.refresh_from_db()
        unsourced.refresh_from_db()
        assert sourced.status == Statement.Status.PUBLISHED
        assert unsourced.status == Statement.Status.DRAFT
        assert "1 statement(s) unchanged: A published statement must cite at least one source" in (
            response.content.decode()
        )

    def test_unpublish_action_returns_statements_to_draft(self, reviewer_client):
        statement = StatementFactory(status=Statement.Status.PUBLISHED)
        reviewer_client.post(
            admin_url(Statement, "changelist"),
            {"action": "unpublish", "_selected_action": [statement.pk]},
        )
        statement.refresh_from_db()
        assert statement.status == Statement.Status.DRAFT


class TestEditingLeaders:
    def test_aliases_are_edited_one_per_line(self, editor_client):
        response = editor_client.post(
            admin_url(Leader, "add"),
            {
                "name": "Volodymyr Zelenskyy",
                "slug": "volodymyr-zelenskyy",
                "aliases": "Zelensky\r\nZelenskiy\r\n\r\n",
                "country": "UA",
                "wikidata_id": "Q3874799",
                "offices-TOTAL_FORMS": "1",
                "offices-INITIAL_FORMS": "0",
                "offices-0-title": "President of Ukraine",
                "offices-0-country": "UA",
                "offices-0-start_date": "2019-05-20",
            },
        )
        assert response.status_code == 302
        leader = Leader.objects.get()
        assert leader.aliases == ["Zelensky", "Zelenskiy"]
        assert leader.offices.get().title == "President of Ukraine"
        page = editor_client.get(admin_url(Leader, "change", leader.pk)).content.decode()
        assert "Zelensky\nZelenskiy</textarea>" in page

    def test_an_office_ending_before_it_starts_is_explained_in_the_inline(self, editor_client):
        response = editor_client.post(
            admin_url(Leader, "add"),
            {
                "name": "Someone",
                "slug": "someone",
                "aliases": "",
                "country": "FR",
                "offices-TOTAL_FORMS": "1",
                "offices-INITIAL_FORMS": "0",
                "offices-0-title": "President",
                "offices-0-start_date": "2020-01-01",
                "offices-0-end_date": "2019-01-01",
            },
        )
        assert response.status_code == 200
        assert "cannot end before it starts" in response.content.decode()
        assert not Leader.objects.exists()


class TestNearDuplicateWarning:
    def test_saving_words_very_like_the_speakers_existing_ones_warns_with_a_link(
        self, editor_client
    ):
        existing = StatementFactory(
            text="It was a good call, but not a call that will bring instant Peace.",
            date_said=datetime.date(2025, 6, 4),
        )
        response = editor_client.post(
            admin_url(Statement, "add"),
            statement_form(
                existing.speaker, "It was a good call, but not a call that will bring instant peace"
            ),
            follow=True,
        )
        page = response.content.decode()
        assert "very like one already in the record" in page
        assert admin_url(Statement, "change", existing.pk) in page
        assert Statement.objects.count() == 2  # a warning, not a refusal

    def test_the_same_words_from_another_speaker_raise_no_warning(self, editor_client):
        StatementFactory(text="It was a good call.", date_said=datetime.date(2025, 6, 4))
        response = editor_client.post(
            admin_url(Statement, "add"),
            statement_form(LeaderFactory(), "It was a good call."),
            follow=True,
        )
        assert "very like" not in response.content.decode()

    def test_the_change_form_lists_possible_duplicates(self, editor_client):
        first = StatementFactory(text="We will surely win victory in the sacred cause.")
        second = StatementFactory(
            speaker=first.speaker,
            text="We will surely win victory in the sacred cause!",
            date_said=datetime.date(2025, 6, 5),
        )
        page = editor_client.get(admin_url(Statement, "change", second.pk)).content.decode()
        assert admin_url(Statement, "change", first.pk) in page


def test_the_statement_list_does_not_count_the_whole_table_twice(editor_client):
    StatementFactory.create_batch(3)
    response = editor_client.get(admin_url(Statement, "changelist"))
    assert response.context["cl"].show_full_result_count is False
    assert response.context["cl"].result_count == 3
