"""REST handler: the instance's built-in images at ``/images/<name>.png``.

The default avatar (``avi.png``), banner (``banner.png``) and mascot
(``pleroma-fox-tan-smol.png``) that accounts point to until their owners upload their own.
Only the files shipped in ``rest_compat/static/images`` are served; a name is never joined
to a path unless it is one of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web

from rest_compat.params import Params
from schema.context import RequestContext
from schema.errors import NOT_FOUND, DomainError

IMAGES_DIR = Path(__file__).resolve().parent.parent / "static" / "images"
#: The shipped images by name, read once (they are a few hundred bytes each).
IMAGES: dict[str, Path] = {p.name: p for p in IMAGES_DIR.glob("*.png")}
CACHE_CONTROL = "public, max-age=86400"


async def image(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /images/<name>``: one of the built-in images (404 ``Not found`` otherwise)."""
    path = IMAGES.get(request.match_info.get("name", ""))
    if path is None:
        raise DomainError(NOT_FOUND, "Not found")
    return web.FileResponse(
        path,
        headers={
            "Content-Type": "image/png",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": CACHE_CONTROL,
        },
    )
