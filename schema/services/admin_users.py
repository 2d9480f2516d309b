"""Administering accounts: Pleroma's admin API for users, and the command line.

Two kinds of callers use this module:

- the command line (``python -m app user ...``) calls :func:`create_user`,
  :func:`find_user`, :func:`set_flags` and :func:`reset_password`. The operator at the
  shell is trusted, so these do not look at the viewer or write the moderation log;
- the admin API (``/api/pleroma/admin/users...`` and the GraphQL ``adminUser*`` fields)
  calls everything else. Each of those functions first requires an admin whose token
  grants the admin scope Pleroma 2.2+ asks for (:data:`READ`, :data:`WRITE`,
  :data:`FOLLOWS`), or the configured admin token (then the actor is ``None``), and each
  write records its moderation log entry in the transaction that makes the change.

Accounts are named by nickname: ``nick`` for a local account, ``nick@host`` for a remote
one (this instance's own host also names a local account); routes about one account take
its id too. An unknown nickname is 404
``Not found`` and nothing is written, except for tagging, which skips unknown nicknames
as Pleroma does. At most :data:`MAX_NICKNAMES` per request.

The rules these actions share with an account's own actions live once, in
:mod:`schema.services.account_security` (deletion, deactivation revoking the tokens, a new
confirmation link), :mod:`schema.services.relationships` (follows, with their counters
and events), :mod:`schema.services.profile` (profile fields and pictures) and
:mod:`schema.services.registration` (nickname and email rules). Nicknames and emails of
created accounts follow registration's format and uniqueness rules; reserved nicknames
and blacklisted email domains are *not* refused: an admin may create those on purpose.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from models.accounts import Account, AccountTag
from models.ids import looks_like_id
from schema.errors import BAD_REQUEST, CONFLICT, FORBIDDEN, NOT_FOUND, DomainError
from schema.services import account_security, events, moderation_log, registration, relationships
from schema.services import accounts as accounts_service
from schema.services import profile as profile_service
from schema.services.passwords import hash_password
from schema.services.row_locks import locks_rows

#: Pleroma's admin API answer for an unknown user.
USER_NOT_FOUND = "Not found"
GENERATED_PASSWORD_BYTES = 12

#: The admin scopes (Pleroma 2.2+): reads, writes, and forced follows.
READ = "read:accounts"
WRITE = "write:accounts"
FOLLOWS = "write:follows"

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
#: The most nicknames (or new users) one request may name.
MAX_NICKNAMES = 500

#: The ``filters`` of the user list, Pleroma's names.
FILTERS = (
    "local",
    "external",
    "active",
    "deactivated",
    "need_approval",
    "unconfirmed",
    "is_admin",
    "is_moderator",
)
#: Permission groups and the flag each one sets.
GROUPS = {"admin": "is_admin", "moderator": "is_moderator"}
NO_SUCH_GROUP = "No such permission_group"
OWN_ADMIN = "You can't revoke your own admin status."
OWN_ROLE = "You can't revoke your own admin/moderator status."
#: Where a remote account's credentials cannot be set.
REMOTE_ONLY_PROFILE = "can't be changed on a remote account"


def _not_found() -> DomainError:
    return DomainError(NOT_FOUND, USER_NOT_FOUND)


def _missing(name: str) -> DomainError:
    return DomainError(BAD_REQUEST, f"Missing field: {name}.", field=name)


@asynccontextmanager
async def _atomic() -> AsyncIterator[None]:
    """One transaction for an admin action and its log entry; the events the services
    inside emit go out after it commits (:func:`schema.services.events.held`)."""
    async with events.held(), in_transaction():
        yield


# --- the command line -------------------------------------------------------------------


def _shape_problems(
    nickname: str, email: str | None, password: str, *, email_required: bool = False
) -> dict[str, list[str]]:
    """What is wrong with a new account's fields by themselves (no database)."""
    errors: dict[str, list[str]] = {}
    if not nickname:
        errors["nickname"] = [registration.BLANK]
    elif len(nickname) > registration.NICKNAME_MAX:
        errors["nickname"] = [f"should be at most {registration.NICKNAME_MAX} character(s)"]
    elif not registration.NICKNAME_RE.match(nickname):
        errors["nickname"] = [registration.INVALID_FORMAT]
    if email is None:
        if email_required:
            errors["email"] = [registration.BLANK]
    elif len(email) > registration.EMAIL_MAX or not registration.EMAIL_RE.match(email):
        errors["email"] = [registration.INVALID_FORMAT]
    if not password:
        errors["password"] = [registration.BLANK]
    return errors


async def _validate_new(nickname: str, email: str | None, password: str) -> None:
    errors = _shape_problems(nickname, email, password)
    if "nickname" not in errors and await accounts_service.find_local_by_nickname(nickname):
        errors["nickname"] = [registration.TAKEN]
    email_taken = Account.filter(email_lower=(email or "").lower())
    if email is not None and "email" not in errors and await email_taken.exists():
        errors["email"] = [registration.TAKEN]
    if errors:
        raise registration.field_errors(errors)


@dataclass(frozen=True)
class NewUser:
    """One account to create (``POST /admin/users`` ``users[]``)."""

    nickname: str
    email: str | None
    password: str


async def create_user(
    ctx: Any,
    nickname: str,
    email: str | None,
    password: str,
    *,
    admin: bool = False,
    moderator: bool = False,
) -> Account:
    """Create a confirmed, approved, active local account.

    Raises ``DomainError(BAD_REQUEST)`` with ``extra["field_errors"]`` (as registration
    does) for a bad or taken nickname or email, or a blank password. Not idempotent: a
    second call with the same nickname fails with ``has already been taken``.
    """
    user = NewUser((nickname or "").strip(), (email or "").strip() or None, password)
    await _validate_new(user.nickname, user.email, user.password)
    try:
        return await _insert(ctx, user, is_admin=admin, is_moderator=moderator)
    except IntegrityError:
        # lost a race with another writer: report it as the rule it broke
        raise registration.field_errors({"nickname": [registration.TAKEN]}) from None


async def _insert(ctx: Any, user: NewUser, **roles: bool) -> Account:
    """A confirmed, approved local account for ``user`` (``roles``: ``is_admin``,
    ``is_moderator``)."""
    return await accounts_service.create_local_account(
        ctx.policy,
        nickname=user.nickname,
        email=user.email,
        password=user.password,
        is_confirmed=True,
        is_approved=True,
        **roles,
    )


async def find_user(nickname: str) -> Account:
    """The local account ``nickname`` (case-insensitive); 404 ``Not found`` otherwise."""
    account = await accounts_service.find_local_by_nickname((nickname or "").lstrip("@"))
    if account is None:
        raise _not_found()
    return account


async def set_flags(
    ctx: Any,
    nickname: str,
    *,
    admin: bool | None = None,
    moderator: bool | None = None,
    active: bool | None = None,
) -> Account:
    """Change the admin/moderator roles and the activation of a local account.

    ``None`` leaves a flag as it is; idempotent. Deactivating revokes the account's tokens
    (:func:`schema.services.account_security.write_flags`), so its sessions and apps stop
    working at once. Raises 404 ``Not found`` for an unknown nickname.
    """
    account = await find_user(nickname)
    changes: dict[str, bool] = {}
    if admin is not None:
        changes["is_admin"] = admin
    if moderator is not None:
        changes["is_moderator"] = moderator
    if active is not None:
        changes["is_active"] = active
    if not changes:
        return account
    await account_security.write_flags([account.id], **changes)
    return await Account.get(id=account.id)


@dataclass(frozen=True)
class PasswordReset:
    """The account whose password was set, the new password, and how many tokens died."""

    account: Account
    password: str
    revoked_tokens: int


def generate_password() -> str:
    """A random password (16 URL-safe characters)."""
    return secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)


async def _set_password(account_id: str, password: str, *, reset_pending: bool = False) -> int:
    """Store ``password`` (argon2) through :func:`account_security.replace_password`
    (every token, code and reset link of the account dies), in the caller's transaction
    when there is one; ``reset_pending`` also asks the owner to choose a new one (Pleroma's
    ``password_reset_pending``). Returns how many tokens died."""
    return await account_security.replace_password(
        account_id, hash_password(password), reset_pending=reset_pending
    )


async def reset_password(ctx: Any, nickname: str, password: str | None = None) -> PasswordReset:
    """Set a new password (random when ``password`` is ``None``) and revoke every token.

    Password and token revocation happen in one transaction, so no old session outlives
    the change. Raises 404 ``Not found`` for an unknown nickname and 400 for a blank
    ``password``.
    """
    account = await find_user(nickname)
    if password is not None and not password:
        raise registration.field_errors({"password": [registration.BLANK]})
    new_password = password if password is not None else generate_password()
    revoked = await _set_password(account.id, new_password)
    return PasswordReset(await Account.get(id=account.id), new_password, revoked)


# --- finding accounts for the admin API -------------------------------------------------


def _text(value: Any, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise DomainError(BAD_REQUEST, f"{name}: expected a string", field=name)
    return str(value).strip()


async def find_account(ctx: Any, ref: Any, name: str = "nickname") -> Account:
    """The account with id ``ref``, else the local or remote account ``ref`` names as a
    nickname; 404 ``Not found`` otherwise."""
    ref = _text(ref, name)
    account = await Account.filter(id=ref).first() if looks_like_id(ref) else None
    if account is None:
        key = accounts_service.acct_key_of(ctx.policy, ref)
        account = await Account.filter(acct_key=key).first() if key else None
    if account is None:
        raise _not_found()
    return account


def _nickname_list(nicknames: Any, name: str = "nicknames") -> list[str]:
    if isinstance(nicknames, str):
        nicknames = [nicknames]
    if not isinstance(nicknames, list | tuple) or not nicknames:
        raise _missing(name)
    if len(nicknames) > MAX_NICKNAMES:
        raise DomainError(
            BAD_REQUEST, f"{name}: at most {MAX_NICKNAMES} at a time", field=name
        )
    return [_text(n, name) for n in nicknames]


async def find_accounts(
    ctx: Any, nicknames: Any, *, skip_unknown: bool = False, name: str = "nicknames"
) -> list[Account]:
    """The accounts ``nicknames`` name, in that order, once each, in one statement.

    400 ``Missing field: nicknames.`` for none and 400 over :data:`MAX_NICKNAMES`; 404
    ``Not found`` when one is unknown, unless ``skip_unknown``.
    """
    keys = [accounts_service.acct_key_of(ctx.policy, n) for n in _nickname_list(nicknames, name)]
    if None in keys and not skip_unknown:
        raise _not_found()
    wanted = list(dict.fromkeys(k for k in keys if k))
    rows = {row.acct_key: row for row in await Account.filter(acct_key__in=wanted)}
    if len(rows) < len(wanted) and not skip_unknown:
        raise _not_found()
    found = [rows[k] for k in wanted if k in rows]
    return list({row.id: row for row in found}.values())


async def _reread(accounts: Sequence[Account]) -> list[Account]:
    """Fresh rows of ``accounts``, in the same order (one statement)."""
    rows = {row.id: row for row in await Account.filter(id__in=[a.id for a in accounts])}
    return [rows[a.id] for a in accounts if a.id in rows]


async def get_user(ctx: Any, ref: Any) -> Account:
    """The account with id or nickname ``ref`` (``GET /admin/users/:nickname_or_id``);
    404 ``Not found``. Needs ``admin:read:accounts``."""
    ctx.viewer.require_admin(READ)
    return await find_account(ctx, ref)


# --- the user list ----------------------------------------------------------------------


def parse_filters(raw: Any) -> list[str]:
    """Pleroma's comma-separated ``filters`` (or a list), known names only, in order."""
    if raw is None:
        return []
    parts = raw if isinstance(raw, list | tuple) else str(raw).split(",")
    names = [str(p).strip() for p in parts]
    return [f for f in dict.fromkeys(names) if f in FILTERS]


_FILTER_Q = {
    "local": Q(domain=None),
    "external": Q(domain__isnull=False),
    "active": Q(is_active=True, is_approved=True),
    "deactivated": Q(is_active=False),
    "need_approval": Q(is_approved=False),
    "unconfirmed": Q(is_confirmed=False),
    "is_admin": Q(is_admin=True),
    "is_moderator": Q(is_moderator=True),
}


def _words(values: Any, name: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        raise DomainError(BAD_REQUEST, f"{name}: expected a list of strings", field=name)
    return [w for w in (_text(v, name) for v in values) if w]


@dataclass(frozen=True)
class UserPage:
    """One page of the admin user list: the accounts, how many match, the page asked."""

    users: list[Account]
    count: int
    page: int
    page_size: int


async def list_users(
    ctx: Any,
    *,
    query: str | None = None,
    filters: Iterable[str] = (),
    tags: Any = None,
    actor_types: Any = None,
    name: str | None = None,
    email: str | None = None,
    page: int | None = 1,
    page_size: int | None = DEFAULT_PAGE_SIZE,
) -> UserPage:
    """Search every account, ordered by acct (Pleroma's ``GET /admin/users``).

    ``query`` matches (case-insensitively, anywhere) the nickname, the domain,
    ``nick@domain`` and the display name; ``name`` the display name; ``email`` is the
    whole address (any case); ``tags`` any of the admin-set tags; ``actor_types`` any of
    the actor types; every filter of :data:`FILTERS` must hold (unknown ones are ignored).
    ``page`` from 1, ``page_size`` 1..:data:`MAX_PAGE_SIZE`. Two statements, whatever
    the page size. Needs ``admin:read:accounts``.
    """
    ctx.viewer.require_admin(READ)
    page = max(1, int(1 if page is None else page))
    size = DEFAULT_PAGE_SIZE if page_size is None else int(page_size)
    page_size = max(1, min(size, MAX_PAGE_SIZE))
    rows = Account.all()
    for flag in filters:
        if flag in _FILTER_Q:
            rows = rows.filter(_FILTER_Q[flag])
    text = (query or "").strip().lstrip("@")
    if text:
        own = "@" + ctx.policy.host.lower()
        key = text.lower()
        key = key[: -len(own)] if key.endswith(own) else key
        rows = rows.filter(Q(acct_key__contains=key) | Q(display_name__icontains=text))
    if name and name.strip():
        rows = rows.filter(display_name__icontains=name.strip())
    if email and email.strip():
        rows = rows.filter(email_lower=email.strip().lower())
    wanted_tags = [t.lower() for t in _words(tags, "tags")]
    if wanted_tags:
        tagged = AccountTag.filter(tag__in=wanted_tags).values("account_id")
        rows = rows.filter(id__in=Subquery(tagged))
    types = _words(actor_types, "actor_types")
    if types:
        rows = rows.filter(actor_type__in=types)
    count = await rows.count()
    users = await rows.order_by("acct_key", "id").offset((page - 1) * page_size).limit(page_size)
    return UserPage(users=list(users), count=count, page=page, page_size=page_size)


# --- creating and deleting --------------------------------------------------------------


@dataclass(frozen=True)
class RefusedUser:
    """One entry of a refused batch: what was asked, and what was wrong with it.

    ``error`` is Pleroma's sentence (``nickname has already been taken``) for the entry
    that stopped the batch and for entries with a problem of their own, ``""`` for the
    others; ``problems`` holds every message by field.
    """

    nickname: str
    email: str | None
    error: str
    problems: dict[str, list[str]]


class UsersRefused(DomainError):
    """``POST /admin/users`` refused: nothing was created. 409, with every entry."""

    def __init__(self, entries: list[RefusedUser]) -> None:
        field_errors = {
            f"users.{i}.{field}": messages
            for i, entry in enumerate(entries)
            for field, messages in entry.problems.items()
        }
        first = next(e.error for e in entries if e.error)
        super().__init__(CONFLICT, first, extra={"field_errors": field_errors})
        self.entries = entries


def new_users(raw: Any) -> list[NewUser]:
    """The ``users`` list of ``POST /admin/users`` as :class:`NewUser` values (missing
    or null fields read as empty); 400 when it is not a list of objects."""
    if raw is None:
        raise _missing("users")
    if not isinstance(raw, list) or not all(isinstance(item, Mapping) for item in raw):
        raise DomainError(
            BAD_REQUEST, "users: expected a list of {nickname, email, password}", field="users"
        )
    if len(raw) > MAX_NICKNAMES:
        raise DomainError(BAD_REQUEST, f"users: at most {MAX_NICKNAMES} at a time", field="users")
    out = []
    for item in raw:
        values = {}
        for key in ("nickname", "email", "password"):
            value = item.get(key)
            values[key] = "" if value is None else _text(value, f"users.{key}")
        out.append(NewUser(values["nickname"], values["email"] or None, values["password"]))
    return out


def _sentence(problems: dict[str, list[str]]) -> str:
    """Pleroma's one-line error of a refused entry: nickname first, then email, then
    password (``email has already been taken``)."""
    for field in ("nickname", "email", "password"):
        if problems.get(field):
            return f"{field} {problems[field][0]}"
    return ""


async def _batch_problems(ctx: Any, users: list[NewUser]) -> list[dict[str, list[str]]] | None:
    """Each entry's problems, ``None`` when the batch can be created.

    An entry is checked by itself, then against the accounts that exist and the entries
    before it (a nickname or email taken twice in one batch). As Pleroma reports a
    refused batch, the first entry at fault keeps all its problems and the others only
    those of their own fields (their uniqueness was never tried).
    """
    required = ctx.policy.account_activation_required
    shapes = [
        _shape_problems(u.nickname, u.email, u.password, email_required=required) for u in users
    ]
    nick_keys = [u.nickname.lower() for u in users]
    emails = [(u.email or "").lower() for u in users]
    taken_nicks = set(
        await Account.filter(acct_key__in=[k for k in nick_keys if k]).values_list(
            "acct_key", flat=True
        )
    )
    taken_emails = set(
        await Account.filter(email_lower__in=[e for e in emails if e]).values_list(
            "email_lower", flat=True
        )
    )
    for i, shape in enumerate(shapes):
        problems = {k: list(v) for k, v in shape.items()}
        if "nickname" not in problems and nick_keys[i] in taken_nicks:
            problems["nickname"] = [registration.TAKEN]
        if emails[i] and "email" not in problems and emails[i] in taken_emails:
            problems["email"] = [registration.TAKEN]
        if problems:
            return [problems if j == i else shapes[j] for j in range(len(users))]
        taken_nicks.add(nick_keys[i])
        if emails[i]:
            taken_emails.add(emails[i])
    return None


def _refused(users: list[NewUser], problems: list[dict[str, list[str]]]) -> UsersRefused:
    return UsersRefused(
        [
            RefusedUser(u.nickname, u.email, _sentence(p), p)
            for u, p in zip(users, problems, strict=True)
        ]
    )


async def create_users(ctx: Any, users: Sequence[NewUser]) -> list[Account]:
    """Create confirmed, approved local accounts, all or none (``POST /admin/users``).

    Raises :class:`UsersRefused` (409) when any entry has a bad or taken nickname or
    email, a blank password, or (when the instance requires activation) no email; then
    nothing is created. Logs ``create`` with the new accounts. Needs
    ``admin:write:accounts``.
    """
    ctx.viewer.require_admin(WRITE)
    users = list(users)
    if not users:
        return []
    problems = await _batch_problems(ctx, users)
    if problems is not None:
        raise _refused(users, problems)
    created: list[Account] = []
    try:
        async with in_transaction():
            for user in users:
                created.append(await _insert(ctx, user))
            await moderation_log.record(ctx, "create", subjects=created)
    except IntegrityError:  # another writer took a name meanwhile
        problems = await _batch_problems(ctx, users)
        raise _refused(
            users, problems or [{"nickname": [registration.TAKEN]}] * len(users)
        ) from None
    return created


async def delete_users(ctx: Any, nicknames: Any) -> list[Account]:
    """Delete the accounts ``nicknames`` name, as their owners would delete them
    (:func:`schema.services.account_security.erase_accounts`), all in one transaction
    with the ``delete`` log entry. Returns the accounts (as they were). Needs
    ``admin:write:accounts``."""
    ctx.viewer.require_admin(WRITE)
    accounts = await find_accounts(ctx, nicknames)

    async def log() -> None:
        await moderation_log.record(ctx, "delete", subject=accounts)

    await account_security.erase_accounts(ctx, [a.id for a in accounts], within=log)
    return accounts


# --- follows ----------------------------------------------------------------------------


async def _pair(ctx: Any, follower: Any, followed: Any) -> tuple[Account, Account]:
    """The follower and the followed account, read in one statement."""
    for name, value in (("follower", follower), ("followed", followed)):
        if value is None or value == "":
            raise _missing(name)
    keys = [
        accounts_service.acct_key_of(ctx.policy, _text(value, name))
        for name, value in (("follower", follower), ("followed", followed))
    ]
    rows = {row.acct_key: row for row in await Account.filter(acct_key__in=[k for k in keys if k])}
    if any(k not in rows for k in keys):
        raise _not_found()
    return rows[keys[0]], rows[keys[1]]


async def force_follow(ctx: Any, follower: Any, followed: Any) -> tuple[Account, Account]:
    """Make ``follower`` follow ``followed`` (accepted even when it is locked), with the
    ``follow`` log entry; the relationships service moves the counters and announces
    the follow after the commit. Returns both accounts as saved. 404 for an unknown
    nickname; 400 with the follow rule's message when it refuses (yourself, a block, a
    deactivated account). Needs ``admin:write:follows``."""
    ctx.viewer.require_admin(FOLLOWS)
    source, target = await _pair(ctx, follower, followed)
    async with _atomic():
        await relationships.follow_account(source, target, force=True)
        await moderation_log.record(ctx, "follow", follower=source, followed=target)
    return await _fresh_pair(source, target)


async def force_unfollow(ctx: Any, follower: Any, followed: Any) -> tuple[Account, Account]:
    """Make ``follower`` stop following ``followed`` (or withdraw its request), with the
    ``unfollow`` log entry. Idempotent apart from the entry. Needs
    ``admin:write:follows``."""
    ctx.viewer.require_admin(FOLLOWS)
    source, target = await _pair(ctx, follower, followed)
    async with _atomic():
        await relationships.unfollow_account(source, target)
        await moderation_log.record(ctx, "unfollow", follower=source, followed=target)
    return await _fresh_pair(source, target)


async def _fresh_pair(source: Account, target: Account) -> tuple[Account, Account]:
    fresh = {row.id: row for row in await _reread([source, target])}
    return fresh[source.id], fresh[target.id]


# --- states and roles -------------------------------------------------------------------


async def _flags(ctx: Any, accounts: list[Account], action: str, **changes: Any) -> list[Account]:
    async with in_transaction():
        await account_security.write_flags([a.id for a in accounts], **changes)
        await moderation_log.record(ctx, action, subject=accounts)
    return await _reread(accounts)


async def set_active(ctx: Any, nicknames: Any, active: bool) -> list[Account]:
    """Activate or deactivate accounts (deactivating revokes their tokens), logged as
    ``activate`` / ``deactivate``; returns them as saved. Needs
    ``admin:write:accounts``."""
    ctx.viewer.require_admin(WRITE)
    accounts = await find_accounts(ctx, nicknames)
    action = "activate" if active else "deactivate"
    return await _flags(ctx, accounts, action, is_active=bool(active))


async def toggle_activation(ctx: Any, nickname: Any) -> Account:
    """Deactivate an active account, activate an inactive one (see :func:`set_active`)."""
    ctx.viewer.require_admin(WRITE)
    account = await find_account(ctx, nickname)
    action = "deactivate" if account.is_active else "activate"
    return (await _flags(ctx, [account], action, is_active=not account.is_active))[0]


async def approve(ctx: Any, nicknames: Any) -> list[Account]:
    """Approve accounts awaiting approval (logged ``approve``). Needs
    ``admin:write:accounts``."""
    ctx.viewer.require_admin(WRITE)
    accounts = await find_accounts(ctx, nicknames)
    return await _flags(ctx, accounts, "approve", is_approved=True)


async def confirm_emails(ctx: Any, nicknames: Any) -> list[Account]:
    """Mark accounts' email addresses confirmed, dropping their pending confirmation
    links (logged ``confirm_email``). Needs ``admin:write:accounts``."""
    ctx.viewer.require_admin(WRITE)
    accounts = await find_accounts(ctx, nicknames)
    return await _flags(
        ctx, accounts, "confirm_email", is_confirmed=True, confirmation_token=None
    )


async def resend_confirmation(ctx: Any, nicknames: Any) -> list[Account]:
    """Mail a new confirmation link to each named local account that is unconfirmed and
    has an address (others are skipped), as ``confirmation_resend`` does
    (:func:`schema.services.account_security.mail_confirmation`, after the commit).
    Logged ``resend_confirmation_email`` with every named account. Needs
    ``admin:write:accounts``."""
    ctx.viewer.require_admin(WRITE)
    accounts = await find_accounts(ctx, nicknames)
    links: list[tuple[Account, str]] = []
    async with in_transaction():
        for account in accounts:
            if account.local and account.email and not account.is_confirmed:
                raw = await account_security.new_confirmation_token(account.id)
                if raw is not None:
                    links.append((account, raw))
        await moderation_log.record(ctx, "resend_confirmation_email", subject=accounts)
    for account, raw in links:
        await account_security.mail_confirmation(ctx, account, raw)
    return await _reread(accounts)


def group_flag(group: Any) -> str:
    """The account flag of a permission group; 404 ``No such permission_group``."""
    flag = GROUPS.get(group) if isinstance(group, str) else None
    if flag is None:
        raise DomainError(NOT_FOUND, NO_SUCH_GROUP, field="permission_group")
    return flag


async def permission_groups(ctx: Any, nickname: Any, group: Any = None) -> Account:
    """The account whose roles ``GET .../permission_group[/:group]`` shows; 404 for an
    unknown account or group. Needs ``admin:read:accounts``."""
    ctx.viewer.require_admin(READ)
    if group is not None:
        group_flag(group)
    return await find_account(ctx, nickname)


async def set_permission(
    ctx: Any, nicknames: Any, group: Any, granted: bool, *, legacy: bool = False
) -> list[Account]:
    """Grant or revoke a permission group (``admin``, ``moderator``), logged ``grant`` /
    ``revoke``; returns the accounts as saved.

    404 ``No such permission_group``; 403 when an admin would revoke a role of their own
    (``You can't revoke your own admin status.`` on the deprecated one-nickname route,
    ``... admin/moderator status.`` on the other). Needs ``admin:write:accounts``.
    """
    actor = ctx.viewer.require_admin(WRITE)
    flag = group_flag(group)
    accounts = await find_accounts(ctx, nicknames)
    if not granted and actor is not None and any(a.id == actor.id for a in accounts):
        raise DomainError(FORBIDDEN, OWN_ADMIN if legacy else OWN_ROLE)
    async with in_transaction():
        await account_security.write_flags([a.id for a in accounts], **{flag: bool(granted)})
        await moderation_log.record(
            ctx, "grant" if granted else "revoke", subject=accounts, permission=group
        )
    return await _reread(accounts)


# --- tags -------------------------------------------------------------------------------


def normalize_tags(tags: Any) -> list[str]:
    """Tags as Pleroma keeps them: lower-case, stripped, once each, in order; 400
    ``Missing field: tags.`` when none are left."""
    words = list(dict.fromkeys(t.lower() for t in _words(tags, "tags")))
    if not words:
        raise _missing("tags")
    if any(len(t) > 255 for t in words):
        raise DomainError(BAD_REQUEST, "tags: at most 255 characters each", field="tags")
    return words


async def _retag(ctx: Any, nicknames: Any, tags: Any, *, add: bool) -> list[Account]:
    ctx.viewer.require_admin(WRITE)
    wanted = normalize_tags(tags)
    names = _nickname_list(nicknames)
    accounts = await find_accounts(ctx, names, skip_unknown=True)
    ids = [a.id for a in accounts]
    async with in_transaction():
        if ids:
            if locks_rows():  # concurrent taggers of one account take turns
                await Account.filter(id__in=ids).order_by("id").select_for_update()
            if add:
                await AccountTag.bulk_create(
                    [AccountTag(account_id=i, tag=t) for i in ids for t in wanted],
                    ignore_conflicts=True,
                )
            else:
                await AccountTag.filter(account_id__in=ids, tag__in=wanted).delete()
            # Account.tags is rewritten from the rows, in the order they were added
            current: dict[str, list[str]] = {i: [] for i in ids}
            for account_id, tag in await AccountTag.filter(account_id__in=ids).order_by(
                "id"
            ).values_list("account_id", "tag"):
                current[account_id].append(tag)
            for account_id, account_tags in current.items():
                await Account.filter(id=account_id).update(tags=account_tags)
        await moderation_log.record(
            ctx, "tag" if add else "untag", nicknames=names, tags=wanted
        )
    return await _reread(accounts)


async def tag_users(ctx: Any, nicknames: Any, tags: Any) -> list[Account]:
    """Add admin tags (lower-cased) to the named accounts; unknown nicknames are skipped,
    as in Pleroma. The tag rows and each ``Account.tags`` change in one transaction with
    the ``tag`` log entry. Returns the tagged accounts. Needs ``admin:write:accounts``."""
    return await _retag(ctx, nicknames, tags, add=True)


async def untag_users(ctx: Any, nicknames: Any, tags: Any) -> list[Account]:
    """Remove admin tags from the named accounts (see :func:`tag_users`); logged
    ``untag``."""
    return await _retag(ctx, nicknames, tags, add=False)


# --- credentials ------------------------------------------------------------------------

#: How the profile rule's field names read in Pleroma's credentials API.
PLEROMA_FIELDS = {
    "display_name": "name",
    "note": "bio",
    "fields_attributes": "fields",
    "privacy": "default_scope",
}


def _credentials_error(problems: dict[str, list[str]]) -> DomainError:
    """400 with every problem by Pleroma's field name (REST: ``{"errors": {...}}``)."""
    messages = [f"{field} {ms[0]}" for field, ms in problems.items()]
    return DomainError(
        BAD_REQUEST,
        "Validation failed: " + ", ".join(messages),
        field=next(iter(problems)),
        extra={"field_errors": problems},
    )


def _profile_problems(error: DomainError) -> dict[str, list[str]] | None:
    found = error.extra.get("field_errors") if error.extra else None
    if not found:
        return None
    problems: dict[str, list[str]] = {}
    for field, messages in found.items():
        name = PLEROMA_FIELDS.get(field, field)
        # Pleroma's changeset says no more than this about an actor type it refuses
        problems[name] = ["is invalid"] if field == "actor_type" else list(messages)
    return problems


async def get_credentials(ctx: Any, ref: Any) -> Account:
    """The account whose editable settings ``GET .../credentials`` shows (by nickname
    or id); 404 ``Not found``. Needs ``admin:read:accounts``."""
    ctx.viewer.require_admin(READ)
    return await get_user(ctx, ref)


async def update_credentials(
    ctx: Any,
    nickname: Any,
    changes: profile_service.ProfileChanges,
    *,
    email: str | None = None,
    password: str | None = None,
) -> Account:
    """Edit someone's email, password and profile (``PATCH .../credentials``).

    Profile fields and pictures go through the profile rule
    (:func:`schema.services.profile.apply_profile`); the email through registration's
    format and uniqueness rule (no blacklist, as ``change_email``); a new password is
    stored as :func:`reset_password` stores one (every token revoked) and, as in
    Pleroma, marks the account ``password_reset_pending``. All in one save, with the
    ``updated_users`` log entry (and ``force_password_reset`` when a password was set).
    Refusals: 404 ``Not found``; 400 carrying ``field_errors`` by Pleroma's field names
    (``actor_type: is invalid``, ``email: has already been taken``, ...); a picture's
    413/415/422 as the profile rule answers them. Needs ``admin:write:accounts``.
    """
    ctx.viewer.require_admin(WRITE)
    account = await find_account(ctx, nickname)
    problems: dict[str, list[str]] = {}
    columns: dict[str, Any] = {}
    if email is not None:
        email = email.strip()
        if not account.local:
            problems["email"] = [REMOTE_ONLY_PROFILE]
        elif not email:
            problems["email"] = [registration.BLANK]
        else:
            found = await registration.email_problems(
                ctx.policy, email, blacklist=False, owner_id=account.id
            )
            if found:
                problems["email"] = found
            columns.update(email=email, email_lower=email.lower())
    if password is not None:
        if not account.local:
            problems["password"] = [REMOTE_ONLY_PROFILE]
        elif not password:
            problems["password"] = [registration.BLANK]
    if problems:
        raise _credentials_error(problems)

    async def within(row: Account) -> None:
        if password:
            await _set_password(row.id, password, reset_pending=True)
        await moderation_log.record(ctx, "updated_users", subject=[row])
        if password:
            await moderation_log.record(ctx, "force_password_reset", subject=[row])

    try:
        return await profile_service.apply_profile(
            ctx, account.id, changes, columns=columns, within=within
        )
    except IntegrityError:  # another account took the address meanwhile
        raise _credentials_error({"email": [registration.TAKEN]}) from None
    except DomainError as error:
        translated = _profile_problems(error)
        if translated is None:
            raise
        raise _credentials_error(translated) from None
