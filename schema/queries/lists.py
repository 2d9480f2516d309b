"""List reads: the viewer's lists, one list, its members, its timeline, the lists that
hold an account. Someone else's list looks missing (null, or ``List not found``)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema import loaders
from schema.queries.conversations import account_rest_id
from schema.queries.notifications import rest_id_of
from schema.queries.timelines import AfterArg, FirstArg
from schema.services import lists as list_service
from schema.types.list import List
from schema.types.relationship import AccountConnection
from schema.types.relationship import connection as account_connection
from schema.types.relationship import page_request as account_page_request
from schema.types.status import Visibility
from schema.types.timeline import StatusConnection, connection, page_request

ListIdArg = Annotated[
    strawberry.ID,
    strawberry.argument(description="The list's global id (its REST id is accepted too)."),
]


def list_rest_id(value: str) -> str:
    """The REST id named by a global ``List`` id, or ``value`` itself (a REST id)."""
    return rest_id_of(value, "List")


@strawberry.type
class ListQueries:
    """The same reads as the REST list endpoints."""

    @strawberry.field(
        description="The viewer's lists, newest first, at most 50 "
        "(REST: `GET /api/v1/lists`). Needs `read:lists`."
    )
    async def lists(self, info: Info) -> list[List]:
        return [List.from_row(row) for row in await list_service.viewer_lists(info.context)]

    @strawberry.field(
        description="One of the viewer's lists; null when unknown or someone else's "
        "(REST: `GET /api/v1/lists/:id`). Needs `read:lists`."
    )
    async def list(self, info: Info, id: ListIdArg) -> List | None:
        rest_id = list_rest_id(str(id))
        found = await list_service.find_lists(info.context, [rest_id])
        return List.from_row(found[rest_id]) if rest_id in found else None

    @strawberry.field(
        description="The members of one of the viewer's lists, most recently added first; "
        "the cursor is the membership (REST: `GET /api/v1/lists/:id/accounts`). Needs "
        "`read:lists`; `List not found` for anyone else's list."
    )
    async def list_accounts(
        self, info: Info, id: ListIdArg, first: FirstArg = None, after: AfterArg = None
    ) -> AccountConnection:
        ctx = info.context
        page = await list_service.list_accounts(
            ctx, list_rest_id(str(id)), account_page_request(first, after)
        )
        for _, row in page.items:
            loaders.account_by_id(ctx).prime(row.id, row)
        return account_connection(page, first)

    @strawberry.field(
        description="The statuses of a list's members that the viewer may see, newest "
        "first, reblogs and direct statuses left out "
        "(REST: `GET /api/v1/timelines/list/:list_id`). Needs `read:lists`; a list that is "
        "not the viewer's is refused with Pleroma's `Error.` (code FORBIDDEN)."
    )
    async def list_timeline(
        self,
        info: Info,
        id: ListIdArg,
        first: FirstArg = None,
        after: AfterArg = None,
        with_muted: Annotated[
            bool,
            strawberry.argument(description="Also statuses of muted accounts and threads."),
        ] = False,
        exclude_visibilities: Annotated[
            list[Visibility] | None,
            strawberry.argument(description="Leave out statuses of these visibilities."),
        ] = None,
    ) -> StatusConnection:
        ctx = info.context
        rows = await list_service.list_timeline(
            ctx,
            list_rest_id(str(id)),
            page_request(first, after),
            with_muted=with_muted,
            exclude_visibilities=[v.value for v in exclude_visibilities or ()],
        )
        return await connection(ctx, [(row.id, row) for row in rows], first)

    @strawberry.field(
        description="The viewer's lists that hold an account, newest first "
        "(REST: `GET /api/v1/accounts/:id/lists`). Needs `read:lists`."
    )
    async def account_lists(
        self,
        info: Info,
        account_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The account's global id (or its REST id)."),
        ],
    ) -> list[List]:
        rows = await list_service.lists_with_account(info.context, account_rest_id(str(account_id)))
        return [List.from_row(row) for row in rows]
