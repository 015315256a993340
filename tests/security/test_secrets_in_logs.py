"""A full run — demo accounts, logins right and wrong, sign-up, the codec, a priced enrollment
saga through the API and the real workers — logs none of the configured secrets, passwords
or bearer tokens."""

from __future__ import annotations

import base64
import io
import os
import secrets
import uuid
from collections.abc import Callable, Iterator

import pytest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from core.settings import Settings
from core.temporal import data_converter, payload_codec
from db.queries.accounts import ensure_demo_users
from db.session import make_engine, make_sessionmaker, transaction
from tests.conftest import ApiFactory
from tests.security.saga import run_priced_enrollment
from tests.support.logs import captured_json_logs


@pytest.fixture
def captured_logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Production-style JSON logs at DEBUG into a buffer; the previous set-up is restored."""
    with captured_json_logs(monkeypatch, "DEBUG") as stream:
        yield stream


def _secret(prefix: str) -> str:
    return f"{prefix}-{secrets.token_urlsafe(24)}"


def _secret_settings(make_settings: Callable[..., Settings], **values: object) -> Settings:
    return make_settings(
        jwt_secret=_secret("jwt"),
        demo_password=_secret("demo"),
        codec_keys={"k-2026": base64.b64encode(os.urandom(32)).decode()},
        temporal_api_key=_secret("temporal"),
        anthropic_api_key=_secret("sk-ant"),
        openai_api_key=_secret("sk-oai"),
        smtp_password=_secret("smtp"),
        s3_access_key_id=_secret("AKIA"),
        s3_secret_access_key=_secret("s3"),
        **values,
    )


async def test_a_full_run_logs_no_secret(
    captured_logs: io.StringIO,
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
    dev_env: WorkflowEnvironment,
    task_queue: str,
) -> None:
    settings = _secret_settings(
        make_settings,
        database_url=sqlite_session_url,
        task_queue=task_queue,
        llm_task_queue=task_queue + "-llm",
        enrollment_answer_wait_s=15.0,
    )
    # A client with this run's configured codec key, so that key really encrypts the run.
    client = await Client.connect(
        dev_env.client.service_client.config.target_host,
        data_converter=data_converter(payload_codec(settings)),
    )
    demo_password = settings.demo_password.get_secret_value()
    engine = make_engine(sqlite_session_url)
    async with transaction(make_sessionmaker(engine)) as session:
        await ensure_demo_users(session, demo_password)
    await engine.dispose()

    api = await api_client_factory(settings, client)
    login = {"username": "admin@example.com", "password": demo_password}
    token = await api.post("/api/v1/auth/token", data=login)
    assert token.status_code == 200, token.text
    access = token.json()["access_token"]
    bearer = {"Authorization": f"Bearer {access}"}
    wrong = await api.post("/api/v1/auth/token", data={**login, "username": "nobody@example.org"})
    assert wrong.status_code == 401
    bad_pw = await api.post("/api/v1/auth/token", data={**login, "password": demo_password + "x"})
    assert bad_pw.status_code == 401
    signup_password = _secret("signup")
    signup = {
        "email": f"s-{uuid.uuid4().hex[:8]}@example.org",
        "password": signup_password,
        "full_name": "Sign Up",
    }
    assert (await api.post("/api/v1/auth/register", json=signup)).status_code == 201
    assert (
        await api.get("/api/v1/me", headers={"Authorization": "Bearer forged.token.x"})
    ).status_code == 401
    decoded = await api.post("/api/v1/codec/decode", json={"payloads": []}, headers=bearer)
    assert decoded.status_code == 200
    await run_priced_enrollment(api_client_factory, settings, client)

    logs = captured_logs.getvalue()
    # The capture works: the run's own events are there.
    for event in ("auth.token_issued", "codec.decoded", "payment.charged", "payment.refunded"):
        assert event in logs, f"{event} missing: the log capture is not working"
    leaks = [*settings.secret_values(), demo_password, signup_password, access]
    assert len(settings.secret_values()) >= 9
    found = [value[:12] + "..." for value in leaks if value in logs]
    assert not found, f"secrets in the logs: {found}"
