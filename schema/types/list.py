"""``List``: one of the viewer's lists (REST: Mastodon's List entity)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.errors import DomainError
from schema.services import lists as list_service


@strawberry.enum(description="Which replies a list shows (Mastodon's `replies_policy`).")
class RepliesPolicy(Enum):
    """Stored and shown as set; the list timeline does not apply it (Pleroma ignores it)."""

    FOLLOWED = strawberry.enum_value("followed", description="Replies to any followed account.")
    LIST = strawberry.enum_value("list", description="Replies to members of the list.")
    NONE = strawberry.enum_value("none", description="No replies.")


@strawberry.type(description="A named set of accounts the viewer reads as a timeline.")
class List(relay.Node):
    """Only its owner ever reads it: anyone else gets null, as for a missing one."""

    key: relay.NodeID[str]
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> List:
        """The GraphQL projection of a list row."""
        return cls(key=row.id, row=row)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[List | None]:
        """Resolve global ids to the viewer's own lists (null otherwise)."""
        ids = list(node_ids)
        try:
            found = await list_service.find_lists(info.context, ids)
        except DomainError:
            found = {}
        return [cls.from_row(found[i]) if i in found else None for i in ids]

    @strawberry.field(
        description="The id used by the REST API (`/api/v1/lists/:id`, "
        "`/api/v1/timelines/list/:id`, the `list` stream)."
    )
    def rest_id(self) -> str:
        return self.row.id

    @strawberry.field(description="The title, as typed.")
    def title(self) -> str:
        return self.row.title

    @strawberry.field(
        description="Mastodon's replies setting, as set (stored; it does not filter the "
        "timeline)."
    )
    def replies_policy(self) -> RepliesPolicy:
        return RepliesPolicy(self.row.replies_policy)

    @strawberry.field(
        description="Mastodon's `exclusive` setting, as set (stored; the home timeline "
        "still shows the members' statuses)."
    )
    def exclusive(self) -> bool:
        return bool(self.row.exclusive)
