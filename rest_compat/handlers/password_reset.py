"""REST handlers: password reset links (``POST /auth/password``, the reset page) and the
admin API's ``password_reset`` / ``force_password_reset``.

The rules live in :mod:`schema.services.password_resets`. The page answers HTML built by
:mod:`rest_compat.render.password_reset_page` with the login page's headers; a refusal
there is an error page with a 4xx status, not JSON.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.http import html_response
from rest_compat.params import Params
from rest_compat.render import password_reset_page
from schema.context import RequestContext
from schema.errors import DomainError
from schema.services import password_resets


def _html(body: str, status: int = 200) -> web.Response:
    return html_response(body, status, password_reset_page.PAGE_HEADERS)


def _form_field(params: Params, name: str) -> Any:
    """``data[name]`` (Pleroma's form), ``{"data": {name: ...}}`` (JSON) or plain ``name``."""
    value = params.get(f"data[{name}]")
    if value is None:
        nested = params.get("data")
        if isinstance(nested, dict):
            value = nested.get(name)
    return value if value is not None else params.get(name)


def _action(request: web.Request) -> str:
    """Where the form posts: the reset path under the prefix the page was opened at."""
    prefix = "/api/v1/pleroma" if request.path.startswith("/api/v1/") else "/api/pleroma"
    return f"{prefix}/password_reset"


async def request_reset(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /auth/password`` (``email`` or ``nickname``): 204, whoever is named."""
    await password_resets.request_reset(
        ctx, email=params.get("email"), nickname=params.get("nickname")
    )
    return web.Response(status=204)


async def show_form(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /api/pleroma/password_reset/:token``: the form, or 404 ``Invalid Token``."""
    token = request.match_info.get("token", "")
    row = await password_resets.find_valid(token)
    name = ctx.policy.name
    if row is None:
        return _html(password_reset_page.invalid_token(instance_name=name), status=404)
    return _html(
        password_reset_page.form(
            instance_name=name, nickname=row.account.nickname, token=token,
            action=_action(request),
        )
    )


async def submit(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /api/pleroma/password_reset`` (``token``, ``password``,
    ``password_confirmation``, also as ``data[...]``): a success page, or an error page
    with the refusal's status."""
    home = ctx.policy.url("/")
    try:
        await password_resets.reset_password(
            ctx,
            _form_field(params, "token"),
            _form_field(params, "password"),
            _form_field(params, "password_confirmation"),
        )
    except DomainError as exc:
        page = password_reset_page.failed(
            instance_name=ctx.policy.name, home_url=home, reason=exc.message
        )
        return _html(page, status=exc.status)
    return _html(password_reset_page.success(instance_name=ctx.policy.name, home_url=home))


async def admin_link(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /admin/users/:nickname/password_reset``: ``{"token", "link"}``."""
    issued = await password_resets.admin_reset_link(ctx, request.match_info.get("nickname"))
    return {"token": issued.token, "link": issued.link}


async def force(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``PATCH /admin/users/force_password_reset`` (``nicknames[]``): 204."""
    await password_resets.force_reset(ctx, params.list("nicknames"))
    return web.Response(status=204)
