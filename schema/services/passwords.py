"""Password hashing: argon2id for new hashes; Pleroma's pbkdf2-sha512 hashes still verify.

Pleroma stores ``$pbkdf2-sha512$<iterations>$<ab64 salt>$<ab64 hash>`` (passlib's
"adapted base64": ``.`` instead of ``+``, no padding). Such a hash verifies here and
:func:`needs_rehash` asks the caller to replace it with argon2 after a good login.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash new passwords with ``hasher`` from now on (process-wide).

    For tests, which hash thousands of passwords and use argon2's cheapest parameters;
    hashes made with any parameters still verify, since argon2 hashes carry them.
    """
    global _hasher
    _hasher = hasher


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def _ab64_decode(text: str) -> bytes:
    text = text.replace(".", "+")
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _verify_pbkdf2(password: str, stored: str) -> bool:
    try:
        _, algo, iterations, salt, digest = stored.split("$")
        if algo != "pbkdf2-sha512":
            return False
        expected = _ab64_decode(digest)
        actual = hashlib.pbkdf2_hmac(
            "sha512", password.encode(), _ab64_decode(salt), int(iterations), len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def verify_password(password: str, stored: str | None) -> bool:
    """True when ``password`` matches ``stored`` (argon2 or Pleroma pbkdf2); never raises."""
    if not stored or password is None:
        return False
    if stored.startswith("$pbkdf2-sha512$"):
        return _verify_pbkdf2(password, stored)
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` should be replaced by a fresh argon2 hash."""
    if stored.startswith("$pbkdf2-sha512$"):
        return True
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def pbkdf2_hash(password: str, salt: bytes, iterations: int = 160000) -> str:
    """A Pleroma-format pbkdf2-sha512 hash (for importing and for tests of the import)."""
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, iterations, 64)

    def ab64(raw: bytes) -> str:
        return base64.b64encode(raw).decode().rstrip("=").replace("+", ".")

    return f"$pbkdf2-sha512${iterations}${ab64(salt)}${ab64(digest)}"
