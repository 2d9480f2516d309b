"""Tokens for the emoji pack management tests: an admin with ``admin:write`` and the ones
that must be refused (a non-admin, an admin whose token lacks the admin scope)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schema.context import RequestContext
from schema.services import accounts, apps, tokens


@dataclass
class Tokens:
    """``headers(who)`` for ``admin``, ``admin_no_scope``, ``user`` or ``None``."""

    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, who: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}


async def issue_tokens(policy: Any) -> Tokens:
    root = await accounts.create_local_account(
        policy, nickname="root", email="root@example.org", password="root-password-1",
        is_admin=True,
    )
    user = await accounts.create_local_account(
        policy, nickname="alice", email="alice@example.org", password="alice-password-1"
    )
    app = await apps.create_app(
        RequestContext(policy=policy),
        client_name="Emoji Admin",
        redirect_uris="urn:ietf:wg:oauth:2.0:oob",
        scopes="read write admin",
        website="https://tests.example",
    )
    out = Tokens()
    out.tokens["admin"] = (await tokens.issue_token(root, app, ["read", "admin"])).access_token
    out.tokens["admin_no_scope"] = (
        await tokens.issue_token(root, app, ["read", "write"])
    ).access_token
    out.tokens["user"] = (
        await tokens.issue_token(user, app, ["read", "write", "admin"])
    ).access_token
    return out
