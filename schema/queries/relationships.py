"""Reads about relationships: the viewer's relationships, lists, and account search."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema import loaders
from schema.services import relationships as service
from schema.types.account import Account
from schema.types.relationship import AccountConnection, Relationship, account_list

FirstArg = Annotated[
    int | None, strawberry.argument(description="How many (default 20, at most 40).")
]
AfterArg = Annotated[
    str | None, strawberry.argument(description="The `endCursor` of the previous page.")
]


@strawberry.type
class RelationshipQueries:
    """Relationship reads (the same services as the REST endpoints)."""

    @strawberry.field(
        description="The signed-in account's relationship with each account, in order "
        "(REST: `GET /api/v1/accounts/relationships`). Needs an account."
    )
    async def relationships(
        self,
        info: Info,
        rest_ids: Annotated[
            list[str], strawberry.argument(description="REST ids of the accounts (max 100).")
        ],
    ) -> list[Relationship]:
        rows = await service.relationships(info.context, rest_ids[:100])
        return [Relationship(row=row) for row in rows]

    @strawberry.field(
        description="Local accounts whose nickname or display name starts with `query`, "
        "case-insensitive, or the local account `query` is the URL of; none the viewer "
        "blocks (REST: `GET /api/v1/accounts/search`)."
    )
    async def account_search(
        self,
        info: Info,
        query: Annotated[str, strawberry.argument(description="The prefix to look for.")],
        limit: Annotated[
            int | None, strawberry.argument(description="How many (default 40, at most 40).")
        ] = None,
        following: Annotated[
            bool, strawberry.argument(description="Only accounts the viewer follows.")
        ] = False,
    ) -> list[Account]:
        ctx = info.context
        rows = await service.search_accounts(
            ctx, query, limit=limit or service.SEARCH_DEFAULT_LIMIT, following_only=following
        )
        for row in rows:
            loaders.account_by_id(ctx).prime(row.id, row)
        return [Account.from_row(row) for row in rows]

    @strawberry.field(
        description="The accounts the viewer blocks, newest block first "
        "(REST: `GET /api/v1/blocks`). Needs `read:blocks`."
    )
    async def viewer_blocks(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> AccountConnection:
        return await account_list(info, "blocks", None, first, after)

    @strawberry.field(
        description="The accounts the viewer mutes, newest mute first "
        "(REST: `GET /api/v1/mutes`). Needs `read:mutes`."
    )
    async def viewer_mutes(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> AccountConnection:
        return await account_list(info, "mutes", None, first, after)

    @strawberry.field(
        description="Accounts waiting for the viewer to accept their follow request "
        "(REST: `GET /api/v1/follow_requests`). Needs `read:follows`."
    )
    async def viewer_follow_requests(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> AccountConnection:
        return await account_list(info, "follow_requests", None, first, after)
