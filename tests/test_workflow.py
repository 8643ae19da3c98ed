"""The rules of the record and the review workflow, through every path that changes a statement.

Roles: anonymous, staff without a group, an Editor, a Reviewer, a superuser. Each action is
tried by each role through the admin (HTTP) and its effect checked in the database, so a
button merely hidden would not pass.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from quotes.editorial import workflow
from quotes.models import Citation, Correction, Leader, StaleVersion, Statement
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    StatementFactory,
    TopicFactory,
    UserFactory,
    make_editor,
    make_reviewer,
)

pytestmark = pytest.mark.django_db
DRAFT, SUBMITTED, PUBLISHED = (
    Statement.Status.DRAFT,
    Statement.Status.SUBMITTED,
    Statement.Status.PUBLISHED,
)


def change_url(statement):
    return reverse("admin:quotes_statement_change", args=[statement.pk])


def step_url(statement, step):
    return reverse("admin:quotes_statement_step", args=[statement.pk, step])


def form_data(statement, **overrides):
    """The statement's change form as the browser would send it back, with `overrides`."""
    statement.refresh_from_db()
    citations = list(statement.citations.all())
    data = {
        "speaker": statement.speaker_id,
        "text": statement.text,
        "date_said": statement.date_said.isoformat(),
        "date_precision": statement.date_precision,
        "kind": statement.kind,
        "channel": statement.channel,
        "channel_detail": statement.channel_detail,
        "relayed_by": statement.relayed_by,
        "context": statement.context,
        "original_text": statement.original_text,
        "original_language": statement.original_language,
        "topics": [topic.pk for topic in statement.topics.all()],
        "mentions": [leader.pk for leader in statement.mentions.all()],
        "verification": statement.verification,
        "verification_note": statement.verification_note,
        "opened_version": statement.version,
        "correction_note": "",
        "citations-TOTAL_FORMS": str(len(citations)),
        "citations-INITIAL_FORMS": str(len(citations)),
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
    }
    for index, citation in enumerate(citations):
        data |= {
            f"citations-{index}-id": citation.pk,
            f"citations-{index}-statement": statement.pk,
            f"citations-{index}-source": citation.source_id,
            f"citations-{index}-locator": citation.locator,
            f"citations-{index}-excerpt": citation.excerpt,
        }
    data.update(overrides)
    return data


def sourced(status, **fields):
    return CitationFactory(statement__status=status, **fields).statement


# --- who may do what --------------------------------------------------------------------------


@pytest.fixture
def people(db):
    """One of each role, and a second reviewer so that four eyes applies."""
    return {
        "anonymous": None,
        "staff": UserFactory(username="staff", is_staff=True),
        "editor": make_editor("editor"),
        "reviewer": make_reviewer("reviewer"),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
        "second_reviewer": make_reviewer("second"),
    }


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def submitted_by(user):
    statement = sourced(DRAFT)
    Statement.objects.filter(pk=statement.pk).update(
        status=SUBMITTED, submitted_by=user, created_by=user
    )
    return statement


ROLES = ["anonymous", "staff", "editor", "reviewer", "superuser"]


def act_submit(client, people):
    statement = sourced(DRAFT)
    client.post(step_url(statement, "submit"))
    statement.refresh_from_db()
    return statement.status == SUBMITTED


def act_publish(client, people):
    statement = submitted_by(people["second_reviewer"])
    client.post(step_url(statement, "publish"))
    statement.refresh_from_db()
    return statement.status == PUBLISHED


def act_send_back(client, people):
    statement = submitted_by(people["editor"])
    client.post(step_url(statement, "send_back"), {"note": "Check the date."})
    statement.refresh_from_db()
    return statement.status == DRAFT and statement.review_note == "Check the date."


def act_unpublish(client, people):
    statement = sourced(PUBLISHED)
    client.post(step_url(statement, "unpublish"), {"note": "Wrong speaker."})
    statement.refresh_from_db()
    return statement.status == DRAFT


def act_edit_draft(client, people):
    statement = sourced(DRAFT)
    client.post(change_url(statement), form_data(statement, context="Edited."))
    statement.refresh_from_db()
    return statement.context == "Edited."


def act_edit_published(client, people):
    statement = sourced(PUBLISHED)
    client.post(change_url(statement), form_data(statement, context="Edited."))
    statement.refresh_from_db()
    return statement.context == "Edited."


def act_verify(client, people):
    statement = sourced(DRAFT)
    client.post(change_url(statement), form_data(statement, verification="verified"))
    statement.refresh_from_db()
    return statement.verification == Statement.Verification.VERIFIED


def act_delete_draft(client, people):
    statement = sourced(DRAFT)
    client.post(reverse("admin:quotes_statement_delete", args=[statement.pk]), {"post": "yes"})
    return not Statement.objects.filter(pk=statement.pk).exists()


def act_delete_published(client, people):
    statement = sourced(PUBLISHED)
    client.post(reverse("admin:quotes_statement_delete", args=[statement.pk]), {"post": "yes"})
    return not Statement.objects.filter(pk=statement.pk).exists()


def act_bulk_publish(client, people):
    statement = submitted_by(people["second_reviewer"])
    client.post(
        reverse("admin:quotes_statement_changelist"),
        {"action": "publish", "_selected_action": [statement.pk]},
    )
    statement.refresh_from_db()
    return statement.status == PUBLISHED


def act_read_queue(client, people):
    return client.get(reverse("admin:quotes_statement_review_queue")).status_code == 200


def act_read_history(client, people):
    statement = sourced(DRAFT)
    url = reverse("admin:quotes_statement_history", args=[statement.pk])
    return client.get(url).status_code == 200


# What each role may do: True where the action must take effect, False where it must not.
MATRIX = {
    #                       anonymous, staff, editor, reviewer, superuser
    act_submit: [False, False, True, True, True],
    act_publish: [False, False, False, True, True],
    act_bulk_publish: [False, False, False, True, True],
    act_send_back: [False, False, False, True, True],
    act_unpublish: [False, False, False, True, True],
    act_edit_draft: [False, False, True, True, True],
    act_edit_published: [False, False, False, True, True],
    act_verify: [False, False, False, True, True],
    act_delete_draft: [False, False, True, True, True],
    act_delete_published: [False, False, False, False, False],
    act_read_queue: [False, False, True, True, True],
    act_read_history: [False, False, True, True, True],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX), ids=lambda action: action.__name__[4:])
def test_permission_matrix(people, role, action):
    allowed = MATRIX[action][ROLES.index(role)]
    assert action(client_for(people[role]), people) is allowed


def test_an_editor_sees_a_published_statement_read_only(people):
    statement = sourced(PUBLISHED)
    response = client_for(people["editor"]).get(change_url(statement))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_a_forged_status_in_the_form_is_ignored(people):
    statement = sourced(DRAFT)
    client_for(people["editor"]).post(
        change_url(statement), form_data(statement, status="published")
    )
    statement.refresh_from_db()
    assert statement.status == DRAFT


# --- four eyes ----------------------------------------------------------------------------------


def test_a_reviewer_cannot_publish_what_they_submitted_while_another_reviewer_exists(people):
    own = submitted_by(people["reviewer"])
    with pytest.raises(workflow.WorkflowRefused, match="Another reviewer"):
        workflow.publish(own, people["reviewer"])
    workflow.publish(own, people["second_reviewer"])
    own.refresh_from_db()
    assert own.status == PUBLISHED
    assert own.published_by == people["second_reviewer"]
    assert own.published_at is not None


def test_a_lone_reviewer_publishes_their_own(db):
    alone = make_reviewer("alone")
    own = submitted_by(alone)
    workflow.publish(own, alone)
    own.refresh_from_db()
    assert own.status == PUBLISHED


def test_four_eyes_can_be_turned_off(people, settings):
    settings.VERBATIM_FOUR_EYES = False
    own = submitted_by(people["reviewer"])
    workflow.publish(own, people["reviewer"])
    own.refresh_from_db()
    assert own.status == PUBLISHED


def test_an_inactive_reviewer_does_not_count_as_the_second_pair_of_eyes(db):
    reviewer = make_reviewer("active")
    away = make_reviewer("away")
    away.is_active = False
    away.save()
    own = submitted_by(reviewer)
    workflow.publish(own, reviewer)
    own.refresh_from_db()
    assert own.status == PUBLISHED


# --- a published statement always cites a source -----------------------------------------------


def test_publishing_without_a_source_is_refused_with_the_rule(people):
    statement = StatementFactory(status=DRAFT)
    with pytest.raises(workflow.WorkflowRefused, match="must cite at least one source"):
        workflow.publish(statement, people["reviewer"])
    statement.refresh_from_db()
    assert statement.status == DRAFT


def test_the_model_refuses_a_published_statement_without_a_source():
    statement = StatementFactory(status=DRAFT)
    statement.status = PUBLISHED
    with pytest.raises(ValidationError, match="must cite at least one source"):
        statement.full_clean()
    new = StatementFactory.build(speaker=LeaderFactory(), status=PUBLISHED)
    with pytest.raises(ValidationError, match="must cite at least one source"):
        new.full_clean()


def test_the_last_citation_of_a_published_statement_cannot_be_deleted_in_the_shell():
    statement = sourced(PUBLISHED)
    with pytest.raises(ValidationError, match="must cite at least one source"):
        statement.citations.get().delete()
    assert statement.citations.count() == 1
    second = CitationFactory(statement=statement)
    second.delete()  # another one remains: allowed
    assert statement.citations.count() == 1


def test_the_form_refuses_to_remove_the_only_source_of_a_published_statement(people):
    statement = sourced(PUBLISHED)
    response = client_for(people["reviewer"]).post(
        change_url(statement), form_data(statement, **{"citations-0-DELETE": "on"})
    )
    assert response.status_code == 200
    assert "must cite at least one source" in response.content.decode()
    assert statement.citations.count() == 1


def test_the_citation_admin_will_not_delete_a_published_statements_last_source(people):
    citation = sourced(PUBLISHED).citations.get()
    client = client_for(people["reviewer"])
    url = reverse("admin:quotes_citation_delete", args=[citation.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:quotes_citation_changelist"),
        {"action": "delete_selected", "_selected_action": [citation.pk], "post": "yes"},
    )
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_a_published_statement_is_never_deleted(people):
    statement = sourced(PUBLISHED)
    with pytest.raises(ValidationError, match="never deleted"):
        statement.delete()
    client_for(people["superuser"]).post(
        reverse("admin:quotes_statement_changelist"),
        {"action": "delete_selected", "_selected_action": [statement.pk], "post": "yes"},
    )
    assert Statement.objects.filter(pk=statement.pk).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the database-level guard is a PostgreSQL deferred constraint trigger: "
    "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim",
)
class TestDatabaseGuard:
    def test_sql_that_publishes_an_unsourced_statement_fails_at_commit(self):
        statement = StatementFactory(status=DRAFT)
        with pytest.raises(IntegrityError, match="must cite at least one source"):
            with transaction.atomic():
                Statement.objects.filter(pk=statement.pk).update(status=PUBLISHED)
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def test_sql_that_deletes_the_last_citation_fails_at_commit(self):
        statement = sourced(PUBLISHED)
        with pytest.raises(IntegrityError, match="must cite at least one source"):
            with transaction.atomic():
                Citation.objects.filter(statement=statement).delete()
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def test_a_statement_published_with_its_citation_in_one_transaction_passes(self):
        with transaction.atomic():
            statement = StatementFactory(status=PUBLISHED)
            CitationFactory(statement=statement)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        assert Statement.objects.published().filter(pk=statement.pk).exists()

    def test_deleting_a_published_statement_with_its_citations_passes(self):
        statement = sourced(PUBLISHED)
        with transaction.atomic():
            Statement.objects.filter(pk=statement.pk).delete()
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        assert not Statement.objects.filter(pk=statement.pk).exists()


# --- no lost edits ------------------------------------------------------------------------------


def test_two_editors_on_one_statement_the_second_save_is_refused_with_what_changed(people):
    statement = sourced(DRAFT, statement__context="Old context.")
    first, second = client_for(people["editor"]), client_for(make_editor("other"))
    opened_by_first = form_data(statement)
    opened_by_second = form_data(statement)

    saved = first.post(change_url(statement), {**opened_by_first, "context": "First's context."})
    assert saved.status_code == 302

    refused = second.post(change_url(statement), {**opened_by_second, "text": "Second's words."})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else saved this record after you opened it" in page
    assert "“Old context.” → “First&#x27;s context.”" in page or "First's context." in page
    assert "editor" in page  # who made the other change
    statement.refresh_from_db()
    assert statement.context == "First's context."  # the first change is not lost
    assert statement.text != "Second's words."
    # The refused form keeps the second editor's words and now carries the newer version:
    form = refused.context["adminform"].form
    assert form["text"].value() == "Second's words."
    assert int(form["opened_version"].value()) == statement.version

    # Saving again, knowingly, applies the second change on top of the first.
    again = second.post(
        change_url(statement),
        {
            **opened_by_second,
            "text": "Second's words.",
            "context": "First's context.",
            "opened_version": form["opened_version"].value(),
        },
    )
    assert again.status_code == 302
    statement.refresh_from_db()
    assert (statement.text, statement.context) == ("Second's words.", "First's context.")


def test_a_form_without_its_version_is_refused(people):
    statement = sourced(DRAFT)
    data = form_data(statement, context="No version.")
    del data["opened_version"]
    response = client_for(people["editor"]).post(change_url(statement), data)
    assert response.status_code == 200
    assert "without its version" in response.content.decode()


def test_a_save_from_a_stale_copy_in_the_shell_raises():
    statement = sourced(DRAFT)
    stale = Statement.objects.get(pk=statement.pk)
    statement.context = "Saved first."
    statement.save()
    stale.context = "Saved from an old copy."
    with pytest.raises(StaleVersion), transaction.atomic():
        stale.save()
    statement.refresh_from_db()
    assert statement.context == "Saved first."


def test_leaders_sources_and_topics_carry_versions_too(people):
    leader = LeaderFactory(name="Old Name", slug="old-name")
    client = client_for(people["editor"])
    url = reverse("admin:quotes_leader_change", args=[leader.pk])
    data = {
        "name": "Changed Name",
        "slug": "old-name",
        "aliases": "",
        "country": "FR",
        "opened_version": leader.version,
        "offices-TOTAL_FORMS": "0",
        "offices-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "name": "Stale Name"})
    assert stale.status_code == 200
    leader.refresh_from_db()
    assert leader.name == "Changed Name"
    topic = TopicFactory()
    topic.name = "Renamed"
    topic.save()
    assert topic.version == 2


# --- history ------------------------------------------------------------------------------------


def test_every_admin_change_is_in_the_history_with_who_and_the_old_values(people):
    statement = sourced(DRAFT, statement__context="Before.")
    client_for(people["editor"]).post(change_url(statement), form_data(statement, context="After."))
    latest, previous = statement.history.order_by("-history_date", "-history_id")[:2]
    assert latest.history_user == people["editor"]
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "context"] == [
        ("context", "Before.", "After.")
    ]


def test_bulk_actions_and_workflow_steps_leave_history_entries(people):
    statement = submitted_by(people["editor"])
    client_for(people["reviewer"]).post(
        reverse("admin:quotes_statement_changelist"),
        {"action": "publish", "_selected_action": [statement.pk]},
    )
    entry = statement.history.latest("history_date")
    assert entry.status == PUBLISHED
    assert entry.history_user == people["reviewer"]
    assert entry.history_change_reason == "Published"


def test_a_management_command_leaves_history_entries(tmp_path):
    from django.core.management import call_command

    csv = tmp_path / "leaders.csv"
    csv.write_text(
        "name,aliases,country,wikidata_id,office,start_year,end_year\n"
        "Ada Example,,FR,Q123456,President of France,2020,\n",
        encoding="utf-8",
    )
    call_command("import_leaders", str(csv), verbosity=0)
    leader = Leader.objects.get(wikidata_id="Q123456")
    assert leader.history.get().history_change_reason == "Leaders directory import"


def test_history_pages_show_changes_and_a_revert_restores_old_values(people):
    statement = sourced(DRAFT, statement__context="Original.")
    client = client_for(people["reviewer"])
    client.post(change_url(statement), form_data(statement, context="Mistaken edit."))
    history_page = client.get(reverse("admin:quotes_statement_history", args=[statement.pk]))
    assert history_page.status_code == 200
    assert "Mistaken edit." in history_page.content.decode()

    original = statement.history.filter(context="Original.").latest("history_date")
    url = reverse("admin:quotes_statement_simple_history", args=[statement.pk, original.history_id])
    form_page = client.get(url)
    assert form_page.status_code == 200
    reverted = client.post(
        url,
        form_data(
            statement,
            context="Original.",
            opened_version=form_page.context["adminform"].form["opened_version"].value(),
        ),
    )
    assert reverted.status_code == 302
    statement.refresh_from_db()
    assert statement.context == "Original."


def test_a_deleted_statement_can_be_restored_with_its_links(people):
    statement = sourced(DRAFT)
    topic = TopicFactory()
    statement.topics.add(topic)
    source_id = statement.citations.get().source_id
    client = client_for(people["editor"])
    client.post(reverse("admin:quotes_statement_delete", args=[statement.pk]), {"post": "yes"})
    assert not Statement.objects.filter(pk=statement.pk).exists()

    listing = client.get(reverse("admin:quotes_statement_deleted"))
    assert statement.text[:40] in listing.content.decode()
    deletion = Statement.history.get(id=statement.pk, history_type="-")
    client.post(reverse("admin:quotes_statement_restore", args=[deletion.history_id]))
    restored = Statement.objects.get(pk=statement.pk)
    assert restored.status == DRAFT
    assert list(restored.topics.all()) == [topic]
    assert restored.citations.get().source_id == source_id


# --- corrections --------------------------------------------------------------------------------


def test_changing_a_published_statements_words_needs_a_correction_note(people):
    statement = sourced(PUBLISHED, statement__text="We will win.")
    client = client_for(people["reviewer"])
    without = client.post(change_url(statement), form_data(statement, text="We shall win."))
    assert without.status_code == 200
    assert "say for readers what was corrected" in without.content.decode()
    statement.refresh_from_db()
    assert statement.text == "We will win."

    with_note = client.post(
        change_url(statement),
        form_data(statement, text="We shall win.", correction_note="The words were misquoted."),
    )
    assert with_note.status_code == 302
    correction = Correction.objects.get(statement=statement)
    assert correction.note == "The words were misquoted."
    assert correction.changes["text"] == {
        "label": "Words",
        "old": "We will win.",
        "new": "We shall win.",
    }
    assert correction.made_by == people["reviewer"]


def test_a_change_of_context_alone_is_not_a_correction(people):
    statement = sourced(PUBLISHED)
    response = client_for(people["reviewer"]).post(
        change_url(statement), form_data(statement, context="More background.")
    )
    assert response.status_code == 302
    assert not Correction.objects.exists()


def test_the_correct_service_records_the_note_and_refuses_without_one(people):
    statement = sourced(PUBLISHED)
    other = LeaderFactory()
    with pytest.raises(workflow.WorkflowRefused, match="correction note"):
        workflow.correct(statement, people["reviewer"], "", speaker=other)
    correction = workflow.correct(
        statement, people["reviewer"], "Said by the other leader.", speaker=other
    )
    assert correction.changes["speaker"]["new"] == str(other)
    with pytest.raises(workflow.WorkflowRefused):
        workflow.correct(statement, people["editor"], "An editor's attempt.", kind="partial")


# --- the import assistant -----------------------------------------------------------------------


def test_imported_statements_are_drafts_with_their_source_and_a_history_entry(people):
    from quotes.editorial.importer import AcceptedCandidate, SourceData, import_statements

    speaker = LeaderFactory(name="Ada Example")
    article = "Ada Example said: “We will keep talking.”"
    result = import_statements(
        source_data=SourceData(
            url="https://news.example.com/talks",
            title="Talks",
            publisher="Example News",
            published_on=datetime.date(2025, 6, 4),
            text=article,
        ),
        candidates=[
            AcceptedCandidate(
                text="We will keep talking.",
                parts=((article.index("We"), article.index("We") + 21),),
                speaker=speaker,
                date_said=datetime.date(2025, 6, 4),
            )
        ],
        editor=people["editor"],
    )
    statement = result.created[0]
    assert statement.status == DRAFT
    assert statement.citations.count() == 1
    entry = statement.history.get()
    assert entry.history_change_reason == "Imported from an article"
    with pytest.raises(workflow.WorkflowRefused):
        workflow.publish(statement, people["editor"])


def test_reviewers_group_exists_with_the_publish_permission():
    reviewers = Group.objects.get(name="Reviewers")
    assert reviewers.permissions.filter(codename="publish_statement").exists()
    assert (
        not Group.objects.get(name="Editors")
        .permissions.filter(codename="publish_statement")
        .exists()
    )


def test_the_review_queue_lists_submitted_statements_oldest_first_with_their_sources(people):
    older = submitted_by(people["editor"])
    newer = submitted_by(people["editor"])
    Statement.objects.filter(pk=older.pk).update(
        submitted_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    Statement.objects.filter(pk=newer.pk).update(
        submitted_at=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)
    )
    sourced(DRAFT)  # not submitted: not in the queue
    page = client_for(people["reviewer"]).get(reverse("admin:quotes_statement_review_queue"))
    assert [s.pk for s in page.context["statements"]] == [older.pk, newer.pk]
    html = page.content.decode()
    assert older.citations.get().source.title in html
    assert "Approve and publish" in html


# --- withdrawals are public ---------------------------------------------------------------------


def test_unpublishing_needs_a_note_that_readers_see_at_the_address_and_on_corrections(
    people, client
):
    statement = sourced(PUBLISHED, statement__text="Words later found misattributed.")
    address = statement.get_absolute_url()
    with pytest.raises(workflow.WorkflowRefused, match="why the statement is withdrawn"):
        workflow.unpublish(statement, people["reviewer"], "")
    workflow.unpublish(statement, people["reviewer"], "The agency retracted its report.")

    gone = client.get(address)
    assert gone.status_code == 410
    assert "The agency retracted its report." in gone.content.decode()
    assert "Words later found misattributed." not in gone.content.decode()
    corrections = client.get(reverse("quotes:corrections")).content.decode()
    assert "The agency retracted its report." in corrections
    # A statement that was never published is simply not there.
    never = sourced(DRAFT)
    assert client.get(f"/quotes/{never.pk}/").status_code == 404


def test_bulk_unpublishing_publishes_a_standard_note(people):
    statement = sourced(PUBLISHED)
    client_for(people["reviewer"]).post(
        reverse("admin:quotes_statement_changelist"),
        {"action": "unpublish", "_selected_action": [statement.pk]},
    )
    assert statement.corrections.get().note == workflow.BULK_WITHDRAWAL_NOTE
