"""REST handlers: ``PATCH /api/v1/accounts/update_credentials``, Pleroma's legacy
``update_avatar`` / ``update_banner`` / ``update_background`` and ``GET``/``PUT`` mascot.

Parameters are read here (Mastodon's indexed form fields, JSON lists and objects, files or
``data:`` URIs); every rule is in :mod:`schema.services.profile`.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from rest_compat.handlers.accounts import render_own_account
from rest_compat.params import Params, UploadedFile, parse_bool
from rest_compat.render.attachment import render_attachment
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, DomainError
from schema.services import media as media_service
from schema.services import profile as profile_service
from schema.services.media import UploadInput
from schema.services.profile import RESET, ProfileChanges

FIELD_KEY = re.compile(r"fields_attributes\[(\w*)\]\[(name|value)\]")
SOURCE_KEY = re.compile(r"source\[(\w+)\]")

BOOLEANS = (
    "locked",
    "bot",
    "discoverable",
    "hide_followers",
    "hide_follows",
    "hide_followers_count",
    "hide_follows_count",
    "hide_favorites",
    "show_role",
    "no_rich_text",
    "skip_thread_containment",
    "allow_following_move",
)


def image_param(params: Params, name: str) -> UploadInput | Any:
    """A picture parameter: a file, a ``data:`` URI, ``""`` (reset) or absent (``None``)."""
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, UploadedFile):
        return UploadInput(value.filename, value.content_type, value.data)
    if isinstance(value, str):
        if value == "":
            return RESET
        if value[:5].lower() == "data:":
            return media_service.parse_data_uri(value, name)
    raise DomainError(
        BAD_REQUEST, f"{name}: expected a multipart file upload or a data: URI", field=name
    )


def _fields(params: Params) -> list[Any] | None:
    """``fields_attributes`` from JSON (list or object) or from indexed form keys."""
    value = params.get("fields_attributes")
    if isinstance(value, list | dict):
        return profile_service.fields_from_params(value)
    indexed: dict[str, dict[str, Any]] = {}
    sequence: list[dict[str, Any]] = []
    for key in params:
        match = FIELD_KEY.fullmatch(key)
        if match is None:
            continue
        index, part = match.groups()
        if index:
            indexed.setdefault(index, {})[part] = params.str(key)
    # ``fields_attributes[][name]=..&fields_attributes[][value]=..`` pairs in order.
    names = params.list("fields_attributes[][name]")
    values = params.list("fields_attributes[][value]")
    for i in range(max(len(names), len(values))):
        sequence.append(
            {
                "name": names[i] if i < len(names) else "",
                "value": values[i] if i < len(values) else "",
            }
        )
    if not indexed and not sequence:
        if value is None:
            return None
        if isinstance(value, str) and value == "":
            return []
        return profile_service.fields_from_params(value)
    return profile_service.fields_from_params(indexed) + profile_service.fields_from_params(
        sequence
    )


def _source(params: Params) -> dict[str, Any]:
    """``source[privacy]`` and friends, from form keys or a JSON ``source`` object."""
    source = params.get("source")
    out: dict[str, Any] = dict(source) if isinstance(source, dict) else {}
    for key in params:
        match = SOURCE_KEY.fullmatch(key)
        if match is not None:
            out[match.group(1)] = params.get(key)
    return out


def _text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    raise DomainError(BAD_REQUEST, f"{name}: expected a string", field=name)


def settings_store_param(params: Params) -> dict[str, Any] | None:
    """``pleroma_settings_store``: a JSON object, or JSON text of one (``None`` when
    absent); 400 otherwise."""
    value = params.get("pleroma_settings_store")
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = orjson.loads(value) if value.strip() else {}
        except orjson.JSONDecodeError:
            raise DomainError(
                BAD_REQUEST,
                "pleroma_settings_store: expected a JSON object",
                field="pleroma_settings_store",
            ) from None
    if not isinstance(value, dict):
        raise DomainError(
            BAD_REQUEST,
            "pleroma_settings_store: expected a JSON object",
            field="pleroma_settings_store",
        )
    return value


def changes_from_params(params: Params) -> ProfileChanges:
    """The requested changes, as ``PATCH /api/v1/accounts/update_credentials`` spells them."""
    source = _source(params)
    privacy = _text(source.get("privacy"), "source[privacy]")
    if privacy is None:
        privacy = params.str("default_scope")
    sensitive = source.get("sensitive")
    changes = ProfileChanges(
        display_name=params.str("display_name"),
        note=params.str("note"),
        fields=_fields(params),
        privacy=privacy,
        sensitive=parse_bool(sensitive, "source[sensitive]") if sensitive is not None else None,
        language=_text(source.get("language"), "source[language]"),
        avatar=image_param(params, "avatar"),
        header=image_param(params, "header"),
        background=image_param(params, "pleroma_background_image"),
        actor_type=params.str("actor_type"),
        settings_store=settings_store_param(params),
    )
    for name in BOOLEANS:
        setattr(changes, name, params.optional_bool(name))
    return changes


async def update_credentials(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PATCH /api/v1/accounts/update_credentials``: change one's profile, all or nothing.

    Answers the viewer's own Account (as ``verify_credentials``). 422 for text over the
    limits, 413/415/422 for a picture that is too large, not an image or corrupt.
    """
    ctx.viewer.require(profile_service.SCOPE)
    account = await profile_service.update_profile(ctx, changes_from_params(params))
    return await render_own_account(ctx, account)


async def _legacy_image(
    ctx: RequestContext, params: Params, slot: str, param: str
) -> dict[str, Any]:
    ctx.viewer.require(profile_service.SCOPE)
    value = image_param(params, param)
    if value is None:
        raise DomainError(BAD_REQUEST, f"Missing field: {param}.", field=param)
    account = await profile_service.set_image(ctx, slot, value)
    return {"url": profile_service.image_url(ctx, account, slot)}


async def update_avatar(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PATCH /api/v1/pleroma/accounts/update_avatar`` (``img``): ``{"url": ...}``."""
    return await _legacy_image(ctx, params, "avatar", "img")


async def update_banner(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PATCH /api/v1/pleroma/accounts/update_banner`` (``banner``): ``{"url": ...}``."""
    return await _legacy_image(ctx, params, "header", "banner")


async def update_background(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PATCH /api/v1/pleroma/accounts/update_background`` (``img``): ``{"url": ...}``."""
    return await _legacy_image(ctx, params, "background", "img")


def render_mascot(ctx: RequestContext, mascot: profile_service.Mascot) -> dict[str, Any]:
    """An uploaded mascot as an Attachment; the default as Pleroma shows it (no ``type``)."""
    if mascot.media is not None:
        return render_attachment(ctx.policy, mascot.media)
    return {
        "id": mascot.id,
        "url": mascot.url,
        "preview_url": mascot.url,
        "pleroma": {"mime_type": mascot.mime_type},
    }


async def show_mascot(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v1/pleroma/mascot``: the viewer's mascot or the instance default."""
    return render_mascot(ctx, await profile_service.get_mascot(ctx))


async def update_mascot(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PUT /api/v1/pleroma/mascot`` (multipart ``file``): 415 unless it is an image."""
    ctx.viewer.require(profile_service.SCOPE)
    uploaded = params.file("file")
    if uploaded is None and params.get("file") not in (None, ""):
        raise DomainError(BAD_REQUEST, "file: expected a multipart file upload", field="file")
    file = (
        UploadInput(uploaded.filename, uploaded.content_type, uploaded.data)
        if uploaded is not None
        else None
    )
    return render_mascot(ctx, await profile_service.set_mascot(ctx, file))
