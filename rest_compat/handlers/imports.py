"""REST handlers: Pleroma's follow, block and mute imports (``/api/pleroma/*_import``)."""

from __future__ import annotations

from typing import Any

from rest_compat.params import Params
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, DomainError, openapi_error
from schema.services import user_import
from schema.services.user_import import ImportKind


def _list_text(params: Params) -> str:
    """``list`` as text: an uploaded file's contents or the string; 400 when missing."""
    upload = params.file("list")
    if upload is not None:
        try:
            return upload.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(BAD_REQUEST, "list: the file is not UTF-8 text") from None
    text = params.str("list")
    if text is None:
        raise openapi_error([("list", "Missing field: list", "Missing field: list.")])
    return text


async def _start(ctx: RequestContext, params: Params, kind: ImportKind) -> str:
    ctx.viewer.require(*kind.scopes)
    return await user_import.start_import(ctx, kind, _list_text(params))


async def follow_import(request: Any, ctx: RequestContext, params: Params) -> str:
    """``POST /api/pleroma/follow_import`` (``list``): ``"job started"``."""
    return await _start(ctx, params, user_import.FOLLOWS)


async def blocks_import(request: Any, ctx: RequestContext, params: Params) -> str:
    """``POST /api/pleroma/blocks_import`` (``list``): ``"job started"``."""
    return await _start(ctx, params, user_import.BLOCKS)


async def mutes_import(request: Any, ctx: RequestContext, params: Params) -> str:
    """``POST /api/pleroma/mutes_import`` (``list``): ``"job started"``."""
    return await _start(ctx, params, user_import.MUTES)
