"""Object storage port and implementations (local files, S3 via boto3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.storage.port import ObjectStorage
    from core.settings import Settings


def make_storage(settings: Settings) -> ObjectStorage:
    if settings.storage_backend == "s3":
        from adapters.storage.s3 import S3Storage

        return S3Storage.from_settings(settings)
    from adapters.storage.local import LocalStorage

    return LocalStorage(settings.resolved_storage_dir)
