"""Status mutations: post, delete, and what the viewer does to a status.

Each answers a payload with the status (hydrated like every read) or ``userErrors`` with
the same rules and messages as the REST endpoints, since both call the same services.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.services import interactions
from schema.services import statuses as status_service
from schema.services.status_views import hydrate_one
from schema.services.statuses import StatusInput
from schema.types.conversation import conversation_rest_id
from schema.types.errors import UserError
from schema.types.status import Status, Visibility, status_rest_id


@strawberry.input(description="What `statusCreate` needs (the params of POST /api/v1/statuses).")
class StatusCreateInput:
    """The text and its options."""

    text: str = strawberry.field(default="", description="The text of the status.")
    spoiler_text: str = strawberry.field(default="", description="A content warning.")
    sensitive: bool = strawberry.field(
        default=False, description="Hide the media behind a warning."
    )
    visibility: Visibility | None = strawberry.field(
        default=None, description="Who may see it (default: the author's default scope)."
    )
    in_reply_to_id: strawberry.ID | None = strawberry.field(
        default=None, description="The status it replies to (global or REST id)."
    )
    media_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Up to 4 of the viewer's unattached uploads (REST ids)."
    )
    language: str | None = strawberry.field(default=None, description="ISO 639 language.")
    content_type: str | None = strawberry.field(
        default=None,
        description="`text/plain` (default), `text/markdown`, `text/html` or `text/bbcode`.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="A retry with the same key returns the first status."
    )
    expires_in: int | None = strawberry.field(
        default=None, description="Seconds until it deletes itself (at least 3600)."
    )
    in_reply_to_conversation_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Reply to one of the viewer's conversations (global or REST id): the "
        "status is direct, addressed to its recipients only, in its thread.",
    )


@strawberry.input(description="Names the status a mutation acts on.")
class StatusActionInput:
    """The status acted upon."""

    status_id: strawberry.ID = strawberry.field(
        description="The status's global id (its REST id is accepted too)."
    )


@strawberry.input(description="What `statusReblog` needs.")
class StatusReblogInput:
    """The status to reblog and who may see the reblog."""

    status_id: strawberry.ID = strawberry.field(
        description="The status's global id (its REST id is accepted too)."
    )
    visibility: Visibility | None = strawberry.field(
        default=None, description="PUBLIC (default), UNLISTED or PRIVATE."
    )


StatusCreateInputArg = Annotated[
    StatusCreateInput, strawberry.argument(description="The status to post.")
]
StatusActionInputArg = Annotated[
    StatusActionInput, strawberry.argument(description="The status to act on.")
]
StatusReblogInputArg = Annotated[
    StatusReblogInput, strawberry.argument(description="The status to reblog.")
]


@strawberry.type(description="The result of a status mutation.")
class StatusPayload:
    """The status as it is now, or why nothing changed."""

    status: Status | None = strawberry.field(
        default=None,
        description="The status (for statusReblog: the reblog, the original under `reblog`).",
    )
    user_errors: list[UserError] = user_errors_field()


async def _payload(info: Info, action: Callable[[], Awaitable[Any]]) -> StatusPayload:
    async def done(row: Any) -> StatusPayload:
        return StatusPayload(status=Status.from_view(await hydrate_one(info.context, row)))

    return await payload_of(StatusPayload, action, done)


def _sid(input: Any) -> str:
    return status_rest_id(str(input.status_id))


@strawberry.type
class StatusMutations:
    """Mutations about statuses."""

    @strawberry.mutation(
        description="Post a status as the viewer. Idempotent per `idempotencyKey`. "
        "Needs `write:statuses`."
    )
    async def status_create(self, info: Info, input: StatusCreateInputArg) -> StatusPayload:
        ctx = info.context

        async def run() -> Any:
            data = StatusInput(
                text=input.text,
                spoiler_text=input.spoiler_text,
                sensitive=input.sensitive,
                visibility=input.visibility.value if input.visibility else None,
                in_reply_to_id=status_rest_id(input.in_reply_to_id)
                if input.in_reply_to_id
                else None,
                media_ids=[str(m) for m in input.media_ids],
                language=input.language,
                content_type=input.content_type,
                idempotency_key=input.idempotency_key,
                expires_in=input.expires_in,
                in_reply_to_conversation_id=conversation_rest_id(
                    str(input.in_reply_to_conversation_id)
                )
                if input.in_reply_to_conversation_id
                else None,
            )
            return await status_service.create_status(ctx, data)

        return await _payload(info, run)

    @strawberry.mutation(
        description="Delete one of the viewer's statuses; answers it as it was (with "
        "`source`, for redrafting). Needs `write:statuses`."
    )
    async def status_delete(self, info: Info, input: StatusActionInputArg) -> StatusPayload:
        ctx = info.context

        async def delete() -> Any:
            ctx.viewer.require("write:statuses")
            view = await hydrate_one(ctx, await status_service.get_visible(ctx, _sid(input)))
            await status_service.delete_status(ctx, _sid(input))
            return view

        return await payload_of(
            StatusPayload, delete, lambda view: StatusPayload(status=Status.from_view(view))
        )

    @strawberry.mutation(description="Favourite a status (idempotent). Needs `write:favourites`.")
    async def status_favourite(self, info: Info, input: StatusActionInputArg) -> StatusPayload:
        return await _payload(info, lambda: interactions.favourite(info.context, _sid(input)))

    @strawberry.mutation(
        description="Take back a favourite (`Could not unfavorite` when there is none)."
    )
    async def status_unfavourite(self, info: Info, input: StatusActionInputArg) -> StatusPayload:
        return await _payload(info, lambda: interactions.unfavourite(info.context, _sid(input)))

    @strawberry.mutation(
        description="Reblog a status (idempotent); answers the reblog. Someone else's "
        "private status and direct statuses cannot be reblogged. Needs `write:statuses`."
    )
    async def status_reblog(self, info: Info, input: StatusReblogInputArg) -> StatusPayload:
        visibility = input.visibility.value if input.visibility else None
        return await _payload(
            info, lambda: interactions.reblog(info.context, _sid(input), visibility)
        )

    @strawberry.mutation(description="Undo a reblog; answers the original.")
    async def status_unreblog(self, info: Info, input: StatusActionInputArg) -> StatusPayload:
        return await _payload(info, lambda: interactions.unreblog(info.context, _sid(input)))

    @strawberry.mutation(description="Bookmark a status (idempotent). Needs `write:bookmarks`.")
    async def status_bookmark(self, info: Info, input: StatusActionInputArg) -> StatusPayload:
        return await _payload(info, lambda: interactions.bookmark(info.context, _sid(input)))

    @strawberry.mutation(description="Remove a bookmark (idempotent).")
    async def status_unbookmark(self, info: Info, input: StatusActionInputArg) -> StatusPayload:
        return await _payload(info, lambda: interactions.unbookmark(info.context, _sid(input)))

    @strawberry.mutation(
        description="Pin one of the viewer's public or unlisted statuses to their profile. "
        "Needs `write:accounts`."
    )
    async def status_pin(self, info: Info, input: StatusActionInputArg) -> StatusPayload:
        return await _payload(info, lambda: interactions.pin(info.context, _sid(input)))

    @strawberry.mutation(description="Unpin a status (idempotent).")
    async def status_unpin(self, info: Info, input: StatusActionInputArg) -> StatusPayload:
        return await _payload(info, lambda: interactions.unpin(info.context, _sid(input)))

    @strawberry.mutation(
        description="Mute a status's thread (no more notifications from it). Needs `write:mutes`."
    )
    async def status_mute(self, info: Info, input: StatusActionInputArg) -> StatusPayload:
        return await _payload(info, lambda: interactions.mute_thread(info.context, _sid(input)))

    @strawberry.mutation(description="Unmute a status's thread (idempotent).")
    async def status_unmute(self, info: Info, input: StatusActionInputArg) -> StatusPayload:
        return await _payload(info, lambda: interactions.unmute_thread(info.context, _sid(input)))
