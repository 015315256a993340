"""Remote codec for the Temporal Web UI and CLI: ``POST /api/v1/codec/{encode,decode}``.

The body is the Temporal codec-server format: ``{"payloads": [{"metadata": {k: base64},
"data": base64}]}`` (proto3 JSON of ``temporal.api.common.v1.Payloads``), answered in kind.

Who may use it: **admins only**. A decoded history shows whatever the run carried — any
student's e-mail, name or payment reference — and the codec cannot tell whose data a
payload holds, so per-owner filtering is impossible; instructors see their learners through
the API instead. Encoding is admin-only too: it lets the caller craft signal or start input.

How callers authenticate:

- CLI and scripts: ``Authorization: Bearer <token>``, e.g. ``temporal workflow show
  --codec-endpoint http://127.0.0.1:8000/api/v1/codec --codec-auth "Bearer $TOKEN"``.
- The Temporal Web UI (a browser page on another port, which has no courseflow token): an
  admin signs in once at ``/api/v1/codec/login``, which sets an HttpOnly cookie limited to
  ``/api/v1/codec``. It holds a *codec session* token (``typ`` "codec"), which no other route
  accepts, valid for ``codec_session_ttl_s`` (a working day by default) and renewed: once
  half of it has passed, the next decode answers with a fresh cookie, so an admin who keeps
  the UI open is not signed out mid-incident, while a session left alone ends on time (and
  every renewal re-reads the account, so a disabled or demoted admin stops decoding at once).
  ``POST /api/v1/codec/logout`` ends it. The UI must send the cookie: its server-side codec
  setting "include credentials" is on in every set-up we ship (``courseflow dev`` through its
  UI gateway, compose's ``TEMPORAL_CODEC_INCLUDE_CREDENTIALS``, docs for Kubernetes and
  Cloud); no browser-side setting is needed. CORS for the UI origins (with credentials) is
  set up in ``api.middleware``. Over plain http (``courseflow dev``) the cookie is
  SameSite=Strict, so sign in on the host name the UI is opened with (127.0.0.1 or
  localhost); over https it is SameSite=None; Secure so a UI on another site (Temporal Cloud)
  can send it. Either way another site gains nothing: a JSON body needs a CORS preflight only
  the configured UI origins pass (a "simple" text/plain or form POST is 422), and no other
  origin may read a response.

An empty request body ``{}`` is an empty list of payloads: proto3 JSON leaves out an empty
repeated field, so that is what ``temporal workflow metadata`` and the UI send when a field
holds nothing.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Depends, Request, Response
from fastapi.responses import HTMLResponse
from google.protobuf import json_format
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from temporalio.api.common.v1 import Payload

from api.deps import (
    LoginFailuresDep,
    SessionDep,
    SettingsDep,
    StateDep,
    client_address,
    get_current_user,
    oauth2_scheme,
)
from api.errors import problem_responses
from api.routers.accounts import Password, Username
from core.codec import CodecError, EncryptionCodec, build_codec
from core.logging import get_logger
from core.security import TokenClaims, issue_codec_session
from core.settings import Settings
from schemas.enums import Role
from services import accounts
from services.accounts import User
from services.errors import Forbidden, InvalidInput, Unauthorized

router = APIRouter(prefix="/api/v1/codec", tags=["codec"])
log = get_logger("courseflow.api.codec")
MAX_PAYLOADS = 500
MAX_METADATA_ENTRIES = 32
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]*={0,2}")
COOKIE = "courseflow_codec"
LOGIN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>courseflow codec sign-in</title></head>
<body><h1>Decode Temporal payloads</h1>
<p>Admins only. After signing in, the Temporal UI opened on this host name decodes
workflow inputs, results and summaries for a working day (renewed while you use it).</p>
<form method="post" action="/api/v1/codec/login">
<label>E-mail <input name="username" type="email" required maxlength="320"></label>
<label>Password <input name="password" type="password" required maxlength="128"></label>
<button type="submit">Sign in</button></form></body></html>
"""
SIGNED_IN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>courseflow codec</title></head>
<body><p>Signed in: the Temporal UI on this host decodes payloads for {hours} hours,
renewed while you keep using it.</p>
<form method="post" action="/api/v1/codec/logout"><button type="submit">Sign out</button>
</form></body></html>
"""
SIGNED_OUT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>courseflow codec</title></head>
<body><p>Signed out: the Temporal UI on this host no longer decodes payloads.</p></body></html>
"""
MetadataKey = Annotated[str, StringConstraints(min_length=1, max_length=128)]
HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}


class CodecPayload(BaseModel):
    """One ``temporal.api.common.v1.Payload`` in proto3 JSON (bytes as base64)."""

    model_config = ConfigDict(extra="forbid")

    metadata: dict[MetadataKey, str] = Field(default_factory=dict, max_length=MAX_METADATA_ENTRIES)
    data: str = ""
    externalPayloads: list[dict[str, Any]] | None = Field(  # the wire name
        default=None, max_length=MAX_PAYLOADS
    )


class CodecPayloads(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # proto3 JSON omits an empty repeated field: ``{}`` is a request with no payloads.
    payloads: list[CodecPayload] = Field(default_factory=list, max_length=MAX_PAYLOADS)


def _codec(state: StateDep) -> EncryptionCodec:
    # The codec of the process's own Temporal client: exactly the key ring the workers use.
    codec = state.temporal.data_converter.payload_codec
    if isinstance(codec, EncryptionCodec):
        return codec
    return build_codec(state.settings)


def _bytes(index: int, field: str, value: str) -> bytes:
    """proto3 JSON bytes: standard or URL-safe base64, padding optional; anything else is 422."""
    if not _BASE64.fullmatch(value):
        raise InvalidInput(f"payloads.{index}.{field}: not base64")
    normalised = value.rstrip("=").replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(normalised + "=" * (-len(normalised) % 4), validate=True)
    except binascii.Error:
        raise InvalidInput(f"payloads.{index}.{field}: not base64") from None


def _to_proto(index: int, item: CodecPayload) -> Payload:
    payload = Payload(
        metadata={k: _bytes(index, f"metadata.{k}", v) for k, v in item.metadata.items()},
        data=_bytes(index, "data", item.data),
    )
    if item.externalPayloads:
        try:
            json_format.ParseDict({"externalPayloads": item.externalPayloads}, payload)
        except json_format.ParseError:
            raise InvalidInput(f"payloads.{index}.externalPayloads: malformed") from None
    return payload


def _to_json(payload: Payload) -> CodecPayload:
    return CodecPayload.model_validate(json_format.MessageToDict(payload))


def _https(settings: Settings) -> bool:
    return settings.public_base_url is not None and settings.public_base_url.scheme == "https"


def _set_session_cookie(response: Response, settings: Settings, user: User) -> int:
    token, ttl = issue_codec_session(settings, user.id, user.role.value)
    https = _https(settings)
    response.set_cookie(
        COOKIE,
        token,
        max_age=ttl,
        path=router.prefix,
        httponly=True,
        samesite="none" if https else "strict",
        secure=https,
    )
    return ttl


def _half_spent(claims: TokenClaims) -> bool:
    lifetime = claims.expires_at - claims.issued_at
    return datetime.now(UTC) - claims.issued_at >= lifetime / 2


async def _cookie_admin(
    session: SessionDep, settings: Settings, cookie: str, response: Response
) -> User:
    user, claims = await accounts.user_for_codec_session(session, settings, cookie)
    if user.role is not Role.admin:
        raise Forbidden("decoding workflow payloads is for admins only")
    if _half_spent(claims):
        _set_session_cookie(response, settings, user)
        log.info("codec.session_renewed", user_id=str(user.id))
    return user


async def codec_admin(
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    bearer: Annotated[str | None, Depends(oauth2_scheme)],
    cookie: Annotated[str | None, Cookie(alias=COOKIE, max_length=4096)] = None,
) -> User:
    """An admin, by bearer access token (CLI) or by the codec sign-in cookie (the UI).

    A UI set to "pass access token" sends its own identity provider's token as a bearer
    alongside the cookie; that foreign token must not hide a valid cookie.
    """
    if cookie:
        if bearer:
            try:
                user = await get_current_user(session, settings, bearer)
            except Unauthorized:
                return await _cookie_admin(session, settings, cookie, response)
        else:
            return await _cookie_admin(session, settings, cookie, response)
    else:
        user = await get_current_user(session, settings, bearer)
    if user.role is not Role.admin:
        raise Forbidden("decoding workflow payloads is for admins only")
    return user


CodecAdmin = Annotated[User, Depends(codec_admin)]


@router.get("/login", response_class=HTMLResponse, responses={200: HTML})
async def login_page() -> HTMLResponse:
    """A sign-in form for admins who use the Temporal UI's decoder."""
    return HTMLResponse(LOGIN_PAGE)


@router.post(
    "/login",
    response_class=HTMLResponse,
    responses={200: HTML, **problem_responses(401, 403, 422, 429)},
)
async def login(
    request: Request,
    username: Username,
    password: Password,
    session: SessionDep,
    settings: SettingsDep,
    failures: LoginFailuresDep,
) -> HTMLResponse:
    """Sets the codec cookie for an admin (same throttling as ``/auth/token``)."""
    user = await accounts.authenticate(
        session, settings, failures, client_address(request), username, password,
        commit=session.commit,
    )  # fmt: skip
    if user.role is not Role.admin:
        raise Forbidden("decoding workflow payloads is for admins only")
    hours = round(settings.codec_session_ttl_s / 3600, 1)
    response = HTMLResponse(SIGNED_IN_PAGE.format(hours=f"{hours:g}"))
    ttl = _set_session_cookie(response, settings, user)
    log.info("codec.signed_in", user_id=str(user.id), ttl_s=ttl)
    return response


@router.post("/logout", response_class=HTMLResponse, responses={200: HTML})
async def logout() -> HTMLResponse:
    """Ends the codec sign-in of this browser (the cookie is cleared)."""
    response = HTMLResponse(SIGNED_OUT_PAGE)
    response.delete_cookie(COOKIE, path=router.prefix)
    return response


@router.post(
    "/encode",
    response_model=CodecPayloads,
    response_model_exclude_none=True,
    responses=problem_responses(401, 403, 413, 422),
)
async def encode(body: CodecPayloads, state: StateDep, admin: CodecAdmin) -> CodecPayloads:
    """Encrypt payloads with the active key (for input typed into the UI or CLI)."""
    codec = _codec(state)
    payloads = [codec.seal(_to_proto(i, p)) for i, p in enumerate(body.payloads)]
    log.info("codec.encoded", user_id=str(admin.id), count=len(payloads))
    return CodecPayloads(payloads=[_to_json(p) for p in payloads])


@router.post(
    "/decode",
    response_model=CodecPayloads,
    response_model_exclude_none=True,
    responses=problem_responses(401, 403, 413, 422),
)
async def decode(body: CodecPayloads, state: StateDep, admin: CodecAdmin) -> CodecPayloads:
    """Decrypt payloads sealed by any key in the key ring; unencrypted ones pass through."""
    codec = _codec(state)
    decoded = []
    for index, item in enumerate(body.payloads):
        try:
            decoded.append(codec.open(_to_proto(index, item)))
        except CodecError as exc:
            raise InvalidInput(f"payloads.{index}: {exc}") from None
    log.info("codec.decoded", user_id=str(admin.id), count=len(decoded))
    return CodecPayloads(payloads=[_to_json(p) for p in decoded])
