"""A page served whole from the page cache (a "warm hit"): one database read, and the same
response, byte for byte and header for header, as the render it was cached from; and the
middleware made cheaper for it behaves as the ones it stands in for."""

import pytest
from csp.constants import NONCE, NONE, SELF
from csp.decorators import csp_replace
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from simple_history.models import HistoricalRecords

from quotes.middleware import HistoryRequestMiddleware, LazyMessageMiddleware
from quotes.reliability.security_headers import ContentSecurityPolicyMiddleware
from tests.factories import CitationFactory

pytestmark = pytest.mark.django_db

CACHED_PAGES = [
    "/",
    "/quotes/",
    "/leaders/",
    "/quotes/?q=retaliate",
    "/quotes/?q=retaliate&utm_source=newsletter",
]


@pytest.fixture
def statement():
    return CitationFactory(statement__text="We will have to retaliate.").statement


def without_x_cache(response) -> list[tuple[str, str]]:
    return [(name, value) for name, value in response.items() if name != "X-Cache"]


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_warm_hit_reads_the_database_once(
    client, statement, page_cache, path, django_assert_num_queries
):
    client.get(path)
    with django_assert_num_queries(1):  # the versions of the page's scopes, nothing else
        response = client.get(path)
    assert response["X-Cache"] == "hit"


def test_a_warm_hit_of_a_statements_page_reads_the_database_twice(
    client, statement, page_cache, django_assert_num_queries
):
    client.get(statement.get_absolute_url())
    with django_assert_num_queries(2):  # which scopes the statement is in, then their versions
        response = client.get(statement.get_absolute_url())
    assert response["X-Cache"] == "hit"
    assert "We will have to retaliate." in response.content.decode()


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_warm_hit_is_the_page_it_was_cached_from(client, statement, page_cache, path):
    rendered = client.get(path)
    served = client.get(path)
    assert (rendered["X-Cache"], served["X-Cache"]) == ("miss", "hit")
    assert served.content == rendered.content
    assert without_x_cache(served) == without_x_cache(rendered)
    head = client.head(path)
    assert head["X-Cache"] == "hit"
    assert without_x_cache(head) == without_x_cache(rendered)


def test_a_conditional_warm_hit_still_answers_304_and_412(client, statement, page_cache):
    etag = client.get("/quotes/")["ETag"]
    assert client.get("/quotes/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/quotes/", HTTP_IF_MATCH='"another"').status_code == 412
    assert client.get("/quotes/", HTTP_IF_MATCH=etag).status_code == 200


# --- Content-Security-Policy, built once per process -----------------------------------------


def both_policies(request_factory_request, response_factory):
    """The headers django-csp's own middleware and ours give the same request and response."""
    sent = []
    for middleware_class in (CSPMiddleware, ContentSecurityPolicyMiddleware):
        middleware = middleware_class(lambda request: response_factory())
        request = request_factory_request()
        response = middleware(request)
        sent.append(
            {
                name: response.get(name)
                for name in ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
            }
        )
    return sent


def test_the_policy_is_django_csps_own():
    ours, theirs = both_policies(lambda: RequestFactory().get("/quotes/"), HttpResponse)
    assert ours == theirs
    assert ours["Content-Security-Policy"]


def test_a_changed_setting_changes_the_policy_sent(settings):
    ContentSecurityPolicyMiddleware(HttpResponse)(RequestFactory().get("/"))  # built once
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [NONE]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": [SELF]},
        "EXCLUDE_URL_PREFIXES": ["/admin/"],
    }
    response = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())(
        RequestFactory().get("/quotes/")
    )
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'self'"
    excluded = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())(
        RequestFactory().get("/admin/")
    )
    assert "Content-Security-Policy-Report-Only" not in excluded
    ours, theirs = both_policies(lambda: RequestFactory().get("/admin/"), HttpResponse)
    assert ours == theirs


def test_a_views_own_policy_and_a_nonce_still_reach_the_header(settings):
    @csp_replace({"frame-ancestors": ["*"]})
    def framed(request):
        return HttpResponse()

    ours, theirs = both_policies(
        lambda: RequestFactory().get("/embed/"), lambda: framed(RequestFactory().get("/"))
    )
    assert ours == theirs
    assert "frame-ancestors *" in ours["Content-Security-Policy"]

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}
    request = RequestFactory().get("/")

    def uses_nonce(request):
        str(request.csp_nonce)
        return HttpResponse()

    middleware = ContentSecurityPolicyMiddleware(uses_nonce)
    response = middleware(request)
    assert f"'nonce-{request._csp_nonce}'" in response["Content-Security-Policy"]


# --- Messages: the storage made only when used ------------------------------------------------


def with_session(request):
    request.session = SessionStore()
    return request


def test_a_request_that_never_uses_messages_makes_no_storage_and_sends_no_cookie(monkeypatch):
    made = []

    def storage(request):
        made.append(request)
        return default_storage(request)

    monkeypatch.setattr("quotes.middleware.default_storage", storage)
    response = LazyMessageMiddleware(lambda request: HttpResponse())(
        with_session(RequestFactory().get("/quotes/"))
    )
    assert made == []
    assert not response.cookies

    def reads(request):
        list(messages.get_messages(request))
        return HttpResponse()

    request = with_session(RequestFactory().get("/quotes/"))
    LazyMessageMiddleware(reads)(request)
    assert made == [request]  # made once used


def test_a_message_added_is_shown_on_the_next_page_and_only_there():
    def saves(request):
        messages.success(request, "The statement was saved.")
        return HttpResponse()

    added = LazyMessageMiddleware(saves)(with_session(RequestFactory().post("/admin/")))
    cookie = added.cookies["messages"].value
    assert cookie

    shown = []

    def lists(request):
        shown.extend(str(message) for message in messages.get_messages(request))
        return HttpResponse()

    next_request = with_session(RequestFactory().get("/admin/"))
    next_request.COOKIES["messages"] = cookie
    after = LazyMessageMiddleware(lists)(next_request)
    assert shown == ["The statement was saved."]
    assert after.cookies["messages"]["max-age"] == 0  # read: taken away


# --- History: the request lent to history records only when it may have an author -----------


def lent_request(request):
    seen = []

    def view(request):
        seen.append(getattr(HistoricalRecords.context, "request", None))
        return HttpResponse()

    HistoryRequestMiddleware(view)(request)
    assert getattr(HistoricalRecords.context, "request", None) is None  # taken back after
    return seen[0]


def test_an_anonymous_get_is_not_lent_to_the_history(settings):
    assert lent_request(RequestFactory().get("/quotes/")) is None
    assert lent_request(RequestFactory().head("/quotes/")) is None


def test_a_request_that_may_have_an_author_is_lent_to_the_history(settings):
    signed_in = RequestFactory().get("/admin/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    assert lent_request(signed_in) is signed_in
    posted = RequestFactory().post("/admin/login/")
    assert lent_request(posted) is posted


def test_a_nonce_asked_for_after_the_header_is_written_is_still_an_error():
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    for _ in range(2):
        request = RequestFactory().get("/")
        middleware(request)
        assert not request.csp_nonce
        with pytest.raises(CSPNonceError):
            str(request.csp_nonce)
