"""Helpers of the admin user API tests: paths, a caller for answers without a JSON body
(204), the moderation log's sentences, remote accounts."""

from __future__ import annotations

from typing import Any

from models.accounts import Account
from schema.services import moderation_log

API = "/api/pleroma/admin"
V1 = "/api/v1/pleroma/admin"


async def status_of(aw: Any, method: str, path: str, who: str | None = None, **kw: Any) -> int:
    """Send a request as ``who`` and return only its status (for 204 answers)."""
    response = await aw.client.request(method, path, headers=aw.headers(who), **kw)
    await response.read()
    return response.status


async def log_messages() -> list[str]:
    """The moderation log's sentences, oldest first."""
    page = await moderation_log.entries(page_size=500)
    return [e.message for e in reversed(page.entries)]


async def remote_account(nickname: str, domain: str, **fields: Any) -> Any:
    """A remote account row (federation makes these; the tests write them directly)."""
    return await Account.create(
        nickname=nickname,
        domain=domain,
        local=False,
        uri=f"https://{domain}/users/{nickname}",
        url=f"https://{domain}/@{nickname}",
        **fields,
    )
