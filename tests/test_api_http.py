"""The API over HTTP: conditional GETs, the rate limit, CORS, read-only methods, replicas,
errors as JSON, the schema and the documentation page."""

import uuid

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS
from django.test import Client, RequestFactory

from quotes.editorial import workflow
from quotes.models import Statement
from quotes.replicas.middleware import may_use_replica
from quotes.replicas.router import ReplicaRouter
from quotes.settings import envrate
from tests.factories import CitationFactory, LeaderFactory, StatementFactory, TopicFactory
from tests.test_replica_routing import one_replica, replicas  # noqa: F401  (fixtures)
from tests.test_settings import manage

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/statements/"
ENDPOINTS = ["/api/v1/statements/", "/api/v1/leaders/", "/api/v1/sources/", "/api/v1/topics/"]


@pytest.fixture
def statement():
    made = StatementFactory()
    made.topics.add(TopicFactory(slug="trade"))
    return made


def detail_urls(statement) -> list[str]:
    return [
        f"/api/v1/statements/{statement.pk}/",
        f"/api/v1/leaders/{statement.speaker.slug}/",
        f"/api/v1/sources/{statement.citations.get().source_id}/",
        "/api/v1/topics/trade/",
    ]


# ----- Conditional GETs ---------------------------------------------------------------------


def test_every_answer_has_an_etag_and_a_client_that_has_it_gets_a_304(client, statement):
    for url in [*ENDPOINTS, *detail_urls(statement)]:
        response = client.get(url)
        assert response.status_code == 200, url
        etag = response["ETag"]
        assert "public" in response["Cache-Control"]
        again = client.get(url, headers={"if-none-match": etag})
        assert again.status_code == 304, url
        assert again["ETag"] == etag
        assert again.content == b""


def test_a_publication_changes_the_lists_etag(client, statement, reviewer):
    etag = client.get(LIST_URL)["ETag"]
    # Of a known leader, from a known source: a new leader or source is a change to the record.
    draft = StatementFactory(
        speaker=statement.speaker, status=Statement.Status.SUBMITTED, cited=False
    )
    CitationFactory(statement=draft, source=statement.citations.get().source)
    # A draft changes nothing the public sees.
    assert client.get(LIST_URL, headers={"if-none-match": etag}).status_code == 304
    workflow.publish(draft, reviewer)
    response = client.get(LIST_URL, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert draft.pk in [row["id"] for row in response.json()["results"]]


def test_a_change_to_a_statement_changes_its_etag_and_not_another_leaders(client, statement):
    other = StatementFactory(speaker=LeaderFactory())
    url, other_url = f"{LIST_URL}{statement.pk}/", f"{LIST_URL}{other.pk}/"
    etag, other_etag = client.get(url)["ETag"], client.get(other_url)["ETag"]

    statement.context = "Said at a press conference."
    statement.save()

    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response.json()["context"] == "Said at a press conference."
    assert client.get(other_url, headers={"if-none-match": other_etag}).status_code == 304


def test_a_new_citation_changes_the_sources_etag(client, statement):
    source_id = statement.citations.get().source_id
    url = f"/api/v1/sources/{source_id}/"
    etag = client.get(url)["ETag"]
    CitationFactory(statement=StatementFactory(cited=False), source_id=source_id)
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert len(response.json()["statements"]) == 2


def test_a_renamed_leader_changes_every_etag_that_names_them(client, statement):
    urls = [LIST_URL, f"{LIST_URL}{statement.pk}/", f"/api/v1/leaders/{statement.speaker.slug}/"]
    etags = {url: client.get(url)["ETag"] for url in urls}
    statement.speaker.name = "A New Name"
    statement.speaker.save()
    for url, etag in etags.items():
        assert client.get(url, headers={"if-none-match": etag}).status_code == 200, url


def test_an_etag_of_another_page_of_the_list_is_answered_in_full(client, statement):
    etag = client.get(LIST_URL)["ETag"]
    response = client.get(LIST_URL, {"page_size": 1}, headers={"if-none-match": '"something"'})
    assert response.status_code == 200
    assert response["ETag"] == etag  # one version of the record, whatever the page


# ----- The rate limit -------------------------------------------------------------------------


@pytest.fixture
def three_a_minute(settings, page_cache):
    settings.API_RATE_LIMIT = "3/min"


def test_past_the_rate_limit_an_address_gets_a_429_saying_when_to_come_back(
    client, statement, three_a_minute
):
    for _ in range(3):
        assert client.get(LIST_URL).status_code == 200
    response = client.get(LIST_URL)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    detail = response.json()["detail"]
    assert "3/min" in detail
    assert f"{response['Retry-After']} seconds" in detail
    # Conditional requests, details and the schema count too.
    assert client.get(f"{LIST_URL}{statement.pk}/").status_code == 429


def test_the_limit_is_counted_per_client_address(client, statement, three_a_minute):
    for _ in range(4):
        client.get(LIST_URL)
    assert client.get(LIST_URL).status_code == 429
    assert client.get(LIST_URL, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_behind_trusted_proxies_the_forwarded_address_is_counted(
    client, statement, three_a_minute, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        client.get(LIST_URL, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client.get(LIST_URL, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert client.get(LIST_URL, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_the_pages_are_not_rate_limited(client, statement, three_a_minute):
    for _ in range(5):
        assert client.get("/quotes/").status_code == 200


def test_a_redis_out_of_reach_lifts_the_limit_rather_than_the_api(
    client, statement, settings, closed_port
):
    settings.API_RATE_LIMIT = "2/min"
    settings.CACHES = {
        "default": {
            "BACKEND": "quotes.reliability.cache.SharedClientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        }
    }
    for _ in range(5):
        assert client.get(LIST_URL).status_code == 200


def test_the_limit_is_counted_in_redis_when_there_is_one(client, statement, settings):
    settings.API_RATE_LIMIT = "2/min"
    settings.CACHES = {
        "default": {
            "BACKEND": "quotes.reliability.cache.SharedClientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"verbatim-test-{uuid.uuid4().hex}",
        }
    }
    from django.core.cache import cache

    cache.set("probe", "kept", 10)
    if cache.get("probe") != "kept":
        pytest.skip("no Redis at 127.0.0.1:6379: start it to run this test")
    statuses = [client.get(LIST_URL).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


# ----- CORS ----------------------------------------------------------------------------------


def test_any_site_may_read_the_api_from_a_browser(client, statement):
    response = client.get(LIST_URL, headers={"origin": "https://newsroom.example"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_allows_reading_only(client, db):
    response = client.options(
        LIST_URL,
        headers={
            "origin": "https://newsroom.example",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


def test_the_site_itself_shares_nothing_with_other_origins(client, statement):
    for path in ["/quotes/", statement.get_absolute_url(), "/admin/login/"]:
        response = client.get(path, headers={"origin": "https://newsroom.example"})
        assert "Access-Control-Allow-Origin" not in response, path


# ----- Read-only, anonymous ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only_and_asks_no_csrf_token(method, statement):
    client = Client(enforce_csrf_checks=True)
    for url in [LIST_URL, f"{LIST_URL}{statement.pk}/"]:
        response = getattr(client, method)(url, {"words": "x"}, content_type="application/json")
        assert response.status_code == 405, url
        assert response.json() == {
            "detail": "The API is read-only: it answers GET, HEAD and OPTIONS."
        }
        assert Statement.objects.count() == 1


def test_head_answers_like_get_without_a_body(client, statement):
    response = client.head(LIST_URL)
    assert response.status_code == 200
    assert response["ETag"] == client.get(LIST_URL)["ETag"]
    assert response.content == b""


def test_the_api_sets_no_cookie_and_needs_no_sign_in(client, statement, editor_client):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert not response.cookies
    # A signed-in editor sees what everyone sees: still only published statements.
    StatementFactory(status=Statement.Status.DRAFT)
    assert len(editor_client.get(LIST_URL).json()["results"]) == 1


# ----- Replicas -------------------------------------------------------------------------------


def test_api_gets_may_read_from_a_replica_and_other_methods_may_not():
    requests = RequestFactory()
    assert may_use_replica(requests.get(LIST_URL))
    assert may_use_replica(requests.head("/api/v1/leaders/"))
    assert not may_use_replica(requests.post(LIST_URL))


def test_an_api_answer_is_read_from_the_replica(client, statement, one_replica, monkeypatch):  # noqa: F811
    seen = []
    route = ReplicaRouter.db_for_read

    def recorded(router, model, **hints):
        seen.append(route(router, model, **hints))
        return seen[-1]

    monkeypatch.setattr(ReplicaRouter, "db_for_read", recorded)
    response = client.get(f"{LIST_URL}{statement.pk}/")
    assert response.status_code == 200
    assert seen and set(seen) == {one_replica}
    assert DEFAULT_DB_ALIAS not in seen


# ----- Errors, schema, documentation ----------------------------------------------------------


def test_an_unknown_api_address_is_a_json_404(client, db):
    response = client.get("/api/v1/speeches/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such API address: /api/docs/ lists them."}


def test_an_address_without_its_slash_is_sent_to_it(client, db):
    response = client.get("/api/v1/statements")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/statements/"


def test_the_schema_is_openapi_3_and_documents_every_endpoint(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/statements/",
        "/api/v1/statements/{id}/",
        "/api/v1/leaders/",
        "/api/v1/leaders/{slug}/",
        "/api/v1/sources/",
        "/api/v1/sources/{id}/",
        "/api/v1/topics/",
        "/api/v1/topics/{slug}/",
        "/api/v1/events/",
        "/api/v1/events/{slug}/",
    }
    statements = schema["paths"]["/api/v1/statements/"]["get"]
    parameters = {parameter["name"] for parameter in statements["parameters"]}
    assert {"cursor", "page_size", "q", "speaker", "date_from", "sort"} <= parameters
    assert {"200", "400", "429"} <= set(statements["responses"])
    detail = schema["paths"]["/api/v1/statements/{id}/"]["get"]
    assert {"200", "404", "410", "429"} <= set(detail["responses"])


def test_the_documentation_page_runs_only_the_sites_own_scripts(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "/static/quotes/api_docs.js" in html
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_open_data_page_points_to_the_api(client, db):
    html = client.get("/data/").content.decode()
    assert 'href="/api/docs/"' in html
    assert "/api/v1/statements/" in html


# ----- Settings -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["120/min", "5000/day", "10/s", "2/hour"])
def test_a_rate_is_a_number_of_requests_per_period(monkeypatch, value):
    monkeypatch.setenv("API_RATE_LIMIT", value)
    assert envrate("API_RATE_LIMIT", "120/min") == value


@pytest.mark.parametrize("value", ["lots", "120", "0/min", "-5/min", "120/fortnight", "1.5/s"])
def test_a_rate_it_cannot_read_is_an_error_not_a_guess(monkeypatch, value):
    monkeypatch.setenv("API_RATE_LIMIT", value)
    with pytest.raises(ImproperlyConfigured, match="API_RATE_LIMIT must be a number of requests"):
        envrate("API_RATE_LIMIT", "120/min")


def test_the_server_refuses_to_start_with_a_rate_it_cannot_read():
    result = manage("check", API_RATE_LIMIT="plenty")
    assert result.returncode != 0
    assert "API_RATE_LIMIT must be a number of requests" in result.stderr
