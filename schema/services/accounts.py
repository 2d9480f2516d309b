"""Accounts: creation, lookup by id / nickname / acct, profile facts.

Registration's validation rules live in :mod:`schema.services.registration`; this module
holds what every path that makes or finds an account shares.
"""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from models.accounts import Account, account_key
from models.ids import looks_like_id
from schema.errors import NOT_FOUND, DomainError
from schema.instance import InstancePolicy
from schema.services.passwords import hash_password


def local_uri(policy: InstancePolicy, nickname: str) -> str:
    """The ActivityPub id of a local account."""
    return policy.url(f"/users/{nickname}")


async def create_local_account(
    policy: InstancePolicy,
    *,
    nickname: str,
    email: str | None,
    password: str | None,
    display_name: str | None = None,
    bio: str = "",
    bio_html: str | None = None,
    is_admin: bool = False,
    is_moderator: bool = False,
    is_confirmed: bool = True,
    is_approved: bool = True,
    registration_reason: str | None = None,
) -> Account:
    """Insert a local account; the caller has validated the fields.

    Uniqueness of nickname and email is enforced by the database too, so a race ends in
    an ``IntegrityError`` rather than a duplicate.
    """
    async with in_transaction():
        return await Account.create(
            nickname=nickname,
            nickname_lower=nickname.lower(),
            domain=None,
            local=True,
            email=email or None,
            email_lower=email.lower() if email else None,
            password_hash=hash_password(password) if password else None,
            display_name=display_name if display_name is not None else nickname,
            bio=bio,
            bio_html=bio_html if bio_html is not None else bio,
            is_admin=is_admin,
            is_moderator=is_moderator,
            is_confirmed=is_confirmed,
            is_approved=is_approved,
            registration_reason=registration_reason,
            uri=local_uri(policy, nickname),
            url=local_uri(policy, nickname),
            inbox_url=policy.url(f"/users/{nickname}/inbox"),
            shared_inbox_url=policy.url("/inbox"),
        )


async def find_local_by_nickname(nickname: str) -> Account | None:
    """The local account with ``nickname`` (case-insensitive), or ``None``."""
    return await Account.filter(nickname_lower=nickname.lower(), domain=None).first()


async def find_by_login(login: str) -> Account | None:
    """The local account whose nickname or email is ``login``, or ``None``."""
    login = login.strip()
    if "@" in login.lstrip("@"):
        found = await Account.filter(email_lower=login.lower(), domain=None).first()
        if found is not None:
            return found
    return await find_local_by_nickname(login.lstrip("@"))


def acct_key_of(policy: InstancePolicy, acct: str) -> str | None:
    """The ``Account.acct_key`` an acct names (``nick``, ``@nick``, ``nick@host``,
    ``acct:nick@host``; this instance's own host means a local account), or ``None``
    when it names nobody."""
    acct = acct.strip().lstrip("@")
    if acct.startswith("acct:"):
        acct = acct[5:]
    nickname, _, host = acct.partition("@")
    if not nickname:
        return None
    if host.lower() == policy.host.lower():
        host = ""
    return account_key(nickname, host or None)


async def find_by_acct(policy: InstancePolicy, acct: str) -> Account | None:
    """The account named by ``acct`` (``nick``, ``@nick``, ``nick@host``), or ``None``."""
    key = acct_key_of(policy, acct)
    if key is None:
        return None
    return await Account.filter(acct_key=key).first()


async def get_account(policy: InstancePolicy, ref: str) -> Account:
    """The account with id ``ref``, else the one whose acct is ``ref``; 404 otherwise.

    Deactivated accounts are found too (callers decide what they may show).
    """
    account = None
    if looks_like_id(ref):
        account = await Account.filter(id=ref).first()
    if account is None:
        account = await find_by_acct(policy, ref)
    if account is None:
        raise DomainError(NOT_FOUND)
    return account


DEFAULT_AVATAR_PATH = "/images/avi.png"
DEFAULT_HEADER_PATH = "/images/banner.png"


def acct(policy: InstancePolicy, account: Account) -> str:
    """``nickname`` for local accounts, ``nickname@domain`` for remote ones."""
    return account.nickname if account.local else f"{account.nickname}@{account.domain}"


def _absolute(policy: InstancePolicy, url: str | None) -> str | None:
    """A stored picture URL made absolute (uploads are stored as ``/media/...`` paths)."""
    if url and url.startswith("/"):
        return policy.url(url)
    return url or None


def avatar_url(policy: InstancePolicy, account: Account) -> str:
    """The avatar URL, or the instance's default avatar (absolute)."""
    return _absolute(policy, account.avatar_url) or policy.url(DEFAULT_AVATAR_PATH)


def header_url(policy: InstancePolicy, account: Account) -> str:
    """The header (banner) URL, or the instance's default banner (absolute)."""
    return _absolute(policy, account.header_url) or policy.url(DEFAULT_HEADER_PATH)


def background_url(policy: InstancePolicy, account: Account) -> str | None:
    """Pleroma's profile background image (absolute), or ``None`` when unset."""
    return _absolute(policy, account.background_url)


def role(account: Account) -> str:
    """``admin``, ``moderator`` or ``member``."""
    if account.is_admin:
        return "admin"
    if account.is_moderator:
        return "moderator"
    return "member"


def _is_owner(viewer: Any, account: Account) -> bool:
    return viewer is not None and getattr(viewer, "account_id", None) == account.id


def followers_count(viewer: Any, account: Account) -> int:
    """The followers count ``viewer`` may see: 0 when the owner hides it (or the list)."""
    if (account.hide_followers_count or account.hide_followers) and not _is_owner(viewer, account):
        return 0
    return int(account.followers_count)


def following_count(viewer: Any, account: Account) -> int:
    """The follows count ``viewer`` may see: 0 when the owner hides it (or the list)."""
    if (account.hide_follows_count or account.hide_follows) and not _is_owner(viewer, account):
        return 0
    return int(account.following_count)


def visible_to(policy: InstancePolicy, account: Account, viewer: Any) -> bool:
    """True when ``viewer`` may see ``account`` at all (Pleroma's ``visible_for``).

    The owner and admins see every account; others do not see deactivated accounts,
    accounts awaiting approval, or (when activation is required) unconfirmed ones.
    """
    if viewer is not None and viewer.account_id is not None and (
        viewer.account_id == account.id or viewer.is_admin
    ):
        return True
    if not account.is_active or not account.is_approved:
        return False
    return not (policy.account_activation_required and not account.is_confirmed)


CANT_FIND_USER = "Can't find user"


async def find_visible(ctx: Any, ref: str) -> Account:
    """The account with id or acct ``ref`` if the viewer may see it.

    Raises ``DomainError(NOT_FOUND, "Can't find user")`` otherwise (unknown and hidden
    accounts answer the same, so hidden ones are not revealed).
    """
    try:
        account = await get_account(ctx.policy, ref)
    except DomainError:
        raise DomainError(NOT_FOUND, CANT_FIND_USER) from None
    if not visible_to(ctx.policy, account, ctx.viewer):
        raise DomainError(NOT_FOUND, CANT_FIND_USER)
    return account


async def lookup_visible(ctx: Any, acct_ref: str) -> Account:
    """The account named by ``acct_ref`` (``nick``, ``@nick``, ``nick@host``) if visible.

    Raises ``DomainError(NOT_FOUND, "Can't find user")`` otherwise.
    """
    account = await find_by_acct(ctx.policy, acct_ref) if acct_ref else None
    if account is None or not visible_to(ctx.policy, account, ctx.viewer):
        raise DomainError(NOT_FOUND, CANT_FIND_USER)
    return account
