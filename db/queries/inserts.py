"""``INSERT … ON CONFLICT DO NOTHING`` on both databases: one round trip where a
get-then-insert under a savepoint took four.

An idempotent activity inserts the row its retry might already have written. Reading first
and inserting under a savepoint (so a concurrent insert does not abort the transaction) costs
a SELECT, SAVEPOINT, INSERT and RELEASE; this asks the database to skip a conflicting row
instead, and says whether it wrote one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import Base

M = TypeVar("M", bound=Base)


def _dialect_insert(session: AsyncSession, model: type[Base]) -> Any:
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(model)
    if name == "sqlite":
        return sqlite.insert(model)
    raise ValueError(f"unsupported database: {name} (courseflow runs on PostgreSQL or SQLite)")


async def insert_missing(
    session: AsyncSession,
    model: type[M],
    values: Mapping[str, Any],
    *,
    conflict: Sequence[str],
) -> M | None:
    """Insert one row unless a row with the same ``conflict`` columns exists.

    Returns the new row as a loaded ORM object, or None when the row was already there (the
    caller reads it). Column defaults apply as for ``session.add``.
    """
    statement = (
        _dialect_insert(session, model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict))
        .returning(model)
    )
    row: M | None = (await session.scalars(statement)).one_or_none()
    return row
