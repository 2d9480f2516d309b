"""REST handlers: an account's own security actions (Pleroma's ``/api/pleroma/...``).

Each calls one function of :mod:`schema.services.account_security`. Refusals come back as
``DomainError`` with status 200, which the error middleware answers as Pleroma does:
200 ``{"error": "..."}``.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.params import Params
from schema.context import RequestContext
from schema.services import account_security

SUCCESS = {"status": "success"}


def _body_str(params: Params, key: str) -> str | None:
    """``key`` only when it came in the body (Pleroma 2.4.1+ for passwords and email)."""
    return params.str(key) if params.in_body(key) else None


async def delete_account(request: Any, ctx: RequestContext, params: Params) -> dict[str, str]:
    """``POST /api/pleroma/delete_account`` (``password``): ``{"status":"success"}``."""
    await account_security.delete_account(ctx, params.str("password"))
    return SUCCESS


async def disable_account(request: Any, ctx: RequestContext, params: Params) -> dict[str, str]:
    """``POST /api/pleroma/disable_account`` (``password``): ``{"status":"success"}``."""
    await account_security.disable_account(ctx, params.str("password"))
    return SUCCESS


async def change_email(request: Any, ctx: RequestContext, params: Params) -> dict[str, str]:
    """``POST /api/pleroma/change_email`` (``password``, ``email`` in the body)."""
    await account_security.change_email(
        ctx, _body_str(params, "password"), _body_str(params, "email")
    )
    return SUCCESS


async def change_password(request: Any, ctx: RequestContext, params: Params) -> dict[str, str]:
    """``POST /api/pleroma/change_password`` (``password``, ``new_password``,
    ``new_password_confirmation`` in the body)."""
    await account_security.change_password(
        ctx,
        _body_str(params, "password"),
        _body_str(params, "new_password"),
        _body_str(params, "new_password_confirmation"),
    )
    return SUCCESS


async def confirmation_resend(
    request: Any, ctx: RequestContext, params: Params
) -> web.Response:
    """``POST /api/v1/pleroma/accounts/confirmation_resend`` (``email`` or ``nickname``,
    query or body): 204 whether or not the account exists."""
    await account_security.resend_confirmation(
        ctx, email=params.str("email"), nickname=params.str("nickname")
    )
    return web.Response(status=204)
