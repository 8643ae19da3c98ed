import pytest

from tests.factories import UserFactory, make_editor


@pytest.fixture
def editor(db):
    """A staff member of the Editors group: keeps the record, cannot manage users."""
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def outsider(db):
    """A signed-up user who is neither staff nor editor."""
    return UserFactory(username="outsider")
