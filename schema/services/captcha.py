"""Captcha: make a challenge, check an answer at registration (Pleroma's native provider).

The server never keeps the answer. ``answer_data`` carries it, sealed for the client to
echo back: ``{"at": <unix seconds>, "answer": <text>}`` encrypted with a keystream and
authenticated with HMAC-SHA256 (encrypt-then-MAC), both keys derived from the instance
secret key and the captcha token, so a blob only opens with the token it was made for.

A token can be redeemed once: every attempt that gets past the seal (right answer or
wrong) is recorded in ``UsedCaptcha`` until it would have expired anyway, so an answer
cannot be guessed by retrying the same challenge.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import logging
import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from tortoise.exceptions import IntegrityError

from models.registration import UsedCaptcha

log = logging.getLogger("plenum.captcha")

#: Characters of a native answer: no look-alikes (0/O, 1/I/l).
ANSWER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ANSWER_LENGTH = 5

_NONCE = 16
_TAG = 32

MISSING = "Invalid CAPTCHA (Missing parameter: {name})"
INVALID_ANSWER_DATA = "Invalid answer data"
EXPIRED = "CAPTCHA expired"
ALREADY_USED = "CAPTCHA already used"
INVALID = "Invalid CAPTCHA"


class CaptchaError(Exception):
    """A captcha answer was refused; ``str(exc)`` is Pleroma's message."""


def _keys(secret: str, token: str) -> tuple[bytes, bytes]:
    base = secret.encode()
    enc = hmac.new(base, (token + "_encrypt").encode(), hashlib.sha256).digest()
    sign = hmac.new(base, (token + "_sign").encode(), hashlib.sha256).digest()
    return enc, sign


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < length:
        out += hmac.new(key, nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return bytes(out[:length])


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal(secret: str, token: str, payload: dict[str, Any]) -> str:
    """Encrypt and sign ``payload`` for ``token``; the result is URL-safe text."""
    enc, sign = _keys(secret, token)
    plain = orjson.dumps(payload)
    nonce = secrets.token_bytes(_NONCE)
    cipher = bytes(a ^ b for a, b in zip(plain, _keystream(enc, nonce, len(plain)), strict=True))
    tag = hmac.new(sign, nonce + cipher, hashlib.sha256).digest()
    return _b64e(nonce + cipher + tag)


def unseal(secret: str, token: str, sealed: str) -> dict[str, Any] | None:
    """The payload sealed by :func:`seal` for ``token``, or ``None`` if it does not check out."""
    try:
        raw = _b64d(sealed)
    except (ValueError, TypeError):
        return None
    if len(raw) < _NONCE + _TAG + 1:
        return None
    nonce, cipher, tag = raw[:_NONCE], raw[_NONCE:-_TAG], raw[-_TAG:]
    enc, sign = _keys(secret, token)
    if not hmac.compare_digest(tag, hmac.new(sign, nonce + cipher, hashlib.sha256).digest()):
        return None
    plain = bytes(a ^ b for a, b in zip(cipher, _keystream(enc, nonce, len(cipher)), strict=True))
    try:
        payload = orjson.loads(plain)
    except orjson.JSONDecodeError:
        return None
    return payload if isinstance(payload, dict) else None


def _render_png(answer: str) -> bytes:
    from captcha.image import ImageCaptcha

    buffer = io.BytesIO()
    ImageCaptcha(width=200, height=80).write(answer, buffer, format="png")
    return buffer.getvalue()


async def new_captcha(ctx: Any) -> dict[str, Any]:
    """A fresh challenge: ``{"type": "none"}`` when disabled, else the native provider's object.

    Native: ``{"type": "native", "token", "url" (a PNG data URL), "answer_data",
    "seconds_valid"}``. Nothing is stored; drawing runs in a worker thread. If drawing
    fails the answer is Pleroma's ``{"error": "captcha_error"}`` (still a 200).
    """
    policy = ctx.policy
    if not policy.captcha_enabled:
        return {"type": "none"}
    answer = "".join(secrets.choice(ANSWER_ALPHABET) for _ in range(ANSWER_LENGTH))
    token = _b64e(secrets.token_bytes(10))
    try:
        png = await asyncio.to_thread(_render_png, answer)
    except (OSError, ValueError) as exc:
        log.warning("captcha image generation failed: %s", exc)
        return {"error": "captcha_error"}
    answer_data = seal(policy.secret_key, token, {"at": int(time.time()), "answer": answer})
    return {
        "type": "native",
        "token": token,
        "url": "data:image/png;base64," + base64.b64encode(png).decode(),
        "answer_data": answer_data,
        "seconds_valid": policy.captcha_seconds_valid,
    }


async def validate(ctx: Any, token: Any, solution: Any, answer_data: Any) -> None:
    """Check a captcha answer; return ``None`` when it is right, else raise :class:`CaptchaError`.

    Checks, in Pleroma's order: all three values present as strings, the seal opens,
    not expired, not used before, the answer matches (ignoring case and surrounding
    spaces, since the image shows capitals). Any attempt past the
    expiry check burns the token.
    """
    for name, value in (
        ("captcha_solution", solution),
        ("captcha_token", token),
        ("captcha_answer_data", answer_data),
    ):
        if not isinstance(value, str) or value == "":
            raise CaptchaError(MISSING.format(name=name))
    policy = ctx.policy
    payload = unseal(policy.secret_key, token, answer_data)
    if payload is None or not isinstance(payload.get("at"), int):
        raise CaptchaError(INVALID_ANSWER_DATA)
    if not isinstance(payload.get("answer"), str):
        raise CaptchaError(INVALID_ANSWER_DATA)
    now = datetime.now(UTC)
    made = datetime.fromtimestamp(payload["at"], UTC)
    expires = made + timedelta(seconds=policy.captcha_seconds_valid)
    if expires < now:
        raise CaptchaError(EXPIRED)
    await UsedCaptcha.filter(expires_at__lt=now).delete()
    try:
        await UsedCaptcha.create(token=token[:64], expires_at=expires)
    except IntegrityError:
        raise CaptchaError(ALREADY_USED) from None
    given = solution.strip().upper().encode()
    if not hmac.compare_digest(given, payload["answer"].upper().encode()):
        raise CaptchaError(INVALID)
