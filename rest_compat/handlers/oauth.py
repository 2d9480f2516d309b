"""REST handlers: the OAuth2 endpoints (``/oauth/*`` and the RFC 8414 metadata).

Rules live in :mod:`schema.services.oauth`; these handlers read the HTTP shapes (form field
names, Basic client auth, cookies) and render JSON or the HTML pages.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.http import html_response
from rest_compat.params import Params
from rest_compat.render import app as render_app
from rest_compat.render import oauth_page
from rest_compat.session import clear_session_cookies, client_credentials, set_session_cookie
from schema.context import RequestContext
from schema.errors import DomainError
from schema.services import oauth


def _auth_field(params: Params, name: str) -> str | None:
    """A field of the authorize form: ``authorization[name]`` or plain ``name``."""
    value = params.str(f"authorization[{name}]")
    return value if value is not None else params.str(name)


def _html(body: str, status: int = 200) -> web.Response:
    return html_response(body, status, oauth_page.PAGE_HEADERS)


async def _prepare(ctx: RequestContext, params: Params) -> oauth.AuthorizationRequest:
    scope = _auth_field(params, "scope") or _auth_field(params, "scopes")
    return await oauth.prepare_authorization(
        ctx,
        client_id=_auth_field(params, "client_id"),
        redirect_uri=_auth_field(params, "redirect_uri"),
        response_type=_auth_field(params, "response_type"),
        scope=scope,
        state=_auth_field(params, "state"),
        code_challenge=_auth_field(params, "code_challenge"),
        code_challenge_method=_auth_field(params, "code_challenge_method"),
    )


def _form(
    ctx: RequestContext, req: oauth.AuthorizationRequest, *, login: str = "",
    error: str | None = None,
) -> str:
    return oauth_page.authorize_form(
        instance_name=ctx.policy.name,
        app_name=req.app.name,
        app_website=req.app.website,
        client_id=req.app.client_id,
        redirect_uri=req.redirect_uri,
        response_type="code",
        scopes=req.scopes,
        state=req.state,
        code_challenge=req.code_challenge,
        code_challenge_method=req.code_challenge_method,
        login=login,
        error=error,
    )


async def authorize_form(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /oauth/authorize``: the login and consent page (400 JSON for a bad client)."""
    req = await _prepare(ctx, params)
    return _html(_form(ctx, req))


async def authorize_submit(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /oauth/authorize``: log in, issue a code, start a session.

    Redirects 302 to ``redirect_uri?code=...&state=...`` or, for the out-of-band URI, shows
    the code. A failed login re-renders the form (401 ``Invalid credentials.``, 403 for an
    account that may not log in).
    """
    req = await _prepare(ctx, params)
    login = _auth_field(params, "name") or _auth_field(params, "username") or ""
    try:
        granted = await oauth.grant_authorization(
            ctx, req, login=login, password=_auth_field(params, "password")
        )
    except DomainError as exc:
        return _html(_form(ctx, req, login=login, error=exc.message), status=exc.status)
    if granted.redirect_to is None:
        response = _html(
            oauth_page.oob_code(
                instance_name=ctx.policy.name, app_name=req.app.name, code=granted.code
            )
        )
    else:
        response = web.Response(
            status=302,
            headers={"Location": granted.redirect_to, "Cache-Control": "no-store"},
        )
    set_session_cookie(response, ctx.policy, granted.session_cookie)
    return response


_GRANT_FIELDS = (
    "username", "name", "password", "code", "redirect_uri", "code_verifier", "refresh_token",
)  # fmt: skip


async def token(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /oauth/token``: exchange a grant for a token (see ``oauth.token_exchange``)."""
    client_id, client_secret = client_credentials(request, params)
    fields: dict[str, Any] = {name: params.str(name) for name in _GRANT_FIELDS}
    fields["scope"] = params.get("scope") or params.get("scopes")
    issued = await oauth.token_exchange(
        ctx,
        grant_type=params.str("grant_type"),
        client_id=client_id,
        client_secret=client_secret,
        fields=fields,
    )
    return render_app.token(issued)


async def revoke(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``POST /oauth/revoke``: revoke a token of the client; always ``{}`` for unknown ones.

    (Browser sessions hold a token whose string is never handed out; they end through
    ``/auth/sign_out``.)
    """
    client_id, client_secret = client_credentials(request, params)
    await oauth.revoke_token(
        ctx, client_id=client_id, client_secret=client_secret, token=params.str("token")
    )
    return {}


async def sign_out(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET|POST /auth/sign_out``: end the cookie session and go to ``/``."""
    await oauth.sign_out(ctx)
    response = web.Response(status=302, headers={"Location": "/", "Cache-Control": "no-store"})
    clear_session_cookies(response, ctx.policy)
    return response


async def metadata(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /.well-known/oauth-authorization-server``: RFC 8414 metadata."""
    return oauth.server_metadata(ctx.policy)
