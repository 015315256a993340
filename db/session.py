"""Engine and session factories. Built once per process (API lifespan, worker) and injected."""

from __future__ import annotations

import time
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext import asyncio as sa_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000
# A pooled connection idle longer than this is pinged before it is handed out (as
# ``pool_pre_ping`` does); one checked in more recently is handed out as it is. A round trip
# costs ~0.5 ms of CPU here, and a model call checks out twice: pinging every checkout was
# ~1/5 of a model call's own CPU. HikariCP skips its alive check the same way (500 ms window).
PING_AFTER_IDLE_S = 1.0
_IDLE_SINCE = "courseflow_idle_since"


def async_url(sync_url: str) -> URL:
    """The async driver for a configured (sync) URL: pysqlite -> aiosqlite; psycopg is both."""
    url = make_url(sync_url)
    if url.get_backend_name() == "sqlite":
        return url.set(drivername="sqlite+aiosqlite")
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE: a deferred transaction that
    # later writes can fail with "database is locked" no matter the busy timeout.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(database_url: str, *, pool_size: int = 10) -> AsyncEngine:
    # create_async_engine is looked up on its module at each call: when tracing is on, the
    # OpenTelemetry instrumentation replaces it there (core.telemetry).
    create_async_engine = sa_asyncio.create_async_engine
    url = async_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
        return engine
    engine = create_async_engine(url, pool_size=pool_size, max_overflow=pool_size)
    _ping_when_idle(engine, PING_AFTER_IDLE_S)
    return engine


def _ping_when_idle(engine: AsyncEngine, idle_s: float) -> None:
    """``pool_pre_ping`` for connections idle at least ``idle_s``: a failed ping invalidates
    the pool and the checkout reconnects, as the pre-ping does. A fresh connection is not
    pinged (nor by the pre-ping)."""
    pool, dialect = engine.sync_engine.pool, engine.sync_engine.dialect

    def checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None or time.monotonic() - since < idle_s:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error:
            alive = False
        if not alive:
            raise exc.InvalidatePoolError("the pooled connection did not answer its ping")

    event.listen(pool, "checkin", checked_in)
    event.listen(pool, "checkout", checked_out)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A session whose work commits on success and rolls back on error (the boundary's unit)."""
    async with sessionmaker() as session, session.begin():
        yield session


@asynccontextmanager
async def reading(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session for reads only. In PostgreSQL its connection runs in autocommit: no BEGIN
    and ROLLBACK round trips around the reads, and each statement sees the latest committed
    data, as it does inside a READ COMMITTED transaction. SQLite keeps its transaction (a
    snapshot across the reads)."""
    bind = sessionmaker.kw.get("bind")
    if isinstance(bind, AsyncEngine) and bind.dialect.name == "postgresql":
        async with sessionmaker(bind=_autocommit(bind)) as session:
            yield session
    else:
        async with sessionmaker() as session:
            yield session


_AUTOCOMMIT: weakref.WeakKeyDictionary[AsyncEngine, AsyncEngine] = weakref.WeakKeyDictionary()


def _autocommit(engine: AsyncEngine) -> AsyncEngine:
    """The engine in autocommit (same pool), built once per engine."""
    found = _AUTOCOMMIT.get(engine)
    if found is None:
        found = _AUTOCOMMIT[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return found


async def ping(engine: AsyncEngine) -> None:
    """One round trip to the database (readiness)."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
