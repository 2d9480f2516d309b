"""``Account``: a local or remote actor, projected from the accounts service."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema import loaders
from schema.services import accounts as account_service
from schema.types.scalars import HTML, URL

if TYPE_CHECKING:
    from schema.types.relationship import AccountConnection, Relationship


@strawberry.enum(description="What an account may do on this instance.")
class AccountRole(Enum):
    """Closed set of roles (``schema.services.accounts.role``)."""

    ADMIN = strawberry.enum_value("admin", description="Administers the instance.")
    MODERATOR = strawberry.enum_value("moderator", description="Moderates reports and content.")
    MEMBER = strawberry.enum_value("member", description="An ordinary account.")


@strawberry.type(description="An actor on the network: a local user or (later) a remote one.")
class Account(relay.Node):
    """Built from an account row with :meth:`from_row`; never constructed from user input."""

    key: relay.NodeID[str]
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Account:
        """The GraphQL projection of an account row."""
        return cls(key=row.id, row=row)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Account | None]:
        """Resolve global ids through the request's batching account loader (one query).

        Accounts the viewer may not see (deactivated, unapproved) resolve to null.
        """
        ctx = info.context
        rows = await loaders.account_by_id(ctx).load_many(list(node_ids))
        return [
            cls.from_row(row)
            if row is not None and account_service.visible_to(ctx.policy, row, ctx.viewer)
            else None
            for row in rows
        ]

    @strawberry.field(description="The account id used by the REST API (`/api/v1/accounts/:id`).")
    def rest_id(self) -> str:
        return self.row.id

    @strawberry.field(description="The nickname, without any domain.")
    def username(self) -> str:
        return self.row.nickname

    @strawberry.field(
        description="The nickname for local accounts, `nickname@domain` for remote ones."
    )
    def acct(self, info: Info) -> str:
        return account_service.acct(info.context.policy, self.row)

    @strawberry.field(description="The display name (the nickname when none is set).")
    def display_name(self) -> str:
        return self.row.display_name or self.row.nickname

    @strawberry.field(description="The profile text (bio) as sanitised HTML.")
    def note(self) -> HTML:
        return HTML(self.row.bio_html or "")

    @strawberry.field(description="The profile page of the account.")
    def url(self) -> URL:
        return URL(self.row.url)

    @strawberry.field(description="The ActivityPub id of the account.")
    def uri(self) -> URL:
        return URL(self.row.uri)

    @strawberry.field(description="The avatar image (the instance default when none is set).")
    def avatar(self, info: Info) -> URL:
        return URL(account_service.avatar_url(info.context.policy, self.row))

    @strawberry.field(description="The header image (the instance default when none is set).")
    def header(self, info: Info) -> URL:
        return URL(account_service.header_url(info.context.policy, self.row))

    @strawberry.field(description="True when follow requests need the account's approval.")
    def locked(self) -> bool:
        return bool(self.row.locked)

    @strawberry.field(description="True when the account is automated (a Service or Application).")
    def bot(self) -> bool:
        return bool(self.row.bot) or self.row.actor_type in {"Service", "Application"}

    @strawberry.field(description="True for accounts of this instance.")
    def local(self) -> bool:
        return bool(self.row.local)

    @strawberry.field(description="When the account was created.")
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field(description="The account's role on this instance.")
    def role(self) -> AccountRole:
        return AccountRole(account_service.role(self.row))

    @strawberry.field(
        description="How many accounts follow this one (0 when hidden from the viewer)."
    )
    def followers_count(self, info: Info) -> int:
        return account_service.followers_count(info.context.viewer, self.row)

    @strawberry.field(
        description="How many accounts this one follows (0 when hidden from the viewer)."
    )
    def following_count(self, info: Info) -> int:
        return account_service.following_count(info.context.viewer, self.row)

    @strawberry.field(description="How many statuses the account has posted.")
    def statuses_count(self) -> int:
        return int(self.row.statuses_count)

    # Relationship fields (schema.types.relationship).
    @strawberry.field(
        description="How the signed-in account relates to this one (null when anonymous)."
    )
    async def relationship(
        self, info: Info
    ) -> Annotated[Relationship, strawberry.lazy("schema.types.relationship")] | None:
        from schema.types.relationship import viewer_relationship

        return await viewer_relationship(info, self.row.id)

    @strawberry.field(
        description="The accounts following this one, newest follow first (empty when the "
        "account hides them from the viewer). REST: `GET /api/v1/accounts/:id/followers`."
    )
    async def followers(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="How many (default 20, at most 40).")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The `endCursor` of the previous page.")
        ] = None,
    ) -> Annotated[AccountConnection, strawberry.lazy("schema.types.relationship")]:
        from schema.types.relationship import account_list

        return await account_list(info, "followers", self.row.id, first, after)

    @strawberry.field(
        description="The accounts this one follows, newest follow first (empty when the "
        "account hides them from the viewer). REST: `GET /api/v1/accounts/:id/following`."
    )
    async def following(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="How many (default 20, at most 40).")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The `endCursor` of the previous page.")
        ] = None,
    ) -> Annotated[AccountConnection, strawberry.lazy("schema.types.relationship")]:
        from schema.types.relationship import account_list

        return await account_list(info, "following", self.row.id, first, after)
