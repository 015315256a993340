"""``INSERT … ON CONFLICT DO NOTHING`` on both databases: one round trip where a
get-then-insert under a savepoint took four.

An idempotent activity inserts the row its retry might already have written. Reading first
and inserting under a savepoint (so a concurrent insert does not abort the transaction) costs
a SELECT, SAVEPOINT, INSERT and RELEASE; this asks the database to skip a conflicting row
instead, and reads the existing row only when there is one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import Base

M = TypeVar("M", bound=Base)


def table_of(model: type[Base]) -> Table:
    """The model's table, for Core statements (typed: ``__table__`` is only a FromClause)."""
    return cast(Table, model.__table__)


def dialect_insert(session: AsyncSession, model: type[Base] | Table) -> Any:
    """The dialect's INSERT (with ``on_conflict_do_nothing``) for ``model``. Given the model's
    ``__table__``, the statement runs as Core: no ORM bulk-insert bookkeeping, for a write whose
    caller needs no row back."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(model)
    if name == "sqlite":
        return sqlite.insert(model)
    raise ValueError(f"unsupported database: {name} (courseflow runs on PostgreSQL or SQLite)")


async def insert_or_select(
    session: AsyncSession,
    model: type[M],
    values: Mapping[str, Any],
    *,
    conflict: Sequence[str],
) -> tuple[M, bool]:
    """The row with ``values``' ``conflict`` columns, inserted unless it exists, and whether
    this call inserted it.

    One round trip when the row is new; when it exists (a retry, or a concurrent caller that
    won the insert), a second one reads it. Column defaults apply as for ``session.add``.
    """
    statement = (
        dialect_insert(session, model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict))
        .returning(model)
    )
    inserted: M | None = (await session.scalars(statement)).one_or_none()
    if inserted is not None:
        return inserted, True
    existing = await session.scalar(
        select(model)
        .where(*(getattr(model, column) == values[column] for column in conflict))
        .execution_options(populate_existing=True)
    )
    assert existing is not None  # the insert skipped it because it exists
    return existing, False
