"""AES-256-GCM payload codec: no workflow or activity payload reaches Temporal in plaintext.

Every payload is serialised whole (metadata and data) and sealed with the *active* key; the
key ID travels in the outer payload's metadata so keys can rotate: decoding accepts any key
in the key ring, encoding always uses the active one. The key ID is also the GCM associated
data, so a payload relabelled with another key ID fails authentication.

Where the keys come from (``codec_keyring``):

- ``COURSEFLOW_CODEC_KEYS`` (JSON ``{"key-id": "<base64 of 32 bytes>"}``) and
  ``COURSEFLOW_CODEC_ACTIVE_KEY_ID`` (optional when there is exactly one key). Required in
  production: a production process refuses to start without them.
- ``environment=test`` without keys: one fixed key derived from a constant label, so every
  client, worker and test fixture agrees whatever its ``data_dir``. It protects nothing and
  is never used outside tests.
- ``environment=development`` without keys: a random key generated once and kept in
  ``<data_dir>/codec-key.json`` (mode 0600), shared by the API and worker started by
  ``courseflow dev``. Deleting that file makes existing histories unreadable.

Rotating a key: add the new key to ``COURSEFLOW_CODEC_KEYS`` next to the old one and point
``COURSEFLOW_CODEC_ACTIVE_KEY_ID`` at it, then restart workers and API (new payloads use the
new key, open histories still decode with the old one). Drop the old key only after every
history sealed with it is past the namespace's retention period.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

from core.settings import Settings

ENCODING = b"binary/encrypted"
KEY_ID_FIELD = "encryption-key-id"
KEY_BYTES = 32
NONCE_BYTES = 12
TEST_KEY_ID = "test"
DEV_KEY_FILE = "codec-key.json"
_TEST_KEY_LABEL = b"courseflow test payload key (not secret, tests only)"


class CodecError(Exception):
    """A payload cannot be decrypted: unknown key ID, malformed or tampered ciphertext."""


class CodecConfigError(ValueError):
    """The configured keys are unusable (wrong length, not base64, no active key)."""


@dataclass(frozen=True)
class KeyRing:
    keys: Mapping[str, bytes]
    active_key_id: str

    def __post_init__(self) -> None:
        if self.active_key_id not in self.keys:
            raise CodecConfigError(f"active codec key {self.active_key_id!r} is not configured")
        for key_id, key in self.keys.items():
            if len(key) != KEY_BYTES:
                raise CodecConfigError(f"codec key {key_id!r} must be {KEY_BYTES} bytes")


class EncryptionCodec(PayloadCodec):
    """Seals payloads with the active key; opens them with whichever key sealed them."""

    def __init__(self, keyring: KeyRing) -> None:
        self._active_id = keyring.active_key_id
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keyring.keys.items()}

    @property
    def active_key_id(self) -> str:
        return self._active_id

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.seal(p) for p in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.open(p) for p in payloads]

    def seal(self, payload: Payload) -> Payload:
        key_id = self._active_id
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._ciphers[key_id].encrypt(nonce, payload.SerializeToString(), key_id.encode())
        return Payload(
            metadata={"encoding": ENCODING, KEY_ID_FIELD: key_id.encode()},
            data=nonce + sealed,
        )

    def open(self, payload: Payload) -> Payload:
        # Payloads written before encryption was switched on pass through unchanged.
        if payload.metadata.get("encoding") != ENCODING:
            return payload
        key_id = payload.metadata.get(KEY_ID_FIELD, b"").decode(errors="replace")
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise CodecError(f"payload sealed with unknown key id {key_id!r}")
        nonce, sealed = payload.data[:NONCE_BYTES], payload.data[NONCE_BYTES:]
        try:
            plain = cipher.decrypt(nonce, sealed, key_id.encode())
        except (InvalidTag, ValueError):
            raise CodecError("payload failed authentication (tampered or corrupt)") from None
        return Payload.FromString(plain)


def _decode_key(key_id: str, value: str) -> bytes:
    try:
        key = base64.b64decode(value, validate=True)
    except ValueError:
        raise CodecConfigError(f"codec key {key_id!r} is not valid base64") from None
    if len(key) != KEY_BYTES:
        raise CodecConfigError(f"codec key {key_id!r} must decode to {KEY_BYTES} bytes")
    return key


def _configured_keyring(settings: Settings) -> KeyRing:
    keys = {
        key_id: _decode_key(key_id, secret.get_secret_value())
        for key_id, secret in settings.codec_keys.items()
    }
    active = settings.codec_active_key_id
    if active is None:
        if len(keys) != 1:
            raise CodecConfigError(
                "COURSEFLOW_CODEC_ACTIVE_KEY_ID is required when several codec keys are set"
            )
        active = next(iter(keys))
    return KeyRing(keys=keys, active_key_id=active)


def fixed_test_keyring() -> KeyRing:
    """The fixed, public key of ``environment=test`` (never used anywhere else)."""
    return KeyRing(keys={TEST_KEY_ID: hashlib.sha256(_TEST_KEY_LABEL).digest()},
                   active_key_id=TEST_KEY_ID)  # fmt: skip


def development_keyring(data_dir: Path) -> KeyRing:
    """A random key created once under ``data_dir``; racing processes end up with one key."""
    path = data_dir / DEV_KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key = AESGCM.generate_key(bit_length=256)
        key_id = "dev-" + hashlib.sha256(key).hexdigest()[:8]
        tmp = data_dir / f".{DEV_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        tmp.write_text(json.dumps({"key_id": key_id, "key": base64.b64encode(key).decode()}))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # atomic: exactly one racing process wins
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    stored = json.loads(path.read_text())
    key_id = str(stored["key_id"])
    return KeyRing(keys={key_id: _decode_key(key_id, stored["key"])}, active_key_id=key_id)


def codec_keyring(settings: Settings) -> KeyRing:
    if settings.codec_keys:
        return _configured_keyring(settings)
    if settings.environment == "test":
        return fixed_test_keyring()
    if settings.environment == "development":
        return development_keyring(settings.data_dir)
    raise CodecConfigError(
        "COURSEFLOW_CODEC_KEYS is required in production: Temporal payloads are always encrypted"
    )


def build_codec(settings: Settings) -> EncryptionCodec:
    return EncryptionCodec(codec_keyring(settings))
