"""Settings: embedded defaults, the COURSEFLOW_ prefix, .env files, secrets kept secret."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from core.settings import Settings


def test_defaults_are_the_embedded_stack(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    settings = Settings()
    assert settings.resolved_database_url.startswith("sqlite+pysqlite:///")
    assert settings.resolved_database_url.endswith("var/courseflow.db")
    assert settings.temporal_address is None
    assert settings.resolved_temporal_address == "127.0.0.1:7233"
    assert (settings.task_queue, settings.llm_task_queue) == ("courseflow", "courseflow-llm")
    assert settings.storage_backend == "local"
    assert settings.resolved_storage_dir == Path("var/storage")
    assert settings.llm_provider == "offline"
    assert settings.smtp_host is None
    assert settings.resolved_outbox_dir == Path("var/outbox")


def test_environment_and_dotenv_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "COURSEFLOW_TEMPORAL_NAMESPACE=from-dotenv\nCOURSEFLOW_API_PORT=9001\n"
    )
    monkeypatch.setenv("COURSEFLOW_API_PORT", "9002")  # the environment wins over .env
    settings = Settings()
    assert settings.temporal_namespace == "from-dotenv"
    assert settings.api_port == 9002


def test_secrets_never_show_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEFLOW_OPENAI_API_KEY", "sk-very-secret-value")
    monkeypatch.setenv("COURSEFLOW_LLM_PROVIDER", "openai")
    settings = Settings()
    assert "sk-very-secret-value" not in repr(settings)
    assert "sk-very-secret-value" in settings.secret_values()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"COURSEFLOW_DATABASE_URL": "mysql://x/y"}, "not supported"),
        ({"COURSEFLOW_DATABASE_URL": "::not a url::"}, "not a database URL"),
        ({"COURSEFLOW_STORAGE_BACKEND": "s3"}, "COURSEFLOW_S3_BUCKET"),
        ({"COURSEFLOW_LLM_PROVIDER": "anthropic"}, "COURSEFLOW_ANTHROPIC_API_KEY"),
        ({"COURSEFLOW_TEMPORAL_TLS_CERT": "/tmp/cert.pem"}, "TLS_CERT and _KEY"),
        ({"COURSEFLOW_CODEC_KEYS": '{"k1": "not base64!"}'}, "not valid base64"),
        ({"COURSEFLOW_CODEC_KEYS": '{"k1": "c2hvcnQ="}'}, "must decode to 32 bytes"),
        (
            {
                "COURSEFLOW_CODEC_KEYS": '{"k1": "' + "A" * 43 + '="}',
                "COURSEFLOW_CODEC_ACTIVE_KEY_ID": "k2",
            },
            "names a key not in",
        ),
    ],
)
def test_invalid_production_settings_fail_clearly(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError, match=message):
        Settings()
