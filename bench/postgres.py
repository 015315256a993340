"""PostgreSQL for benchmarks and chaos runs: a database of the run's own (created, migrated,
dropped), and the server itself stopped and started for fault injection."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from bench.common import LOOPBACK, START_TIMEOUT_S, BenchError, free_port

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


class PostgresServer:
    """The PostgreSQL server a run uses, and how to stop and start it for fault injection.

    ``main``: the machine's cluster on 127.0.0.1:5432, stopped and started with
    ``pg_ctlcluster --skip-systemctl-redirect <version> main stop|start``.
    ``private``: a throwaway cluster (``initdb`` under the run's directory, a free port, run as
    the ``postgres`` user), so a fault does not interrupt anyone else using the main cluster.
    """

    def __init__(self, kind: str = "main", workdir: Path | None = None) -> None:
        if kind not in ("main", "private"):
            raise BenchError(f"unknown PostgreSQL kind {kind!r}")
        self.kind = kind
        self.version = _pg_version()
        self.port = 5432 if kind == "main" else free_port()
        self.data_dir = (workdir or Path("/nonexistent")) / "pg"
        self.started_private = False

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@{LOOPBACK}:{self.port}/postgres"

    def _bin(self, name: str) -> str:
        return f"/usr/lib/postgresql/{self.version}/bin/{name}"

    def _as_postgres(self, *cmd: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True,
                       capture_output=True, timeout=120)  # fmt: skip

    def setup(self) -> None:
        """Create and start the private cluster (no-op for ``main``)."""
        if self.kind == "main":
            return
        self.data_dir.parent.chmod(0o755)
        self.data_dir.mkdir(mode=0o700)
        shutil.chown(self.data_dir, "postgres", "postgres")
        self._as_postgres(self._bin("initdb"), "-D", str(self.data_dir), "-U", "postgres",
                          "--auth=trust", "--no-sync")  # fmt: skip
        self.start()
        self.started_private = True

    def stop(self) -> None:
        if self.kind == "main":
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, "main", "stop"],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
        else:
            self._as_postgres(self._bin("pg_ctl"), "-D", str(self.data_dir), "-m", "fast",
                              "-w", "stop")  # fmt: skip

    def start(self) -> None:
        if self.kind == "main":
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, "main", "start"],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
        else:
            options = f"-p {self.port} -k {self.data_dir} -c listen_addresses={LOOPBACK}"
            self._as_postgres(self._bin("pg_ctl"), "-D", str(self.data_dir), "-o", options,
                              "-l", str(self.data_dir / "server.log"), "-w", "start")  # fmt: skip
        wait_for_postgres(self.admin_url)

    def is_up(self) -> bool:
        try:
            wait_for_postgres(self.admin_url, timeout_s=0)
        except Exception:
            return False
        return True

    def ensure_started(self) -> None:
        """Start the server if it is down (the ``finally`` of every fault)."""
        if not self.is_up():
            self.start()

    def teardown(self) -> None:
        if self.kind == "private" and self.started_private:
            with contextlib.suppress(Exception):
                self.stop()


def _pg_version() -> str:
    versions = (
        sorted(p.name for p in Path("/etc/postgresql").glob("*"))
        if Path("/etc/postgresql").exists()
        else []
    )
    return versions[-1] if versions else "15"


@contextlib.contextmanager
def postgres_database(
    prefix: str = "courseflow_bench", admin_url: str = PG_ADMIN_URL
) -> Iterator[str]:
    """A migrated database of this run's own on the given server; dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from db.migrate import upgrade_head

    admin = make_url(admin_url)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"

    def admin_execute(sql: str) -> None:
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(sql))
        finally:
            engine.dispose()

    try:
        admin_execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:
        raise BenchError(f"PostgreSQL at {admin.host}:{admin.port} is unreachable: {exc}") from exc
    url = admin.set(database=name).render_as_string(hide_password=False)
    try:
        upgrade_head(url)
        yield url
    finally:
        with contextlib.suppress(Exception):
            wait_for_postgres(admin_url, timeout_s=30)
        admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def run_database(kind: str, workdir: Path, admin_url: str = PG_ADMIN_URL) -> Iterator[str]:
    """``postgres``: a database of the run's own; ``sqlite``: a migrated file in ``workdir``."""
    if kind == "postgres":
        with postgres_database(admin_url=admin_url) as url:
            yield url
        return
    from db.migrate import upgrade_head

    url = f"sqlite+pysqlite:///{workdir / 'courseflow.db'}"
    upgrade_head(url)
    yield url


def wait_for_postgres(admin_url: str = PG_ADMIN_URL, timeout_s: float = START_TIMEOUT_S) -> None:
    from sqlalchemy import create_engine, text

    deadline = time.monotonic() + timeout_s
    while True:
        engine = create_engine(admin_url, connect_args={"connect_timeout": 2})
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return
        except Exception:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.3)
        finally:
            engine.dispose()
