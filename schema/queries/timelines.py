"""Timeline reads: home, public, hashtag, an account's statuses, favourites, bookmarks."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.errors import BAD_REQUEST, DomainError
from schema.services import timelines
from schema.services.timelines import TagFilter
from schema.types.timeline import StatusConnection, connection, page_request

FirstArg = Annotated[
    int | None, strawberry.argument(description="Page size (default 20, at most 40).")
]
AfterArg = Annotated[
    str | None, strawberry.argument(description="The `endCursor` of the previous page.")
]
LocalArg = Annotated[
    bool, strawberry.argument(description="Only statuses posted on this instance.")
]
OnlyMediaArg = Annotated[
    bool, strawberry.argument(description="Only statuses with media attachments.")
]
AccountIdArg = Annotated[
    strawberry.ID | None, strawberry.argument(description="The account's global id.")
]
AccountRestIdArg = Annotated[
    str | None, strawberry.argument(description="The account's REST id, or its acct.")
]


def _account_ref(id: str | None, rest_id: str | None) -> str:
    if (id is None) == (rest_id is None):
        raise DomainError(BAD_REQUEST, "Give exactly one of accountId and accountRestId.")
    if rest_id is not None:
        return rest_id
    try:
        gid = relay.GlobalID.from_id(id)
    except Exception:
        raise DomainError(BAD_REQUEST, "Invalid account id.") from None
    return gid.node_id


def _by_id(rows) -> list[tuple[str, object]]:
    return [(row.id, row) for row in rows]


@strawberry.type
class TimelineQueries:
    """The same selections as the REST timelines, as keyset connections."""

    @strawberry.field(
        description="The viewer's own statuses, those of accounts they follow and those "
        "addressed to them (REST: `GET /api/v1/timelines/home`). Needs `read:statuses`."
    )
    async def home_timeline(
        self, info: Info, first: FirstArg = None, after: AfterArg = None, local: LocalArg = False
    ) -> StatusConnection:
        ctx = info.context
        rows = await timelines.home(ctx, page_request(first, after), local=local)
        return await connection(ctx, _by_id(rows), first)

    @strawberry.field(
        description="Public statuses, reblogs left out (REST: `GET /api/v1/timelines/public`)."
    )
    async def public_timeline(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        local: LocalArg = False,
        remote: Annotated[
            bool, strawberry.argument(description="Only statuses from other instances.")
        ] = False,
        only_media: OnlyMediaArg = False,
    ) -> StatusConnection:
        ctx = info.context
        rows = await timelines.public(
            ctx, page_request(first, after), local=local, remote=remote, only_media=only_media
        )
        return await connection(ctx, _by_id(rows), first)

    @strawberry.field(
        description="Public statuses with a hashtag (REST: `GET /api/v1/timelines/tag/:tag`)."
    )
    async def tag_timeline(
        self,
        info: Info,
        tag: Annotated[str, strawberry.argument(description="The hashtag, with or without `#`.")],
        any: Annotated[
            list[str] | None,
            strawberry.argument(description="Also statuses with any of these hashtags."),
        ] = None,
        all: Annotated[
            list[str] | None, strawberry.argument(description="Only statuses with all of these.")
        ] = None,
        none: Annotated[
            list[str] | None, strawberry.argument(description="No statuses with any of these.")
        ] = None,
        first: FirstArg = None,
        after: AfterArg = None,
        local: LocalArg = False,
        only_media: OnlyMediaArg = False,
    ) -> StatusConnection:
        ctx = info.context
        tags = TagFilter(tag=tag, any=any or [], all=all or [], none=none or [])
        rows = await timelines.tag(
            ctx, page_request(first, after), tags, local=local, only_media=only_media
        )
        return await connection(ctx, _by_id(rows), first)

    @strawberry.field(
        description="An account's statuses the viewer may see "
        "(REST: `GET /api/v1/accounts/:id/statuses`)."
    )
    async def account_statuses(
        self,
        info: Info,
        account_id: AccountIdArg = None,
        account_rest_id: AccountRestIdArg = None,
        first: FirstArg = None,
        after: AfterArg = None,
        pinned: Annotated[bool, strawberry.argument(description="Only pinned statuses.")] = False,
        exclude_replies: Annotated[
            bool, strawberry.argument(description="Leave out replies to others.")
        ] = False,
        exclude_reblogs: Annotated[
            bool, strawberry.argument(description="Leave out reblogs.")
        ] = False,
        only_media: OnlyMediaArg = False,
        tagged: Annotated[
            str | None, strawberry.argument(description="Only statuses with this hashtag.")
        ] = None,
    ) -> StatusConnection:
        ctx = info.context
        rows = await timelines.account_statuses(
            ctx,
            _account_ref(account_id, account_rest_id),
            page_request(first, after),
            pinned=pinned,
            exclude_replies=exclude_replies,
            exclude_reblogs=exclude_reblogs,
            only_media=only_media,
            tagged=tagged,
        )
        return await connection(ctx, _by_id(rows), first)

    @strawberry.field(
        description="The viewer's favourites, newest favourite first "
        "(REST: `GET /api/v1/favourites`). Needs `read:favourites`."
    )
    async def favourites(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> StatusConnection:
        ctx = info.context
        acts = await timelines.favourites(ctx, page_request(first, after))
        return await connection(ctx, acts, first)

    @strawberry.field(
        description="The viewer's bookmarks, newest bookmark first "
        "(REST: `GET /api/v1/bookmarks`). Needs `read:bookmarks`."
    )
    async def bookmarks(
        self, info: Info, first: FirstArg = None, after: AfterArg = None
    ) -> StatusConnection:
        ctx = info.context
        acts = await timelines.bookmarks(ctx, page_request(first, after))
        return await connection(ctx, acts, first)

    @strawberry.field(
        description="Another account's favourites when it shows them "
        "(REST: `GET /api/v1/pleroma/accounts/:id/favourites`)."
    )
    async def account_favourites(
        self,
        info: Info,
        account_id: AccountIdArg = None,
        account_rest_id: AccountRestIdArg = None,
        first: FirstArg = None,
        after: AfterArg = None,
    ) -> StatusConnection:
        ctx = info.context
        acts = await timelines.account_favourites(
            ctx, _account_ref(account_id, account_rest_id), page_request(first, after)
        )
        return await connection(ctx, acts, first)
