"""``Invite``: an invite token that lets someone register while registrations are closed
(REST: Pleroma's admin InviteView). Only admins read invites."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.errors import DomainError
from schema.services import invites as invite_service


@strawberry.enum(description="What limits an invite (REST `invite_type`).")
class InviteType(Enum):
    """Pleroma's four kinds, decided by what was given when the invite was made."""

    ONE_TIME = strawberry.enum_value(
        invite_service.ONE_TIME, description="Good for one registration."
    )
    REUSABLE = strawberry.enum_value(
        invite_service.REUSABLE, description="Good for up to `maxUse` registrations."
    )
    DATE_LIMITED = strawberry.enum_value(
        invite_service.DATE_LIMITED,
        description="Good for any number of registrations until `expiresAt` (inclusive).",
    )
    REUSABLE_DATE_LIMITED = strawberry.enum_value(
        invite_service.REUSABLE_DATE_LIMITED,
        description="Good for up to `maxUse` registrations until `expiresAt` (inclusive).",
    )


@strawberry.type(description="An invite token made by an admin (admins only).")
class Invite(relay.Node):
    """Built from an invite row."""

    key: relay.NodeID[str]
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Invite:
        """The projection of an invite row."""
        return cls(key=row.id, row=row)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Invite | None]:
        """Invites resolve by global id for admins with `admin:read:invites` only."""
        ids = list(node_ids)
        try:
            found = await invite_service.find_invites(info.context, ids)
        except DomainError:
            found = {}
        return [cls.from_row(found[i]) if i in found else None for i in ids]

    @strawberry.field(description="The invite's id in the REST API (`id`).")
    def rest_id(self) -> str:
        return self.row.id

    @strawberry.field(
        description="The token a newcomer registers with (REST `token` of registration)."
    )
    def token(self) -> str:
        return self.row.token

    @strawberry.field(
        description="True once the invite can no longer be used: revoked, or every use spent."
    )
    def used(self) -> bool:
        return bool(self.row.used)

    @strawberry.field(description="How many accounts registered with it.")
    def uses(self) -> int:
        return self.row.uses

    @strawberry.field(description="How many registrations it allows; null for no limit.")
    def max_use(self) -> int | None:
        return self.row.max_use

    @strawberry.field(
        description="The last day it is valid, `YYYY-MM-DD` (UTC); null when it does not "
        "expire."
    )
    def expires_at(self) -> str | None:
        return self.row.expires_at.isoformat() if self.row.expires_at else None

    @strawberry.field(description="What limits it.")
    def invite_type(self) -> InviteType:
        return InviteType(invite_service.invite_type(self.row))
