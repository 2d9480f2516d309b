"""REST handler serving custom emoji images (``/emoji/<pack>/<path>``)."""

from __future__ import annotations

from aiohttp import web

from rest_compat.params import Params
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
