"""Direct conversation reads: the viewer's list, one conversation, its statuses."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.services import conversations as conversation_service
from schema.services.pagination import MAX_LIMIT, PageRequest
from schema.types.conversation import (
    Conversation,
    ConversationConnection,
    ConversationEdge,
    conversation_rest_id,
)
from schema.types.timeline import DEFAULT_FIRST, StatusConnection, connection, page_request

FirstArg = Annotated[
    int | None,
    strawberry.argument(description=f"Page size (default {DEFAULT_FIRST}, at most {MAX_LIMIT})."),
]
AfterArg = Annotated[
    str | None, strawberry.argument(description="The `endCursor` of the previous page.")
]
ConversationIdArg = Annotated[
    strawberry.ID,
    strawberry.argument(description="The conversation's global id (its REST id is accepted)."),
]


def account_rest_id(value: str) -> str:
    """The REST id named by a global ``Account`` id, or ``value`` itself."""
    try:
        gid = relay.GlobalID.from_id(value)
    except Exception:
        return value
    return gid.node_id if gid.type_name == "Account" else value


@strawberry.type
class ConversationQueries:
    """Reads of the viewer's direct conversations; someone else's look missing."""

    @strawberry.field(
        description="The viewer's direct conversations, newest activity first "
        "(REST: `GET /api/v1/conversations`). Needs `read:statuses`."
    )
    async def conversations(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        recipients: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(
                description="Only conversations whose recipients include all of these "
                "accounts (global or REST ids)."
            ),
        ] = None,
    ) -> ConversationConnection:
        ctx = info.context
        first = DEFAULT_FIRST if first is None else first
        rows, views = await conversation_service.list_conversations(
            ctx,
            page_request(first, after),
            [account_rest_id(str(r)) for r in recipients or ()],
        )
        page = rows[:first]
        by_id = {v.id: v for v in views}
        edges = [
            ConversationEdge(
                cursor=row.last_activity_id, node=Conversation.from_view(by_id[row.id])
            )
            for row in page
            if row.id in by_id
        ]
        return ConversationConnection(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=len(rows) > first,
                has_previous_page=False,
                start_cursor=page[0].last_activity_id if page else None,
                end_cursor=page[-1].last_activity_id if page else None,
            ),
        )

    @strawberry.field(
        description="One of the viewer's conversations; null when unknown or someone "
        "else's (REST: `GET /api/v1/pleroma/conversations/:id`). Needs `read:statuses`."
    )
    async def conversation(self, info: Info, id: ConversationIdArg) -> Conversation | None:
        found = await conversation_service.find_conversations(
            info.context, [conversation_rest_id(str(id))]
        )
        view = next(iter(found.values()), None)
        return Conversation.from_view(view) if view is not None else None

    @strawberry.field(
        description="The statuses of one of the viewer's conversations that the viewer may "
        "see, oldest first (muted accounts left out); `after` reads on towards the newest "
        "(REST: `GET /api/v1/pleroma/conversations/:id/statuses`). Needs `read:statuses`."
    )
    async def conversation_statuses(
        self, info: Info, id: ConversationIdArg, first: FirstArg = None, after: AfterArg = None
    ) -> StatusConnection:
        ctx = info.context
        page = page_request(first, None)
        # Oldest first: every id is above "0", so an unbounded min_id reads from the start.
        page = PageRequest(min_id=after or "0", limit=page.limit)
        rows = await conversation_service.conversation_statuses(
            ctx, conversation_rest_id(str(id)), page
        )
        return await connection(ctx, [(row.id, row) for row in rows], first)
