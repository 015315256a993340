"""``courseflow users create``: bootstrap accounts from a shell (the first admin, say)."""

from __future__ import annotations

import click
from pydantic import ValidationError

from cli.common import database, fail, load_settings, run_async
from core.settings import Settings
from schemas.accounts import UserCreateIn, UserOut
from schemas.enums import Role
from services import accounts


@click.group()
def users() -> None:
    """Manage accounts directly in the database (no API needed)."""


def _validated(email: str, password: str, full_name: str, role: str) -> UserCreateIn:
    try:
        return UserCreateIn(email=email, password=password, full_name=full_name, role=Role(role))
    except ValidationError as exc:
        problems = [f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]
        fail("invalid account:\n  " + "\n  ".join(problems))


async def _create(settings: Settings, body: UserCreateIn) -> UserOut:
    from db.session import transaction

    async with database(settings) as sessionmaker, transaction(sessionmaker) as session:
        return UserOut.model_validate(await accounts.create_account(session, body, body.role))


@users.command("create")
@click.option("--email", required=True, help="The login e-mail.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.student.value,
    show_default=True,
)
@click.option("--full-name", default=None, help="Display name (default: the e-mail's local part).")
@click.option(
    "--password",
    default=None,
    help="Omit to be prompted (hidden, asked twice); a password on the command line "
    "ends up in shell history.",
)
@click.option("--database-url", default=None, help="Override COURSEFLOW_DATABASE_URL.")
def create(
    email: str, role: str, full_name: str | None, password: str | None, database_url: str | None
) -> None:
    """Create an account of any role in the configured database (migrations must be applied)."""
    settings = load_settings(database_url=database_url)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    body = _validated(email, password, full_name or email.split("@")[0] or email, role)
    user = run_async(lambda: _create(settings, body))
    click.echo(f"created {user.role.value} account {user.email} (id {user.id})")
