"""REST handlers for emoji pack management (Pleroma reference §18).

Two generations of routes call the same :mod:`schema.services.emoji_packs` functions:

* the seed's ``/api/pleroma/emoji/packs/...`` (pack name in the path, ``update_file``
  with an ``action``), and
* Pleroma 2.2+'s ``/api/pleroma/emoji/pack?name=`` and ``/emoji/packs/files?name=``.

Fetching from other instances (seed ``list_from`` / ``download_from``, 2.2+
``packs/remote`` / ``packs/download``) calls :mod:`schema.services.emoji_pack_remote`.

``GET /api/pleroma/emoji/packs`` is shared by both. The rule: with ``page`` or
``page_size`` in the query it answers 2.2+'s ``{"packs": {...}, "count": N}`` (Pleroma-FE
and admin-fe 2.2+ always send both); without either it answers the seed's bare
``{name: pack}`` map, which older admin-fe and other instances' ``list_from`` /
``download_from`` read.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.params import Params
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, VALIDATION, DomainError
from schema.services import emoji_pack_remote, emoji_packs
from schema.services.media import UploadInput

OK = "ok"


def _upload(params: Params) -> UploadInput | None:
    uploaded = params.file("file")
    if uploaded is None:
        if params.get("file") not in (None, ""):
            raise DomainError(
                BAD_REQUEST,
                "file: expected a multipart image upload (fetching URLs is not supported)",
                field="file",
            )
        return None
    return UploadInput(uploaded.filename, uploaded.content_type, uploaded.data)


def _map(params: Params, key: str) -> dict[str, Any]:
    """``key`` as a JSON object, or from form fields ``key[field]=value``."""
    value = params.get(key)
    if isinstance(value, dict):
        return value
    prefix = key + "["
    found = {
        k[len(prefix) : -1]: params.get(k)
        for k in params
        if k.startswith(prefix) and k.endswith("]") and len(k) > len(prefix) + 1
    }
    if value is None and not found:
        raise DomainError(BAD_REQUEST, f"Missing field: {key}.", field=key)
    if value not in (None, "") and not found:
        raise DomainError(BAD_REQUEST, f"{key}: expected an object", field=key)
    for flag in ("share-files",):
        if isinstance(found.get(flag), str):
            found[flag] = found[flag].lower() in {"true", "1", "on", "yes"}
    return found


def _name(request: web.Request) -> str:
    return request.match_info.get("name", "")


def _query_name(params: Params) -> str:
    return params.str("name") or ""


# --- listings and archives (public) -----------------------------------------------------


async def list_packs(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /emoji/packs``: the bare map, or a page with ``count`` (see the module doc)."""
    if "page" in request.query or "page_size" in request.query:
        packs, count = emoji_packs.list_packs_page(
            ctx.policy, params.int("page"), params.int("page_size")
        )
        return {"packs": {n: p.as_json() for n, p in packs.items()}, "count": count}
    return {n: p.as_json() for n, p in emoji_packs.list_packs(ctx.policy).items()}


async def show_pack(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /emoji/pack?name=``: the pack with one page of its files and ``files_count``."""
    pack, count = emoji_packs.show_pack(
        ctx.policy, _query_name(params), params.int("page"), params.int("page_size")
    )
    return {**pack.as_json(), "files_count": count}


def _zip(name: str, data: bytes) -> web.Response:
    safe = name.replace('"', "")
    return web.Response(
        body=data,
        content_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{safe}.zip"'},
    )


async def download_shared(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /emoji/packs/:name/download_shared``: the shared pack's zip."""
    name = _name(request)
    return _zip(name, emoji_packs.archive(ctx.policy, name))


async def archive(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /emoji/packs/archive?name=``: the shared pack's zip."""
    name = _query_name(params)
    return _zip(name, emoji_packs.archive(ctx.policy, name))


# --- seed admin routes --------------------------------------------------------------------


async def create_pack(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``PUT /emoji/packs/:name``: an empty pack."""
    emoji_packs.create_pack(ctx, _name(request))
    return OK


async def delete_pack(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``DELETE /emoji/packs/:name``: ``"ok"``, also when there was no such pack."""
    emoji_packs.delete_pack(ctx, _name(request), missing_ok=True)
    return OK


async def update_metadata(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /emoji/packs/:name/update_metadata``: ``new_data`` replaces ``pack``."""
    return await emoji_packs.update_metadata(ctx, _name(request), _map(params, "new_data"))


async def update_file(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /emoji/packs/:name/update_file``: ``action`` add, update or remove."""
    name = _name(request)
    action = params.str("action") or ""
    try:
        if action == "add":
            return await emoji_packs.add_file(
                ctx, name, params.str("shortcode"), _upload(params), params.str("filename")
            )
        if action == "update":
            return emoji_packs.update_file(
                ctx,
                name,
                params.str("shortcode"),
                params.str("new_shortcode"),
                params.str("new_filename"),
                force=params.bool("force"),
            )
        if action == "remove":
            return emoji_packs.remove_file(ctx, name, params.str("shortcode"))
    except DomainError as err:
        # the seed answered 400 where 2.2+ answers 422 for empty values
        if err.kind is VALIDATION and "cannot be empty" in err.message:
            message = err.message.removeprefix("pack name, ").removeprefix("pack name or ")
            raise DomainError(BAD_REQUEST, message, field=err.field) from None
        raise
    ctx.viewer.require_admin("write")
    raise DomainError(BAD_REQUEST, f"Unknown action: {action}", field="action")


async def import_from_fs(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /emoji/packs/import_from_fs`` and ``GET /emoji/packs/import``."""
    return emoji_packs.import_from_fs(ctx)


async def list_from(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /emoji/packs/list_from``: the remote instance's pack list, as it sent it."""
    return await emoji_pack_remote.list_from(ctx, params.str("instance_address"))


async def download_from(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /emoji/packs/download_from``: install ``pack_name`` (as ``as``); ``"ok"``."""
    await emoji_pack_remote.download_from(
        ctx, params.str("instance_address"), params.str("pack_name"), params.str("as")
    )
    return OK


# --- 2.2+ admin routes ----------------------------------------------------------------------


async def create_pack_v2(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /emoji/pack?name=``."""
    emoji_packs.create_pack(ctx, _query_name(params))
    return OK


async def delete_pack_v2(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``DELETE /emoji/pack?name=``: 404 for a pack that is not there."""
    emoji_packs.delete_pack(ctx, _query_name(params))
    return OK


async def update_metadata_v2(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``PATCH /emoji/pack?name=``: ``metadata`` replaces ``pack``."""
    return await emoji_packs.update_metadata(ctx, _query_name(params), _map(params, "metadata"))


async def add_file_v2(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /emoji/packs/files?name=``: the pack's whole ``files`` map."""
    return await emoji_packs.add_file(
        ctx, _query_name(params), params.str("shortcode"), _upload(params),
        params.str("filename"),
    )


async def update_file_v2(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``PATCH /emoji/packs/files?name=``: rename or move (``force`` to take a used name)."""
    for field in ("shortcode", "new_shortcode", "new_filename"):
        if not params.str(field):
            ctx.viewer.require_admin("write")
            raise DomainError(BAD_REQUEST, f"Missing field: {field}.", field=field)
    return emoji_packs.update_file(
        ctx,
        _query_name(params),
        params.str("shortcode"),
        params.str("new_shortcode"),
        params.str("new_filename"),
        force=params.bool("force"),
    )


async def remove_file_v2(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``DELETE /emoji/packs/files?name=&shortcode=``: the pack's whole ``files`` map."""
    return emoji_packs.remove_file(ctx, _query_name(params), params.str("shortcode"))


async def list_remote(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /emoji/packs/remote?url=&page=&page_size=``: the remote's page, as it sent it."""
    return await emoji_pack_remote.list_remote(
        ctx, params.str("url"), params.int("page"), params.int("page_size")
    )


async def download(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /emoji/packs/download``: install remote pack ``name`` (as ``as``); ``"ok"``."""
    await emoji_pack_remote.download(ctx, params.str("url"), params.str("name"), params.str("as"))
    return OK
