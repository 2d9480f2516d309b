"""The admin API's statuses: every status, one account's, one instance's; one status by
id; changing a status's scope; deleting it.

Admins see past the visibility rule: without ``godmode`` the lists hold what anyone may
see (public, unlisted, local: :func:`~schema.services.visibility.visible_q` for nobody),
with it every status, private and direct ones included; blocks and mutes do not apply.
One status by id is shown whatever its visibility. Lists are Pleroma's offset pages
(``page`` from 1, ``page_size``), newest first, reblogs left out unless
``with_reblogs``; one statement per page (and one more for a total), then the caller
hydrates the page.

Changes go through the rules every other path uses: :func:`status_scope.change_scope`
for sensitivity and visibility, :func:`statuses.remove_status` for deletion, each with
its moderation log entry (``status_update`` / ``status_delete``) written in the same
transaction. Every function checks the admin itself (``ctx.viewer.require_admin``), so
both projections get the same refusal; the configured admin token acts as an admin
without an account.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tortoise.queryset import QuerySet

from models.accounts import Account
from models.ids import looks_like_id
from models.statuses import Status
from schema.context import RequestContext
from schema.errors import NOT_FOUND, DomainError
from schema.services import accounts as accounts_service
from schema.services import instance as instance_service
from schema.services import moderation_log, status_scope, statuses
from schema.services.visibility import visible_q

READ_SCOPE = "read:statuses"
WRITE_SCOPE = "write:statuses"
#: Pleroma's admin answer for a missing status or account.
NOT_FOUND_MESSAGE = "Not found"
#: Pleroma's default page size for these lists (``@users_page_size`` / the OpenAPI spec).
DEFAULT_PAGE_SIZE = 50
#: Plenum's cap: a page is hydrated and rendered whole.
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class StatusListing:
    """Which statuses an admin list shows, and which page of them.

    ``local_only`` keeps statuses posted here; ``instance`` keeps the statuses of the
    accounts of that domain (this instance's own host means local accounts);
    ``account_id`` keeps one account's; ``godmode`` adds private and direct statuses;
    ``with_reblogs`` adds reblogs.
    """

    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    godmode: bool = False
    with_reblogs: bool = False
    local_only: bool = False
    account_id: str | None = None
    instance: str | None = None

    def bounds(self) -> tuple[int, int]:
        """``(offset, limit)``: ``page`` from 1, ``page_size`` within 1..MAX_PAGE_SIZE."""
        size = max(1, min(int(self.page_size), MAX_PAGE_SIZE))
        return (max(1, int(self.page)) - 1) * size, size


@dataclass(frozen=True)
class StatusPage:
    """One page of statuses, newest first, and how many the listing holds in all."""

    statuses: list[Status]
    total: int


def not_found() -> DomainError:
    """404 ``Not found``, as Pleroma's admin API answers a missing status or account."""
    return DomainError(NOT_FOUND, NOT_FOUND_MESSAGE)


def _listing_query(ctx: RequestContext, listing: StatusListing) -> QuerySet[Status]:
    query = Status.all()
    if not listing.godmode:
        query = query.filter(visible_q(None))
    if not listing.with_reblogs:
        query = query.filter(reblog_of_id=None)
    if listing.local_only:
        query = query.filter(local=True)
    if listing.account_id is not None:
        query = query.filter(account_id=listing.account_id)
    if listing.instance is not None:
        query = query.filter(instance_service.statuses_of_domain_q(ctx.policy, listing.instance))
    return query


async def _page(ctx: RequestContext, listing: StatusListing) -> list[Status]:
    offset, limit = listing.bounds()
    query = _listing_query(ctx, listing).order_by("-id").offset(offset).limit(limit)
    return list(await query)


async def list_statuses(ctx: RequestContext, listing: StatusListing) -> list[Status]:
    """``GET /api/pleroma/admin/statuses``: one page of every status (see the module doc).

    One statement. Needs ``admin:read:statuses``.
    """
    ctx.viewer.require_admin(READ_SCOPE)
    return await _page(ctx, listing)


async def _page_with_total(ctx: RequestContext, listing: StatusListing) -> StatusPage:
    total = await _listing_query(ctx, listing).count()
    rows = await _page(ctx, listing) if total else []
    return StatusPage(statuses=rows, total=total)


async def find_account(ctx: RequestContext, ref: str) -> Account:
    """The account named by ``ref`` (an id, a nickname or ``nick@domain``; deactivated ones
    too); 404 ``Not found`` otherwise."""
    try:
        return await accounts_service.get_account(ctx.policy, (ref or "").strip())
    except DomainError as error:
        if error.kind is NOT_FOUND:
            raise not_found() from None
        raise


async def account_statuses(
    ctx: RequestContext, ref: str, listing: StatusListing
) -> StatusPage:
    """``GET /api/pleroma/admin/users/:nickname/statuses``: one account's statuses and their
    total (Pleroma 2.3+). 404 ``Not found`` for an unknown account. Three statements.
    Needs ``admin:read:statuses``."""
    ctx.viewer.require_admin(READ_SCOPE)
    account = await find_account(ctx, ref)
    return await _page_with_total(ctx, replace(listing, account_id=account.id, instance=None))


async def instance_statuses(
    ctx: RequestContext, instance: str, listing: StatusListing
) -> StatusPage:
    """``GET /api/pleroma/admin/instances/:instance/statuses``: the statuses of the accounts
    of domain ``instance`` and their total (empty for a domain nobody here knows). This
    instance's own host lists local statuses, as Pleroma matches the actor's host. Two
    statements. Needs ``admin:read:statuses``."""
    ctx.viewer.require_admin(READ_SCOPE)
    return await _page_with_total(
        ctx, replace(listing, instance=instance or "", account_id=None)
    )


async def get_status(ctx: RequestContext, status_id: str) -> Status:
    """``GET /api/pleroma/admin/statuses/:id``: any status, reblogs included, whatever its
    visibility; 404 ``Not found``. Needs ``admin:read:statuses``."""
    ctx.viewer.require_admin(READ_SCOPE)
    status_id = str(status_id or "")
    row = await Status.filter(id=status_id).first() if looks_like_id(status_id) else None
    if row is None:
        raise not_found()
    return row


async def _original(status_id: str) -> Status:
    """The status ``status_id`` if it is a post (not a reblog); 404 ``Not found`` otherwise,
    as Pleroma's admin API only changes and deletes posts."""
    status_id = str(status_id or "")
    row = (
        await Status.filter(id=status_id, reblog_of_id=None).first()
        if looks_like_id(status_id)
        else None
    )
    if row is None:
        raise not_found()
    return row


async def update_status(
    ctx: RequestContext,
    status_id: str,
    *,
    sensitive: bool | None = None,
    visibility: str | None = None,
) -> Status:
    """``PUT /api/pleroma/admin/statuses/:id``: set ``sensitive`` and/or ``visibility``
    (``public``, ``unlisted``, ``private``) through :func:`status_scope.change_scope`, with
    a ``status_update`` log entry in the same transaction (written even when nothing
    changes, as Pleroma does). Errors: 400 ``Unsupported visibility``; 404 ``Not found``
    for a missing status or a reblog. Needs ``admin:write:statuses``."""
    ctx.viewer.require_admin(WRITE_SCOPE)
    status_scope.check_visibility(visibility)
    row = await _original(status_id)

    async def log() -> None:
        await moderation_log.record(
            ctx,
            "status_update",
            subject={"type": "status", "id": row.id},
            sensitive=sensitive,
            visibility=visibility,
        )

    return await status_scope.change_scope(
        row, sensitive=sensitive, visibility=visibility, within=log, missing=not_found()
    )


async def delete_status(ctx: RequestContext, status_id: str) -> Status:
    """``DELETE /api/pleroma/admin/statuses/:id``: delete any post through
    :func:`statuses.remove_status` (counters, conversations, notifications, streams), with
    a ``status_delete`` log entry in the same transaction; returns the row as it was.
    404 ``Not found`` for a missing status or a reblog. Needs ``admin:write:statuses``."""
    ctx.viewer.require_admin(WRITE_SCOPE)
    row = await _original(status_id)

    async def log() -> None:
        await moderation_log.record(ctx, "status_delete", subject_id=row.id)

    if not await statuses.remove_status(row, within=log):
        raise not_found()
    return row

