"""The one settings object. Nothing else in courseflow reads the environment.

Defaults are the embedded stack (SQLite and files under ``data_dir``, a Temporal dev
server started by ``courseflow dev``, the ``offline`` model provider, e-mail to an
outbox). Production sets the URLs and secrets below through ``COURSEFLOW_*`` variables
or a ``.env`` file.
"""

from __future__ import annotations

import base64
import math
from decimal import Decimal
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Literal

from pydantic import (
    AnyHttpUrl,
    Field,
    IPvAnyNetwork,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

Environment = Literal["development", "test", "production"]
LLMProvider = Literal["offline", "anthropic", "openai"]
StorageBackend = Literal["local", "s3"]
PaymentGateway = Literal["sandbox"]

CODEC_KEY_BYTES = 32  # AES-256
SUPPORTED_DB_DRIVERS = ("sqlite", "sqlite+pysqlite", "postgresql+psycopg")
DEV_JWT_SECRET = "dev-only-change-me-courseflow-jwt-secret"  # noqa: S105 (refused in production)
MIN_JWT_SECRET_CHARS = 32

# USD per million tokens: (input, output, cached input). Unknown models cost 0 and are
# logged, so a missing price never stops a run.
DEFAULT_PRICES: dict[str, tuple[Decimal, Decimal, Decimal]] = {
    "offline": (Decimal(0), Decimal(0), Decimal(0)),
    "claude-sonnet-4-5": (Decimal("3"), Decimal("15"), Decimal("0.30")),
    "claude-haiku-4-5": (Decimal("1"), Decimal("5"), Decimal("0.10")),
    "gpt-4o": (Decimal("2.50"), Decimal("10"), Decimal("1.25")),
    "gpt-4o-mini": (Decimal("0.15"), Decimal("0.60"), Decimal("0.075")),
}


# USD per generated image, by image model (unknown models cost 0 and are logged).
DEFAULT_IMAGE_PRICES: dict[str, Decimal] = {
    "gpt-image-1": Decimal("0.063"),
    "dall-e-3": Decimal("0.080"),
}


def _loopback_networks() -> list[IPvAnyNetwork]:
    return [IPv4Network("127.0.0.0/8"), IPv6Network("::1/128")]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COURSEFLOW_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    environment: Environment = "development"
    data_dir: Path = Path("var")
    log_level: str = "INFO"

    # --- database -------------------------------------------------------------------
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default sqlite file <data_dir>/courseflow.db. "
        "Production: postgresql+psycopg://user:pass@host/db",
    )
    database_pool_size: int = Field(
        default=10,
        ge=1,
        le=200,
        description="PostgreSQL connections kept open per process (as many again may overflow). "
        "A worker adds max_parallel_llm_calls: each model call reads and writes the database.",
    )

    # --- Temporal -------------------------------------------------------------------
    temporal_address: str | None = Field(
        default=None,
        description="host:port of a Temporal frontend. Unset: `courseflow dev` starts a dev "
        "server on 127.0.0.1:<temporal_port>.",
    )
    temporal_namespace: str = "default"
    temporal_port: int = Field(default=7233, ge=1, le=65535)
    temporal_ui_port: int = Field(default=8233, ge=1, le=65535)
    temporal_tls_cert: Path | None = None
    temporal_tls_key: Path | None = None
    temporal_api_key: SecretStr | None = None
    task_queue: str = "courseflow"
    llm_task_queue: str = "courseflow-llm"
    worker_graceful_shutdown_s: float = Field(default=30.0, ge=0)

    # --- API ------------------------------------------------------------------------
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    public_base_url: AnyHttpUrl | None = None
    cors_origins: list[str] = Field(default_factory=list)
    max_request_bytes: int = Field(default=1_000_000, ge=1024)

    # --- accounts -------------------------------------------------------------------
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    access_token_ttl_s: int = Field(default=900, ge=30, le=86_400)
    allow_registration: bool = True
    demo_password: SecretStr = SecretStr("courseflow-demo")
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_s: int = Field(default=300, ge=1)
    login_client_max_failures: int = Field(
        default=20, ge=1, description="failed logins per client address per window, any account"
    )
    login_client_window_s: int = Field(default=300, ge=1)
    generation_rate_limit_per_hour: int = Field(default=20, ge=1)

    # --- payload encryption (Temporal codec) ------------------------------------------
    codec_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="key id -> base64 32-byte AES key. Empty in development: a key is derived "
        "under data_dir and kept there.",
    )
    codec_active_key_id: str | None = None
    codec_cors_origins: list[str] = Field(
        default_factory=list,
        description="Extra origins (besides the local Temporal UI) allowed to call the codec.",
    )
    codec_session_ttl_s: int = Field(
        default=8 * 3600,
        ge=300,
        le=7 * 86_400,
        description="How long an admin's Temporal UI sign-in (/api/v1/codec/login) lasts: a "
        "working day by default. Renewed while the UI keeps decoding (see api/routers/codec.py).",
    )

    # --- model providers ------------------------------------------------------------
    llm_provider: LLMProvider = "offline"
    llm_outline_model: str = "offline"
    llm_lesson_model: str = "offline"
    anthropic_api_key: SecretStr | None = None
    anthropic_base_url: AnyHttpUrl | None = None
    openai_api_key: SecretStr | None = None
    openai_base_url: AnyHttpUrl | None = None
    openai_image_model: str | None = None
    llm_http_timeout_s: float = Field(default=90.0, gt=0)
    llm_max_output_tokens: int = Field(default=4096, ge=256)
    llm_rate_limit_per_s: float | None = Field(default=None, gt=0)
    max_parallel_llm_calls: int = Field(default=8, ge=1, le=256)
    outline_repair_attempts: int = Field(default=2, ge=0, le=10)
    lesson_regeneration_attempts: int = Field(default=2, ge=0, le=10)
    # Quality checks (services/generation/quality.py): a section needs this much substance,
    # an objective this share of its content words taught, a question this share of its
    # words in its source section. Tuned on bench/quality_corpus (bench/quality_eval.py).
    # The judge: one more model call per lesson when a model provider is configured (never
    # with ``offline``). Its own model (default: the lesson model) and its own ledger stage.
    quality_judge: bool = True
    llm_judge_model: str | None = None
    quality_min_section_sentences: int = Field(default=2, ge=1, le=50)
    quality_min_section_words: int = Field(default=20, ge=1, le=2000)
    quality_objective_coverage: float = Field(default=0.6, gt=0, le=1)
    quality_question_grounding: float = Field(default=0.4, gt=0, le=1)
    # Languages whose lemma dictionary and word frequencies a worker loads at start (JSON
    # list, e.g. '["en", "de"]'); any other loads in the first lesson that needs it.
    quality_preload_languages: list[str] = Field(default_factory=lambda: ["en"])
    generation_budget_usd: Decimal | None = Field(default=None, ge=0)
    generation_budget_tokens: int | None = Field(default=None, ge=0)
    review_deadline_s: int = Field(default=7 * 86_400, ge=1)
    # Retries of model activities (Temporal owns them; a 429's retry-after overrides the delay).
    llm_retry_initial_interval_s: float = Field(default=1.0, gt=0)
    llm_retry_max_attempts: int = Field(default=6, ge=1, le=100)
    llm_heartbeat_timeout_s: float = Field(default=30.0, gt=0)
    llm_prices: dict[str, tuple[Decimal, Decimal, Decimal]] = Field(
        default_factory=lambda: dict(DEFAULT_PRICES)
    )
    # Anthropic bills tokens written to the prompt cache at 1.25x the input price.
    llm_cache_write_multiplier: Decimal = Field(default=Decimal("1.25"), ge=0)
    image_prices: dict[str, Decimal] = Field(default_factory=lambda: dict(DEFAULT_IMAGE_PRICES))
    # Structured outputs (OpenAI json_schema strict, Anthropic forced tool); turn off for
    # OpenAI-compatible servers without it: the repair loop then does all the work.
    llm_structured_outputs: bool = True
    # Mark the lesson prompts' stable prefix for the provider's prompt cache (Anthropic
    # cache_control; OpenAI caches repeated prefixes by itself whatever this says).
    llm_prompt_caching: bool = True
    # Anthropic makes a cached prefix readable only once the call that writes it has its
    # first token, so lesson calls sent together would each pay the 1.25x write. The first
    # call with a new prefix goes at once; calls with the same prefix that come meanwhile
    # (in this worker process) wait until this long after it was sent, then read the cache.
    # About the time to first token of a lesson call; 0 turns the wait off.
    anthropic_cache_warm_s: float = Field(default=2.0, ge=0, le=60)
    # Replies longer than this are rejected before parsing (and repaired).
    llm_max_reply_chars: int = Field(default=200_000, ge=1_000)
    # Provider quotas (requests and tokens per minute). The model queue's rate limit and the
    # worker's slots follow the active provider's; None: no quota known.
    openai_requests_per_minute: int | None = Field(default=None, ge=1)
    openai_tokens_per_minute: int | None = Field(default=None, ge=1)
    anthropic_requests_per_minute: int | None = Field(default=None, ge=1)
    anthropic_tokens_per_minute: int | None = Field(default=None, ge=1)
    # What a model call typically uses and takes. The token estimate seeds each worker's
    # TokenPacer (which then follows the tokens calls really use) and sizes the worker's
    # slots with the duration (Little's law: slots = rate x duration).
    llm_tokens_per_call_estimate: int = Field(default=6_000, ge=1)
    # Model worker processes sharing the provider's quota: each paces its calls to
    # TPM / this (requests per minute are enforced for the whole queue by Temporal).
    llm_model_workers: int = Field(default=1, ge=1, le=1000)
    llm_call_duration_estimate_s: float = Field(default=30.0, gt=0)
    # A 429's retry-after up to this long is waited out inside the activity (the run goes on);
    # longer ones hand the wait to Temporal's retry (next_retry_delay).
    llm_rate_limit_max_wait_s: float = Field(default=120.0, ge=0)

    def model_queue_limits(self) -> tuple[float | None, int]:
        """(activities per second for the whole model queue, this worker's slots).

        The queue's rate is the tighter of ``llm_rate_limit_per_s`` and RPM/60 (requests,
        counted exactly by the server for every worker) over the model calls one activity
        makes (``model_calls_per_activity``); tokens per minute are paced inside each worker
        (``TokenPacer``), by what the calls really use. The slots are what the tightest of
        those rates and TPM/60 / the seed token estimate keeps busy (rate x call duration, at
        least 2; an activity of two calls holds its slot twice as long at half the rate),
        never more than ``max_parallel_llm_calls``."""
        rpm, tpm = self.llm_quota
        rates = [r for r in (self.llm_rate_limit_per_s,) if r is not None]
        if rpm is not None:
            rates.append(rpm / 60)
        queue_rate = min(rates) / self.model_calls_per_activity if rates else None
        if tpm is not None:
            rates.append(tpm / 60 / self.llm_tokens_per_call_estimate)
        if not rates:
            return None, self.max_parallel_llm_calls
        busy = math.ceil(min(rates) * self.llm_call_duration_estimate_s)
        return queue_rate, max(2, min(self.max_parallel_llm_calls, busy))

    @property
    def judge_on(self) -> bool:
        """Whether generations judge their lessons: asked for, and a model to judge with (the
        ``offline`` generator writes its own lessons)."""
        return self.quality_judge and self.llm_provider != "offline"

    @property
    def model_calls_per_activity(self) -> int:
        """Model calls a lesson activity makes: with the judge on, the lesson's and the
        judge's (runs with the ``generation-judge-in-lesson`` patch; earlier runs' judge
        activities make one, so they are paced more slowly than they could be until they
        end)."""
        return 2 if self.judge_on else 1

    @property
    def llm_worker_tokens_per_minute(self) -> float | None:
        """This worker's share of the active provider's tokens per minute."""
        tpm = self.llm_quota[1]
        return tpm / self.llm_model_workers if tpm is not None else None

    @property
    def llm_quota(self) -> tuple[int | None, int | None]:
        """(requests, tokens) per minute of the active provider."""
        if self.llm_provider == "openai":
            return self.openai_requests_per_minute, self.openai_tokens_per_minute
        if self.llm_provider == "anthropic":
            return self.anthropic_requests_per_minute, self.anthropic_tokens_per_minute
        return None, None

    # --- object storage -------------------------------------------------------------
    storage_backend: StorageBackend = "local"
    storage_dir: Path | None = None
    s3_bucket: str | None = None
    s3_endpoint_url: AnyHttpUrl | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: SecretStr | None = None
    s3_secret_access_key: SecretStr | None = None
    s3_presign_ttl_s: int = Field(default=900, ge=60)
    # A course export's package is kept this long after it was requested; then listing the
    # course's exports deletes it from object storage and its links answer 410.
    export_ttl_days: int = Field(default=7, ge=1)

    # --- mail -----------------------------------------------------------------------
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    smtp_timeout_s: float = Field(default=10.0, gt=0)
    mail_from: str = "courseflow <no-reply@courseflow.local>"
    outbox_dir: Path | None = None

    # --- payments and enrollment ----------------------------------------------------
    payment_gateway: PaymentGateway = "sandbox"
    refund_window_days: int = Field(default=14, ge=0)
    waitlist_deadline_s: int = Field(default=14 * 86_400, ge=1)
    enrollment_answer_wait_s: float = Field(default=5.0, ge=0, le=30)

    # --- progress and reports -------------------------------------------------------
    max_time_spent_per_post_s: int = Field(default=4 * 3600, ge=1)
    report_timezone: str = "UTC"
    # ISO 4217 code of the money in reports (payments' minor units are summed as is).
    report_currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    report_admin_emails: list[str] = Field(default_factory=list)

    # --- re-engagement (services/learning/reengagement.py) ---------------------------
    reengagement_idle_days: int = Field(
        default=7, ge=1, le=365, description="Remind a learner idle this many days."
    )
    reengagement_hour_utc: int = Field(
        default=17, ge=0, le=23, description="The daily re-engagement schedule's hour (UTC)."
    )
    reengagement_page_size: int = Field(default=500, ge=1, le=5000)
    reengagement_pages_per_run: int = Field(
        default=50, ge=1, description="Pages before the run continues as new (history size)."
    )
    # Public certificate verification: requests per client address per minute.
    certificate_verify_per_minute: int = Field(default=30, ge=1, le=10_000)

    # --- telemetry ------------------------------------------------------------------
    otlp_endpoint: AnyHttpUrl | None = None
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65535)
    worker_health_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="Serve the worker's /livez and /readyz here (see core/worker_health.py).",
    )
    worker_health_check_interval_s: float = Field(default=30.0, gt=0, le=600)
    worker_poll_stale_s: float = Field(
        default=180.0,
        gt=0,
        description="Liveness fails when the Temporal server has seen no poll from this worker "
        "for this long (keep it above the server's long-poll timeout, 60 s by default).",
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token a Prometheus scraper presents to read /metrics from anywhere.",
    )
    metrics_allowed_networks: list[IPvAnyNetwork] = Field(
        default_factory=_loopback_networks,
        description="Client networks that may read /metrics without the token (loopback only "
        "by default; [] to require the token always).",
    )

    @field_validator("report_timezone")
    @classmethod
    def _check_report_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r} (e.g. Europe/Berlin)") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"not a database URL ({exc})") from None
        if url.drivername not in SUPPORTED_DB_DRIVERS:
            raise ValueError(
                f"driver {url.drivername!r} is not supported; use one of "
                + ", ".join(SUPPORTED_DB_DRIVERS)
            )
        return value

    @field_validator("codec_keys")
    @classmethod
    def _check_codec_keys(cls, value: dict[str, SecretStr]) -> dict[str, SecretStr]:
        # Checked here so a malformed key is a one-line settings error at start-up.
        for key_id, secret in value.items():
            try:
                raw = base64.b64decode(secret.get_secret_value(), validate=True)
            except ValueError:
                raise ValueError(f"codec key {key_id!r} is not valid base64") from None
            if len(raw) != CODEC_KEY_BYTES:
                raise ValueError(f"codec key {key_id!r} must decode to {CODEC_KEY_BYTES} bytes")
        return value

    @model_validator(mode="after")
    def _check_production(self) -> Settings:
        if self.storage_backend == "s3" and not self.s3_bucket:
            raise ValueError("COURSEFLOW_S3_BUCKET is required when storage_backend is s3")
        if self.llm_provider == "anthropic" and self.anthropic_api_key is None:
            raise ValueError("COURSEFLOW_ANTHROPIC_API_KEY is required for llm_provider=anthropic")
        if self.llm_provider == "openai" and self.openai_api_key is None:
            raise ValueError("COURSEFLOW_OPENAI_API_KEY is required for llm_provider=openai")
        if self.environment == "production" and (
            self.jwt_secret.get_secret_value() == DEV_JWT_SECRET
            or len(self.jwt_secret.get_secret_value()) < MIN_JWT_SECRET_CHARS
        ):
            raise ValueError(
                f"COURSEFLOW_JWT_SECRET must be set to a random value of at least "
                f"{MIN_JWT_SECRET_CHARS} characters in production"
            )
        if self.codec_active_key_id is not None and self.codec_active_key_id not in self.codec_keys:
            raise ValueError(
                "COURSEFLOW_CODEC_ACTIVE_KEY_ID names a key not in COURSEFLOW_CODEC_KEYS"
            )
        if self.environment == "production" and not self.codec_keys:
            raise ValueError(
                "COURSEFLOW_CODEC_KEYS is required in production: Temporal payloads are "
                "always encrypted (see core/codec.py)"
            )
        if (self.temporal_tls_cert is None) != (self.temporal_tls_key is None):
            raise ValueError("COURSEFLOW_TEMPORAL_TLS_CERT and _KEY must be set together")
        return self

    # --- derived values -------------------------------------------------------------
    @property
    def is_development(self) -> bool:
        return self.environment == "development"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+pysqlite:///{(self.data_dir / 'courseflow.db').resolve()}"

    @property
    def resolved_temporal_address(self) -> str:
        return self.temporal_address or f"127.0.0.1:{self.temporal_port}"

    @property
    def resolved_storage_dir(self) -> Path:
        return self.storage_dir or self.data_dir / "storage"

    @property
    def resolved_outbox_dir(self) -> Path:
        return self.outbox_dir or self.data_dir / "outbox"

    def secret_values(self) -> list[str]:
        """Every configured secret, for tests that grep logs for leaks."""
        values = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr) and value.get_secret_value():
                values.append(value.get_secret_value())
        values.extend(v.get_secret_value() for v in self.codec_keys.values())
        return values


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
