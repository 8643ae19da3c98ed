"""The API against its own OpenAPI schema (schemathesis, on a live test server): for every
operation, generated inputs, valid and not, never get a server error, and every answer (its
status, content type, headers and body) is one the schema documents.

Bounded for the suite: a fixed, reproducible set of examples per operation (`derandomize`),
no deadline; the records every detail operation answers for are checked by name as well, since
generated ids and slugs seldom name one.

Each operation's strategy drives a plain hypothesis test (`operation.as_strategy()`):
schemathesis's own pytest loader for a schema from a fixture (`schemathesis.pytest.
from_fixture`) relies on a pytest internal that pytest 9.2 no longer has.
"""

import datetime

import pytest
import schemathesis
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from quotes.models import Statement
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 40


@pytest.fixture
def small_record(transactional_db):
    """Something of every kind for the answers to show: offices, topics, mentions, sources,
    corrections, a disputed statement and a draft."""
    putin = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    OfficeHeldFactory(
        leader=putin,
        title="President of Russia",
        country="RU",
        start_date=datetime.date(2012, 5, 7),
    )
    zelenskyy = LeaderFactory(
        name="Volodymyr Zelenskyy",
        slug="volodymyr-zelenskyy",
        country="UA",
        wikidata_id="Q3874799",
        aliases=["Zelensky"],
    )
    war = TopicFactory(name="War in Ukraine", slug="war-in-ukraine")
    kremlin = SourceFactory(
        publisher="Kremlin", archive_url="https://web.archive.org/web/2025/https://kremlin.ru/"
    )
    statements = []
    for number in range(25):
        with transaction.atomic():  # the statement and its citation: one commit
            statement = StatementFactory(
                speaker=putin if number % 2 else zelenskyy,
                date_said=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
                cited=False,
                context="Said at a press conference.",
            )
            CitationFactory(statement=statement, source=kremlin, locator=f"paragraph {number}")
        statement.topics.add(war)
        statement.mentions.add(zelenskyy)
        statements.append(statement)
    StatementFactory(
        speaker=putin,
        verification=Statement.Verification.DISPUTED,
        verification_note="The recording is edited.",
    ).corrections.create(note="The date was wrong.", changes={"date_said": {"label": "Date"}})
    StatementFactory(speaker=zelenskyy, status=Statement.Status.DRAFT)
    return {
        "/api/v1/statements/{id}/": {"id": statements[0].pk},
        "/api/v1/leaders/{slug}/": {"slug": "vladimir-putin"},
        "/api/v1/sources/{id}/": {"id": kremlin.pk},
        "/api/v1/topics/{slug}/": {"slug": "war-in-ukraine"},
    }


@pytest.fixture
def api_schema(live_server, small_record):
    return schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")


def documented_operations() -> list[tuple[str, str]]:
    """(path, method) of every operation the schema documents, read when tests are collected."""
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return [(path, method.upper()) for path, methods in paths.items() for method in methods]


@pytest.mark.parametrize(("path", "method"), documented_operations())
def test_every_operation_answers_as_its_schema_says(api_schema, path, method):
    operation = api_schema[path][method]
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        case.call_and_validate(checks=CHECKS)

    answers_as_documented()


def test_the_records_named_in_each_detail_operation_match_the_schema(api_schema, small_record):
    for path, parameters in small_record.items():
        case = api_schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code == 200, path


def test_filtered_and_paged_lists_match_the_schema(api_schema, small_record):
    operation = api_schema["/api/v1/statements/"]["GET"]
    first = operation.Case(query={"speaker": ["vladimir-putin"], "page_size": 5}).call_and_validate(
        checks=CHECKS
    )
    following = first.json()["next"]
    assert following
    cursor = following.split("cursor=")[1].split("&")[0]
    case = operation.Case(query={"speaker": ["vladimir-putin"], "page_size": 5, "cursor": cursor})
    assert case.call_and_validate(checks=CHECKS).json()["previous"]
