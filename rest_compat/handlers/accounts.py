"""REST handlers: registration (Mastodon and seed paths), email confirmation, account reads."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.params import Params, parse_bool
from rest_compat.render import app as app_render
from rest_compat.render.account import render_account
from rest_compat.render.twitter_user import render_twitter_user
from schema.context import RequestContext
from schema.errors import DomainError, openapi_error, openapi_type_name
from schema.services import accounts as accounts_service
from schema.services import registration
from schema.services.own_counts import own_counts
from schema.services.registration import RegistrationInput


async def register(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/v1/accounts``: register through an app token.

    Answers the token JSON when the account may log in now, else Pleroma's
    ``{"identifier", "message"}``. Missing ``username``/``password``/``agreement`` give the
    OpenAPI error shape; rule violations give 400 with the JSON-encoded field errors.
    """
    missing = [
        (name, f"Missing field: {name}", f"Missing field: {name}.")
        for name in ("username", "password", "agreement")
        if params.get(name) is None
    ]
    if missing:
        raise openapi_error(missing)
    try:
        agreement = parse_bool(params.get("agreement"), "agreement")
    except DomainError:
        got = openapi_type_name(params.get("agreement"))
        message = f"Invalid boolean. Got: {got}"
        raise openapi_error([("agreement", message, f"agreement - {message}.")]) from None
    data = RegistrationInput(
        nickname=params.str("username"),
        email=params.str("email"),
        password=params.str("password"),
        confirm=None,
        fullname=params.str("fullname"),
        bio=params.str("bio"),
        agreement=agreement,
        locale=params.str("locale"),
        reason=params.str("reason"),
        captcha_solution=params.str("captcha_solution"),
        captcha_token=params.str("captcha_token"),
        captcha_answer_data=params.str("captcha_answer_data"),
        invite_token=params.str("token"),
    )
    result = await registration.register(ctx, data, app=ctx.viewer.app)
    if result.issued is not None:
        body = app_render.token(result.issued)
        body.setdefault("me", result.account.uri)
        return body
    return {
        "identifier": result.identifier or "manual_login_required",
        "message": result.message or registration.MESSAGE_MANUAL,
    }


async def register_legacy(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``POST /api/account/register`` (seed): the TwitterAPI user object of the new account.

    ``{}`` when the account must confirm its email first (it is not visible yet). Invite
    problems answer a bare JSON string, as the seed did.
    """
    data = RegistrationInput(
        nickname=params.str("nickname"),
        email=params.str("email"),
        password=params.str("password"),
        confirm=params.str("confirm", ""),
        fullname=params.str("fullname"),
        bio=params.str("bio"),
        captcha_solution=params.str("captcha_solution"),
        captcha_token=params.str("captcha_token"),
        captcha_answer_data=params.str("captcha_answer_data"),
        invite_token=params.str("token"),
    )
    result = await registration.register(ctx, data, legacy=True)
    account = result.account
    if ctx.policy.account_activation_required and not account.is_confirmed:
        return {}
    return render_twitter_user(ctx.policy, account)


async def confirm_email(request: Any, ctx: RequestContext, params: Params) -> web.StreamResponse:
    """``GET /api/account/confirm_email/:id/:token``: confirm, then redirect to ``/``."""
    await registration.confirm_email(ctx, params.str("id", ""), params.str("token", ""))
    return web.Response(status=302, headers={"Location": "/"})


async def verify_credentials(
    request: Any, ctx: RequestContext, params: Params
) -> dict[str, Any]:
    """``GET /api/v1/accounts/verify_credentials``: the viewer's account with ``source``."""
    return await render_own_account(ctx, ctx.viewer.require_account())


async def render_own_account(ctx: RequestContext, account: Any) -> dict[str, Any]:
    """The owner's view of ``account`` (``source``, pending follow requests, unread
    conversations and notifications), as ``verify_credentials`` and ``update_credentials``
    answer it. The counters cost one statement, unless they were read with the token."""
    counts = ctx.viewer.own_counts
    if counts is None or ctx.viewer.account_id != account.id:
        counts = await own_counts(account.id)
    return render_account(
        ctx.policy,
        account,
        viewer=ctx.viewer,
        for_owner=True,
        source=True,
        counts=counts,
    )


async def lookup(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v1/accounts/lookup?acct=``: 404 ``Can't find user`` when unknown or hidden."""
    acct = params.str("acct")
    if acct is None:
        raise openapi_error([("acct", "Missing field: acct", "Missing field: acct.")])
    account = await accounts_service.lookup_visible(ctx, acct)
    return render_account(ctx.policy, account, viewer=ctx.viewer)


async def show(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """``GET /api/v1/accounts/:id`` (id or nickname): 404 ``Can't find user`` otherwise."""
    account = await accounts_service.find_visible(ctx, params.str("id", ""))
    return render_account(ctx.policy, account, viewer=ctx.viewer)
