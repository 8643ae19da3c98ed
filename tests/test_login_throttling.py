import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client, RequestFactory
from django.utils import timezone

from quotes.reliability.sign_in_limits import client_address
from tests.factories import UserFactory, make_editor
from tests.test_settings import manage

PASSWORD = "a-long-test-password"
LOGIN = "/admin/login/"
ATTEMPTS_ADMIN = "/admin/axes/accessattempt/"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0


def sign_in(username, password=PASSWORD, *, address="198.51.100.1", **headers):
    """A fresh browser at `address` posts the admin's sign-in form; returns its answer."""
    browser = Client(REMOTE_ADDR=address, **headers)
    response = browser.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})
    return response, browser


def signed_in(browser) -> bool:
    return browser.get("/admin/").status_code == 200


def fail(username, times, *, address="198.51.100.1", **headers):
    responses = [
        sign_in(username, "wrong-password", address=address, **headers)[0] for _ in range(times)
    ]
    return responses[-1]


@pytest.fixture
def alice(db):
    return make_editor("alice")


@pytest.fixture
def bob(db):
    return make_editor("bob")


def test_the_right_password_signs_in_when_nothing_is_locked(alice):
    response, browser = sign_in("alice")
    assert response.status_code == 302
    assert signed_in(browser)


def test_four_wrong_passwords_still_let_the_right_one_in(alice):
    last = fail("alice", 4)
    assert last.status_code == 200  # the sign-in form again, with its error
    response, browser = sign_in("alice")
    assert response.status_code == 302
    assert signed_in(browser)


def test_the_fifth_wrong_password_locks_the_user_out_even_with_the_right_password(alice):
    fifth = fail("alice", 5)
    assert fifth.status_code == 429
    response, browser = sign_in("alice")
    assert response.status_code == 429
    assert not signed_in(browser)


def test_the_lockout_page_says_what_happened_and_how_long_to_wait(alice):
    fail("alice", 5)
    response, _ = sign_in("alice")
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert "Try again in 15 minutes" in page
    assert "ask an administrator to unlock your account" in page
    assert 'name="password"' not in page


def test_a_locked_user_name_is_refused_from_any_address(alice):
    fail("alice", 5, address="198.51.100.1")
    response, browser = sign_in("alice", address="203.0.113.77")
    assert response.status_code == 429
    assert not signed_in(browser)


def test_another_user_at_another_address_still_signs_in(alice, bob):
    fail("alice", 5, address="198.51.100.1")
    response, browser = sign_in("bob", address="203.0.113.2")
    assert response.status_code == 302
    assert signed_in(browser)


def test_failures_across_user_names_from_one_address_lock_that_address(alice, bob):
    for name in ["admin", "root", "editor", "alice", "carol"]:
        fail(name, 1, address="192.0.2.9")
    response, browser = sign_in("bob", address="192.0.2.9")
    assert response.status_code == 429
    assert not signed_in(browser)
    # bob's name is not locked, only that address.
    response, browser = sign_in("bob", address="192.0.2.10")
    assert response.status_code == 302
    assert signed_in(browser)


def test_a_forged_forwarded_header_does_not_dodge_the_address_limit(bob):
    for number in range(5):
        fail(f"guess{number}", 1, address="192.0.2.9", HTTP_X_FORWARDED_FOR=f"10.9.9.{number}")
    response, _ = sign_in("bob", address="192.0.2.9", HTTP_X_FORWARDED_FOR="10.9.9.200")
    assert response.status_code == 429


def move_failures_back(minutes: int) -> None:
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=minutes))


def test_the_lock_holds_until_the_cool_off_has_passed(alice):
    fail("alice", 5)
    move_failures_back(14)
    response, browser = sign_in("alice")
    assert response.status_code == 429
    assert not signed_in(browser)


def test_after_the_cool_off_the_right_password_signs_in(alice):
    fail("alice", 5)
    move_failures_back(16)
    response, browser = sign_in("alice")
    assert response.status_code == 302
    assert signed_in(browser)


@pytest.fixture
def administrator_client(db):
    administrator = UserFactory(username="administrator", is_staff=True, is_superuser=True)
    browser = Client()
    browser.force_login(administrator)
    return browser


def unlock(browser, attempts):
    return browser.post(
        ATTEMPTS_ADMIN,
        {"action": "unlock", "_selected_action": [attempt.pk for attempt in attempts]},
        follow=True,
    )


def test_an_administrator_sees_who_is_locked_out(administrator_client, alice):
    fail("alice", 5)
    page = administrator_client.get(ATTEMPTS_ADMIN, {"locked_out": "yes"}).content.decode()
    assert "alice" in page
    assert "Unlock" in page


def test_an_administrator_unlocks_a_user_and_they_sign_in(administrator_client, alice):
    fail("alice", 5)
    response = unlock(administrator_client, AccessAttempt.objects.filter(username="alice"))
    assert "Unlocked" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="alice").exists()
    response, browser = sign_in("alice")
    assert response.status_code == 302
    assert signed_in(browser)


def test_unlocking_one_attempt_forgets_the_user_names_failures_from_every_address(
    administrator_client, alice
):
    fail("alice", 5, address="198.51.100.1")
    fail("alice", 1, address="198.51.100.2")
    assert sign_in("alice", address="198.51.100.3")[0].status_code == 429
    # Only the second address's row is ticked; the first's five failures alone would lock.
    unlock(administrator_client, AccessAttempt.objects.filter(ip_address="198.51.100.2"))
    response, _ = sign_in("alice", address="198.51.100.3")
    assert response.status_code == 302


def test_unlocking_keeps_the_log_of_failures(administrator_client, alice):
    fail("alice", 5)
    unlock(administrator_client, AccessAttempt.objects.all())
    assert AccessFailureLog.objects.filter(username="alice").count() == 5


def test_an_editor_cannot_see_or_clear_the_attempts(alice):
    fail("bob", 5)
    browser = Client()
    browser.force_login(alice)
    assert browser.get(ATTEMPTS_ADMIN).status_code == 403
    unlock(browser, AccessAttempt.objects.all())
    assert AccessAttempt.objects.filter(username="bob").exists()


def request_from(remote_addr, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_trusted_proxies_the_address_is_the_connection_s():
    assert client_address(request_from("10.0.0.5", "203.0.113.9")) == "10.0.0.5"


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        # One proxy of ours appends the address it was reached from; what is left of it is
        # whatever the client sent.
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (1, "203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        # Fewer entries than proxies, or an entry that is no address: the connection's.
        (2, "203.0.113.9", "10.0.0.5"),
        (1, "", "10.0.0.5"),
        (1, "6.6.6.6, not-an-address", "10.0.0.5"),
    ],
)
def test_behind_trusted_proxies_the_address_is_the_one_the_outermost_proxy_saw(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(request_from("10.0.0.5", forwarded)) == expected


def test_behind_a_proxy_each_client_is_counted_by_its_own_address(settings, bob):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        fail(f"guess{number}", 1, address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9")
    response, _ = sign_in("bob", address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert response.status_code == 302
    response, _ = sign_in("bob", address="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9")
    assert response.status_code == 429


SHOW_LIMITS = (
    "from django.conf import settings; "
    "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME, settings.TRUSTED_PROXY_COUNT)"
)


def test_the_limits_come_from_the_environment():
    result = manage(
        "shell",
        "-c",
        SHOW_LIMITS,
        LOGIN_FAILURE_LIMIT="8",
        LOGIN_LOCKOUT_MINUTES="30",
        TRUSTED_PROXY_COUNT="2",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "8 0:30:00 2"


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("LOGIN_FAILURE_LIMIT", "0", "LOGIN_FAILURE_LIMIT must be at least 1"),
        ("LOGIN_LOCKOUT_MINUTES", "soon", "LOGIN_LOCKOUT_MINUTES must be a whole number"),
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT must be at least 0"),
    ],
)
def test_a_limit_it_cannot_use_is_an_error_not_a_guess(name, value, message):
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr
