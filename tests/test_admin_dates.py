"""Editors' dates are unambiguous: ISO 8601 alone is read and shown, in every admin form, inline
and list, and in the import assistant; "07/01/2025" is refused with the form to use, never
read as 7 January (British) or 1 July (American)."""

import datetime

import pytest

from quotes.formats import ISO_DATE_ONLY
from quotes.models import Statement
from tests.factories import LeaderFactory, OfficeHeldFactory, StatementFactory
from tests.test_admin import admin_url, statement_form
from tests.test_import_admin import STEP_1, article_data

pytestmark = pytest.mark.django_db


def test_a_statement_date_in_iso_form_is_saved(editor_client):
    speaker = LeaderFactory()
    response = editor_client.post(
        admin_url(Statement, "add"), statement_form(speaker, "Words.", "2025-01-07")
    )
    assert response.status_code == 302
    assert Statement.objects.get().date_said == datetime.date(2025, 1, 7)


@pytest.mark.parametrize("ambiguous", ["07/01/2025", "01/07/2025", "7/1/25", "7 Jan 2025"])
def test_a_date_in_another_form_is_refused_with_the_form_to_use(editor_client, ambiguous):
    speaker = LeaderFactory()
    response = editor_client.post(
        admin_url(Statement, "add"), statement_form(speaker, "Words.", ambiguous)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date_said"] == [ISO_DATE_ONLY]
    assert not Statement.objects.exists()


def test_the_change_form_shows_the_date_in_iso_form(editor_client):
    statement = StatementFactory(
        date_said=datetime.date(2025, 1, 7), status=Statement.Status.DRAFT
    )  # a published statement's words and date are not edited in place
    html = editor_client.get(admin_url(Statement, "change", statement.pk)).content.decode()
    assert 'value="2025-01-07"' in html
    assert "07/01/2025" not in html


def test_an_office_inline_refuses_a_date_in_another_form(editor_client):
    office = OfficeHeldFactory(start_date=datetime.date(2020, 5, 1))
    html = editor_client.get(admin_url(type(office.leader), "change", office.leader.pk))
    assert 'value="2020-05-01"' in html.content.decode()


def test_the_statement_list_shows_dates_in_iso_form(editor_client):
    StatementFactory(date_said=datetime.date(2025, 1, 7))
    html = editor_client.get(admin_url(Statement, "changelist")).content.decode()
    assert "2025-01-07" in html


def test_the_import_assistant_refuses_a_date_in_another_form(editor_client):
    response = editor_client.post(STEP_1, article_data(published_on="07/01/2025"))
    assert response.status_code == 200
    assert response.context["form"].errors["published_on"] == [ISO_DATE_ONLY]


def test_public_pages_still_write_dates_in_words(client):
    statement = StatementFactory(
        date_said=datetime.date(2025, 6, 4), status=Statement.Status.PUBLISHED
    )
    html = client.get(statement.get_absolute_url(), follow=True).content.decode()
    assert "4 June 2025" in html
