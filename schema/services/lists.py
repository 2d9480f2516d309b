"""Lists: named sets of accounts an account reads as a timeline (Mastodon's lists, as
Pleroma serves them).

Only the owner reads or changes a list: every query is keyed by the viewer's account, and
someone else's list answers exactly like a missing one (404 ``List not found``, Pleroma's
words), so list ids reveal nothing. Reading needs ``read:lists``, changing
``write:lists``.

Membership follows Pleroma, not Mastodon: any account the owner may see can be added,
followed or not (unknown and hidden ids are skipped silently), and unfollowing or blocking
someone leaves them in the owner's lists. What protects the members' statuses is the
visibility rule itself: the list timeline (:func:`list_timeline`) is
:func:`~schema.services.visibility.visible_q` AND "written by a member", so a member's
followers-only statuses show only while the owner follows them, and direct statuses never
show (Pleroma's list timeline reads what members address to their followers or the
public). Reblogs are left out too (Pleroma's test "does not contain retoots").

Mastodon's ``replies_policy`` and ``exclusive`` are stored and shown, and change nothing
(Pleroma ignores them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from models.accounts import Account
from models.ids import looks_like_id
from models.lists import AccountList, ListMember
from models.statuses import Status
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, FORBIDDEN, NOT_FOUND, VALIDATION, DomainError
from schema.services import timelines
from schema.services.accounts import visible_to
from schema.services.pagination import PageRequest, finish, keyset
from schema.services.relationships import ListPage, get_target
from schema.services.visibility import ALL_VISIBILITIES

READ_SCOPE = "read:lists"
WRITE_SCOPE = "write:lists"
#: Pleroma lists at most this many of an account's lists, newest first.
INDEX_LIMIT = 50
#: The longest title kept (Pleroma's column is a varchar(255)).
MAX_TITLE = 255
#: Mastodon's ``replies_policy`` values; ``list`` is its default.
REPLIES_POLICIES = ("followed", "list", "none")
DEFAULT_REPLIES_POLICY = "list"
#: How many ``account_ids`` one request may add or remove.
MAX_ACCOUNT_IDS = 250
#: The members page's default size (Mastodon's).
MEMBERS_DEFAULT_LIMIT = 40

LIST_NOT_FOUND = "List not found"
#: Pleroma answers the timeline of a list that is not the viewer's with 403 ``Error.``.
TIMELINE_REFUSED = "Error."
BLANK_TITLE = "can't be blank"
LONG_TITLE = f"should be at most {MAX_TITLE} character(s)"
MISSING_TITLE = "Missing field: title."
BAD_POLICY = "Validation failed: Replies policy is not included in the list"
TOO_MANY_IDS = f"account_ids: at most {MAX_ACCOUNT_IDS} accounts at a time"


# --- checks ------------------------------------------------------------------------------


def checked_title(title: Any) -> str:
    """``title`` as stored: 422 ``can't be blank`` when empty or only spaces, 422
    ``should be at most 255 character(s)`` when longer (Ecto's words, as Pleroma answers
    changeset errors). Kept as typed otherwise."""
    if not isinstance(title, str) or not title.strip():
        raise DomainError(VALIDATION, BLANK_TITLE, field="title")
    if len(title) > MAX_TITLE:
        raise DomainError(VALIDATION, LONG_TITLE, field="title")
    return title


def checked_policy(policy: Any) -> str:
    """A Mastodon ``replies_policy``; 422 (Mastodon's message) for anything else."""
    if policy not in REPLIES_POLICIES:
        raise DomainError(VALIDATION, BAD_POLICY, field="replies_policy")
    return str(policy)


def account_ids(values: Iterable[Any]) -> list[str]:
    """The distinct ids among ``values`` that can name an account, in order.

    Anything that is not an id of this server's shape cannot name an account and is
    dropped (Pleroma skips unknown ids). 400 when more than :data:`MAX_ACCOUNT_IDS`
    distinct values are given.
    """
    distinct = list(dict.fromkeys(str(v) for v in values if isinstance(v, str | int)))
    if len(distinct) > MAX_ACCOUNT_IDS:
        raise DomainError(BAD_REQUEST, TOO_MANY_IDS, field="account_ids")
    return [v for v in distinct if looks_like_id(v)]


# --- reading -------------------------------------------------------------------------------


async def _owned(owner_id: str, list_id: Any) -> AccountList | None:
    if not isinstance(list_id, str) or not looks_like_id(list_id):
        return None
    return await AccountList.filter(id=list_id, account_id=owner_id).first()


async def get_list(ctx: RequestContext, list_id: Any, *, scope: str = READ_SCOPE) -> AccountList:
    """The viewer's list ``list_id`` (404 ``List not found`` for a missing list and for
    anyone else's). Needs ``scope`` (``read:lists`` by default). One statement."""
    viewer = ctx.viewer.require(scope)
    found = await _owned(viewer.id, list_id)
    if found is None:
        raise DomainError(NOT_FOUND, LIST_NOT_FOUND)
    return found


async def find_lists(ctx: RequestContext, ids: Sequence[str]) -> dict[str, AccountList]:
    """The viewer's lists among ``ids`` by id (someone else's and unknown ids left out).
    Needs ``read:lists``. One statement at most."""
    viewer = ctx.viewer.require(READ_SCOPE)
    wanted = [i for i in dict.fromkeys(ids) if isinstance(i, str) and looks_like_id(i)]
    if not wanted:
        return {}
    rows = await AccountList.filter(account_id=viewer.id, id__in=wanted)
    return {row.id: row for row in rows}


async def viewer_lists(ctx: RequestContext) -> list[AccountList]:
    """The viewer's lists, newest first, at most :data:`INDEX_LIMIT` (Pleroma's
    ``GET /api/v1/lists``). Needs ``read:lists``. One statement."""
    viewer = ctx.viewer.require(READ_SCOPE)
    return await AccountList.filter(account_id=viewer.id).order_by("-id").limit(INDEX_LIMIT)


async def lists_with_account(ctx: RequestContext, account_id: Any) -> list[AccountList]:
    """The viewer's lists that ``account_id`` is a member of, newest first
    (``GET /api/v1/accounts/:id/lists``). 404 ``Record not found`` for an account the
    viewer may not see. Needs ``read:lists``. Two statements."""
    viewer = ctx.viewer.require(READ_SCOPE)
    target = await get_target(ctx, str(account_id or ""))
    return await AccountList.filter(
        account_id=viewer.id, members__account_id=target.id
    ).order_by("-id")


async def list_accounts(ctx: RequestContext, list_id: Any, page: PageRequest) -> ListPage:
    """One page of the members of the viewer's list, most recently added first.

    The cursor of each item is its membership's id (what ``max_id`` / ``since_id`` /
    ``min_id`` compare). Members the viewer may no longer see (deactivated, as the
    followers list does in the query, or otherwise hidden) are left out.
    Needs ``read:lists``; 404 ``List not found``. Two statements whatever the page size.
    """
    found = await get_list(ctx, list_id)
    members = ListMember.filter(list_id=found.id, account__is_active=True)
    rows = await keyset(members.select_related("account"), page)
    return ListPage(
        [
            (row.id, row.account)
            for row in finish(rows, page)
            if visible_to(ctx.policy, row.account, ctx.viewer)
        ]
    )


async def list_timeline(
    ctx: RequestContext,
    list_id: Any,
    page: PageRequest,
    *,
    with_muted: bool = False,
    exclude_visibilities: Iterable[Any] = (),
) -> list[Status]:
    """The statuses of the list's members the viewer may see, newest first, reblogs and
    direct statuses left out (see the module docstring); muted accounts and threads left
    out unless ``with_muted``; ``exclude_visibilities`` drops those visibilities.

    403 ``Error.`` for a list that is not the viewer's (Pleroma's answer). Needs
    ``read:lists``. Two statements (the list, the page).
    """
    viewer = ctx.viewer.require(READ_SCOPE)
    found = await _owned(viewer.id, list_id)
    if found is None:
        raise DomainError(FORBIDDEN, TIMELINE_REFUSED)
    excluded = sorted({str(v) for v in exclude_visibilities} & set(ALL_VISIBILITIES))
    return await timelines.list_statuses(
        viewer.id, found.id, page, with_muted=with_muted, excluded=excluded
    )


# --- writing -------------------------------------------------------------------------------


async def create_list(
    ctx: RequestContext,
    title: Any,
    *,
    replies_policy: Any = None,
    exclusive: bool | None = None,
) -> AccountList:
    """A new list of the viewer's titled ``title`` (see :func:`checked_title`), with
    Mastodon's ``replies_policy`` (default ``list``) and ``exclusive`` (default false).
    400 ``Missing field: title.`` without a title. Needs ``write:lists``."""
    viewer = ctx.viewer.require(WRITE_SCOPE)
    if title is None:
        raise DomainError(BAD_REQUEST, MISSING_TITLE, field="title")
    values = {
        "title": checked_title(title),
        "replies_policy": (
            DEFAULT_REPLIES_POLICY if replies_policy is None else checked_policy(replies_policy)
        ),
        "exclusive": bool(exclusive),
    }
    return await AccountList.create(account_id=viewer.id, **values)


async def update_list(
    ctx: RequestContext,
    list_id: Any,
    *,
    title: Any = None,
    replies_policy: Any = None,
    exclusive: bool | None = None,
) -> AccountList:
    """Rename the viewer's list and/or change Mastodon's settings; ``None`` keeps a value.

    400 ``Missing field: title.`` when nothing is given; the checks of
    :func:`create_list` otherwise, before anything is written. Needs ``write:lists``;
    404 ``List not found``.
    """
    if title is None and replies_policy is None and exclusive is None:
        ctx.viewer.require(WRITE_SCOPE)
        raise DomainError(BAD_REQUEST, MISSING_TITLE, field="title")
    values: dict[str, Any] = {}
    if title is not None:
        values["title"] = checked_title(title)
    if replies_policy is not None:
        values["replies_policy"] = checked_policy(replies_policy)
    if exclusive is not None:
        values["exclusive"] = bool(exclusive)
    found = await get_list(ctx, list_id, scope=WRITE_SCOPE)
    found.update_from_dict(values)
    await found.save(update_fields=[*values, "updated_at"])
    return found


async def delete_list(ctx: RequestContext, list_id: Any) -> str:
    """Delete the viewer's list and its memberships (the database cascades); answers its
    id. Needs ``write:lists``; 404 ``List not found``. One statement."""
    viewer = ctx.viewer.require(WRITE_SCOPE)
    deleted = 0
    if isinstance(list_id, str) and looks_like_id(list_id):
        deleted = await AccountList.filter(id=list_id, account_id=viewer.id).delete()
    if not deleted:
        raise DomainError(NOT_FOUND, LIST_NOT_FOUND)
    return list_id


async def add_accounts(ctx: RequestContext, list_id: Any, ids: Iterable[Any]) -> AccountList:
    """Add the accounts ``ids`` to the viewer's list (Pleroma: any account the viewer may
    see, followed or not; unknown, hidden and present ones are skipped). Idempotent and
    safe under concurrency (one insert that ignores existing rows). Needs
    ``write:lists``; 404 ``List not found``. Three statements at most."""
    wanted = account_ids(ids)
    found = await get_list(ctx, list_id, scope=WRITE_SCOPE)
    if not wanted:
        return found
    accounts = await Account.filter(id__in=wanted)
    rows = [
        ListMember(list_id=found.id, account_id=account.id)
        for account in sorted(accounts, key=lambda a: wanted.index(a.id))
        if visible_to(ctx.policy, account, ctx.viewer)
    ]
    if rows:
        await ListMember.bulk_create(rows, ignore_conflicts=True)
    return found


async def remove_accounts(ctx: RequestContext, list_id: Any, ids: Iterable[Any]) -> AccountList:
    """Take the accounts ``ids`` out of the viewer's list (absent ones are ignored).
    Needs ``write:lists``; 404 ``List not found``. Two statements at most."""
    wanted = account_ids(ids)
    found = await get_list(ctx, list_id, scope=WRITE_SCOPE)
    if wanted:
        await ListMember.filter(list_id=found.id, account_id__in=wanted).delete()
    return found
