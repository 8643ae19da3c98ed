"""Faults under load: the site under 32 clients while PostgreSQL or Redis dies or freezes.

    python benchmarks/faults_under_load.py [--statements 100000] [--duration 60] [--clients 32]
                                           [--workers 4] [--only NAME[,NAME]]

Everything runs on throwaway services this script starts on free loopback ports and removes
afterwards: a PostgreSQL cluster (initdb as the `postgres` user), a Redis with the `maxmemory`
policy docs/RELIABILITY.md recommends, and gunicorn serving `quotes.wsgi` with DEBUG off. The
record is `generate_record --seed 1` at the size asked; gunicorn runs with the repository's
gunicorn.conf.py (threaded workers), on its own port and with `--workers` processes.

Scenarios, each `--duration` seconds of load by `--clients` threads, each making one request
after another over a mix of public pages (home, lists with filters, searches, leader and
statement pages, feeds); the fault starts at a quarter of the run and the service returns at
three fifths:

- baseline: no fault;
- kill_postgres: `pg_ctl stop -m immediate` (a crash), then `pg_ctl start`;
- freeze_postgres: SIGSTOP to every process of the cluster, then SIGCONT;
- kill_redis: SIGKILL, then a new, empty Redis on the same port;
- freeze_redis: SIGSTOP, then SIGCONT.

For each it prints requests/s, p50/p99 and the longest request before, during and after the
fault, the answers by kind (200-404, 503, other 5xx, no answer), the longest 503, and the time
to recover: from the service's return to the end of the last failed request that started
after it (0 when none failed). The targets (docs/RELIABILITY.md): no request longer than the
statement timeout plus 1 s; with the cache down, no errors; with the database down, only fast
503s (or cached pages); recovery within 5 s, without restarting the app.
"""

import argparse
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import quantiles

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.load_test import HOST, free_port, server_environment  # noqa: E402
from benchmarks.pg_cluster import Cluster  # noqa: E402

BIN = Path(sys.executable).parent
STATEMENT_TIMEOUT = 5.0
SCENARIOS = ["baseline", "kill_postgres", "freeze_postgres", "kill_redis", "freeze_redis"]


class Redis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server", "--port", str(self.port), "--bind", HOST, "--save", "",
                "--appendonly", "no", "--maxmemory", "256mb",
                "--maxmemory-policy", "allkeys-lru",
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def kill(self):
        self.process.kill()
        self.process.wait()

    def signal(self, which):
        self.process.send_signal(which)


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


@dataclass
class Answer:
    started: float
    seconds: float
    status: int | None  # None: no answer (refused, reset, timed out)


@dataclass
class Run:
    name: str
    answers: list[Answer] = field(default_factory=list)
    fault_at: float = 0.0
    back_at: float = 0.0


def load(port: int, paths: list[str], clients: int, seconds: float, events) -> Run:
    """`clients` threads requesting `paths` until `seconds` have passed; `events` is a list of
    (time, action) run by the main thread meanwhile."""
    run = Run(name="")
    started = time.monotonic()
    stop_at = started + seconds
    lock = threading.Lock()

    def client(number):
        chooser = random.Random(number)
        while time.monotonic() < stop_at:
            path = chooser.choice(paths)
            begun = time.monotonic()
            status = None
            connection = http.client.HTTPConnection(HOST, port, timeout=60)
            try:
                connection.request("GET", path, headers={"Connection": "close"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)  # refused at once: do not spin
            finally:
                connection.close()
            answer = Answer(begun - started, time.monotonic() - begun, status)
            with lock:
                run.answers.append(answer)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for at, action in events:
        time.sleep(max(0.0, started + at - time.monotonic()))
        moment = action()
        if moment == "fault":
            run.fault_at = time.monotonic() - started
        elif moment == "back":
            run.back_at = time.monotonic() - started
    for thread in threads:
        thread.join()
    return run


def ok(answer: Answer) -> bool:
    return answer.status is not None and answer.status < 500


def figures(answers: list[Answer], seconds: float) -> dict:
    if not answers:
        return {"rps": 0.0, "p50": 0.0, "p99": 0.0, "longest": 0.0}
    times = sorted(a.seconds * 1000 for a in answers)
    cuts = quantiles(times, n=100) if len(times) > 1 else [times[0]] * 99
    return {
        "rps": len(answers) / seconds if seconds else 0.0,
        "p50": cuts[49],
        "p99": cuts[98],
        "longest": times[-1],
    }


def report(run: Run, duration: float) -> dict:
    answers = run.answers
    fault, back = run.fault_at or duration, run.back_at or duration
    if run.fault_at:
        phases = {
            "before": ([a for a in answers if a.started < fault], fault),
            "during": ([a for a in answers if fault <= a.started < back], back - fault),
            "after": ([a for a in answers if a.started >= back], duration - back),
        }
    else:
        phases = {"whole": (answers, duration)}
    failed_after = [a for a in answers if a.started >= back and not ok(a)]
    recovery = max((a.started + a.seconds - back for a in failed_after), default=0.0)
    unavailable = [a for a in answers if a.status == 503]
    result = {
        "name": run.name,
        "phases": {name: figures(rows, span) for name, (rows, span) in phases.items()},
        "answered": sum(1 for a in answers if ok(a)),
        "503": len(unavailable),
        "other_5xx": sum(1 for a in answers if a.status is not None and a.status >= 500)
        - len(unavailable),
        "no_answer": sum(1 for a in answers if a.status is None),
        "longest_503": max((a.seconds for a in unavailable), default=0.0) * 1000,
        "longest": max((a.seconds for a in answers), default=0.0) * 1000,
        "recovery": recovery if run.back_at else None,
    }
    return result


def pick_paths(database_url: str) -> list[str]:
    """Real pages of the generated record: leaders, statements, a topic, filters, searches."""
    import psycopg2

    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT slug FROM quotes_leader ORDER BY id LIMIT 20")
        leaders = [slug for (slug,) in cursor.fetchall()]
        cursor.execute(
            "SELECT id FROM quotes_statement WHERE status = 'published' ORDER BY id DESC LIMIT 40"
        )
        statements = [pk for (pk,) in cursor.fetchall()]
        cursor.execute("SELECT slug FROM quotes_topic ORDER BY id LIMIT 5")
        topics = [slug for (slug,) in cursor.fetchall()]
    paths = ["/", "/quotes/", "/leaders/", "/feeds/latest.atom", "/corrections/"]
    paths += ["/quotes/?kind=direct", "/quotes/?kind=paraphrase&channel=other"]
    paths += ["/quotes/?q=people", "/quotes/?q=trade+talks", "/quotes/?verification=disputed"]
    paths += [f"/leaders/{slug}/" for slug in leaders]
    paths += [f"/quotes/{pk}/" for pk in statements]
    paths += [f"/topics/{slug}/" for slug in topics]
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    args = parser.parse_args()
    wanted = [s for s in SCENARIOS if not args.only or s in args.only.split(",")]

    with tempfile.TemporaryDirectory(prefix="verbatim-faults-") as tmp:
        workdir = Path(tmp)
        postgres = Cluster.primary(workdir)
        redis = Redis()
        gunicorn = None
        results = []
        try:
            env = server_environment(
                workdir,
                DATABASE_URL=postgres.url,
                REDIS_URL=redis.url,
                LOG_LEVEL="ERROR",
                DATABASE_STATEMENT_TIMEOUT=str(STATEMENT_TIMEOUT),
            )
            manage = [sys.executable, "manage.py"]
            print(f"PostgreSQL on {postgres.port}, Redis on {redis.port}; loading the record …")
            for command in (
                ["migrate", "-v0"],
                ["collectstatic", "--noinput", "-v0"],
                [
                    "generate_record", "--statements", str(args.statements),
                    "--leaders", str(max(50, args.statements // 2000)), "--seed", "1",
                ],
            ):  # fmt: skip
                subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True)
            paths = pick_paths(postgres.url)
            port = free_port()
            log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 (kept open for the run)
            gunicorn = subprocess.Popen(
                [
                    str(BIN / "gunicorn"), "quotes.wsgi:application", "-w", str(args.workers),
                    "-b", f"{HOST}:{port}", "--graceful-timeout", "5",
                ],
                cwd=ROOT, env=env, stdout=log, stderr=log,
            )  # fmt: skip
            wait_for_port(port)
            # Fill the caches once, as a site that has been up for a while has them.
            load(port, paths, 4, 5, [])
            print(
                f"{args.statements:,} statements; gunicorn -w {args.workers}; "
                f"{args.clients} clients for {args.duration:g} s per scenario; "
                f"statement timeout {STATEMENT_TIMEOUT:g} s; {os.cpu_count()} CPUs"
            )
            for name in wanted:
                run = run_scenario(name, port, paths, args, postgres, redis)
                results.append(report(run, args.duration))
                print_result(results[-1])
        finally:
            if gunicorn is not None:
                gunicorn.terminate()
                gunicorn.wait(timeout=30)
            postgres.signal(signal.SIGCONT)
            redis.signal(signal.SIGCONT)
            redis.kill()
            postgres.stop("immediate")
    print_table(results)


def run_scenario(name, port, paths, args, postgres, redis) -> Run:
    fault_at, back_at = args.duration / 4, args.duration * 3 / 5

    def marked(moment, action):
        def run():
            action()
            return moment

        return run

    faults = {
        "baseline": [],
        "kill_postgres": [
            (fault_at, marked("fault", lambda: postgres.stop("immediate"))),
            (back_at, marked("back", postgres.start)),
        ],
        "freeze_postgres": [
            (fault_at, marked("fault", lambda: postgres.signal(signal.SIGSTOP))),
            (back_at, marked("back", lambda: postgres.signal(signal.SIGCONT))),
        ],
        "kill_redis": [
            (fault_at, marked("fault", redis.kill)),
            (back_at, marked("back", redis.start)),
        ],
        "freeze_redis": [
            (fault_at, marked("fault", lambda: redis.signal(signal.SIGSTOP))),
            (back_at, marked("back", lambda: redis.signal(signal.SIGCONT))),
        ],
    }
    run = load(port, paths, args.clients, args.duration, faults[name])
    run.name = name
    return run


def print_result(result: dict) -> None:
    print(f"\n{result['name']}", flush=True)
    for phase, row in result["phases"].items():
        print(
            f"  {phase:7} {row['rps']:7.1f} req/s  p50 {row['p50']:7.1f} ms  "
            f"p99 {row['p99']:7.1f} ms  longest {row['longest']:7.0f} ms"
        )
    recovery = "-" if result["recovery"] is None else f"{result['recovery']:.2f} s"
    print(
        f"  answered {result['answered']}, 503 {result['503']} (longest "
        f"{result['longest_503']:.0f} ms), other 5xx {result['other_5xx']}, "
        f"no answer {result['no_answer']}; longest {result['longest']:.0f} ms; "
        f"recovered in {recovery}",
        flush=True,
    )


def print_table(results: list[dict]) -> None:
    print(
        "\n| scenario | req/s before / during / after | p99 ms during | longest ms | "
        "503 (longest ms) | other 5xx | no answer | recovery |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        phases = r["phases"]
        if "whole" in phases:
            phases = {
                "before": phases["whole"],
                "during": phases["whole"],
                "after": phases["whole"],
            }
        recovery = "-" if r["recovery"] is None else f"{r['recovery']:.2f} s"
        print(
            f"| {r['name']} | {phases['before']['rps']:.0f} / {phases['during']['rps']:.0f} / "
            f"{phases['after']['rps']:.0f} | {phases['during']['p99']:.0f} | "
            f"{r['longest']:.0f} | {r['503']} ({r['longest_503']:.0f}) | {r['other_5xx']} | "
            f"{r['no_answer']} | {recovery} |"
        )


if __name__ == "__main__":
    main()
