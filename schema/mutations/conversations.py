"""Direct conversation mutations: mark read (one or all), replace recipients, leave.

Same services, rules and messages as the REST endpoints; refusals come back as
``userErrors`` (``NOT_FOUND`` / ``Unknown conversation id`` for someone else's).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.queries.conversations import account_rest_id
from schema.services import conversations as conversation_service
from schema.types.conversation import Conversation, conversation_rest_id
from schema.types.errors import UserError


@strawberry.input(description="Names the conversation a mutation acts on.")
class ConversationActionInput:
    """The conversation acted upon."""

    conversation_id: strawberry.ID = strawberry.field(
        description="The conversation's global id (its REST id is accepted too)."
    )


@strawberry.input(description="What `conversationUpdateRecipients` needs.")
class ConversationRecipientsInput:
    """The conversation and its new recipient set."""

    conversation_id: strawberry.ID = strawberry.field(
        description="The conversation's global id (its REST id is accepted too)."
    )
    recipient_ids: list[strawberry.ID] = strawberry.field(
        description="The accounts (global or REST ids) that replace the recipient set; the "
        "viewer is always kept and unknown ids are dropped."
    )


@strawberry.type(description="The result of a conversation mutation.")
class ConversationPayload:
    """The conversation as it is now, or why nothing changed."""

    conversation: Conversation | None = strawberry.field(
        default=None, description="The conversation."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `conversationsMarkRead`.")
class ConversationsPayload:
    """The conversations that were unread and are now read."""

    conversations: list[Conversation] = strawberry.field(
        default_factory=list, description="The conversations touched, newest activity first."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `conversationDelete`.")
class ConversationDeletePayload:
    """The id of the conversation left, or why nothing changed."""

    deleted_conversation_id: strawberry.ID | None = strawberry.field(
        default=None, description="The REST id of the conversation the viewer left."
    )
    user_errors: list[UserError] = user_errors_field()


ActionArg = Annotated[
    ConversationActionInput, strawberry.argument(description="The conversation to act on.")
]


async def _payload(action: Callable[[], Awaitable[Any]]) -> ConversationPayload:
    return await payload_of(
        ConversationPayload,
        action,
        lambda view: ConversationPayload(conversation=Conversation.from_view(view)),
    )


def _cid(input: Any) -> str:
    return conversation_rest_id(str(input.conversation_id))


@strawberry.type
class ConversationMutations:
    """Mutations about the viewer's direct conversations."""

    @strawberry.mutation(
        description="Mark one conversation read; it keeps its place in the list "
        "(REST: `POST /api/v1/conversations/:id/read`). Needs `write:conversations`."
    )
    async def conversation_mark_read(self, info: Info, input: ActionArg) -> ConversationPayload:
        return await _payload(lambda: conversation_service.mark_read(info.context, _cid(input)))

    @strawberry.mutation(
        description="Mark every conversation of the viewer read; answers those touched "
        "(REST: `POST /api/v1/pleroma/conversations/read`). Needs `write:conversations`."
    )
    async def conversations_mark_read(self, info: Info) -> ConversationsPayload:
        return await payload_of(
            ConversationsPayload,
            lambda: conversation_service.mark_all_read(info.context),
            lambda views: ConversationsPayload(
                conversations=[Conversation.from_view(v) for v in views]
            ),
        )

    @strawberry.mutation(
        description="Replace a conversation's recipient set (REST: `PATCH "
        "/api/v1/pleroma/conversations/:id`). Needs `write:conversations`."
    )
    async def conversation_update_recipients(
        self,
        info: Info,
        input: Annotated[
            ConversationRecipientsInput,
            strawberry.argument(description="The conversation and its recipients."),
        ],
    ) -> ConversationPayload:
        ids = [account_rest_id(str(a)) for a in input.recipient_ids]
        return await _payload(
            lambda: conversation_service.update_recipients(info.context, _cid(input), ids)
        )

    @strawberry.mutation(
        description="Leave a conversation; a later direct status in it brings it back "
        "(REST: `DELETE /api/v1/conversations/:id`). Needs `write:conversations`."
    )
    async def conversation_delete(self, info: Info, input: ActionArg) -> ConversationDeletePayload:
        return await payload_of(
            ConversationDeletePayload,
            lambda: conversation_service.delete_conversation(info.context, _cid(input)),
            lambda _: ConversationDeletePayload(
                deleted_conversation_id=strawberry.ID(_cid(input))
            ),
        )
