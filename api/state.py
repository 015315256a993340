"""Long-lived objects of the API process, built once (the object store on first use)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from temporalio.client import Client

from adapters.storage.port import ObjectStorage
from core.settings import Settings


@dataclass
class AppState:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    temporal: Client
    make_storage: Callable[[], ObjectStorage]
    _storage: ObjectStorage | None = field(default=None, repr=False)

    def storage(self) -> ObjectStorage:
        """Built on first use and kept (boto3 clients are long-lived); an API that never
        serves an artifact never opens one."""
        if self._storage is None:
            self._storage = self.make_storage()
        return self._storage
