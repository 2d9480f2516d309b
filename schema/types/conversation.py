"""``Conversation``: one of the viewer's direct conversations (REST: Mastodon's
Conversation entity), and its keyset connection."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.errors import DomainError
from schema.services import conversations as conversation_service
from schema.services.conversations import ConversationView
from schema.types.account import Account
from schema.types.status import Status


def conversation_rest_id(value: str) -> str:
    """The REST id named by a global ``Conversation`` id, or ``value`` itself (a REST id)."""
    try:
        gid = relay.GlobalID.from_id(value)
    except Exception:
        return value
    return gid.node_id if gid.type_name == "Conversation" else value


@strawberry.type(
    description="One of the viewer's direct conversations (a thread of direct statuses)."
)
class Conversation(relay.Node):
    """Only its owner ever reads it: anyone else gets null, as for a missing one."""

    key: relay.NodeID[str]
    view: strawberry.Private[Any]

    @classmethod
    def from_view(cls, view: ConversationView) -> Conversation:
        """The GraphQL projection of a service view."""
        return cls(key=view.id, view=view)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Conversation | None]:
        """Resolve global ids to the viewer's own conversations (null otherwise)."""
        ids = list(node_ids)
        try:
            found = await conversation_service.find_conversations(info.context, ids)
        except DomainError:
            found = {}
        return [cls.from_view(found[i]) if i in found else None for i in ids]

    @strawberry.field(
        description="The id used by the REST API (`/api/v1/conversations/:id`, Pleroma's "
        "participation id and a status's `directConversationId`)."
    )
    def rest_id(self) -> str:
        return self.view.id

    @strawberry.field(description="True until the viewer reads it (posting in it reads it).")
    def unread(self) -> bool:
        return self.view.unread

    @strawberry.field(
        description="The other participants (the recipient set minus the viewer; the viewer "
        "alone when nobody else is left)."
    )
    def accounts(self) -> list[Account]:
        return [Account.from_row(a) for a in self.view.accounts]

    @strawberry.field(
        description="The whole recipient set, the viewer included (changed only by "
        "`conversationUpdateRecipients`)."
    )
    def recipients(self) -> list[Account]:
        return [Account.from_row(a) for a in self.view.recipients]

    @strawberry.field(
        description="The newest direct status of the conversation the viewer may see."
    )
    def last_status(self) -> Status | None:
        last = self.view.last_status
        return Status.from_view(last) if last is not None else None


@strawberry.type(description="A conversation in the viewer's list, with its cursor.")
class ConversationEdge:
    """The cursor is the id of the conversation's last activity."""

    cursor: str = strawberry.field(description="Pass it as `after` to read past this edge.")
    node: Conversation = strawberry.field(description="The conversation.")


@strawberry.type(description="A page of the viewer's conversations, newest activity first.")
class ConversationConnection:
    """Keyset-paged on the last activity; never more than 40 a page."""

    edges: list[ConversationEdge] = strawberry.field(description="The conversations of this page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page stands.")

    @strawberry.field(description="The conversations of this page, without cursors.")
    def nodes(self) -> list[Conversation]:
        return [edge.node for edge in self.edges]
