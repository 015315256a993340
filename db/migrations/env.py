"""Alembic environment: the URL comes from Settings (or ``config.attributes["url"]``)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import create_engine, pool

from db import models  # noqa: F401  (registers every table on the metadata)
from db.base import Base, PydanticJSON

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: Any, _autogen_context: Any) -> str | Literal[False]:
    """A typed JSON column is plain JSON in the database: the migration needs no adapter."""
    if type_ == "type" and isinstance(obj, PydanticJSON):
        return "sa.JSON()"
    return False


def _url() -> str:
    url = config.attributes.get("url")
    if url:
        return str(url)
    from core.settings import get_settings

    return get_settings().resolved_database_url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = create_engine(_url(), poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite needs batch mode for ALTER
            compare_type=True,
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
    connectable.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
