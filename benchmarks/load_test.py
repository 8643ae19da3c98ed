"""Load-test the site under gunicorn with wrk over loopback, and the naive baseline beside it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_bench \\
    REDIS_URL=redis://127.0.0.1:6379/0 \\
        python benchmarks/load_test.py [--duration 60] [--workers 4] [--only NAME[,NAME]]

Scenarios, each `wrk -t2 -c16 -d<duration>s --latency` against a fresh gunicorn:

- mix_uncached: the public pages and searches of bench_pages.py in turn, with the whole-page
  cache off (`VERBATIM_PAGE_CACHE=0`; pages ignore made-up parameters, so a throwaway one can
  no longer bust it) and the costly page parts cached in each worker's local memory, as they
  are between two changes to the record;
- mix_warm: the same pages without that parameter, the page cache in Redis (REDIS_URL, under
  a key prefix new to this run) filled by one pass before the run;
- list and page_2000: the unfiltered list and its page 2,000 (keyset cursor), uncached;
- naive_list and naive_page_2000: the same on the naive baseline (benchmarks/naive_baseline.py:
  OFFSET pages, a full count), which no cache serves.

Prints requests/s and p50/p99 latency of each. gunicorn runs with DEBUG off, a throwaway
SECRET_KEY, static files collected into a temporary STATIC_ROOT, and only on 127.0.0.1.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GUNICORN = BIN / "gunicorn"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
HOST = "127.0.0.1"

# Two cores: two sync workers per core, so that one worker's wait on PostgreSQL (which shares
# the cores) leaves the core to another. wrk and PostgreSQL run on the same two cores.
DEFAULT_WORKERS = 4
DEFAULT_THREADS = 1
WRK_THREADS = 2
WRK_CONNECTIONS = 16

LUA = """
local urls = {%(urls)s}
local bust = %(bust)s
local made = 0
function setup(thread)
  made = made + 1
  thread:set("tid", made)
end
local i = 0
request = function()
  i = i + 1
  local path = urls[(i - 1) %% #urls + 1]
  if bust then
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. "_=" .. tostring(tid) .. "-" .. i
  end
  return wrk.format("GET", path)
end
"""


def naive_application():
    """The WSGI application with the naive baseline's URLconf (for gunicorn)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")
    import django
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    django.setup()
    settings.ROOT_URLCONF = "benchmarks.naive_baseline"
    return get_wsgi_application()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def pick_urls() -> dict[str, list[str]]:
    """The URL lists of each scenario, from bench_pages' requests on this database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")
    import django

    django.setup()
    from benchmarks.bench_pages import (
        DEEP_PAGE,
        benchmark_requests,
        deep_page_query,
        pick_parameters,
    )

    params = pick_parameters()
    benches = benchmark_requests(params)
    mix = [b.url for b in benches if b.url and b.group in ("public", "search")]
    return {
        "mix": mix,
        "list": ["/quotes/"],
        "page_2000": ["/quotes/" + deep_page_query(params)],
        "naive_list": ["/naive/quotes/"],
        "naive_page_2000": [f"/naive/quotes/?page={DEEP_PAGE}"],
    }


def server_environment(workdir: Path, **settings: str) -> dict[str, str]:
    """The environment of a throwaway server like production's: DEBUG off, a key made for the
    run, only on loopback, static files collected under `workdir`; `settings` on top."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quotes.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **settings,
    }


class Server:
    """A gunicorn on a free loopback port, stopped on exit."""

    def __init__(
        self, app: str, workers: int, threads: int, env: dict[str, str], config: str = "/dev/null"
    ):
        """`config`: by default none (these figures are for sync workers, or `--threads`, as
        docs/PERFORMANCE.md describes them); the repository's gunicorn.conf.py for a server as
        deployed, whose workers and threads then come from it unless given here."""
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        command = [
            str(GUNICORN),
            "--config",
            config,
            app,
            "-b",
            f"{HOST}:{self.port}",
            "--chdir",
            str(ROOT),
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--access-logfile",
            "/dev/null",
        ]
        if workers:
            command += ["-w", str(workers)]
        if threads > 1:
            # Threads keep connections alive between requests; sync workers close each one.
            command += ["--worker-class", "gthread", "--threads", str(threads)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.base + "/leaders/", timeout=30):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def check(self, urls: list[str]) -> None:
        """Every URL answers 200, not a redirect (which also fills the cache, if there is one)."""
        for url in urls:
            request = urllib.request.Request(self.base + url)
            opener = urllib.request.build_opener(NoRedirect)
            with opener.open(request, timeout=120) as response:
                if response.status != 200:
                    raise RuntimeError(f"{url}: {response.status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise RuntimeError(f"{req.full_url} redirects ({code}) to {newurl}")


def lua_strings(urls: list[str]) -> str:
    """The addresses as the items of a Lua table."""
    return ", ".join('"' + url.replace("\\", "\\\\").replace('"', '\\"') + '"' for url in urls)


def run_wrk(base: str, urls: list[str], bust: bool, duration: int, workdir: Path) -> dict:
    lua = LUA % {"urls": lua_strings(urls), "bust": "true" if bust else "false"}
    return parse_wrk(wrk_output(base + urls[0], lua, duration, workdir))


def wrk_output(address: str, lua: str, duration: int, workdir: Path) -> str:
    """What wrk prints after `duration` seconds of requests made by the `lua` script."""
    script = workdir / "requests.lua"
    script.write_text(lua)
    command = [
        WRK,
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        address,
    ]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def parse_wrk(output: str) -> dict:
    figures = {"output": output}
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    figures["rps"] = float(rate.group(1)) if rate else 0.0
    for pct in ("50", "99"):
        found = re.search(rf"^\s+{pct}%\s+(\S+)", output, re.M)
        figures[f"p{pct}"] = _ms(found.group(1)) if found else float("nan")
    total = re.search(r"(\d+) requests in", output)
    figures["requests"] = int(total.group(1)) if total else 0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    figures["non_2xx"] = int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: (.*)", output)
    figures["socket_errors"] = errors.group(1).strip() if errors else ""
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per scenario")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument(
        "--threads", type=int, default=DEFAULT_THREADS, help="per worker (1: sync workers)"
    )
    parser.add_argument("--only", help="comma-separated scenario names")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the benchmark database.")
    redis_url = os.environ.get("REDIS_URL", "")

    urls = pick_urls()
    scenarios = [
        # (name, app, URLs, bust the page cache, use Redis)
        ("mix_uncached", "quotes.wsgi", urls["mix"], True, False),
        ("list", "quotes.wsgi", urls["list"], True, False),
        ("page_2000", "quotes.wsgi", urls["page_2000"], True, False),
        ("mix_warm", "quotes.wsgi", urls["mix"], False, True),
        ("naive_list", "benchmarks.load_test:naive_application()", urls["naive_list"], True, False),
        (
            "naive_page_2000",
            "benchmarks.load_test:naive_application()",
            urls["naive_page_2000"],
            True,
            False,
        ),
    ]
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        scenarios = [s for s in scenarios if s[0] in wanted]
    if any(s[4] for s in scenarios) and not redis_url:
        sys.exit("mix_warm needs REDIS_URL (the shared page cache).")

    results = {}
    with tempfile.TemporaryDirectory(prefix="verbatim-load-") as tmp:
        workdir = Path(tmp)
        env = server_environment(workdir)
        env.pop("REDIS_URL", None)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(
            f"gunicorn -w {args.workers} --threads {args.threads}; "
            f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration}s --latency; "
            f"{os.cpu_count()} CPUs; load {os.getloadavg()[0]:.2f}"
        )
        groups: dict[tuple[str, bool], list] = {}
        for scenario in scenarios:
            groups.setdefault((scenario[1], scenario[4]), []).append(scenario)
        for (app, redis), group in groups.items():
            server_env = dict(env)
            if redis:
                server_env["REDIS_URL"] = redis_url
                server_env["CACHE_KEY_PREFIX"] = f"verbatim-load-{int(time.time())}"
            else:
                server_env["VERBATIM_PAGE_CACHE"] = "0"
            with Server(app, args.workers, args.threads, server_env) as server:
                for name, _, paths, bust, _ in group:
                    server.check(paths)  # 200s, and a warm cache for the warm run
                    started = time.strftime("%H:%M:%S")
                    figures = run_wrk(server.base, paths, bust, args.duration, workdir)
                    figures["load"] = os.getloadavg()[0]
                    results[name] = figures
                    print(
                        f"  {started} {name:16} {figures['rps']:8.1f} req/s  "
                        f"p50 {figures['p50']:7.1f} ms  p99 {figures['p99']:7.1f} ms  "
                        f"non-2xx {figures['non_2xx']}  load {figures['load']:.2f}",
                        flush=True,
                    )

    print()
    header = ("req/s", "p50 ms", "p99 ms", "requests")
    print(f"{'scenario':16} " + " ".join(f"{h:>9}" for h in header) + f" {'non-2xx':>8}")
    for name, f in results.items():
        print(
            f"{name:16} {f['rps']:9.1f} {f['p50']:9.1f} {f['p99']:9.1f} "
            f"{f['requests']:9d} {f['non_2xx']:8d}"
        )
    for real, naive in (("list", "naive_list"), ("page_2000", "naive_page_2000")):
        if real in results and naive in results and results[naive]["rps"]:
            ratio = results[real]["rps"] / results[naive]["rps"]
            print(f"{real}: {ratio:.1f}x the naive baseline's requests/s (target 10x)")
    targets = (("mix_uncached", 300), ("mix_warm", 1500))
    for name, target in targets:
        if name in results:
            rps = results[name]["rps"]
            verdict = "PASS" if rps >= target else f"MISS by {target - rps:.0f} req/s"
            print(f"{name}: {rps:.0f} req/s, target {target}: {verdict}")


if __name__ == "__main__":
    main()
