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
  ``/api/v1/codec`` and valid for ``access_token_ttl_s``, then enables "Include
  cross-origin credentials" in the UI's codec-server settings. CORS for the UI origins (with
  credentials) is set up in ``api.middleware``. Over plain http (``courseflow dev``) the
  cookie is SameSite=Strict, so sign in on the host name the UI is opened with (127.0.0.1
  or localhost); over https it is SameSite=None; Secure so a UI on another site (Temporal
  Cloud) can send it. Either way another site gains nothing: a JSON body needs a CORS
  preflight only the configured UI origins pass (a "simple" text/plain or form POST is 422),
  and no other origin may read a response.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Depends, Request
from fastapi.responses import HTMLResponse
from google.protobuf import json_format
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from temporalio.api.common.v1 import Payload

from api.deps import SessionDep, SettingsDep, StateDep, get_current_user, oauth2_scheme
from api.errors import problem_responses
from api.routers.accounts import Password, Username, authenticate
from core.codec import CodecError, EncryptionCodec, build_codec
from core.logging import get_logger
from core.security import issue_access_token
from db.models import User
from schemas.enums import Role
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
<p>Admins only. After signing in, enable "Include cross-origin credentials" in the
Temporal UI's codec-server settings.</p>
<form method="post" action="/api/v1/codec/login">
<label>E-mail <input name="username" type="email" required maxlength="320"></label>
<label>Password <input name="password" type="password" required maxlength="128"></label>
<button type="submit">Sign in</button></form></body></html>
"""
SIGNED_IN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>courseflow codec</title></head>
<body><p>Signed in: the Temporal UI on this host can decode payloads until the session
expires.</p></body></html>
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

    payloads: list[CodecPayload] = Field(max_length=MAX_PAYLOADS)


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


async def codec_admin(
    session: SessionDep,
    settings: SettingsDep,
    bearer: Annotated[str | None, Depends(oauth2_scheme)],
    cookie: Annotated[str | None, Cookie(alias=COOKIE, max_length=4096)] = None,
) -> User:
    """An admin, by bearer token (CLI) or by the codec sign-in cookie (the Temporal UI).

    A UI set to "pass access token" sends its own identity provider's token as a bearer
    alongside the cookie; that foreign token must not hide a valid cookie.
    """
    if bearer and cookie:
        try:
            user = await get_current_user(session, settings, bearer)
        except Unauthorized:
            user = await get_current_user(session, settings, cookie)
    else:
        user = await get_current_user(session, settings, bearer or cookie)
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
) -> HTMLResponse:
    """Sets the codec cookie for an admin (same throttling as ``/auth/token``)."""
    user = await authenticate(request, session, settings, username, password)
    if user.role is not Role.admin:
        raise Forbidden("decoding workflow payloads is for admins only")
    token, ttl = issue_access_token(settings, user.id, user.role.value)
    response = HTMLResponse(SIGNED_IN_PAGE)
    https = settings.public_base_url is not None and settings.public_base_url.scheme == "https"
    response.set_cookie(
        COOKIE,
        token,
        max_age=ttl,
        path=router.prefix,
        httponly=True,
        samesite="none" if https else "strict",
        secure=https,
    )
    log.info("codec.signed_in", user_id=str(user.id))
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
