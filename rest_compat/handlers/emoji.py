"""REST handlers for custom emoji: the listings and the images (``/emoji/<pack>/<path>``)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.params import Params
from rest_compat.render import emoji as render
from schema.context import RequestContext
from schema.errors import NOT_FOUND, DomainError
from schema.services import emoji

EMOJI_CACHE_CONTROL = "public, max-age=86400"


async def serve_file(
    request: web.Request, ctx: RequestContext, params: Params
) -> web.StreamResponse:
    """``GET /emoji/<pack>/<path>``: the image of a pack's emoji; 404 for anything else."""
    pack = request.match_info.get("pack", "")
    path = request.match_info.get("path", "")
    file = emoji.emoji_file(ctx.policy, pack, path)
    if file is None or not file.is_file():
        raise DomainError(NOT_FOUND, "Not found")
    return web.FileResponse(
        file,
        headers={
            "Content-Type": emoji.IMAGE_TYPES[file.suffix.lower()],
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": EMOJI_CACHE_CONTROL,
        },
    )


async def pleroma_index(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /api/pleroma/emoji``: shortcode -> ``{"image_url", "tags"}`` (``{}`` when none).

    Keys come in shortcode order (``emoji.listed_emoji``).
    """
    return render.pleroma_emoji_map(emoji.listed_emoji(ctx.policy))


async def custom_emojis(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /api/v1/custom_emojis``: the Mastodon list, ordered by shortcode (code points,
    so ``Z`` sorts before ``a``), the order of ``emoji.listed_emoji``."""
    return [render.custom_emoji(ctx.policy, e) for e in emoji.listed_emoji(ctx.policy)]
