"""The page benchmark's requests still exist: a renamed URL or parameter fails here, not there."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test.utils import override_settings
from django.urls import resolve

from benchmarks.bench_pages import benchmark_requests, naive_requests, pick_parameters
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    topic = TopicFactory(name="Trade", slug="trade")
    for index, count in enumerate((5, 3, 2)):
        leader = LeaderFactory()
        OfficeHeldFactory(leader=leader)
        for day in range(count):
            statement = StatementFactory(
                speaker=leader,
                text=f"The people want peace talks and trade number {index} {day} now.",
                date_said=datetime.date(2024, 3, 1) + datetime.timedelta(days=day),
            )
            statement.topics.add(topic)
            CitationFactory(statement=statement)


def test_every_benchmarked_request_answers(record, client):
    params = pick_parameters()
    admin = User.objects.create_superuser("bench-admin", password="a-long-test-password")
    admin_client = type(client)()
    admin_client.force_login(admin)

    for bench in benchmark_requests(params):
        if bench.call is not None:
            bench.call()
            continue
        path = bench.url.split("?")[0]
        resolve(path)
        response = (admin_client if bench.admin else client).get(bench.url)
        assert response.status_code == 200, (bench.name, bench.url)

    with override_settings(ROOT_URLCONF="benchmarks.naive_baseline"):
        for real_name, bench in naive_requests(params):
            resolve(bench.url.split("?")[0])
            response = client.get(bench.url)
            # A small record has no page 2,000: OFFSET pagination answers 404 beyond the end.
            expected = {200, 404} if "page_2000" in bench.name else {200}
            assert response.status_code in expected, (bench.name, bench.url)
            assert real_name in {b.name for b in benchmark_requests(params)}


def test_the_newsroom_days_readers_and_editors_work(record, client, page_cache):
    import random

    from benchmarks.newsroom_day import Newsroom, reader_addresses, remove_published
    from quotes.models import Leader, Source, Statement, Topic

    for url in set(reader_addresses(random.Random(1), count=200)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Cache"] in ("hit", "miss")
    newsroom = Newsroom(every=0, invalidate_everything=False, seed=1)
    newsroom.publish(Leader.objects.first(), list(Source.objects.all()), list(Topic.objects.all()))
    assert Statement.objects.published().filter(text__startswith="Statement 1 of the day").exists()
    assert remove_published() == 1
    assert not Statement.objects.filter(text__startswith="Statement 1 of the day").exists()


def test_the_share_image_benchmark_draws_every_kind_of_statement(record, capsys):
    from benchmarks.bench_share_image import CASES, main

    main(["--runs", "1", "--statements", "2"])
    table = capsys.readouterr().out
    for name in CASES:
        assert f"| {name} |" in table
    assert "| 2 newest published statements |" in table
