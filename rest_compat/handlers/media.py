"""REST handlers: media upload (v1 and v2), reading and describing one's own media, and
serving stored files at ``/media/<path>``."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.params import Params
from rest_compat.render.attachment import render_attachment
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, NOT_FOUND, DomainError
from schema.services import media as media_service
from schema.services.media import UploadInput

#: Files have random names and never change: caches may keep them for a year.
FILE_CACHE_CONTROL = "public, max-age=31536000, immutable"


def _upload_input(params: Params) -> UploadInput | None:
    uploaded = params.file("file")
    if uploaded is None:
        if params.get("file") not in (None, ""):
            raise DomainError(
                BAD_REQUEST, "file: expected a multipart file upload", field="file"
            )
        return None
    return UploadInput(uploaded.filename, uploaded.content_type, uploaded.data)


async def upload(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/media`` and ``/api/v2/media``: store a file, answer its Attachment.

    Multipart ``file``, optional ``description`` and ``focus`` (``"x,y"``, -1..1). v2
    answers 200 too: processing is synchronous, so the file is ready when we answer.
    """
    row = await media_service.upload(
        ctx,
        _upload_input(params),
        description=params.str("description"),
        focus=params.str("focus"),
    )
    return render_attachment(ctx.policy, row)


async def show(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v1/media/:id``: the viewer's own media (404 for anyone else's)."""
    row = await media_service.get_own(ctx, params.str("id") or "")
    return render_attachment(ctx.policy, row)


async def update(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PUT /api/v1/media/:id``: change ``description`` and/or ``focus`` of one's media."""
    row = await media_service.update(
        ctx,
        params.str("id") or "",
        description=params.str("description"),
        focus=params.str("focus"),
    )
    return render_attachment(ctx.policy, row)


async def serve_file(
    request: web.Request, ctx: RequestContext, params: Params
) -> web.StreamResponse:
    """``GET /media/<path>``: a stored file with its type, never a listing or a path outside.

    Images, video and audio are served ``inline``; anything else (PDF) as an attachment.
    Every answer carries ``X-Content-Type-Options: nosniff`` and a sandboxing CSP, so a
    file cannot run script on this origin.
    """
    relative = request.match_info.get("path", "")
    storage = ctx.extras.get("storage")
    served = media_service.served_type(relative)
    path = storage.resolve(relative) if storage is not None and served else None
    if path is None or served is None:
        raise DomainError(NOT_FOUND, "Not found")
    content_type, inline = served
    disposition = "inline" if inline else "attachment"
    return web.FileResponse(
        path,
        headers={
            "Content-Type": content_type,
            "Content-Disposition": f'{disposition}; filename="{path.name}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": FILE_CACHE_CONTROL,
        },
    )
