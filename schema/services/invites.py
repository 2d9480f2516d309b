"""Invite tokens for admins: create, list, revoke, and mail one to a would-be user.

``POST /api/pleroma/admin/users/invite_token``, ``GET .../users/invites``,
``POST .../users/revoke_invite``, ``POST .../users/email_invite`` and their GraphQL twins
(``adminInviteCreate``, ``adminInvites``, ``adminInviteRevoke``, ``adminInviteEmail``)
call these functions. Whether an invite still lets someone register, and counting its
uses, is decided in one place only: :mod:`schema.services.registration`.

An invite's type is not stored: it follows from what was given when it was made, as in
Pleroma (``max_use`` makes it reusable, ``expires_at`` date-limited, both
``reusable_date_limited``, neither ``one_time``). Pleroma writes no moderation log entry
for invites, so neither does this module.

Bad values are refused with Pleroma's OpenAPI cast messages (400 ``{"error", "errors"}``):
``max_use - Invalid integer. Got: string.``, ``expires_at - Invalid format. Expected
:date.``, ``Missing field: token.``.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from datetime import date
from email.utils import formataddr
from typing import Any

from models.registration import Invite
from schema.context import RequestContext
from schema.errors import (
    BAD_REQUEST,
    NOT_FOUND,
    UNAVAILABLE,
    DomainError,
    openapi_error,
    openapi_type_name,
)
from schema.services import mail_templates, registration

log = logging.getLogger("plenum.invites")

READ_SCOPE = "read:invites"
WRITE_SCOPE = "write:invites"

ONE_TIME = "one_time"
REUSABLE = "reusable"
DATE_LIMITED = "date_limited"
REUSABLE_DATE_LIMITED = "reusable_date_limited"
INVITE_TYPES = (ONE_TIME, REUSABLE, DATE_LIMITED, REUSABLE_DATE_LIMITED)

#: The largest ``max_use`` accepted (a 32-bit column).
MAX_USE_LIMIT = 2**31 - 1
#: Longest invitee name put in the mail's ``To`` header.
NAME_MAX = 255

NOT_FOUND_MESSAGE = "Not found"
REGISTRATIONS_OPEN = (
    "To send invites you need to set the `registrations_open` option to false."
)
INVITES_DISABLED = "To send invites you need to set the `invites_enabled` option to true."
#: Pleroma's answer when its mailer is off (``{:error, :deliveries_disabled}``).
MAIL_OFF = "deliveries_disabled"
MAIL_FAILED = "The invitation mail could not be sent"


def cast_error(name: str, detail: str) -> DomainError:
    """Pleroma's OpenAPI cast error for a bad value of ``name``: 400 ``{"error": "<name> -
    <detail>.", "errors": [{"message": "<detail>", ...}]}``."""
    return openapi_error([(name, detail, f"{name} - {detail}.")])


def _missing(name: str) -> DomainError:
    return openapi_error([(name, f"Missing field: {name}", f"Missing field: {name}.")])


def parse_max_use(raw: Any) -> int | None:
    """``max_use`` as given (an int, or digits in a string); ``None`` when absent or empty.

    400 for anything that is not a whole number, and for numbers below 1 (an invite that
    could never be used) or above ``MAX_USE_LIMIT``.
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        number = raw
    elif isinstance(raw, str) and raw.strip().lstrip("+-").isdigit():
        number = int(raw.strip())
    else:
        raise cast_error("max_use", f"Invalid integer. Got: {openapi_type_name(raw)}")
    if number < 1:
        raise cast_error("max_use", f"{number} is smaller than inclusive minimum 1")
    if number > MAX_USE_LIMIT:
        raise cast_error("max_use", f"{number} is larger than inclusive maximum {MAX_USE_LIMIT}")
    return number


def parse_expires_at(raw: Any) -> date | None:
    """``expires_at`` as a date (``YYYY-MM-DD``); ``None`` when absent or empty; 400 else.

    A date in the past is accepted (the invite is then expired at once), as in Pleroma.
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, date):
        return raw
    text = raw.strip() if isinstance(raw, str) else None
    if text is not None and len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise cast_error("expires_at", "Invalid format. Expected :date")


def invite_type(invite: Invite) -> str:
    """``one_time``, ``reusable``, ``date_limited`` or ``reusable_date_limited``."""
    if invite.max_use is not None and invite.expires_at is not None:
        return REUSABLE_DATE_LIMITED
    if invite.expires_at is not None:
        return DATE_LIMITED
    if invite.max_use is not None:
        return REUSABLE
    return ONE_TIME


def _require_admin(ctx: RequestContext, scope: str) -> Any:
    """The acting admin's account (``None`` for the configured admin token); 403 else."""
    return ctx.viewer.require_admin(scope)


async def _new_invite(max_use: int | None, expires_at: date | None) -> Invite:
    return await Invite.create(
        token=secrets.token_urlsafe(32), max_use=max_use, expires_at=expires_at
    )


async def create_invite(
    ctx: RequestContext, *, max_use: Any = None, expires_at: Any = None
) -> Invite:
    """A new invite token, optionally limited to ``max_use`` registrations and/or valid
    until ``expires_at`` (inclusive). Needs ``admin:write:invites``. Not idempotent."""
    _require_admin(ctx, WRITE_SCOPE)
    return await _new_invite(parse_max_use(max_use), parse_expires_at(expires_at))


async def list_invites(ctx: RequestContext) -> list[Invite]:
    """Every invite, oldest first, in one statement. Needs ``admin:read:invites``."""
    _require_admin(ctx, READ_SCOPE)
    return list(await Invite.all().order_by("id"))


async def find_invites(ctx: RequestContext, ids: Iterable[str]) -> dict[str, Invite]:
    """The invites with these ids, by id (unknown ones left out); one statement.
    Needs ``admin:read:invites``."""
    _require_admin(ctx, READ_SCOPE)
    wanted = [i for i in ids if isinstance(i, str) and i]
    if not wanted:
        return {}
    return {row.id: row for row in await Invite.filter(id__in=wanted)}


async def revoke_invite(ctx: RequestContext, token: Any) -> Invite:
    """Mark the invite with ``token`` used, so nobody can register with it any more;
    idempotent. 400 ``Missing field: token.``; 404 ``Not found`` for an unknown token.
    Needs ``admin:write:invites``."""
    _require_admin(ctx, WRITE_SCOPE)
    if token is None or token == "":
        raise _missing("token")
    if not isinstance(token, str):
        raise cast_error("token", f"Invalid string. Got: {openapi_type_name(token)}")
    invite = await Invite.filter(token=token).first() if len(token) <= 64 else None
    if invite is None:
        raise DomainError(NOT_FOUND, NOT_FOUND_MESSAGE)
    if not invite.used:
        await Invite.filter(id=invite.id).update(used=True)
        invite.used = True
    return invite


def _clean_name(name: Any) -> str | None:
    if name is None:
        return None
    if not isinstance(name, str):
        raise cast_error("name", f"Invalid string. Got: {openapi_type_name(name)}")
    cleaned = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    return cleaned[:NAME_MAX] or None


def _clean_email(email: Any) -> str:
    if email is None or email == "":
        raise _missing("email")
    if not isinstance(email, str):
        raise cast_error("email", f"Invalid string. Got: {openapi_type_name(email)}")
    email = email.strip()
    if len(email) > registration.EMAIL_MAX or not registration.EMAIL_RE.match(email):
        raise cast_error("email", "Invalid format. Expected :email")
    return email


async def email_invite(ctx: RequestContext, email: Any, name: Any = None) -> Invite:
    """Make a one-time invite and mail its registration link to ``email``; the invite.

    Refused (400) as Pleroma refuses it: without ``email`` or with a malformed one
    (checked first, as Pleroma's request validation does), while registrations are open
    (``To send invites you need to set the `registrations_open` option to false.``), when
    invites are off (``... `invites_enabled` option to true.``), and when mail is off
    (``deliveries_disabled``). The mail is sent before answering; when the SMTP server
    refuses it the invite is deleted again and 503 ``The invitation mail could not be
    sent`` is raised, so no invite exists that nobody received. ``name`` (optional)
    addresses the mail. Needs ``admin:write:invites``. Not idempotent.
    """
    actor = _require_admin(ctx, WRITE_SCOPE)
    email = _clean_email(email)
    to_name = _clean_name(name)
    policy = ctx.policy
    if policy.registrations_open:
        raise DomainError(BAD_REQUEST, REGISTRATIONS_OPEN)
    if not policy.invites_required:
        raise DomainError(BAD_REQUEST, INVITES_DISABLED)
    mailer = ctx.mailer
    if mailer is None:
        raise DomainError(BAD_REQUEST, MAIL_OFF)
    invite = await _new_invite(None, None)
    inviter = None
    if actor is not None:
        inviter = (actor.display_name or "").strip() or actor.nickname
    subject, text = mail_templates.user_invitation(policy, invite.token, inviter=inviter)
    try:
        await mailer.send(formataddr((to_name, email)) if to_name else email, subject, text)
    except Exception as exc:
        # The recipient is personal data (and SMTP errors quote it): log the invite only.
        log.warning("invitation mail for invite %s not sent (%s)", invite.id, type(exc).__name__)
        await Invite.filter(id=invite.id).delete()
        raise DomainError(UNAVAILABLE, MAIL_FAILED) from None
    return invite
