"""Object storage port: course thumbnails, report artifacts."""

from __future__ import annotations

from typing import Protocol


class ObjectNotFound(KeyError):
    """No object is stored under the key."""


class ObjectStorage(Protocol):
    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store ``data`` under ``key`` (overwrites: keys are deterministic, writes idempotent)."""

    async def get(self, key: str) -> bytes:
        """The object's bytes, or ``ObjectNotFound``."""

    async def exists(self, key: str) -> bool: ...

    async def delete(self, key: str) -> None:
        """Remove the object; a key with no object is fine (deleting is idempotent)."""

    async def presigned_url(self, key: str, ttl_s: int) -> str | None:
        """A time-limited download URL, or None where the API must stream the bytes itself."""
