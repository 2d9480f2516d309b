"""An account's own security actions: delete, disable, change email or password, and
resending the confirmation mail; and the account-state rules the admin API shares.

``POST /api/pleroma/{delete_account,disable_account,change_email,change_password}``,
``POST /api/v1/pleroma/accounts/confirmation_resend`` and their GraphQL twins
(``accountDelete``, ``accountDisable``, ``accountChangeEmail``, ``accountChangePassword``,
``accountConfirmationResend``) all call these functions.

Pleroma answers a wrong password or a refused value with HTTP 200 and ``{"error": ...}``;
the errors raised here carry ``status=200`` so the REST middleware answers just that, and
GraphQL turns them into ``userErrors``. The current password is always checked against a
fresh read of the account row (never the one cached with the token), and only a local
account with a password can pass.

Deleting an account is two steps. What makes the account gone happens in one
transaction: the row is deactivated and wiped (as Pleroma 2.2+: no email, no name, bio
``""``, no password), its tokens and authorization codes die, and every follow and
request from or to it is removed with the counters of both sides. Its statuses are then
deleted by a background job (:mod:`schema.services.jobs`), one transaction per status
through :func:`schema.services.statuses.remove_status`, so each deletion moves its
counters and announces ``status.deleted`` exactly as deleting it by hand would, and
SQLite's single writer is never held for the whole history. The job only runs for a
deactivated account and can be run again (:func:`delete_account_statuses`) if it was
interrupted.

The admin API (:mod:`schema.services.admin_users`) deletes, deactivates and re-mails
through the same functions, so each rule exists once: :func:`erase_accounts` (deletion),
:func:`write_flags` (roles and states; deactivation revokes the tokens) and
:func:`new_confirmation_token` / :func:`mail_confirmation` (a new confirmation link).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.accounts import Account, AccountTag
from models.moderation import PasswordResetToken
from models.oauth import AuthorizationCode, Token
from models.statuses import Status
from schema.context import RequestContext
from schema.errors import INVALID_PASSWORD, VALIDATION, DomainError
from schema.services import events, jobs, registration, relationships, tokens
from schema.services.accounts import find_local_by_nickname
from schema.services.passwords import hash_password, verify_password
from schema.services.statuses import remove_status
from schema.services.throttle import throttle

log = logging.getLogger("plenum.account_security")

#: The scope every one of these actions needs (Pleroma's ``write:accounts``).
SCOPES = ("write:accounts",)
#: Statuses deleted per read while a deleted account's history is removed.
DELETE_BATCH = 100


def _refused(message: str, field: str) -> DomainError:
    """A refused value, answered as Pleroma does: 200 ``{"error": message}``."""
    return DomainError(VALIDATION, message, field=field, status=200)


async def _confirm_password(ctx: RequestContext, password: str | None) -> Account:
    """The viewer's account, re-read, when ``password`` is its current password.

    403 without an account or the ``write:accounts`` scope; 200 ``Invalid password.``
    for a wrong or missing password, a remote account or one without a password.
    """
    viewer = ctx.viewer.require(*SCOPES)
    account = await Account.filter(id=viewer.id, domain=None).first()
    if account is None or not verify_password(password or "", account.password_hash):
        raise DomainError(INVALID_PASSWORD, field="password")
    return account


async def delete_account(ctx: RequestContext, password: str | None) -> None:
    """Delete the viewer's account (Pleroma's ``delete_account``): :func:`erase_accounts`."""
    account = await _confirm_password(ctx, password)
    await erase_accounts(ctx, [account.id])
    log.info("account %s deleted by its owner; removing its statuses", account.id)


#: Every column a deletion wipes, with the value it is left at (Pleroma 2.2+'s purge).
ERASED = {
    "is_active": False,
    "email": None,
    "email_lower": None,
    "password_hash": None,
    "display_name": "",
    "bio": "",
    "bio_html": "",
    "fields_json": [],
    "avatar_url": None,
    "header_url": None,
    "background_url": None,
    "locked": False,
    "discoverable": False,
    "is_admin": False,
    "is_moderator": False,
    "confirmation_token": None,
    "registration_reason": None,
    "tags": [],
    "password_reset_pending": False,
}


async def erase_accounts(
    ctx: RequestContext,
    account_ids: Sequence[str],
    *,
    within: Callable[[], Awaitable[Any]] | None = None,
) -> None:
    """Delete accounts: the one deletion rule, for an owner and for an admin alike.

    In one transaction, for every account: the row is deactivated and wiped
    (:data:`ERASED`: no email, name, bio, password, pictures, roles or tags), its tokens
    and authorization codes die, its admin-set tag rows go, and every follow and request
    from or to it is removed with the counters of both sides. ``within`` (the admin's
    moderation log entry) runs inside that same transaction, so an account is never left
    half-deleted, nor deleted without its entry. After the commit ``account.unfollowed``
    is announced for each follow removed and ``account.deleted`` for each account, and a
    background job per account deletes its statuses (:func:`delete_account_statuses`).
    Deleting an account again is harmless.
    """
    ids = list(dict.fromkeys(account_ids))
    removed: list[tuple[str, str]] = []
    async with in_transaction():
        if ids:
            await Account.filter(id__in=ids).update(**ERASED, updated_at=datetime.now(UTC))
            await Token.filter(account_id__in=ids, revoked=False).update(revoked=True)
            await AuthorizationCode.filter(account_id__in=ids).delete()
            await AccountTag.filter(account_id__in=ids).delete()
            for account_id in ids:
                removed.extend(await relationships.sever_follows(account_id))
        if within is not None:
            await within()
    for follower_id, followed_id in removed:
        await events.emit(
            events.Event("account.unfollowed", actor_id=follower_id, target_id=followed_id)
        )
    for account_id in ids:
        await events.emit(events.Event("account.deleted", actor_id=account_id))
        await jobs.run(
            ctx, delete_account_statuses(account_id), name=f"delete_account:{account_id}"
        )


async def delete_account_statuses(account_id: str) -> int:
    """Delete every status (and reblog) of the deactivated account ``account_id``.

    Newest first, each through :func:`remove_status`; returns how many were deleted. Does
    nothing for an active account, so it cannot wipe a live history by mistake.
    """
    if not await Account.filter(id=account_id, is_active=False).exists():
        return 0
    deleted = 0
    while True:
        batch = await Status.filter(account_id=account_id).order_by("-id").limit(DELETE_BATCH)
        if not batch:
            return deleted
        for status in batch:
            deleted += await remove_status(status)


async def disable_account(ctx: RequestContext, password: str | None) -> Account:
    """Deactivate the viewer's account (Pleroma's ``disable_account``); returns the row.

    Deactivating is the admin rule (:func:`write_flags`): the account's tokens are revoked
    with it, so they stop working at once; its follows and statuses stay, and an admin can
    reactivate it (a fresh login is needed then).
    """
    account = await _confirm_password(ctx, password)
    await write_flags([account.id], is_active=False)
    log.info("account %s disabled by its owner", account.id)
    return await Account.get(id=account.id)


#: The account flags :func:`write_flags` may change.
FLAGS = frozenset(
    {"is_admin", "is_moderator", "is_active", "is_approved", "is_confirmed", "confirmation_token"}
)


async def write_flags(account_ids: Sequence[str], **changes: Any) -> int:
    """Set roles and states (:data:`FLAGS`) of the accounts ``account_ids``, in one
    transaction (the caller's when it has one); returns how many rows matched.

    The one rule of deactivation lives here: ``is_active=False`` revokes every token of
    the accounts in the same transaction, so their sessions and apps stop at once (a
    reactivated account signs in afresh). Idempotent.
    """
    unknown = set(changes) - FLAGS
    if unknown:
        raise ValueError(f"not an account flag: {sorted(unknown)}")
    ids = list(dict.fromkeys(account_ids))
    if not ids or not changes:
        return 0
    async with in_transaction():
        updated = await Account.filter(id__in=ids).update(
            **changes, updated_at=datetime.now(UTC)
        )
        if changes.get("is_active") is False:
            await Token.filter(account_id__in=ids, revoked=False).update(revoked=True)
    return int(updated or 0)


async def change_email(ctx: RequestContext, password: str | None, email: str | None) -> Account:
    """Give the viewer's account a new email address; returns the row.

    Refusals (200, first one only): ``Invalid password.``, ``Email can't be blank.``,
    ``Email has invalid format.``, ``Email has already been taken.``, the same format and
    uniqueness rule as registration (no blacklist, as in Pleroma). The confirmation state
    does not change and no mail is sent. Setting the current address again succeeds.
    """
    account = await _confirm_password(ctx, password)
    email = (email or "").strip()
    if not email:
        raise _refused(f"Email {registration.BLANK}.", "email")
    problems = await registration.email_problems(
        ctx.policy, email, blacklist=False, owner_id=account.id
    )
    if problems:
        raise _refused(f"Email {problems[0]}.", "email")
    try:
        await Account.filter(id=account.id).update(
            email=email, email_lower=email.lower(), updated_at=datetime.now(UTC)
        )
    except IntegrityError:  # another account took it meanwhile
        raise _refused(f"Email {registration.TAKEN}.", "email") from None
    account.email, account.email_lower = email, email.lower()
    return account


async def replace_password(
    account_id: str, password_hash: str, *, reset_pending: bool = False
) -> int:
    """Store a password chosen by someone other than the holder of the current one (an
    admin, or a reset link) and end everything the old one opened: every OAuth token and
    authorization code dies and every unused reset link is spent. ``reset_pending`` asks
    the owner to choose another (an admin's forced reset); otherwise it is cleared.

    Runs in the caller's transaction when there is one (one of its own otherwise); hash
    the password before, outside it. Returns how many tokens were revoked. Idempotent.
    """
    async with in_transaction():
        await Account.filter(id=account_id).update(
            password_hash=password_hash,
            password_reset_pending=reset_pending,
            updated_at=datetime.now(UTC),
        )
        await PasswordResetToken.filter(account_id=account_id, used=False).update(used=True)
        revoked = await Token.filter(account_id=account_id, revoked=False).update(revoked=True)
        await AuthorizationCode.filter(account_id=account_id).delete()
    return int(revoked or 0)


async def change_password(
    ctx: RequestContext,
    password: str | None,
    new_password: str | None,
    new_password_confirmation: str | None,
) -> Account:
    """Set a new password on the viewer's account (argon2); returns the row.

    Refusals (200): ``Invalid password.``, ``New password can't be blank.``, ``New
    password does not match confirmation.``. Other tokens stay valid, as in Pleroma 2.2+.
    """
    account = await _confirm_password(ctx, password)
    new_password = new_password or ""
    if not new_password.strip():
        raise _refused(f"New password {registration.BLANK}.", "new_password")
    if new_password_confirmation != new_password:
        raise _refused(
            f"New password {registration.NO_MATCH}.", "new_password_confirmation"
        )
    account.password_hash = hash_password(new_password)
    await Account.filter(id=account.id).update(
        password_hash=account.password_hash, updated_at=datetime.now(UTC)
    )
    return account


async def resend_confirmation(
    ctx: RequestContext, *, email: str | None = None, nickname: str | None = None
) -> None:
    """Mail a new confirmation link to a local account that still needs one.

    The account is found by ``email`` (case-insensitive) or else ``nickname``. A mail goes
    out only when the instance requires activation, the account is unconfirmed and has an
    address; a new link replaces the old one (only digests are stored, so the old link
    cannot be mailed again). The mail is sent by a background job, so the answer neither
    waits for SMTP nor, by its timing or content, tells whether the account exists: this
    returns ``None`` in every case (Pleroma answers 500 for an unknown account). Spends
    the ``account_confirmation_resend`` budget (429 ``Throttled`` over it).
    """
    await throttle(ctx, "account_confirmation_resend")
    account = None
    email = (email or "").strip()
    nickname = (nickname or "").strip().lstrip("@")
    if email and len(email) <= registration.EMAIL_MAX:
        account = await Account.filter(email_lower=email.lower(), domain=None).first()
    elif nickname and len(nickname) <= registration.NICKNAME_MAX:
        account = await find_local_by_nickname(nickname)
    if (
        account is None
        or account.is_confirmed
        or not account.email
        or not ctx.policy.account_activation_required
    ):
        return
    raw = await new_confirmation_token(account.id)
    if raw is not None:
        await mail_confirmation(ctx, account, raw)


async def new_confirmation_token(account_id: str) -> str | None:
    """Give the unconfirmed account ``account_id`` a new confirmation link token.

    Returns the raw token to mail, or ``None`` when the account is confirmed (or gone).
    Only its digest is stored, so it replaces the old link. Runs in the caller's
    transaction when there is one.
    """
    raw = secrets.token_urlsafe(32)
    updated = await Account.filter(id=account_id, is_confirmed=False).update(
        confirmation_token=tokens.digest(raw)
    )
    return raw if updated else None


async def mail_confirmation(ctx: RequestContext, account: Account, raw: str) -> None:
    """Mail ``account`` the confirmation link for ``raw`` in a background job (after the
    caller's commit: the answer does not wait for SMTP, and a failure is only logged)."""
    await jobs.run(
        ctx,
        registration.send_confirmation(ctx, account, raw),
        name=f"confirmation_resend:{account.id}",
    )
