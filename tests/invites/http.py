"""HTTP helpers for admin routes that answer 204."""

from __future__ import annotations

from typing import Any


async def no_content(aw: Any, method: str, path: str, who: str | None = None, **kw: Any) -> None:
    """Send a request as ``who`` and assert 204 with an empty body (showing the body
    otherwise)."""
    headers = {**aw.headers(who), **kw.pop("headers", {})}
    response = await aw.client.request(method, path, headers=headers, **kw)
    body = await response.read()
    assert (response.status, body) == (204, b""), (response.status, body)
