"""Read replicas for real: a private primary and its streaming replica, the site under gunicorn.

The primary is a cluster of its own on a free loopback port (the shared one at 5432 allows no
replication), migrated and loaded with the demo record; the replica is `pg_basebackup -R` of
it on another port. Two servers run the repository's gunicorn.conf.py against them, one that
tolerates any lag and one that skips the replica past one second. Replay on the replica is
paused on cue, so that what each page shows says which database it was read from.
"""

import html.parser
import http.client
import http.cookies
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

import psycopg2
import pytest
from django.db import connection

from benchmarks.load_test import HOST, free_port, server_environment
from benchmarks.pg_cluster import PG_BIN, Cluster

ROOT = Path(__file__).resolve().parent.parent
EDITOR_PASSWORD = "a-long-password-for-the-replica-test"
CONNECT_TIMEOUT = 2.0

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: needs DATABASE_URL=postgres://... (streaming replication)",
    ),
    pytest.mark.skipif(
        not (PG_BIN / "pg_basebackup").exists() or not shutil.which("runuser"),
        reason=f"needs PostgreSQL's server programs in {PG_BIN} and runuser",
    ),
    pytest.mark.skipif(os.geteuid() != 0, reason="runs the clusters as the postgres user (root)"),
]


class Client:
    """An HTTP client with its own cookies (sent back whatever their Secure flag: the servers
    run with DEBUG off, over plain HTTP on the loopback)."""

    def __init__(self, server):
        self.server = server
        self.cookies: dict[str, str] = {}

    def request(self, method, path, form=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(HOST, self.server.port, timeout=30)
        try:
            started = time.monotonic()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.text = response.read().decode()
            response.seconds = time.monotonic() - started
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)

    def sign_in(self):
        page = self.get("/admin/login/")
        form = FormFields.of(page.text)
        form.update(username="editor", password=EDITOR_PASSWORD, next="/admin/")
        signed_in = self.post("/admin/login/?next=/admin/", form)
        assert signed_in.status == 302, signed_in.text[:2000]


class FormFields(html.parser.HTMLParser):
    """The fields a browser would send from the page's main form."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea = None
        self._select = None

    @classmethod
    def of(cls, page: str) -> dict[str, str]:
        parser = cls()
        parser.feed(page)
        return parser.fields

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


class Gunicorn:
    """The site under gunicorn with the repository's gunicorn.conf.py, on a free port."""

    def __init__(self, workdir: Path, name: str, env: dict[str, str]):
        self.port = free_port()
        self.log = workdir / f"{name}.log"
        self._log_file = open(self.log, "w")  # noqa: SIM115 (open while the server runs)
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "quotes.wsgi",
            ],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"{HOST}:{self.port}",
                "WEB_CONCURRENCY": "1",  # one process: one view of the replica's health
                "GUNICORN_THREADS": "4",
                "GUNICORN_ACCESS_LOG": str(workdir / f"{name}-access.log"),
            },
            stdout=self._log_file,
            stderr=self._log_file,
        )

    def wait_until_serving(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if Client(self).get("/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"gunicorn did not serve within {timeout} s:\n{self.log.read_text()}")

    def logged(self, words: str, timeout=10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if words in self.log.read_text():
                return True
            time.sleep(0.1)
        return False

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log_file.close()


def poll(check, timeout=15, every=0.1):
    """`check()`'s first true value within `timeout` seconds, else the last one."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


@pytest.fixture(scope="module")
def cluster():
    """The primary, migrated and loaded, its replica, and the two servers; all torn down."""
    workdir = Path(tempfile.mkdtemp(prefix="verbatim-replicas-"))
    started = []
    try:
        primary = Cluster.primary(workdir, server_settings={"fsync": "off"})
        started.append(primary)
        env = server_environment(
            workdir, DATABASE_URL=primary.url, DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT)
        )
        env.pop("REDIS_URL", None)  # each server's own memory: nothing shared between runs
        env.pop("DATABASE_REPLICA_URLS", None)
        for command in (
            ["migrate", "-v0"],
            ["load_demo"],
            ["createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env={**env, "DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD},
                check=True,
                capture_output=True,
            )
        replica = primary.replica()
        started.append(replica)
        with_replica = {**env, "DATABASE_REPLICA_URLS": replica.url}
        patient = Gunicorn(
            workdir,
            "patient",
            {**with_replica, "REPLICA_MAX_LAG_SECONDS": "3600", "READ_YOUR_WRITES_SECONDS": "7200"},
        )
        started.append(patient)
        strict = Gunicorn(
            workdir,
            "strict",
            {**with_replica, "REPLICA_MAX_LAG_SECONDS": "1", "READ_YOUR_WRITES_SECONDS": "2"},
        )
        started.append(strict)
        patient.wait_until_serving()
        strict.wait_until_serving()
        yield SimpleNamespace(primary=primary, replica=replica, patient=patient, strict=strict)
    finally:
        for thing in reversed(started):
            if isinstance(thing, Gunicorn):
                thing.stop()
            else:
                thing.stop("immediate")
        shutil.rmtree(workdir, ignore_errors=True)


def replica_status(healthz) -> str:
    return json.loads(healthz.text)["replicas"]["replica1"]["status"]


def a_topic(cluster) -> tuple[int, str, str]:
    return cluster.primary.query("SELECT id, slug, name FROM quotes_topic ORDER BY id LIMIT 1")[0]


def test_public_pages_are_read_from_the_replica_and_an_editor_reads_their_own_writes(cluster):
    topic_id, slug, old_name = a_topic(cluster)
    page = f"/topics/{slug}/"
    editor, reader = Client(cluster.patient), Client(cluster.patient)
    editor.sign_in()
    before = reader.get(page)
    assert before.status == 200 and old_name in before.text

    cluster.replica.pause_replay()
    try:
        change = f"/admin/quotes/topic/{topic_id}/change/"
        form = FormFields.of(editor.get(change).text)
        form.update(name="Renamed while the replica waits", _save="Save")
        saved = editor.post(change, form)
        assert saved.status == 302, saved.text[:3000]  # the write went to the primary
        assert cluster.primary.query("SELECT name FROM quotes_topic WHERE id = %s", [topic_id]) == [
            ("Renamed while the replica waits",)
        ]

        # The reader's page comes from the replica, which has not replayed the change: the old
        # name, and the old version's ETag (the version is read where the page is read).
        during = reader.get(page)
        assert during.status == 200
        assert old_name in during.text and "Renamed while the replica waits" not in during.text
        assert during.headers["ETag"] == before.headers["ETag"]
        newcomer = Client(cluster.patient).get(page)
        assert "Renamed while the replica waits" not in newcomer.text

        # The editor, who has just written, reads from the primary: the change is there.
        own = editor.get(page)
        assert own.status == 200 and "Renamed while the replica waits" in own.text
        assert own.headers["ETag"] != before.headers["ETag"]
    finally:
        cluster.replica.resume_replay()
    cluster.replica.wait_until_replayed(cluster.primary)

    # Nothing stale was cached under the new version: once replayed, readers see the change.
    after = reader.get(page)
    assert "Renamed while the replica waits" in after.text
    assert after.headers["ETag"] == own.headers["ETag"]


def test_the_replica_refuses_writes(cluster):
    topic_id, _, _ = a_topic(cluster)
    with pytest.raises(psycopg2.errors.ReadOnlySqlTransaction):
        cluster.replica.query("UPDATE quotes_topic SET name = 'x' WHERE id = %s", [topic_id])
    assert cluster.replica.query("SELECT pg_is_in_recovery()") == [(True,)]


def test_a_replica_lagging_past_the_limit_is_skipped_with_a_log_line(cluster):
    topic_id, slug, _ = a_topic(cluster)
    page = f"/topics/{slug}/"
    reader = Client(cluster.strict)
    assert reader.get(page).status == 200
    cluster.replica.pause_replay()
    try:
        # A change as any write makes it: the topic and the scope of the names, together.
        cluster.primary.query(
            "UPDATE quotes_topic SET name = 'Renamed past the lag limit' WHERE id = %s;"
            "UPDATE quotes_cachescope SET version = version + 1, changed_at = now() "
            "WHERE name = 'reference'",
            [topic_id],
        )
        # Past one second behind, the replica is skipped: the page comes from the primary.
        shown = poll(lambda: "Renamed past the lag limit" in reader.get(page).text)
        assert shown, "the page kept coming from the lagging replica"
        assert cluster.strict.logged("Replica replica1 skipped:")
        assert cluster.strict.logged("behind the primary (more than 1 s)")
        lagging = Client(cluster.strict).get("/healthz")
        assert lagging.status == 200
        assert replica_status(lagging) == "lagging"
    finally:
        cluster.replica.resume_replay()
    cluster.replica.wait_until_replayed(cluster.primary)
    back = poll(lambda: replica_status(Client(cluster.strict).get("/healthz")) == "ok")
    assert back, "the replica was not used again once it caught up"
    assert cluster.strict.logged("Replica replica1 serves reads again")


def test_near_spellings_are_found_on_the_replica_with_the_sites_threshold(cluster):
    # The trigram threshold is set on the connection the lookup reads from, the replica's.
    found = Client(cluster.patient).get("/leaders/lookup.json?q=Volodimir")
    assert found.status == 200
    assert "Volodymyr Zelenskyy" in [leader["name"] for leader in json.loads(found.text)["results"]]


def test_a_stopped_replica_is_skipped_without_an_error_page(cluster):
    pages = ["/", "/quotes/", "/leaders/", "/feeds/latest.atom", "/data/statements.csv"]
    reader = Client(cluster.patient)
    for path in pages:  # every thread's connection to the replica is open and in use
        assert reader.get(path).status == 200
    assert replica_status(reader.get("/healthz")) == "ok"

    cluster.replica.stop("immediate")
    for _ in range(3):
        for path in pages:
            answer = reader.get(path)
            assert answer.status == 200, (path, answer.status, answer.text[:500])
            # Refused at once, then not tried for a few seconds: never a long wait.
            assert answer.seconds < CONNECT_TIMEOUT + 1, (path, answer.seconds)
    assert cluster.patient.logged("Replica replica1 skipped: down")
    report = reader.get("/healthz")
    assert report.status == 200 and json.loads(report.text)["status"] == "ok"
    assert replica_status(report) == "down"
