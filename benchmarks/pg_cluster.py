"""Throwaway PostgreSQL clusters on free loopback ports: a primary and its streaming replicas.

For the benchmarks and tests that need servers of their own (to stop, freeze or replicate)
rather than the shared one at 5432. The clusters belong to the `postgres` user (initdb and
postgres refuse to run as root), trust every local connection, and listen on 127.0.0.1 only;
a replica is `pg_basebackup -R` of its primary, streaming from it.

    with tempfile.TemporaryDirectory() as tmp:
        primary = Cluster.primary(Path(tmp))
        replica = primary.replica()
        ...
        replica.stop(); primary.stop()
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

import psycopg2

from benchmarks.load_test import HOST, free_port

PG_BIN = Path("/usr/lib/postgresql") / sorted(os.listdir("/usr/lib/postgresql"))[-1] / "bin"
DATABASE = "verbatim"


def as_postgres(*command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *map(str, command)], **kwargs)


class Cluster:
    """One PostgreSQL server: its data directory under `workdir`, its port, its log."""

    def __init__(self, workdir: Path, name: str, server_settings: dict[str, str] | None = None):
        self.server_settings = server_settings or {}
        shutil.chown(workdir, "postgres")
        self.workdir = workdir
        self.data = workdir / name
        self.socket_dir = workdir / f"{name}-socket"
        self.socket_dir.mkdir()
        shutil.chown(self.socket_dir, "postgres")
        self.log = workdir / f"{name}.log"
        self.port = free_port()
        self.url = f"postgres://postgres@{HOST}:{self.port}/{DATABASE}"

    @classmethod
    def primary(
        cls, workdir: Path, name: str = "primary", server_settings: dict[str, str] | None = None
    ) -> "Cluster":
        """A new cluster with an empty `verbatim` database, started with `server_settings`
        (`{"fsync": "off"}` for tests, which do not outlive a crash)."""
        cluster = cls(workdir, name, server_settings)
        as_postgres(
            PG_BIN / "initdb", "-D", cluster.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--no-sync",  # a throwaway cluster: no need to wait for the disk
            check=True, capture_output=True,
        )  # fmt: skip
        cluster.start()
        as_postgres(
            PG_BIN / "createdb", "-h", HOST, "-p", cluster.port, "-U", "postgres", DATABASE,
            check=True,
        )  # fmt: skip
        return cluster

    def replica(self, name: str = "replica") -> "Cluster":
        """A streaming replica of this cluster, as of now, started (read-only, hot standby)."""
        replica = Cluster(self.workdir, name, self.server_settings)
        as_postgres(
            PG_BIN / "pg_basebackup", "-h", HOST, "-p", self.port, "-U", "postgres",
            "-D", replica.data, "-R", "-X", "stream", "-c", "fast", "--no-sync",
            check=True, capture_output=True,
        )  # fmt: skip
        replica.start()
        return replica

    def start(self) -> None:
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses={HOST}"
        options += "".join(f" -c {name}={value}" for name, value in self.server_settings.items())
        as_postgres(
            PG_BIN / "pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "start",
            check=True, capture_output=True,
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stopped (`immediate`: as if it crashed); nothing happens if it was not running."""
        as_postgres(
            PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", capture_output=True
        )

    def pids(self) -> list[int]:
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(
            ["pgrep", "-P", str(postmaster)], capture_output=True, text=True
        ).stdout.split()
        return [postmaster, *map(int, children)]

    def signal(self, which) -> None:
        for pid in self.pids():
            try:
                os.kill(pid, which)
            except ProcessLookupError:
                pass

    def query(self, sql: str, params=()) -> list[tuple]:
        """`sql`'s rows; its statements (several, separated by `;`) commit together, and may
        be ones that refuse a transaction block (VACUUM)."""
        connection = psycopg2.connect(self.url, connect_timeout=5)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    # A replica's replay of what it receives, paused and resumed: a replica that lags, on cue.

    def pause_replay(self) -> None:
        self.query("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.query("SELECT pg_wal_replay_resume()")

    def wait_until_replayed(self, primary: "Cluster", timeout: float = 20) -> None:
        """Until this replica has replayed everything `primary` has written so far."""
        (target,) = primary.query("SELECT pg_current_wal_lsn()::text")[0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            (behind,) = self.query(
                "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())", [target]
            )[0]
            if behind <= 0:
                return
            time.sleep(0.05)
        raise TimeoutError(f"the replica did not replay up to {target} within {timeout:g} s")
