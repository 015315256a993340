"""The engine's pool: a connection idle past the window is pinged and replaced when its server
side is gone; a read-only session on PostgreSQL runs without a transaction."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import db.session
from db.session import make_engine, make_sessionmaker, reading, transaction


async def _backend_pid(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with transaction(sessionmaker) as session:
        return int((await session.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_an_idle_connection_whose_server_side_died_is_replaced_on_checkout(
    fresh_postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db.session, "PING_AFTER_IDLE_S", 0.05)
    engine = make_engine(fresh_postgres_url, pool_size=1)
    killer = make_engine(fresh_postgres_url, pool_size=1)
    try:
        sessionmaker = make_sessionmaker(engine)
        pid = await _backend_pid(sessionmaker)
        async with killer.connect() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        await asyncio.sleep(0.1)  # idle past the window: the checkout pings, then reconnects
        assert await _backend_pid(sessionmaker) != pid
    finally:
        await engine.dispose()
        await killer.dispose()


async def test_a_connection_back_within_the_window_is_not_pinged(fresh_postgres_url: str) -> None:
    engine = make_engine(fresh_postgres_url, pool_size=1)
    pings: list[object] = []
    dialect = engine.sync_engine.dialect
    real_ping = dialect.do_ping

    def counting_ping(dbapi_connection: Any) -> bool:
        pings.append(dbapi_connection)
        return real_ping(dbapi_connection)

    dialect.do_ping = counting_ping  # type: ignore[method-assign]
    try:
        sessionmaker = make_sessionmaker(engine)
        for _ in range(3):
            await _backend_pid(sessionmaker)
        assert pings == []  # fresh, then twice back within PING_AFTER_IDLE_S
    finally:
        await engine.dispose()


async def test_reads_on_postgres_run_in_autocommit(fresh_postgres_url: str) -> None:
    """No BEGIN/ROLLBACK round trips: each statement is its own transaction (now() moves)."""
    engine = make_engine(fresh_postgres_url, pool_size=1)
    try:
        async with reading(make_sessionmaker(engine)) as session:
            first = (await session.execute(text("SELECT now()"))).scalar_one()
            await asyncio.sleep(0.01)
            second = (await session.execute(text("SELECT now()"))).scalar_one()
        assert second > first
        async with transaction(make_sessionmaker(engine)) as session:  # writes keep theirs
            first = (await session.execute(text("SELECT now()"))).scalar_one()
            await asyncio.sleep(0.01)
            assert (await session.execute(text("SELECT now()"))).scalar_one() == first
    finally:
        await engine.dispose()


async def test_reads_on_sqlite_keep_their_transaction(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        async with reading(make_sessionmaker(engine)) as session:
            assert (await session.execute(text("SELECT 1"))).scalar_one() == 1
            assert session.in_transaction()
    finally:
        await engine.dispose()
