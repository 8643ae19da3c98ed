"""A filter value the list cannot use is explained in the site's own words, next to its field,
and put back as typed, in markup that stays valid."""

import pytest

from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def errors(response) -> str:
    form = response.context["filterset"].form
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


@pytest.mark.parametrize(
    "query, message",
    [
        ({"topic": "nope"}, "No topic called “nope”."),
        ({"publisher": "Nope"}, "No outlet called “Nope” has published a statement."),
        ({"country": "ZZ"}, "No leader in the record comes from “ZZ”."),
        ({"kind": "rumour"}, "“rumour” is not a kind of statement"),
        ({"channel": "telepathy"}, "“telepathy” is not a channel"),
        ({"verification": "maybe"}, "“maybe” is not a verification status"),
        ({"sort": "random"}, "Sort “newest” or “oldest” first, not “random”."),
        ({"date_from": "2025-02-31"}, "Not a date: write it as YYYY-MM-DD"),
    ],
)
def test_a_value_the_list_cannot_use_is_explained_in_plain_words(client, query, message):
    StatementFactory()
    response = client.get("/quotes/", query)
    assert response.status_code == 200
    assert message in errors(response)
    assert "Select a valid choice" not in response.content.decode()


def test_the_value_in_the_message_is_escaped(client):
    response = client.get("/quotes/", {"topic": "<script>alert(1)</script>"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "No topic called “&lt;script&gt;alert(1)&lt;/script&gt;”." in html


def test_an_impossible_date_is_put_back_in_a_text_box(client):
    html = client.get("/quotes/", {"date_from": "2025-02-31"}).content.decode()
    assert 'type="text" name="date_from" value="2025-02-31"' in html


def test_a_real_date_keeps_the_date_picker(client):
    html = client.get("/quotes/", {"date_from": "2025-02-28"}).content.decode()
    assert 'type="date" name="date_from" value="2025-02-28"' in html
