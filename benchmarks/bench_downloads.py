"""Downloads of the record: time to the first row, rows per second, the whole, peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_bench \\
        python benchmarks/bench_downloads.py [--max-seconds 300] [--only NAME[,NAME]]

Each download is requested through Django's test client in this process (server time, no
network) and read to the end, or for `--max-seconds` at most. Memory is this process's
resident set, sampled every 50 ms while the download runs: the peak minus what it was before
the download started, so the figure is what the download itself holds.

Scenarios: the whole published record as CSV, JSON Lines and JSON; a search (`q=people`) as
CSV; one leader's statements as CSV.
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")


def resident_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class PeakMemory:
    def __init__(self):
        self.start = resident_bytes()
        self.peak = self.start
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self):
        while self._running:
            self.peak = max(self.peak, resident_bytes())
            time.sleep(0.05)

    def stop(self) -> int:
        self._running = False
        self._thread.join()
        return self.peak - self.start


def measure(client, path: str, max_seconds: float) -> dict:
    memory = PeakMemory()
    started = time.perf_counter()
    response = client.get(path)
    first_row = None
    lines = 0
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
        if first_row is None and lines >= 2:  # a CSV's header and first row; JSON's first object
            first_row = time.perf_counter() - started
        if time.perf_counter() - started > max_seconds:
            break
    elapsed = time.perf_counter() - started
    response.close()
    return {
        "status": response.status_code,
        "first_row": first_row or elapsed,
        "seconds": elapsed,
        "lines": lines,
        "mb": size / 1e6,
        "rows_per_second": lines / elapsed if elapsed else 0.0,
        "peak_mb": memory.stop() / 1e6,
        "complete": elapsed <= max_seconds,
    }


def main() -> None:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from quotes.models import Leader

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    setup_test_environment()
    leader = Leader.objects.order_by("id").first()
    scenarios = {
        "csv": "/data/statements.csv",
        "jsonl": "/data/statements.jsonl",
        "json": "/data/statements.json",
        "search_csv": "/data/statements.csv?q=people",
        "leader_csv": f"/data/statements.csv?speaker={leader.slug}",
    }
    wanted = [name for name in scenarios if not args.only or name in args.only.split(",")]
    client = Client()
    print(f"{'download':12} {'first row':>10} {'whole':>10} {'rows':>10} {'rows/s':>9} "
          f"{'MB':>8} {'peak MB':>8}")  # fmt: skip
    for name in wanted:
        figures = measure(client, scenarios[name], args.max_seconds)
        whole = f"{figures['seconds']:.1f} s" + ("" if figures["complete"] else "+")
        print(
            f"{name:12} {figures['first_row'] * 1000:8.0f} ms {whole:>10} "
            f"{figures['lines']:>10,} {figures['rows_per_second']:>9,.0f} "
            f"{figures['mb']:>8.1f} {figures['peak_mb']:>8.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
