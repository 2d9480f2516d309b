"""Time-ordered, opaque string ids.

An id is 18 characters of base62 (``0-9A-Za-z``, which sorts the same as ASCII) encoding
48 bits of milliseconds since the Unix epoch, then 16 bits of a per-process sequence and
40 random bits. Ids made later sort later, so "newest first" is a keyset scan on the
primary key and ``max_id``/``since_id`` compare strings.
"""

import secrets
import threading
import time

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
ID_LENGTH = 18

_lock = threading.Lock()
_last_ms = 0
_seq = 0


def _encode(number: int) -> str:
    chars = []
    for _ in range(ID_LENGTH):
        number, rem = divmod(number, 62)
        chars.append(ALPHABET[rem])
    return "".join(reversed(chars))


def new_id(at_ms: int | None = None) -> str:
    """Return a fresh id; ids from one process are strictly increasing.

    ``at_ms`` backdates the id (bulk seeding); such ids still get a random tail.
    """
    global _last_ms, _seq
    if at_ms is not None:
        return _encode((at_ms << 56) | secrets.randbits(56))
    with _lock:
        now = int(time.time() * 1000)
        if now <= _last_ms:
            now = _last_ms
            _seq = (_seq + 1) & 0xFFFF
            if _seq == 0:
                now += 1
        else:
            _seq = 0
        _last_ms = now
        return _encode((now << 56) | (_seq << 40) | secrets.randbits(40))


def id_at(at_ms: int, tail: int) -> str:
    """The id made at ``at_ms`` with the 56-bit ``tail`` (deterministic seeding).

    Raises ``ValueError`` when ``tail`` does not fit in 56 bits.
    """
    if not 0 <= tail < (1 << 56):
        raise ValueError("tail must fit in 56 bits")
    return _encode((at_ms << 56) | tail)


def id_floor(at_ms: int) -> str:
    """The smallest id that can be made at ``at_ms`` (for time-bounded keyset scans)."""
    return _encode(at_ms << 56)


def looks_like_id(value: str) -> bool:
    """True when ``value`` has the shape of an id made by :func:`new_id`."""
    return len(value) == ID_LENGTH and all(c in ALPHABET for c in value)
