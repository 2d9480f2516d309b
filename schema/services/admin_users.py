"""Administering local accounts: create, change roles and activation, reset passwords.

Used by the command line (``python -m app user ...``) and meant for the admin API too. The
caller is trusted (an operator at the shell, or an admin checked by the route), so these
functions do not look at the viewer. Nicknames and emails follow registration's format
and uniqueness rules (:mod:`schema.services.registration`); reserved nicknames and
blacklisted email domains are *not* refused here: an admin may create those on purpose.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.accounts import Account
from models.oauth import Token
from schema.errors import NOT_FOUND, DomainError
from schema.services import accounts as accounts_service
from schema.services import registration
from schema.services.passwords import hash_password

#: Pleroma's admin API answer for an unknown user.
USER_NOT_FOUND = "Not found"
GENERATED_PASSWORD_BYTES = 12


async def _validate_new(nickname: str, email: str | None, password: str) -> None:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not nickname:
        add("nickname", registration.BLANK)
    elif len(nickname) > registration.NICKNAME_MAX:
        add("nickname", f"should be at most {registration.NICKNAME_MAX} character(s)")
    elif not registration.NICKNAME_RE.match(nickname):
        add("nickname", registration.INVALID_FORMAT)
    elif await accounts_service.find_local_by_nickname(nickname) is not None:
        add("nickname", registration.TAKEN)
    if email is not None:
        if len(email) > registration.EMAIL_MAX or not registration.EMAIL_RE.match(email):
            add("email", registration.INVALID_FORMAT)
        elif await Account.filter(email_lower=email.lower()).exists():
            add("email", registration.TAKEN)
    if not password:
        add("password", registration.BLANK)
    if errors:
        raise registration.field_errors(errors)


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
    nickname = (nickname or "").strip()
    email = (email or "").strip() or None
    await _validate_new(nickname, email, password)
    try:
        return await accounts_service.create_local_account(
            ctx.policy,
            nickname=nickname,
            email=email,
            password=password,
            is_admin=admin,
            is_moderator=moderator,
            is_confirmed=True,
            is_approved=True,
        )
    except IntegrityError:
        # lost a race with another writer: report it as the rule it broke
        raise registration.field_errors({"nickname": [registration.TAKEN]}) from None


async def find_user(nickname: str) -> Account:
    """The local account ``nickname`` (case-insensitive); 404 ``Not found`` otherwise."""
    account = await accounts_service.find_local_by_nickname((nickname or "").lstrip("@"))
    if account is None:
        raise DomainError(NOT_FOUND, USER_NOT_FOUND)
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

    ``None`` leaves a flag as it is; idempotent. Deactivating revokes the account's tokens,
    so its sessions and apps stop working at once (they would be refused anyway while the
    account is inactive, and a later reactivation then needs a fresh login). Raises 404
    ``Not found`` for an unknown nickname.
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
    async with in_transaction():
        await Account.filter(id=account.id).update(**changes)
        if active is False:
            await Token.filter(account_id=account.id, revoked=False).update(revoked=True)
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
    async with in_transaction():
        await Account.filter(id=account.id).update(password_hash=hash_password(new_password))
        revoked = await Token.filter(account_id=account.id, revoked=False).update(revoked=True)
    return PasswordReset(await Account.get(id=account.id), new_password, int(revoked or 0))
