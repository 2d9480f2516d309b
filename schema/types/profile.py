"""``Mascot``: the image Pleroma-FE shows beside the post form."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from schema.types.media import MediaAttachment
from schema.types.scalars import URL


@strawberry.type(
    description="The viewer's Pleroma-FE mascot: an uploaded image or the instance default."
)
class Mascot:
    """Built from ``schema.services.profile.Mascot``."""

    value: strawberry.Private[Any]

    @strawberry.field(
        description="The REST id: the upload's id, or `default-mascot` for the default."
    )
    def rest_id(self) -> str:
        return self.value.id

    @strawberry.field(description="True when no mascot was uploaded (the instance default).")
    def is_default(self) -> bool:
        return self.value.is_default

    @strawberry.field(description="Where the image is served.")
    def url(self, info: Info) -> URL:
        url = self.value.url
        return URL(info.context.policy.url(url) if url.startswith("/") else url)

    @strawberry.field(description="The image's MIME type.")
    def mime_type(self) -> str:
        return self.value.mime_type

    @strawberry.field(description="The uploaded file (null for the instance default).")
    def media(self) -> MediaAttachment | None:
        media = self.value.media
        return MediaAttachment.from_row(media) if media is not None else None


@strawberry.type(
    description="Counters only the viewer sees on their own account (REST: "
    "`follow_requests_count`, `pleroma.unread_conversation_count` and "
    "`pleroma.unread_notifications_count` of `verify_credentials`)."
)
class ViewerCounts:
    """Built from ``schema.services.own_counts.OwnCounts``."""

    follow_requests: int = strawberry.field(
        description="Follow requests waiting for the viewer's answer."
    )
    unread_conversations: int = strawberry.field(
        description="The viewer's direct conversations with unread posts."
    )
    unread_notifications: int = strawberry.field(
        description="Unseen notifications (every unseen one, as Pleroma counts them; the "
        "list may hide some of them, such as those of since-muted accounts)."
    )
