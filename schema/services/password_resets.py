"""Password resets: mailed links, the reset itself, and the admin's tools.

- ``POST /auth/password`` and GraphQL ``passwordResetRequest`` call :func:`request_reset`:
  it mails a link to the account named by an email or nickname, and answers the same
  whether or not such an account exists (the lookup is the only work done in the request;
  the token and the mail are made by a background job).
- ``GET /api/pleroma/password_reset/:token`` shows a form when :func:`find_valid` accepts
  the token; ``POST /api/pleroma/password_reset`` and GraphQL ``passwordReset`` call
  :func:`reset_password`.
- ``GET /api/pleroma/admin/users/:nickname/password_reset`` and
  ``adminUserPasswordResetToken`` call :func:`admin_reset_link`;
  ``PATCH /api/pleroma/admin/users/force_password_reset`` and
  ``adminUsersForcePasswordReset`` call :func:`force_reset`.

A token is 32 random bytes; only its SHA-256 digest is stored. It works once, for
:data:`TOKEN_LIFETIME` (Pleroma's default ``password_reset_token_validity``, 24 hours),
and only for an active local account. A successful reset sets the password, clears
``password_reset_pending``, spends every outstanding reset token of the account, revokes
all of its OAuth tokens (so every session and app must log in again) and deletes its
unredeemed authorization codes, in one transaction.

While ``password_reset_pending`` is set, :func:`schema.services.oauth.account_status`
refuses every login (403 ``Password reset is required``) and treats existing tokens as
anonymous, as Pleroma does; that rule lives there, not here.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from models.accounts import Account
from models.moderation import PasswordResetToken
from schema.context import RequestContext
from schema.errors import BAD_REQUEST, NOT_FOUND, VALIDATION, DomainError
from schema.services import (
    account_security,
    accounts,
    admin_users,
    jobs,
    mail_templates,
    moderation_log,
    registration,
    tokens,
)
from schema.services.admin_users import USER_NOT_FOUND
from schema.services.passwords import hash_password
from schema.services.throttle import throttle

log = logging.getLogger("plenum.password_resets")

#: How long a reset link works (Pleroma's default ``password_reset_token_validity``).
TOKEN_LIFETIME = timedelta(hours=24)
#: The admin scope the admin tools need (Pleroma's ``admin:write:accounts``).
ADMIN_SCOPE = "write:accounts"
#: Longest token string looked up (ours are 43 characters).
TOKEN_MAX = 128
#: Longest password accepted (the login check refuses longer ones).
PASSWORD_MAX = 4096

INVALID_TOKEN = "Invalid token"
PASSWORD_BLANK = f"Password {registration.BLANK}."
PASSWORD_MISMATCH = f"Password {registration.NO_MATCH}."
PASSWORD_TOO_LONG = f"Password should be at most {PASSWORD_MAX} character(s)."


@dataclass(frozen=True)
class ResetLink:
    """A fresh reset token for ``account``: the raw token (never stored) and its page."""

    account: Account
    token: str
    link: str


def _now() -> datetime:
    return datetime.now(UTC)


async def _issue(policy: Any, account: Account) -> ResetLink:
    raw = secrets.token_urlsafe(32)
    await PasswordResetToken.create(
        token_hash=tokens.digest(raw), account=account, expires_at=_now() + TOKEN_LIFETIME
    )
    return ResetLink(account, raw, mail_templates.password_reset_link(policy, raw))


# --- asking for a link ------------------------------------------------------------------


async def _mail_link(ctx: RequestContext, account: Account) -> bool:
    """Make a token for ``account`` and mail its link; True when the SMTP server took it."""
    issued = await _issue(ctx.policy, account)
    subject, text = mail_templates.password_reset(
        ctx.policy, account, issued.token, valid_hours=int(TOKEN_LIFETIME.total_seconds() // 3600)
    )
    try:
        await ctx.mailer.send(account.email, subject, text)
    except Exception as exc:
        log.warning(
            "password reset mail for account %s not sent (%s)", account.id, type(exc).__name__
        )
        return False
    return True


async def request_reset(
    ctx: RequestContext, *, email: Any = None, nickname: Any = None
) -> None:
    """Mail a reset link to the account whose email or nickname is given (``email`` wins).

    Only an active local account with an email address gets one (an account whose reset an
    admin forced included). The token and the mail are made by a background job, so the
    answer neither waits for SMTP nor, by its timing or content, tells whether the account
    exists: this returns ``None`` in every case. Without mail configured nothing is sent
    (logged). Spends the ``password_reset`` budget (429 ``Throttled`` over it).
    """
    await throttle(ctx, "password_reset")
    login = email if isinstance(email, str) and email.strip() else nickname
    if not isinstance(login, str) or not login.strip() or len(login) > registration.EMAIL_MAX:
        return
    account = await accounts.find_by_login(login)
    if account is None or not account.local or not account.is_active or not account.email:
        return
    if ctx.mailer is None:
        log.warning("account %s asked for a password reset but mail is off", account.id)
        return
    await jobs.run(ctx, _mail_link(ctx, account), name=f"password_reset:{account.id}")


# --- using a link -----------------------------------------------------------------------


async def find_valid(raw: Any) -> PasswordResetToken | None:
    """The unused, unexpired token for ``raw`` with its (active, local) account loaded;
    ``None`` otherwise. One statement."""
    if not isinstance(raw, str) or not raw or len(raw) > TOKEN_MAX:
        return None
    row = (
        await PasswordResetToken.filter(token_hash=tokens.digest(raw), used=False)
        .select_related("account")
        .first()
    )
    if row is None or row.expires_at <= _now():
        return None
    account = row.account
    if not account.local or not account.is_active:
        return None
    return row


def _check_password(password: Any, confirmation: Any) -> str:
    if not isinstance(password, str) or not password.strip():
        raise DomainError(VALIDATION, PASSWORD_BLANK, field="password")
    if len(password) > PASSWORD_MAX:
        raise DomainError(VALIDATION, PASSWORD_TOO_LONG, field="password")
    if confirmation != password:
        raise DomainError(VALIDATION, PASSWORD_MISMATCH, field="password_confirmation")
    return password


async def reset_password(
    ctx: RequestContext, token: Any, password: Any, confirmation: Any
) -> Account:
    """Set the password of the account behind reset ``token``; the account.

    Refusals: 400 ``Invalid token`` (unknown, used, expired, or the account is gone or
    deactivated), 422 ``Password can't be blank.`` / ``Password does not match
    confirmation.`` (the token stays usable then). See the module docstring for what a
    reset changes, all in one transaction; a token can win only once, even when two
    resets race.
    """
    row = await find_valid(token)
    if row is None:
        raise DomainError(BAD_REQUEST, INVALID_TOKEN, field="token")
    password = _check_password(password, confirmation)
    password_hash = hash_password(password)  # slow: outside the transaction
    account = row.account
    now = _now()
    async with in_transaction():
        claimed = await PasswordResetToken.filter(
            id=row.id, used=False, expires_at__gt=now
        ).update(used=True)
        if not claimed:
            raise DomainError(BAD_REQUEST, INVALID_TOKEN, field="token")
        await account_security.replace_password(account.id, password_hash)
    account.password_hash, account.password_reset_pending = password_hash, False
    log.info("account %s set a new password with a reset link", account.id)
    return account


# --- the admin's tools ------------------------------------------------------------------


async def admin_reset_link(ctx: RequestContext, nickname: Any) -> ResetLink:
    """A new reset token and link for the local account ``nickname``, for an admin to
    hand over (no mail is sent, nothing is logged, as in Pleroma). 404 ``Not found`` for
    an unknown or remote nickname. Needs ``admin:write:accounts``. Not idempotent."""
    ctx.viewer.require_admin(ADMIN_SCOPE)
    if not isinstance(nickname, str):
        raise DomainError(NOT_FOUND, USER_NOT_FOUND)
    account = await admin_users.find_user(nickname.strip())
    return await _issue(ctx.policy, account)


def _nickname_list(nicknames: Any) -> list[str]:
    if isinstance(nicknames, str):
        nicknames = [nicknames]
    if not isinstance(nicknames, Sequence) or not nicknames:
        raise DomainError(BAD_REQUEST, "Missing field: nicknames.", field="nicknames")
    wanted: list[str] = []
    for item in nicknames:
        if not isinstance(item, str) or not item.strip():
            raise DomainError(BAD_REQUEST, "nicknames: expected nicknames", field="nicknames")
        name = item.strip().lstrip("@").lower()
        if name not in wanted:
            wanted.append(name)
    return wanted


async def force_reset(ctx: RequestContext, nicknames: Any) -> list[Account]:
    """Require the local accounts ``nicknames`` to choose a new password before they can
    log in again (``password_reset_pending``); the accounts, in the order given.

    All or nothing: 404 ``Not found`` when any nickname is unknown (or remote), 400
    ``Missing field: nicknames.`` without any. The flags and the moderation log entry
    (``force_password_reset``) are written in one transaction; idempotent apart from the
    log. Existing tokens stop working at once (see the module docstring); the accounts can
    still ask for a reset link. Needs ``admin:write:accounts``.
    """
    ctx.viewer.require_admin(ADMIN_SCOPE)
    wanted = _nickname_list(nicknames)
    rows = await Account.filter(nickname_lower__in=wanted, domain=None)
    by_name = {row.nickname_lower: row for row in rows}
    if len(by_name) != len(wanted):
        raise DomainError(NOT_FOUND, USER_NOT_FOUND)
    found = [by_name[name] for name in wanted]
    async with in_transaction():
        await Account.filter(id__in=[a.id for a in found]).update(
            password_reset_pending=True, updated_at=_now()
        )
        await moderation_log.record(ctx, "force_password_reset", subject=found)
    for account in found:
        account.password_reset_pending = True
    return found
