"""``Marker``: where the viewer stopped reading a timeline (REST: Mastodon's Marker)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from schema.services.markers import MarkerView


@strawberry.enum(description="A timeline whose read position can be saved.")
class MarkerTimeline(Enum):
    """Mastodon's marker timelines."""

    HOME = strawberry.enum_value("home", description="The home timeline.")
    NOTIFICATIONS = strawberry.enum_value("notifications", description="The notifications.")


@strawberry.type(description="The viewer's saved read position in one timeline.")
class Marker:
    """Only its owner ever reads it."""

    view: strawberry.Private[Any]

    @classmethod
    def from_view(cls, view: MarkerView) -> Marker:
        """The GraphQL projection of a service view."""
        return cls(view=view)

    @strawberry.field(description="The timeline this position is in.")
    def timeline(self) -> MarkerTimeline:
        return MarkerTimeline(self.view.timeline)

    @strawberry.field(
        description="The id of the newest item read (a status for home, a notification "
        "for notifications), as the client saved it."
    )
    def last_read_id(self) -> str:
        return self.view.last_read_id

    @strawberry.field(
        description="0 when the marker was created, one more each time it moved "
        "(saving the same position again does not count)."
    )
    def version(self) -> int:
        return self.view.version

    @strawberry.field(description="When the marker was created or last moved.")
    def updated_at(self) -> datetime:
        return self.view.updated_at

    @strawberry.field(
        description="On the notifications marker, how many of the viewer's notifications "
        "are unseen (REST: Pleroma's `pleroma.unread_count`); null on the others."
    )
    def unread_count(self) -> int | None:
        return self.view.unread_count
