"""``MediaAttachment``: an uploaded file, projected from a media row."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.services import media as media_service
from schema.types.scalars import URL


@strawberry.enum(description="What kind of file an attachment is (decided from its bytes).")
class MediaType(Enum):
    """Mastodon's attachment types."""

    IMAGE = strawberry.enum_value("image", description="A still or animated image.")
    GIFV = strawberry.enum_value("gifv", description="A short looping video without sound.")
    VIDEO = strawberry.enum_value("video", description="A video.")
    AUDIO = strawberry.enum_value("audio", description="A sound file.")
    UNKNOWN = strawberry.enum_value(
        "unknown", description="Any other file (a PDF): offered as a download."
    )


@strawberry.type(description="Pixel dimensions of an image or of its preview.")
class MediaDimensions:
    """``meta.original`` / ``meta.small`` of the REST Attachment."""

    width: int = strawberry.field(description="Width in pixels.")
    height: int = strawberry.field(description="Height in pixels.")
    size: str = strawberry.field(description="`WIDTHxHEIGHT`, as Mastodon writes it.")
    aspect: float = strawberry.field(description="Width divided by height.")

    @classmethod
    def from_dict(cls, value: Any) -> MediaDimensions | None:
        """The dimensions in a stored meta entry, or ``None`` when absent or malformed."""
        if not isinstance(value, dict):
            return None
        try:
            return cls(
                width=int(value["width"]),
                height=int(value["height"]),
                size=str(value["size"]),
                aspect=float(value["aspect"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


@strawberry.type(description="The point of an image to keep in view when it is cropped.")
class MediaFocus:
    """Both coordinates run from -1.0 (left/bottom) to 1.0 (right/top); 0,0 is the centre."""

    x: float = strawberry.field(description="Horizontal position, -1.0 (left) to 1.0 (right).")
    y: float = strawberry.field(description="Vertical position, -1.0 (bottom) to 1.0 (top).")


@strawberry.type(description="What is known about an attachment's picture.")
class MediaMeta:
    """``meta`` of the REST Attachment."""

    original: MediaDimensions | None = strawberry.field(
        description="The stored image's size (null for non-images)."
    )
    small: MediaDimensions | None = strawberry.field(
        description="The size at which a preview shows it (null for non-images)."
    )
    focus: MediaFocus | None = strawberry.field(
        description="The focal point the uploader set, if any."
    )


def _absolute(policy: Any, url: str | None) -> str | None:
    if url and url.startswith("/"):
        return policy.url(url)
    return url


@strawberry.type(description="A file uploaded to attach to a status (REST: Attachment).")
class MediaAttachment(relay.Node):
    """Built from a media row with :meth:`from_row`."""

    key: relay.NodeID[str]
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> MediaAttachment:
        """The GraphQL projection of a media row."""
        return cls(key=row.id, row=row)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[MediaAttachment | None]:
        """Only the viewer's own uploads resolve by global id (one query for all)."""
        rows = await media_service.own_many(info.context, list(node_ids))
        return [cls.from_row(row) if row is not None else None for row in rows]

    @strawberry.field(description="The id used by the REST API (`/api/v1/media/:id`).")
    def rest_id(self) -> str:
        return self.row.id

    @strawberry.field(description="What kind of file this is.")
    def type(self) -> MediaType:
        kind = self.row.kind if self.row.kind in {t.value for t in MediaType} else None
        if kind is None:
            major = (self.row.mime_type or "").split("/", 1)[0]
            kind = major if major in {"image", "video", "audio"} else "unknown"
        return MediaType(kind)

    @strawberry.field(description="The file's MIME type, as sniffed from its bytes.")
    def mime_type(self) -> str:
        return self.row.mime_type

    @strawberry.field(description="Where the file is served.")
    def url(self, info: Info) -> URL:
        return URL(_absolute(info.context.policy, self.row.url) or "")

    @strawberry.field(
        description="A smaller version to show in timelines (the file itself for now)."
    )
    def preview_url(self, info: Info) -> URL:
        return URL(_absolute(info.context.policy, self.row.url) or "")

    @strawberry.field(description="The original URL on another server (for local files, `url`).")
    def remote_url(self, info: Info) -> URL:
        policy = info.context.policy
        return URL(_absolute(policy, self.row.remote_url) or _absolute(policy, self.row.url) or "")

    @strawberry.field(description="The alt text describing the file for those who cannot see it.")
    def description(self) -> str | None:
        return self.row.description

    @strawberry.field(description="A compact blurred placeholder of an image (blurhash.com).")
    def blurhash(self) -> str | None:
        return self.row.blurhash

    @strawberry.field(description="Sizes and focal point.")
    def meta(self) -> MediaMeta:
        meta = self.row.meta if isinstance(self.row.meta, dict) else {}
        focus = meta.get("focus")
        return MediaMeta(
            original=MediaDimensions.from_dict(meta.get("original")),
            small=MediaDimensions.from_dict(meta.get("small")),
            focus=MediaFocus(x=float(focus["x"]), y=float(focus["y"]))
            if isinstance(focus, dict) and "x" in focus and "y" in focus
            else None,
        )

    @strawberry.field(description="The file's size in bytes as stored.")
    def size(self) -> int:
        return self.row.size

    @strawberry.field(description="True once the file is attached to a status.")
    def attached(self) -> bool:
        return self.row.status_id is not None
