"""Downloads of the record: time to the first row, rows per second, the whole, peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim_bench \\
        python benchmarks/bench_downloads.py [--max-seconds 600] [--only NAME[,NAME]] \\
            [--rows 100000,all] [--tracemalloc]

Each download is requested through Django's test client in this process (server time, no
network), with `DEBUG` off as in production (with it on, Django keeps the text of every query,
which grows with the rows), and read to the end, or for `--max-seconds` at most.

Memory, two ways, so that what grows with the rows shows:

- RSS: this process's resident set, sampled every 20 ms while the download runs: its peak, and
  its rise over what it was before the download started, what the download itself holds,
  Python's and the database driver's alike (memory Python freed may stay resident, so a later
  download rises only past what an earlier one left);
- `--tracemalloc`: the most memory Python's allocator held at once while the streamed response
  was consumed in full (tracemalloc's peak, started just before the request); tracemalloc makes
  Python two to three times slower, so the times of such a run are not the download's.

Scenarios: CSV, JSON Lines and JSON of the newest 100,000 published statements (a `date_from`
filter from the record, as a reader's filtered view) and of the whole published record (`all`);
a search (`q=people`) as CSV; one leader's statements as CSV.
"""

import argparse
import os
import sys
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotes.settings")

FORMATS = ("csv", "jsonl", "json")


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
            time.sleep(0.02)

    def stop(self) -> tuple[int, int]:
        """(the rise during the download, the peak itself)"""
        self._running = False
        self._thread.join()
        return self.peak - self.start, self.peak


def measure(client, path: str, max_seconds: float, trace: bool) -> dict:
    memory = PeakMemory()
    if trace:
        tracemalloc.start()
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
    rise, peak = memory.stop()
    traced_peak = None
    if trace:
        traced_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {
        "status": response.status_code,
        "first_row": first_row or elapsed,
        "seconds": elapsed,
        "lines": lines,
        "mb": size / 1e6,
        "rows_per_second": lines / elapsed if elapsed else 0.0,
        "rise_mb": rise / 1e6,
        "peak_mb": peak / 1e6,
        "traced_mb": None if traced_peak is None else traced_peak / 1e6,
        "complete": elapsed <= max_seconds,
    }


def newest_rows_filter(rows: int) -> str:
    """A `date_from` that selects about the newest `rows` published statements."""
    from quotes.models import Statement

    dates = Statement.objects.published().order_by("-date_said", "-id")
    day = dates.values_list("date_said", flat=True)[rows - 1 : rows].first()
    return "" if day is None else f"?date_from={day.isoformat()}"


def scenarios(row_counts: list[str]) -> dict[str, str]:
    from quotes.models import Leader

    chosen = {}
    for rows in row_counts:
        query = "" if rows == "all" else newest_rows_filter(int(rows))
        label = "all" if rows == "all" else f"{int(rows) // 1000}k"
        for data_format in FORMATS:
            chosen[f"{data_format}_{label}"] = f"/data/statements.{data_format}{query}"
    leader = Leader.objects.order_by("id").first()
    chosen["search_csv"] = "/data/statements.csv?q=people"
    chosen["leader_csv"] = f"/data/statements.csv?speaker={leader.slug}"
    return chosen


def main() -> None:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--rows", default="100000,all", help="row counts, or all")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python's heap")
    args = parser.parse_args()
    setup_test_environment()
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        chosen = scenarios([rows.strip() for rows in args.rows.split(",") if rows.strip()])
        wanted = [name for name in chosen if not args.only or name in args.only.split(",")]
        client = Client()
        print(f"{'download':12} {'first row':>10} {'whole':>10} {'rows':>10} {'rows/s':>9} "
              f"{'MB':>8} {'RSS rise':>8} {'RSS peak':>8} {'traced MB':>10}  address")  # fmt: skip
        for name in wanted:
            figures = measure(client, chosen[name], args.max_seconds, args.tracemalloc)
            whole = f"{figures['seconds']:.1f} s" + ("" if figures["complete"] else "+")
            traced = "-" if figures["traced_mb"] is None else f"{figures['traced_mb']:.1f}"
            print(
                f"{name:12} {figures['first_row'] * 1000:8.0f} ms {whole:>10} "
                f"{figures['lines']:>10,} {figures['rows_per_second']:>9,.0f} "
                f"{figures['mb']:>8.1f} {figures['rise_mb']:>8.1f} {figures['peak_mb']:>8.1f} "
                f"{traced:>10}  {chosen[name]}",
                flush=True,
            )


if __name__ == "__main__":
    main()
