"""One app server against a primary alone, and against a primary with one streaming replica.

    python benchmarks/bench_replicas.py [--statements 100000] [--duration 20] [--rounds 2]

Everything runs on throwaway services this script starts on free loopback ports and removes
afterwards (benchmarks/pg_cluster.py): a PostgreSQL primary loaded with `generate_record
--statements N --seed 1` and analysed, then its replica (`pg_basebackup -R`). One gunicorn with
the repository's gunicorn.conf.py (threaded workers; `--workers` processes) serves the uncached
mix of load_test.py (the public pages and searches of bench_pages.py, whole-page cache off,
the costly page parts cached in each worker's memory), under `wrk -t2 -c16`:

- primary: DATABASE_URL only;
- replica: the same with DATABASE_REPLICA_URLS, so the public reads go to the replica.

The two alternate `--rounds` times, each on a fresh gunicorn. Prints requests/s, p50, p95 and
p99, and the transactions each server committed during the run (pg_stat_database), which say
where the reads went.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.load_test import (  # noqa: E402
    HOST,
    LUA,
    WRK,
    WRK_CONNECTIONS,
    WRK_THREADS,
    free_port,
    parse_wrk,
    server_environment,
)
from benchmarks.pg_cluster import Cluster  # noqa: E402

BIN = Path(sys.executable).parent
# wrk's --latency prints no 95th percentile: the script asks for it at the end.
P95 = """
function done(summary, latency, requests)
  io.write(string.format("p95_us %d\\n", latency:percentile(95)))
end
"""


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int, log: Path):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.log = open(log, "a")  # noqa: SIM115 (open while the server runs)
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "quotes.wsgi"],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"{HOST}:{self.port}",
                "WEB_CONCURRENCY": str(workers),
                "GUNICORN_ACCESS_LOG": "/dev/null",
            },
            stdout=self.log,
            stderr=self.log,
        )

    def __enter__(self):
        import urllib.request

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=10):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def committed(cluster: Cluster) -> int:
    return cluster.query(
        "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
    )[0][0]


def run_wrk(base: str, urls: list[str], duration: int, workdir: Path) -> dict:
    script = workdir / "mix.lua"
    quoted = ", ".join('"' + url.replace("\\", "\\\\").replace('"', '\\"') + '"' for url in urls)
    script.write_text(LUA % {"urls": quoted, "bust": "true"} + P95)
    output = subprocess.run(
        [
            WRK, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{duration}s", "--timeout", "10s",
            "--latency", "-s", str(script), base + urls[0],
        ],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    figures = parse_wrk(output)
    figures["p95"] = int(output.split("p95_us ")[1].split()[0]) / 1000
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds per run")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="verbatim-replicas-") as tmp:
        workdir = Path(tmp)
        primary = Cluster.primary(workdir)
        replica = None
        try:
            env = server_environment(workdir, DATABASE_URL=primary.url, VERBATIM_PAGE_CACHE="0")
            for name in ("REDIS_URL", "DATABASE_REPLICA_URLS"):
                env.pop(name, None)
            started = time.monotonic()
            for command in (
                ["migrate", "-v0"],
                ["collectstatic", "--noinput", "-v0"],
                [
                    "generate_record", "--statements", str(args.statements),
                    "--leaders", str(max(50, args.statements // 2000)), "--seed", "1",
                ],
            ):  # fmt: skip
                done = subprocess.run(
                    [sys.executable, "manage.py", *command],
                    cwd=ROOT, env=env, check=True, capture_output=True, text=True,
                )  # fmt: skip
                print(*done.stdout.strip().splitlines()[-1:])
            primary.query("VACUUM ANALYZE")
            (size,) = primary.query("SELECT pg_size_pretty(pg_database_size('verbatim'))")[0]
            loaded = time.monotonic() - started
            print(f"{args.statements:,} statements ({size}) loaded in {loaded:.0f} s")
            replica = primary.replica()
            replica.wait_until_replayed(primary)

            os.environ["DATABASE_URL"] = primary.url
            from benchmarks.load_test import pick_urls

            urls = pick_urls()["mix"]
            setups = {
                "primary": env,
                "replica": {**env, "DATABASE_REPLICA_URLS": replica.url},
            }
            print(
                f"gunicorn -c gunicorn.conf.py, {args.workers} workers of "
                f"{os.environ.get('GUNICORN_THREADS', '4')} threads; wrk -t{WRK_THREADS} "
                f"-c{WRK_CONNECTIONS} -d{args.duration}s; {len(urls)} URLs; "
                f"{os.cpu_count()} CPUs; load {os.getloadavg()[0]:.2f}"
            )
            # What the servers commit with no app server at all (autovacuum, statistics):
            # the baseline for the transaction counts below.
            before = committed(primary), committed(replica)
            time.sleep(args.duration)
            after = committed(primary), committed(replica)
            print(
                f"  no app server, {args.duration} s: transactions: primary "
                f"{after[0] - before[0]:,}, replica {after[1] - before[1]:,}"
            )
            results: dict[str, list[dict]] = {name: [] for name in setups}
            for round_number in range(1, args.rounds + 1):
                for name, server_env in setups.items():
                    with Gunicorn(server_env, args.workers, workdir / f"{name}.log") as server:
                        run_wrk(server.base, urls, 3, workdir)  # warm: connections, parts
                        before = committed(primary), committed(replica)
                        figures = run_wrk(server.base, urls, args.duration, workdir)
                        after = committed(primary), committed(replica)
                    figures["primary_tx"] = after[0] - before[0]
                    figures["replica_tx"] = after[1] - before[1]
                    results[name].append(figures)
                    print(
                        f"  round {round_number} {name:8} {figures['rps']:7.1f} req/s  "
                        f"p50 {figures['p50']:6.1f}  p95 {figures['p95']:6.1f}  "
                        f"p99 {figures['p99']:6.1f} ms  non-2xx {figures['non_2xx']}  "
                        f"transactions: primary {figures['primary_tx']:,}, "
                        f"replica {figures['replica_tx']:,}  load {os.getloadavg()[0]:.2f}",
                        flush=True,
                    )
        finally:
            if replica is not None:
                replica.stop("immediate")
            primary.stop("immediate")

    print("\n| setup | req/s | p50 ms | p95 ms | p99 ms | non-2xx |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, runs in results.items():
        mean = {k: sum(r[k] for r in runs) / len(runs) for k in ("rps", "p50", "p95", "p99")}
        bad = sum(r["non_2xx"] for r in runs)
        print(
            f"| {name} | {mean['rps']:.0f} | {mean['p50']:.1f} | {mean['p95']:.1f} | "
            f"{mean['p99']:.1f} | {bad} |"
        )


if __name__ == "__main__":
    main()
