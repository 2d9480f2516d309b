"""Renderers for the instance's custom emoji listings (Pleroma map, Mastodon list).

Pure projections of ``schema.services.emoji.listed_emoji``: the tags, the category and
the order come from the service.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from schema.instance import InstancePolicy
from schema.services.emoji import CustomEmoji


def pleroma_emoji_map(emojis: Iterable[CustomEmoji]) -> dict[str, dict[str, Any]]:
    """``GET /api/pleroma/emoji``: shortcode -> ``{"image_url", "tags"}``.

    ``image_url`` is relative to the instance root (``/emoji/<pack>/<path>``), as Pleroma
    gives it.
    """
    return {
        emoji.shortcode: {"image_url": emoji.image_path, "tags": list(emoji.tags)}
        for emoji in emojis
    }


def custom_emoji(policy: InstancePolicy, emoji: CustomEmoji) -> dict[str, Any]:
    """One entry of ``GET /api/v1/custom_emojis`` (Mastodon ``CustomEmoji``, absolute URLs)."""
    url = emoji.url(policy)
    return {
        "shortcode": emoji.shortcode,
        "url": url,
        "static_url": url,
        "visible_in_picker": emoji.visible_in_picker,
        "tags": list(emoji.tags),
        "category": emoji.category,
    }
