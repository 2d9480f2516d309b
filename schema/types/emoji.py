"""``CustomEmoji``: an instance emoji, as the picker lists it or as a status uses it."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.instance import InstancePolicy
from schema.services import emoji as emoji_service
from schema.types.scalars import URL


@strawberry.type(
    description="A custom emoji, shown where its `:shortcode:` is written. "
    "`customEmojis` lists the instance's emoji for the picker; a status's `emojis` are "
    "copies kept from when it was posted (shortcode and URL only)."
)
class CustomEmoji:
    """Built from the service's ``CustomEmoji`` or from what a status stored."""

    shortcode: str = strawberry.field(description="The name, without colons.")
    url: URL = strawberry.field(description="The image.")
    visible_in_picker: bool = strawberry.field(
        default=False,
        description="True when the emoji picker offers it (every emoji of "
        "`customEmojis`); false on a status's copy.",
    )
    tags: list[str] = strawberry.field(
        default_factory=list,
        description="Its groups: `pack:<name>` for an emoji its pack's pack.json lists, "
        "`Custom` for one found in a pack without pack.json. Empty on a status's copy.",
    )
    category: str | None = strawberry.field(
        default=None,
        description="The picker category: the tags minus `Custom`, joined with commas "
        "(empty for `Custom` emoji). Null on a status's copy.",
    )

    @strawberry.field(description="The image without animation (the same URL: not converted).")
    def static_url(self) -> URL:
        return self.url

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> CustomEmoji:
        """The GraphQL projection of a stored ``{"shortcode", "url"}`` entry."""
        return cls(shortcode=stored["shortcode"], url=stored["url"])

    @classmethod
    def from_service(
        cls, policy: InstancePolicy, emoji: emoji_service.CustomEmoji
    ) -> CustomEmoji:
        """The projection of one of ``emoji_service.listed_emoji``."""
        return cls(
            shortcode=emoji.shortcode,
            url=URL(emoji.url(policy)),
            visible_in_picker=emoji.visible_in_picker,
            tags=list(emoji.tags),
            category=emoji.category,
        )
