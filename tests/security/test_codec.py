"""The AES-256-GCM payload codec and its remote-codec endpoints for the Temporal UI."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest
from pydantic import SecretStr, ValidationError
from temporalio.api.common.v1 import Payload
from temporalio.client import Client

from api.routers.codec import COOKIE
from cli.dev import temporal_command
from core.codec import (
    DEV_KEY_FILE,
    KEY_ID_FIELD,
    CodecConfigError,
    CodecError,
    EncryptionCodec,
    KeyRing,
    build_codec,
    development_keyring,
)
from core.security import CODEC_TOKEN_TYPE, decode_token, issue_codec_session
from core.settings import Settings
from core.temporal import payload_codec
from db.models import User
from db.session import transaction
from schemas.enums import Role
from tests.conftest import ApiFactory
from tests.factories import TEST_PASSWORD, create_user
from tests.security.conftest import SecurityApi

EMAIL = b'{"email":"ada.lovelace@example.org","name":"Ada Lovelace"}'
UI_ORIGINS = ("http://localhost:8233", "http://127.0.0.1:8233")


def _key() -> bytes:
    return os.urandom(32)


def _plain() -> Payload:
    return Payload(metadata={"encoding": b"json/plain"}, data=EMAIL)


def _codec(keys: dict[str, bytes], active: str) -> EncryptionCodec:
    return EncryptionCodec(KeyRing(keys=keys, active_key_id=active))


async def test_round_trip_hides_the_plaintext_and_restores_it_exactly() -> None:
    codec = _codec({"k1": _key()}, "k1")
    [sealed] = await codec.encode([_plain()])
    assert b"ada.lovelace" not in sealed.SerializeToString()
    assert sealed.metadata["encoding"] == b"binary/encrypted"
    assert sealed.metadata[KEY_ID_FIELD] == b"k1"
    assert await codec.decode([sealed]) == [_plain()]


async def test_each_encoding_uses_a_fresh_nonce() -> None:
    codec = _codec({"k1": _key()}, "k1")
    first, second = await codec.encode([_plain(), _plain()])
    assert first.data != second.data


async def test_rotation_encodes_with_the_new_key_and_still_decodes_the_old() -> None:
    old_key, new_key = _key(), _key()
    [old_sealed] = await _codec({"2025": old_key}, "2025").encode([_plain()])
    rotated = _codec({"2025": old_key, "2026": new_key}, "2026")
    [new_sealed] = await rotated.encode([_plain()])
    assert new_sealed.metadata[KEY_ID_FIELD] == b"2026"
    assert await rotated.decode([old_sealed, new_sealed]) == [_plain(), _plain()]


async def test_tampered_ciphertext_is_rejected() -> None:
    codec = _codec({"k1": _key()}, "k1")
    [sealed] = await codec.encode([_plain()])
    flipped = bytearray(sealed.data)
    flipped[-1] ^= 0x01
    tampered = Payload(metadata=dict(sealed.metadata), data=bytes(flipped))
    with pytest.raises(CodecError, match="authentication"):
        await codec.decode([tampered])


async def test_truncated_ciphertext_is_rejected() -> None:
    codec = _codec({"k1": _key()}, "k1")
    [sealed] = await codec.encode([_plain()])
    with pytest.raises(CodecError):
        await codec.decode([Payload(metadata=dict(sealed.metadata), data=sealed.data[:5])])


async def test_unknown_key_id_is_rejected() -> None:
    [sealed] = await _codec({"gone": _key()}, "gone").encode([_plain()])
    with pytest.raises(CodecError, match="unknown key id 'gone'"):
        await _codec({"k1": _key()}, "k1").decode([sealed])


async def test_relabelling_the_key_id_fails_authentication() -> None:
    # Both keys known: the key ID is associated data, so swapping it cannot pass.
    key = _key()
    codec = _codec({"a": key, "b": key}, "a")
    [sealed] = await codec.encode([_plain()])
    relabelled = Payload(metadata={**sealed.metadata, KEY_ID_FIELD: b"b"}, data=sealed.data)
    with pytest.raises(CodecError):
        await codec.decode([relabelled])


async def test_unencrypted_payloads_pass_through_decode() -> None:
    assert await _codec({"k1": _key()}, "k1").decode([_plain()]) == [_plain()]


def test_configured_keys_come_from_settings_and_pick_the_active_one() -> None:
    keys = {
        "old": SecretStr(base64.b64encode(_key()).decode()),
        "new": SecretStr(base64.b64encode(_key()).decode()),
    }
    codec = build_codec(
        Settings(
            environment="production",
            codec_keys=keys,
            codec_active_key_id="new",
            jwt_secret="x" * 40,
        )
    )
    assert codec.active_key_id == "new"


def test_production_settings_refuse_to_load_without_codec_keys() -> None:
    with pytest.raises(ValidationError, match="COURSEFLOW_CODEC_KEYS is required in production"):
        Settings(environment="production", jwt_secret="x" * 40)


def test_the_codec_itself_refuses_production_without_keys() -> None:
    # Defence in depth for settings built without validation (model_construct).
    settings = Settings.model_construct(environment="production", codec_keys={})
    with pytest.raises(CodecConfigError, match="COURSEFLOW_CODEC_KEYS is required"):
        payload_codec(settings)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"codec_keys": {"k": "not base64!"}}, "not valid base64"),
        ({"codec_keys": {"k": base64.b64encode(b"short").decode()}}, "32 bytes"),
        (
            {
                "codec_keys": {
                    "a": base64.b64encode(b"a" * 32).decode(),
                    "b": base64.b64encode(b"b" * 32).decode(),
                }
            },
            "ACTIVE_KEY_ID is required",
        ),
        (
            {
                "codec_keys": {"a": base64.b64encode(b"a" * 32).decode()},
                "codec_active_key_id": "zzz",
            },
            "names a key not in",
        ),
    ],
)
def test_unusable_key_configuration_fails_clearly(
    overrides: dict[str, object], message: str
) -> None:
    # Malformed keys fail as settings errors (one line at start-up); a key ring that is
    # well-formed but ambiguous fails when the codec is built.
    with pytest.raises((CodecConfigError, ValidationError), match=message):
        settings = Settings(environment="production", jwt_secret="x" * 40, **overrides)  # type: ignore[arg-type]
        payload_codec(settings)


async def test_test_environment_key_does_not_depend_on_data_dir(tmp_path: Path) -> None:
    one = build_codec(Settings(environment="test", data_dir=tmp_path / "a"))
    other = build_codec(Settings(environment="test"))
    [sealed] = await one.encode([_plain()])
    assert await other.decode([sealed]) == [_plain()]
    assert not (tmp_path / "a").exists()


async def test_development_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    first = build_codec(Settings(environment="development", data_dir=tmp_path))
    [sealed] = await first.encode([_plain()])
    key_file = tmp_path / DEV_KEY_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600
    again = build_codec(Settings(environment="development", data_dir=tmp_path))  # a restart
    assert again.active_key_id == first.active_key_id
    assert await again.decode([sealed]) == [_plain()]
    stranger = build_codec(Settings(environment="development", data_dir=tmp_path / "other"))
    with pytest.raises(CodecError):
        await stranger.decode([sealed])


def test_racing_processes_agree_on_one_development_key(tmp_path: Path) -> None:
    # courseflow dev starts the API and the worker at once; both must end up with one key.
    results: list[str] = []
    barrier = threading.Barrier(8)

    def create() -> None:
        barrier.wait()
        results.append(development_keyring(tmp_path).active_key_id)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1
    assert json.loads((tmp_path / DEV_KEY_FILE).read_text())["key_id"] == results[0]
    assert [p.name for p in tmp_path.iterdir()] == [DEV_KEY_FILE]  # no temp files left


# --- the remote codec endpoints ------------------------------------------------------------
def _wire(payload: Payload) -> dict[str, object]:
    return {
        "metadata": {k: base64.b64encode(v).decode() for k, v in payload.metadata.items()},
        "data": base64.b64encode(payload.data).decode(),
    }


def _from_wire(item: dict[str, object]) -> Payload:
    metadata = item.get("metadata", {})
    assert isinstance(metadata, dict)
    return Payload(
        metadata={k: base64.b64decode(v) for k, v in metadata.items()},
        data=base64.b64decode(str(item.get("data", ""))),
    )


async def test_admin_encodes_then_decodes_through_the_endpoints(security_api: SecurityApi) -> None:
    api, admin = security_api.client, security_api.parties["admin"].headers
    encoded = await api.post(
        "/api/v1/codec/encode", json={"payloads": [_wire(_plain())]}, headers=admin
    )
    assert encoded.status_code == 200, encoded.text
    [sealed] = encoded.json()["payloads"]
    assert "ada.lovelace" not in json.dumps(sealed)
    assert base64.b64decode(sealed["metadata"]["encoding"]) == b"binary/encrypted"
    decoded = await api.post("/api/v1/codec/decode", json={"payloads": [sealed]}, headers=admin)
    assert decoded.status_code == 200, decoded.text
    assert [_from_wire(p) for p in decoded.json()["payloads"]] == [_plain()]


async def test_decode_reads_what_the_workers_codec_sealed(security_api: SecurityApi) -> None:
    # The shared codec (what every client/worker in this process encodes with).
    codec = payload_codec(security_api.settings)
    assert codec is not None
    [sealed] = await codec.encode([_plain()])
    response = await security_api.client.post(
        "/api/v1/codec/decode",
        json={"payloads": [_wire(sealed)]},
        headers={**security_api.parties["admin"].headers, "X-Namespace": "default"},
    )
    assert response.status_code == 200
    assert [_from_wire(p) for p in response.json()["payloads"]] == [_plain()]


@pytest.mark.parametrize("path", ["/api/v1/codec/encode", "/api/v1/codec/decode"])
@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("student", 403), ("instructor", 403)]
)
async def test_codec_endpoints_are_admin_only(
    security_api: SecurityApi, path: str, role: str, status: int
) -> None:
    response = await security_api.client.post(
        path, json={"payloads": [_wire(_plain())]}, headers=security_api.parties[role].headers
    )
    assert response.status_code == status
    assert "ada.lovelace" not in response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_tampered_payload_is_422_naming_its_index(security_api: SecurityApi) -> None:
    codec = payload_codec(security_api.settings)
    assert codec is not None
    [good, bad] = await codec.encode([_plain(), _plain()])
    broken = Payload(metadata=dict(bad.metadata), data=bad.data[:-1] + bytes([bad.data[-1] ^ 1]))
    response = await security_api.client.post(
        "/api/v1/codec/decode",
        json={"payloads": [_wire(good), _wire(broken)]},
        headers=security_api.parties["admin"].headers,
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("payloads.1:")


async def test_non_base64_data_is_422(security_api: SecurityApi) -> None:
    response = await security_api.client.post(
        "/api/v1/codec/decode",
        json={"payloads": [{"metadata": {}, "data": "%%%"}]},
        headers=security_api.parties["admin"].headers,
    )
    assert response.status_code == 422
    assert "payloads.0" in response.json()["detail"]


@pytest.mark.parametrize("origin", UI_ORIGINS)
async def test_preflight_from_the_temporal_ui_is_allowed_with_credentials(
    security_api: SecurityApi, origin: str
) -> None:
    response = await security_api.client.options(
        "/api/v1/codec/decode",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type,x-namespace",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert response.headers["access-control-allow-credentials"] == "true"
    allowed = response.headers["access-control-allow-headers"].lower()
    assert {"authorization", "content-type", "x-namespace"} <= {
        h.strip() for h in allowed.split(",")
    }


async def test_actual_cross_origin_decode_carries_cors_headers(security_api: SecurityApi) -> None:
    response = await security_api.client.post(
        "/api/v1/codec/decode",
        json={"payloads": []},
        headers={**security_api.parties["admin"].headers, "Origin": UI_ORIGINS[0]},
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == UI_ORIGINS[0]


async def test_other_origins_and_other_paths_get_no_cors(security_api: SecurityApi) -> None:
    preflight = {"Access-Control-Request-Method": "POST"}
    evil = await security_api.client.options(
        "/api/v1/codec/decode", headers={"Origin": "http://evil.example", **preflight}
    )
    assert "access-control-allow-origin" not in evil.headers
    elsewhere = await security_api.client.options(
        "/api/v1/users", headers={"Origin": UI_ORIGINS[0], **preflight}
    )
    assert "access-control-allow-origin" not in elsewhere.headers


def test_courseflow_dev_points_the_ui_at_the_codec_router() -> None:
    import inspect

    import cli.dev
    from api.app import create_app
    from api.routers.codec import router

    # cli/dev.py builds the endpoint inline: http://<api_host>:<api_port>/api/v1/codec
    assert f'/{router.prefix.strip("/")}"' in inspect.getsource(cli.dev.dev.callback)  # type: ignore[arg-type]
    settings = Settings(environment="test")
    cmd = temporal_command(settings, "http://127.0.0.1:8000" + router.prefix)
    assert cmd[cmd.index("--ui-codec-endpoint") + 1].endswith("/api/v1/codec")
    paths = create_app(settings).openapi()["paths"]
    assert "post" in paths[router.prefix + "/decode"]  # the UI calls <endpoint>/decode
    assert "post" in paths[router.prefix + "/encode"]


# --- browser sign-in for the Temporal UI -------------------------------------------------------
async def _account(api: SecurityApi, role: Role) -> User:
    async with transaction(api.sessionmaker) as session:
        return await create_user(session, role)


async def test_login_page_is_a_plain_form(security_api: SecurityApi) -> None:
    response = await security_api.client.get("/api/v1/codec/login")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'action="/api/v1/codec/login"' in response.text
    assert "<script" not in response.text


async def test_admin_sign_in_lets_the_ui_decode_with_its_cookie_alone(
    security_api: SecurityApi,
) -> None:
    admin = await _account(security_api, Role.admin)
    signed_in = await security_api.client.post(
        "/api/v1/codec/login", data={"username": admin.email, "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 200, signed_in.text
    cookie = signed_in.headers["set-cookie"].lower()
    for attribute in ("httponly", "samesite=strict", "path=/api/v1/codec", "max-age="):
        assert attribute in cookie
    codec = payload_codec(security_api.settings)
    assert codec is not None
    [sealed] = await codec.encode([_plain()])
    # What the browser sends: the cookie (credentials: include) and the UI's Origin.
    response = await security_api.client.post(
        "/api/v1/codec/decode",
        json={"payloads": [_wire(sealed)]},
        headers={"Origin": UI_ORIGINS[1], "X-Namespace": "default"},
    )
    assert response.status_code == 200, response.text
    assert [_from_wire(p) for p in response.json()["payloads"]] == [_plain()]
    assert response.headers["access-control-allow-origin"] == UI_ORIGINS[1]
    assert response.headers["access-control-allow-credentials"] == "true"
    # A UI that also passes its own identity provider's token still decodes by the cookie.
    foreign = await security_api.client.post(
        "/api/v1/codec/decode",
        json={"payloads": []},
        headers={"Authorization": "Bearer token-of-another-identity-provider"},
    )
    assert foreign.status_code == 200, foreign.text
    # The cookie is scoped to the codec: it is no login for the rest of the API.
    assert (await security_api.client.get("/api/v1/me")).status_code == 401
    security_api.client.cookies.clear()


@pytest.mark.parametrize("role", [Role.student, Role.instructor])
async def test_non_admins_get_no_codec_cookie(security_api: SecurityApi, role: Role) -> None:
    user = await _account(security_api, role)
    response = await security_api.client.post(
        "/api/v1/codec/login", data={"username": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 403
    assert "set-cookie" not in response.headers


async def test_wrong_password_gets_no_codec_cookie(security_api: SecurityApi) -> None:
    admin = await _account(security_api, Role.admin)
    response = await security_api.client.post(
        "/api/v1/codec/login", data={"username": admin.email, "password": "not-the-password"}
    )
    assert response.status_code == 401
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    ("cookie_of", "status"),
    [("student-session", 403), ("admin-access-token", 401), ("forged", 401)],
)
async def test_codec_cookie_of_a_non_admin_an_access_token_or_forged_is_refused(
    security_api: SecurityApi, cookie_of: str, status: int
) -> None:
    """Only a codec session of an admin decodes: a student's session is 403, and an API access
    token planted in the cookie is no codec session at all."""
    if cookie_of == "forged":
        token = "eyJhbGciOiJIUzI1NiJ9.e30.forged"
    elif cookie_of == "student-session":
        student = security_api.parties["student"].user
        assert student is not None
        token, _ = issue_codec_session(security_api.settings, student.id, student.role.value)
    else:
        token = security_api.parties["admin"].headers["Authorization"].removeprefix("Bearer ")
    response = await security_api.client.post(
        "/api/v1/codec/decode", json={"payloads": []}, headers={"Cookie": f"{COOKIE}={token}"}
    )
    assert response.status_code == status


async def test_a_codec_session_is_no_bearer_token_for_the_api(security_api: SecurityApi) -> None:
    admin = security_api.parties["admin"].user
    assert admin is not None
    session, _ = issue_codec_session(security_api.settings, admin.id, admin.role.value)
    me = await security_api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {session}"})
    assert me.status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/codec/decode", "/api/v1/codec/encode"])
async def test_an_empty_body_is_an_empty_list_of_payloads(
    security_api: SecurityApi, path: str
) -> None:
    """proto3 JSON omits an empty repeated field: `temporal workflow metadata` sends {}."""
    response = await security_api.client.post(
        path, json={}, headers=security_api.parties["admin"].headers
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"payloads": []}
    anonymous = await security_api.client.post(path, json={})
    assert anonymous.status_code == 401


def _session_cookie(response: httpx.Response) -> str | None:
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        if name == COOKIE:
            return rest.split(";", 1)[0]
    return None


async def test_the_ui_sign_in_lasts_the_configured_working_day(
    security_api: SecurityApi,
) -> None:
    admin = await _account(security_api, Role.admin)
    response = await security_api.client.post(
        "/api/v1/codec/login", data={"username": admin.email, "password": TEST_PASSWORD}
    )
    security_api.client.cookies.clear()
    assert response.status_code == 200
    assert f"max-age={8 * 3600}" in response.headers["set-cookie"].lower()
    token = _session_cookie(response)
    assert token is not None
    claims = decode_token(security_api.settings, token, CODEC_TOKEN_TYPE)
    assert (claims.expires_at - claims.issued_at).total_seconds() == 8 * 3600
    assert "8 hours" in response.text


async def test_a_session_past_half_its_life_is_renewed_by_the_next_decode(
    security_api: SecurityApi,
) -> None:
    admin = security_api.parties["admin"].user
    assert admin is not None
    settings = security_api.settings
    fresh, _ = issue_codec_session(settings, admin.id, admin.role.value)
    kept = await security_api.client.post(
        "/api/v1/codec/decode", json={}, headers={"Cookie": f"{COOKIE}={fresh}"}
    )
    assert kept.status_code == 200
    assert _session_cookie(kept) is None  # young sessions are left alone
    issued = datetime.now(UTC) - timedelta(seconds=settings.codec_session_ttl_s * 0.6)
    old = jwt.encode(
        {
            "iss": "courseflow", "sub": str(admin.id), "role": "admin", "typ": "codec",
            "iat": issued, "nbf": issued,
            "exp": issued + timedelta(seconds=settings.codec_session_ttl_s),
        },
        settings.jwt_secret.get_secret_value(),
        settings.jwt_algorithm,
    )  # fmt: skip
    renewed = await security_api.client.post(
        "/api/v1/codec/decode", json={}, headers={"Cookie": f"{COOKIE}={old}"}
    )
    security_api.client.cookies.clear()
    assert renewed.status_code == 200
    new_token = _session_cookie(renewed)
    assert new_token is not None
    claims = decode_token(settings, new_token, CODEC_TOKEN_TYPE)
    assert claims.expires_at > datetime.now(UTC) + timedelta(
        seconds=settings.codec_session_ttl_s - 60
    )


async def test_an_expired_session_decodes_nothing(security_api: SecurityApi) -> None:
    admin = security_api.parties["admin"].user
    assert admin is not None
    settings = security_api.settings
    issued = datetime.now(UTC) - timedelta(seconds=settings.codec_session_ttl_s + 5)
    expired = jwt.encode(
        {
            "iss": "courseflow", "sub": str(admin.id), "role": "admin", "typ": "codec",
            "iat": issued, "nbf": issued,
            "exp": issued + timedelta(seconds=settings.codec_session_ttl_s),
        },
        settings.jwt_secret.get_secret_value(),
        settings.jwt_algorithm,
    )  # fmt: skip
    response = await security_api.client.post(
        "/api/v1/codec/decode", json={}, headers={"Cookie": f"{COOKIE}={expired}"}
    )
    assert response.status_code == 401
    assert _session_cookie(response) is None


def test_the_session_length_is_configurable_within_bounds() -> None:
    assert Settings(environment="test", codec_session_ttl_s=3600).codec_session_ttl_s == 3600
    with pytest.raises(ValidationError):
        Settings(environment="test", codec_session_ttl_s=60)


async def test_sign_out_clears_the_cookie(security_api: SecurityApi) -> None:
    response = await security_api.client.post("/api/v1/codec/logout")
    assert response.status_code == 200
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(f"{COOKIE}=") and "max-age=0" in cookie
    assert "path=/api/v1/codec" in cookie


async def test_over_https_the_cookie_is_secure_and_cross_site(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
    dev_client: Client,
    security_api: SecurityApi,
) -> None:
    settings = make_settings(
        database_url=sqlite_session_url, public_base_url="https://learn.example.org"
    )
    api = await api_client_factory(settings, dev_client)
    admin = await _account(security_api, Role.admin)
    response = await api.post(
        "/api/v1/codec/login", data={"username": admin.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    cookie = response.headers["set-cookie"].lower()
    assert "secure" in cookie and "samesite=none" in cookie and "httponly" in cookie


async def test_a_simple_cross_site_post_cannot_decode(security_api: SecurityApi) -> None:
    # No preflight for text/plain: the body must not be accepted as JSON.
    response = await security_api.client.post(
        "/api/v1/codec/decode",
        content=b'{"payloads": []}',
        headers={**security_api.parties["admin"].headers, "Content-Type": "text/plain"},
    )
    assert response.status_code == 422
