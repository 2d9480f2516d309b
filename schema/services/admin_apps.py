"""OAuth clients as admins manage them (Pleroma 2.2+ ``/api/pleroma/admin/oauth_app``).

Admins list, register, change and delete apps. The fields follow the one set of rules
clients register under (:func:`schema.services.apps.app_fields` / ``app_changes``); an
admin may also mark an app ``trusted`` (Plenum then spares its registrations the captcha).
Apps made here have no owner. Deleting an app deletes its tokens and authorization codes
in the same transaction, so every session and client using it stops working at once.

Admins see the client secrets (Pleroma's admin app view shows them); nobody else does.
Every function checks the admin itself: ``admin:write`` for all of them, the scope
Pleroma requires here, listing included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from models.ids import looks_like_id
from models.oauth import App, AuthorizationCode, Token
from schema.context import RequestContext
from schema.errors import NOT_FOUND, DomainError
from schema.services import apps

SCOPE = "write"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class AppPage:
    """One page of apps (oldest first) and how many match the filters in all."""

    apps: list[App]
    count: int
    page_size: int


def _unknown() -> DomainError:
    """Pleroma answers an unknown app id with 400 and an empty JSON string."""
    return DomainError(NOT_FOUND, "Not found", status=400, body="")


async def list_apps(
    ctx: RequestContext,
    *,
    name: str | None = None,
    client_id: str | None = None,
    trusted: bool | None = None,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> AppPage:
    """Apps whose name / client id equal ``name`` / ``client_id`` and whose ``trusted``
    flag is ``trusted`` (each filter only when given), oldest first; ``page`` from 1,
    ``page_size`` within 1..500. Two statements."""
    ctx.viewer.require_admin(SCOPE)
    size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    offset = (max(1, int(page)) - 1) * size
    query = App.all()
    if name:
        query = query.filter(name=name)
    if client_id:
        query = query.filter(client_id=client_id)
    if trusted is not None:
        query = query.filter(trusted=trusted)
    count = await query.count()
    rows = await query.order_by("id").offset(offset).limit(size) if count > offset else []
    return AppPage(apps=list(rows), count=count, page_size=size)


async def create_app(
    ctx: RequestContext,
    *,
    name: Any,
    redirect_uris: Any,
    scopes: Any = None,
    website: Any = None,
    trusted: bool = False,
) -> App:
    """Register an app for the instance (no owner), with its new credentials. Not
    idempotent. Errors: 400 ``Missing field: name.`` / ``Missing field: redirect_uris.``
    (both when both are missing), 422 for bad values (:func:`apps.app_fields`)."""
    ctx.viewer.require_admin(SCOPE)
    fields = apps.app_fields(
        name=name, redirect_uris=redirect_uris, scopes=scopes, website=website, name_field="name"
    )
    return await App.create(**apps.new_credentials(), **fields, trusted=bool(trusted))


async def _find(app_id: Any) -> App:
    app_id = str(app_id or "")
    row = await App.filter(id=app_id).first() if looks_like_id(app_id) else None
    if row is None:
        raise _unknown()
    return row


async def update_app(
    ctx: RequestContext,
    app_id: Any,
    *,
    name: Any = None,
    redirect_uris: Any = None,
    scopes: Any = None,
    website: Any = None,
    trusted: bool | None = None,
) -> App:
    """Change the given fields of app ``app_id`` (``None`` leaves one alone; the same
    rules as registration, :func:`apps.app_changes`). The app's tokens keep the scopes
    they were granted. 400 with an empty body for an unknown app (Pleroma's answer)."""
    ctx.viewer.require_admin(SCOPE)
    row = await _find(app_id)
    changes = apps.app_changes(
        name=name, redirect_uris=redirect_uris, scopes=scopes, website=website
    )
    if trusted is not None:
        changes["trusted"] = bool(trusted)
    if changes:
        await App.filter(id=row.id).update(**changes)
    return await App.get(id=row.id)


async def delete_app(ctx: RequestContext, app_id: Any) -> None:
    """Delete app ``app_id`` with its tokens and authorization codes, in one transaction:
    whoever used it is signed out at once. 400 with an empty body for an unknown app."""
    ctx.viewer.require_admin(SCOPE)
    row = await _find(app_id)
    async with in_transaction():
        await Token.filter(app_id=row.id).delete()
        await AuthorizationCode.filter(app_id=row.id).delete()
        deleted = await App.filter(id=row.id).delete()
    if not deleted:
        raise _unknown()
