"""``CustomEmoji``: an instance emoji as a status (or profile) uses it."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.types.scalars import URL


@strawberry.type(description="A custom emoji, shown where its `:shortcode:` is written.")
class CustomEmoji:
    """Built from what a status stored when it was posted."""

    shortcode: str = strawberry.field(description="The name, without colons.")
    url: URL = strawberry.field(description="The image.")

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> CustomEmoji:
        """The GraphQL projection of a stored ``{"shortcode", "url"}`` entry."""
        return cls(shortcode=stored["shortcode"], url=stored["url"])
