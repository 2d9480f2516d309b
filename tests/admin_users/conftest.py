"""Fixtures of the admin user API tests: the admin world (``aw``), the real SMTP server
of the mail tests, and a caller for answers without a JSON body (204)."""

from __future__ import annotations

from typing import Any

from models.accounts import Account
from schema.services import moderation_log
from tests.accounts.conftest import smtp_server  # noqa: F401  (fixtures)
from tests.admin.world import aw  # noqa: F401  (fixture re-export)

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
