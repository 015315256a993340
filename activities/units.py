"""The unit of work that every database-backed activity class shares.

An activity opens one transaction (or a read-only session), calls a domain service, and lets a
``DomainError`` fail it as the ApplicationError that ``activities.errors`` maps it to, so the
workflow and the Temporal UI see the rule's own code and reason instead of a retried crash.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from activities.errors import application_error
from db.session import reading, transaction
from services.errors import DomainError


class DatabaseActivities:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncSession]:
        """The activity's unit of work, committed when the block ends without an error."""
        try:
            async with transaction(self.sessionmaker) as session:
                yield session
        except DomainError as exc:
            raise application_error(exc) from None

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[AsyncSession]:
        """A session for reads only: nothing to commit, released at once."""
        try:
            async with reading(self.sessionmaker) as session:
                yield session
        except DomainError as exc:
            raise application_error(exc) from None
