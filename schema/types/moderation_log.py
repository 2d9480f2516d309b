"""``ModerationLogEntry``: one admin action as the moderation log keeps it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from schema import loaders
from schema.types.account import Account


@strawberry.type(description="One action taken through the admin API.")
class ModerationLogEntry:
    """Built from a stored entry; the same fields REST's moderation log shows."""

    row: strawberry.Private[Any]

    @strawberry.field(description="The entry id used by the REST API.")
    def rest_id(self) -> str:
        return self.row.id

    @strawberry.field(description="Pleroma's action name (`status_update`, `tag`, ...).")
    def action(self) -> str:
        return self.row.action

    @strawberry.field(description="The sentence admins read, e.g. `@root deleted status #…`.")
    def message(self) -> str:
        return self.row.message

    @strawberry.field(description="When it happened.")
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field(description="When it happened, in Unix seconds (REST `time`).")
    def time(self) -> int:
        return int(self.row.created_at.timestamp())

    @strawberry.field(
        description="Pleroma's data map as stored: `actor`, `action`, the subjects and the "
        "action's own keys (REST `data`)."
    )
    def data(self) -> JSON:
        return self.row.data

    @strawberry.field(
        description="The nickname of the admin who acted (`admin_token` for the configured "
        "admin token)."
    )
    def actor_nickname(self) -> str:
        return self.row.actor_nickname

    @strawberry.field(
        description="The admin who acted; null for the admin token or once the account is gone."
    )
    async def actor(self, info: Info) -> Account | None:
        if self.row.actor_id is None:
            return None
        row = await loaders.account_by_id(info.context).load(self.row.actor_id)
        return Account.from_row(row) if row is not None else None


@strawberry.type(description="One page of the moderation log, newest first.")
class ModerationLogPage:
    """REST's ``{"items", "total"}``."""

    items: list[ModerationLogEntry] = strawberry.field(description="This page's entries.")
    total: int = strawberry.field(description="How many entries match the filters in all.")
