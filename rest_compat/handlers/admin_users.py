"""REST handlers: Pleroma's admin API for users (``/api/pleroma/admin/users...`` and
``/api/v1/pleroma/admin/users...``).

Every rule (who may, what is refused, the moderation log) is in
:mod:`schema.services.admin_users`; these read the parameters, call it and answer in
Pleroma's shapes (:mod:`rest_compat.render.admin_account`).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.handlers.profile import image_param, settings_store_param
from rest_compat.http import json_response
from rest_compat.params import Params, parse_bool
from rest_compat.render.admin_account import (
    render_admin_account,
    render_admin_credentials,
    render_admin_users,
    render_created,
    render_permission_groups,
    render_refused,
    render_user_page,
)
from schema.context import RequestContext
from schema.errors import DomainError
from schema.services import admin_users
from schema.services import profile as profile_service
from schema.services.profile import ProfileChanges

OK = "ok"


def _nicknames(params: Params) -> list[Any]:
    return params.list("nicknames")


async def list_users(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /admin/users``: ``{"users", "count", "page_size"}``."""
    page = await admin_users.list_users(
        ctx,
        query=params.str("query"),
        filters=admin_users.parse_filters(params.str("filters")),
        tags=params.list("tags"),
        actor_types=params.list("actor_types"),
        name=params.str("name"),
        email=params.str("email"),
        page=params.int("page", 1),
        page_size=params.int("page_size", admin_users.DEFAULT_PAGE_SIZE),
    )
    return render_user_page(ctx.policy, page)


async def show(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /admin/users/:nickname_or_id``: the admin view, or 404 ``Not found``."""
    return render_admin_account(ctx.policy, await admin_users.get_user(ctx, params["nickname"]))


async def create(request: Any, ctx: RequestContext, params: Params) -> Any:
    """``POST /admin/users`` (``users: [{nickname, email, password}]``): all or none;
    409 with every entry when one is refused."""
    users = admin_users.new_users(params.get("users"))
    try:
        created = await admin_users.create_users(ctx, users)
    except admin_users.UsersRefused as refused:
        return json_response(render_refused(refused.entries), status=409)
    return [render_created(a) for a in created]


async def delete(request: Any, ctx: RequestContext, params: Params) -> Any:
    """``DELETE /admin/users``: ``nicknames[]`` answers the list, the deprecated
    ``nickname`` answers the string."""
    if params.get("nickname") is not None:
        nickname = params.str("nickname")
        await admin_users.delete_users(ctx, [nickname])
        return nickname
    nicknames = _nicknames(params)
    await admin_users.delete_users(ctx, nicknames)
    return nicknames


async def follow(request: Any, ctx: RequestContext, params: Params) -> str:
    """``POST /admin/users/follow`` (``follower``, ``followed``): ``"ok"``."""
    await admin_users.force_follow(ctx, params.get("follower"), params.get("followed"))
    return OK


async def unfollow(request: Any, ctx: RequestContext, params: Params) -> str:
    """``POST /admin/users/unfollow`` (``follower``, ``followed``): ``"ok"``."""
    await admin_users.force_unfollow(ctx, params.get("follower"), params.get("followed"))
    return OK


async def activate(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PATCH /admin/users/activate`` (``nicknames[]``): ``{"users": [...]}``."""
    return render_admin_users(
        ctx.policy, await admin_users.set_active(ctx, _nicknames(params), True)
    )


async def deactivate(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PATCH /admin/users/deactivate`` (``nicknames[]``): ``{"users": [...]}``."""
    return render_admin_users(
        ctx.policy, await admin_users.set_active(ctx, _nicknames(params), False)
    )


async def toggle_activation(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PATCH /admin/users/:nickname/toggle_activation``: the account as saved."""
    account = await admin_users.toggle_activation(ctx, params["nickname"])
    return render_admin_account(ctx.policy, account)


async def approve(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``PATCH /admin/users/approve`` (``nicknames[]``): ``{"users": [...]}``."""
    return render_admin_users(ctx.policy, await admin_users.approve(ctx, _nicknames(params)))


async def tag(request: Any, ctx: RequestContext, params: Params) -> web.Response:
    """``PUT /admin/users/tag`` (``nicknames[]``, ``tags[]``): 204."""
    await admin_users.tag_users(ctx, _nicknames(params), params.list("tags"))
    return web.Response(status=204)


async def untag(request: Any, ctx: RequestContext, params: Params) -> web.Response:
    """``DELETE /admin/users/tag`` (``nicknames[]``, ``tags[]``): 204."""
    await admin_users.untag_users(ctx, _nicknames(params), params.list("tags"))
    return web.Response(status=204)


async def permission_groups(request: Any, ctx: RequestContext, params: Params) -> dict[str, bool]:
    """``GET /admin/users/:nickname/permission_group[/:permission_group]``:
    ``{"is_admin", "is_moderator"}``."""
    account = await admin_users.permission_groups(
        ctx, params["nickname"], params.get("permission_group")
    )
    return render_permission_groups(account)


async def _set_permission(
    ctx: RequestContext, params: Params, granted: bool, legacy: bool
) -> dict[str, bool]:
    group = params.get("permission_group")
    nicknames = [params["nickname"]] if legacy else _nicknames(params)
    await admin_users.set_permission(ctx, nicknames, group, granted, legacy=legacy)
    return {f"is_{group}": granted}


async def grant(request: Any, ctx: RequestContext, params: Params) -> dict[str, bool]:
    """``POST /admin/users/permission_group/:group`` (``nicknames[]``): ``{"is_<group>":
    true}``; 404 ``No such permission_group``."""
    return await _set_permission(ctx, params, True, legacy=False)


async def revoke(request: Any, ctx: RequestContext, params: Params) -> dict[str, bool]:
    """``DELETE /admin/users/permission_group/:group`` (``nicknames[]``):
    ``{"is_<group>": false}``; 403 for one's own role."""
    return await _set_permission(ctx, params, False, legacy=False)


async def grant_one(request: Any, ctx: RequestContext, params: Params) -> dict[str, bool]:
    """Deprecated ``POST /admin/users/:nickname/permission_group/:group``."""
    return await _set_permission(ctx, params, True, legacy=True)


async def revoke_one(request: Any, ctx: RequestContext, params: Params) -> dict[str, bool]:
    """Deprecated ``DELETE /admin/users/:nickname/permission_group/:group``."""
    return await _set_permission(ctx, params, False, legacy=True)


async def confirm_email(request: Any, ctx: RequestContext, params: Params) -> str:
    """``PATCH /admin/users/confirm_email`` (``nicknames[]``): ``""`` as Pleroma."""
    await admin_users.confirm_emails(ctx, _nicknames(params))
    return ""


async def resend_confirmation_email(request: Any, ctx: RequestContext, params: Params) -> str:
    """``PATCH /admin/users/resend_confirmation_email`` (``nicknames[]``): ``""``."""
    await admin_users.resend_confirmation(ctx, _nicknames(params))
    return ""


async def credentials(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /admin/users/:nickname/credentials``."""
    account = await admin_users.get_credentials(ctx, params["nickname"])
    return render_admin_credentials(ctx.policy, account)


#: Boolean parameters of ``PATCH .../credentials`` and the profile change each sets
#: (both Pleroma generations' names for ``locked`` and ``discoverable``).
CREDENTIAL_BOOLEANS = {
    "locked": "locked",
    "is_locked": "locked",
    "discoverable": "discoverable",
    "is_discoverable": "discoverable",
    "no_rich_text": "no_rich_text",
    "hide_follows": "hide_follows",
    "hide_followers": "hide_followers",
    "hide_follows_count": "hide_follows_count",
    "hide_followers_count": "hide_followers_count",
    "hide_favorites": "hide_favorites",
    "allow_following_move": "allow_following_move",
    "show_role": "show_role",
    "skip_thread_containment": "skip_thread_containment",
}


def credential_changes(params: Params) -> ProfileChanges:
    """The profile part of ``PATCH .../credentials``, in Pleroma's parameter names."""
    fields = params.get("fields", params.get("raw_fields"))
    changes = ProfileChanges(
        display_name=params.str("name"),
        note=params.str("bio"),
        privacy=params.str("default_scope"),
        actor_type=params.str("actor_type"),
        fields=profile_service.fields_from_params(fields) if fields is not None else None,
        avatar=image_param(params, "avatar"),
        header=image_param(params, "banner"),
        background=image_param(params, "background"),
        settings_store=settings_store_param(params),
    )
    for name, attribute in CREDENTIAL_BOOLEANS.items():
        value = params.get(name)
        if value is not None:
            setattr(changes, attribute, parse_bool(value, name))
    return changes


async def update_credentials(request: Any, ctx: RequestContext, params: Params) -> Any:
    """``PATCH /admin/users/:nickname/credentials``: ``{"status": "success"}``; 400
    ``{"errors": {field: message}}`` for refused values, as Pleroma."""
    try:
        await admin_users.update_credentials(
            ctx,
            params["nickname"],
            credential_changes(params),
            email=params.str("email"),
            password=params.str("password"),
        )
    except DomainError as error:
        problems = error.extra.get("field_errors") if error.extra else None
        if error.status != 400 or not problems:
            raise
        return json_response(
            {"errors": {field: messages[0] for field, messages in problems.items()}}, 400
        )
    return {"status": "success"}
