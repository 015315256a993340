"""``courseflow users create`` bootstraps accounts from a shell."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from click.testing import CliRunner

from cli.main import cli
from core.security import verify_password
from db.models import User
from db.queries.accounts import get_user_by_email
from db.session import make_engine, make_sessionmaker


def _email() -> str:
    return f"cli-{uuid.uuid4().hex[:8]}@example.org"


def _stored(url: str, email: str) -> User | None:
    async def load() -> User | None:
        engine = make_engine(url)
        try:
            async with make_sessionmaker(engine)() as session:
                return await get_user_by_email(session, email)
        finally:
            await engine.dispose()

    return asyncio.run(load())


def _create(url: str, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["users", "create", "--database-url", url, *args], input=input)
    return result.exit_code, result.output


def test_creates_an_admin_with_the_given_password(sqlite_session_url: str) -> None:
    email = _email()
    code, output = _create(
        sqlite_session_url, "--email", email, "--role", "admin", "--password", "a-long-password"
    )
    assert code == 0, output
    assert f"created admin account {email}" in output
    user = _stored(sqlite_session_url, email)
    assert user is not None and user.role.value == "admin"
    assert verify_password("a-long-password", user.password_hash)
    assert "a-long-password" not in output


def test_prompts_twice_for_a_hidden_password_when_omitted(sqlite_session_url: str) -> None:
    email = _email()
    code, output = _create(
        sqlite_session_url, "--email", email, "--role", "instructor",
        input="first-password-x\nmismatch-password\nprompted-password\nprompted-password\n",
    )  # fmt: skip
    assert code == 0, output
    assert "prompted-password" not in output  # hidden input is not echoed
    user = _stored(sqlite_session_url, email)
    assert user is not None and user.role.value == "instructor"
    assert verify_password("prompted-password", user.password_hash)


def test_an_existing_email_fails_clearly(sqlite_session_url: str) -> None:
    email = _email()
    assert _create(sqlite_session_url, "--email", email, "--password", "a-long-password")[0] == 0
    code, output = _create(
        sqlite_session_url, "--email", email.upper(), "--password", "other-password"
    )
    assert code == 2
    assert "already exists" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--password", "short"], "password"),
        (["--password", "a-long-password", "--role", "superuser"], "superuser"),
    ],
)
def test_invalid_input_fails_naming_the_problem(
    sqlite_session_url: str, args: list[str], message: str
) -> None:
    code, output = _create(sqlite_session_url, "--email", _email(), *args)
    assert code == 2
    assert message in output
    assert "Traceback" not in output


def test_invalid_email_fails_naming_the_field(sqlite_session_url: str) -> None:
    code, output = _create(
        sqlite_session_url, "--email", "not-an-email", "--password", "a-long-password"
    )
    assert code == 2
    assert "email" in output
