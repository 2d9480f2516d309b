"""Registration: the rules both sign-up paths share, and email confirmation.

``POST /api/v1/accounts`` (Mastodon), ``POST /api/account/register`` (Pleroma's seed, with
``legacy=True``) and the GraphQL ``accountRegister`` mutation all call :func:`register`.

Order of checks, as in Pleroma: the email parameter (Mastodon path), the captcha (unless
disabled or the app is trusted), the invite (when registrations are closed), then the
field rules. Field problems are reported together as one
``DomainError(BAD_REQUEST, '{"field":["message"]}', extra={"field_errors": {...}})``:
Pleroma answers them JSON-encoded inside ``error`` and GraphQL turns ``field_errors`` into
``userErrors``. The account row and the invite's use count are written in one transaction.
"""

from __future__ import annotations

import hmac
import html
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.accounts import Account
from models.registration import Invite
from schema.errors import BAD_REQUEST, DomainError
from schema.services import accounts as accounts_service
from schema.services import captcha, mail_templates, tokens
from schema.services.throttle import throttle

log = logging.getLogger("plenum.registration")

NICKNAME_RE = re.compile(r"^[a-zA-Z\d_-]+$")
EMAIL_RE = re.compile(
    r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$"
)
NICKNAME_MAX = 255
EMAIL_MAX = 320

BLANK = "can't be blank"
TAKEN = "has already been taken"
INVALID_FORMAT = "has invalid format"
RESERVED = "is reserved"
INVALID_EMAIL = "Invalid email"
NO_MATCH = "does not match confirmation"
NOT_ACCEPTED = "must be accepted"

MESSAGE_CONFIRM = "You have been registered. Please check your email for further instructions."
MESSAGE_APPROVAL = (
    "You have been registered. You'll be able to log in once your account is approved."
)
MESSAGE_MANUAL = (
    "You have been registered. Some post-registration steps may be pending. "
    "Please log in manually."
)


@dataclass
class RegistrationInput:
    """What a would-be user sends. ``None`` means "not given".

    ``confirm`` ``None`` means "same as password" (the Mastodon path has no confirmation);
    ``agreement`` ``None`` means the path has no terms checkbox, ``False`` is refused;
    ``fullname`` ``None`` defaults to the nickname.
    """

    nickname: str | None
    email: str | None = None
    password: str | None = None
    confirm: str | None = None
    fullname: str | None = None
    bio: str | None = None
    agreement: bool | None = None
    locale: str | None = None
    reason: str | None = None
    captcha_solution: str | None = None
    captcha_token: str | None = None
    captcha_answer_data: str | None = None
    invite_token: str | None = None


@dataclass
class RegistrationResult:
    """The new account; ``issued`` when it may log in now and an app was given.

    Otherwise ``identifier``/``message`` say why not (Pleroma's
    ``missing_confirmed_email``, ``awaiting_approval``, ``manual_login_required``).
    """

    account: Account
    issued: tokens.IssuedToken | None = None
    identifier: str | None = None
    message: str | None = None


def field_errors(errors: dict[str, list[str]]) -> DomainError:
    """A 400 carrying ``errors`` the way Pleroma does (JSON text inside ``error``)."""
    ordered = {key: errors[key] for key in sorted(errors)}
    return DomainError(
        BAD_REQUEST,
        orjson.dumps(ordered).decode(),
        field=next(iter(ordered), None),
        extra={"field_errors": ordered},
    )


def bio_to_html(bio: str) -> str:
    """The HTML of a plain-text bio: escaped, line breaks kept."""
    return html.escape(bio, quote=False).replace("\r\n", "\n").replace("\n", "<br/>")


def _blank(value: str | None) -> bool:
    return value is None or value.strip() == ""


def _email_blacklisted(policy: Any, email: str) -> bool:
    email = email.lower()
    return any(
        email.endswith("@" + domain) or email.endswith("." + domain)
        for domain in policy.email_blacklist
    )


async def email_problems(
    policy: Any, email: str, *, blacklist: bool = True, owner_id: str | None = None
) -> list[str]:
    """What is wrong with ``email`` (already stripped, not empty) as an account's address.

    The rule registration and ``change_email`` share: the format (``has invalid format``,
    which stops the other checks), the instance's domain blacklist when ``blacklist``
    (``Invalid email``) and uniqueness among all accounts, case-insensitively, ignoring
    ``owner_id``'s own row (``has already been taken``). Empty when the address is fine.
    """
    if len(email) > EMAIL_MAX or not EMAIL_RE.match(email):
        return [INVALID_FORMAT]
    problems = []
    if blacklist and _email_blacklisted(policy, email):
        problems.append(INVALID_EMAIL)
    taken = Account.filter(email_lower=email.lower())
    if owner_id is not None:
        taken = taken.exclude(id=owner_id)
    if await taken.exists():
        problems.append(TAKEN)
    return problems


async def _check_captcha(ctx: Any, data: RegistrationInput, app: Any) -> None:
    if not ctx.policy.captcha_enabled or (app is not None and getattr(app, "trusted", False)):
        return
    try:
        await captcha.validate(
            ctx, data.captcha_token, data.captcha_solution, data.captcha_answer_data
        )
    except captcha.CaptchaError as exc:
        raise field_errors({"captcha": [str(exc)]}) from None


def _invite_error(message: str, legacy: bool) -> DomainError:
    # The seed answered a bare JSON string; 2.2+ answers {"error": ...}.
    return DomainError(BAD_REQUEST, message, field="token", body=message if legacy else None)


def _invite_valid(invite: Invite) -> bool:
    if invite.used:
        return False
    if invite.max_use is not None and invite.uses >= invite.max_use:
        return False
    return not (invite.expires_at is not None and invite.expires_at < datetime.now(UTC).date())


async def _find_invite(token: str | None, legacy: bool) -> Invite:
    if not isinstance(token, str) or not token or len(token) > 64:
        raise _invite_error("Invalid token", legacy)
    invite = await Invite.filter(token=token).first()
    if invite is None:
        raise _invite_error("Invalid token", legacy)
    if not _invite_valid(invite):
        raise _invite_error("Expired token", legacy)
    return invite


async def _spend_invite(invite: Invite, legacy: bool) -> None:
    """Count one use of ``invite`` (inside the caller's transaction); race-safe.

    One-time invites (no ``max_use``, no date) become ``used``; reusable ones become
    ``used`` when they reach ``max_use``; date-limited ones stay open until their date.
    """
    query = Invite.filter(id=invite.id, used=False)
    if invite.max_use is not None:
        query = query.filter(uses__lt=invite.max_use)
    one_time = invite.max_use is None and invite.expires_at is None
    updated = await query.update(uses=F("uses") + 1)
    if not updated:
        raise _invite_error("Expired token", legacy)
    if one_time or (invite.max_use is not None and invite.uses + 1 >= invite.max_use):
        await Invite.filter(id=invite.id).update(used=True)


@dataclass
class _Clean:
    nickname: str
    email: str | None
    password: str
    name: str
    bio: str
    reason: str | None


async def _validate(ctx: Any, data: RegistrationInput) -> _Clean:
    policy = ctx.policy
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    nickname = (data.nickname or "").strip()
    if not nickname:
        add("nickname", BLANK)
    elif len(nickname) > NICKNAME_MAX:
        add("nickname", f"should be at most {NICKNAME_MAX} character(s)")
    elif not NICKNAME_RE.match(nickname):
        add("nickname", INVALID_FORMAT)
    else:
        if nickname.lower() in policy.restricted_nicknames:
            add("nickname", RESERVED)
        if await accounts_service.find_local_by_nickname(nickname) is not None:
            add("nickname", TAKEN)

    email = (data.email or "").strip() or None
    if email is None:
        if policy.account_activation_required:
            add("email", BLANK)
    else:
        for message in await email_problems(policy, email):
            add("email", message)

    password = data.password or ""
    if password == "":
        add("password", BLANK)
    # Defaults (confirmation = password, name = nickname) only report their own problems.
    if data.confirm is not None:
        if data.confirm == "":
            add("password_confirmation", BLANK)
        elif password and data.confirm != password:
            add("password_confirmation", NO_MATCH)

    name = nickname if data.fullname is None else data.fullname.strip()
    if not name and data.fullname is not None:
        add("name", BLANK)
    elif len(name) > policy.user_name_length:
        add("name", f"should be at most {policy.user_name_length} character(s)")

    bio = data.bio or ""
    if len(bio) > policy.user_bio_length:
        add("bio", f"should be at most {policy.user_bio_length} character(s)")

    reason = data.reason.strip() if isinstance(data.reason, str) and data.reason.strip() else None
    if reason is not None and len(reason) > policy.registration_reason_length:
        add(
            "registration_reason",
            f"should be at most {policy.registration_reason_length} character(s)",
        )

    if data.agreement is False:
        add("agreement", NOT_ACCEPTED)

    if errors:
        raise field_errors(errors)
    return _Clean(nickname, email, password, name, bio, reason)


async def register(
    ctx: Any, data: RegistrationInput, *, app: Any = None, legacy: bool = False
) -> RegistrationResult:
    """Create a local account from ``data``; issue a token through ``app`` when it may log in.

    ``legacy`` selects the seed path's differences (email required as a field error, bare
    string invite errors). Raises ``DomainError(BAD_REQUEST)`` for every refusal, with
    Pleroma's messages. Not idempotent: a second call with the same nickname is refused
    as "has already been taken". With activation required, a confirmation mail is sent
    after the account is committed (a mail failure is logged, not raised). Every attempt
    spends the ``app_account_creation`` budget (429 ``Throttled`` over it).
    """
    await throttle(ctx, "app_account_creation")
    policy = ctx.policy
    if not legacy and policy.account_activation_required and data.email is None:
        raise DomainError(BAD_REQUEST, "Missing parameter: email", field="email")
    await _check_captcha(ctx, data, app)
    invite = None
    if not policy.registrations_open:
        invite = await _find_invite(data.invite_token, legacy)
    clean = await _validate(ctx, data)

    needs_confirmation = policy.account_activation_required
    needs_approval = policy.account_approval_required
    confirm_token = secrets.token_urlsafe(32) if needs_confirmation else None
    try:
        async with in_transaction():
            account = await accounts_service.create_local_account(
                policy,
                nickname=clean.nickname,
                email=clean.email,
                password=clean.password,
                display_name=clean.name,
                bio=clean.bio,
                bio_html=bio_to_html(clean.bio),
                is_confirmed=not needs_confirmation,
                is_approved=not needs_approval,
                registration_reason=clean.reason,
            )
            if confirm_token is not None:
                account.confirmation_token = tokens.digest(confirm_token)
                await account.save(update_fields=["confirmation_token"])
            if invite is not None:
                await _spend_invite(invite, legacy)
    except IntegrityError:
        # Lost a race with a concurrent registration: report what is now taken.
        errors: dict[str, list[str]] = {}
        if await accounts_service.find_local_by_nickname(clean.nickname) is not None:
            errors["nickname"] = [TAKEN]
        if clean.email and await Account.filter(email_lower=clean.email.lower()).exists():
            errors["email"] = [TAKEN]
        raise field_errors(errors or {"nickname": [TAKEN]}) from None

    if confirm_token is not None:
        await send_confirmation(ctx, account, confirm_token)

    if needs_confirmation:
        return RegistrationResult(account, None, "missing_confirmed_email", MESSAGE_CONFIRM)
    if needs_approval:
        return RegistrationResult(account, None, "awaiting_approval", MESSAGE_APPROVAL)
    if app is None:
        return RegistrationResult(account)
    scopes = tokens.parse_scopes(getattr(app, "scopes", None))
    issued = await tokens.issue_token(
        account, app, scopes, lifetime_seconds=policy.access_token_lifetime
    )
    return RegistrationResult(account, issued)


async def send_confirmation(ctx: Any, account: Account, raw_token: str) -> bool:
    """Mail ``account`` its confirmation link; True when the SMTP server took it.

    Without a mailer (mail off) or on an SMTP failure this logs a warning and returns
    False: the account exists either way and an admin can confirm it.
    """
    if not account.email:
        return False
    mailer = getattr(ctx, "mailer", None)
    if mailer is None:
        log.warning("account %s needs email confirmation but mail is off", account.id)
        return False
    subject, text = mail_templates.account_confirmation(ctx.policy, account, raw_token)
    try:
        await mailer.send(account.email, subject, text)
    except Exception as exc:
        log.warning("confirmation mail for account %s not sent: %s", account.id, exc)
        return False
    return True


async def confirm_email(ctx: Any, account_id: str, token: str) -> Account:
    """Confirm the account whose mailed link carries ``token``.

    Idempotent for an account already confirmed. An unknown account, a remote one or a
    wrong token raise ``DomainError(BAD_REQUEST, "Invalid confirmation token")``.
    """
    invalid = DomainError(BAD_REQUEST, "Invalid confirmation token", field="token")
    if not account_id or len(account_id) > 64 or not token or len(token) > 256:
        raise invalid
    account = await Account.filter(id=account_id, domain=None).first()
    if account is None:
        raise invalid
    if account.is_confirmed:
        return account
    stored = account.confirmation_token or ""
    if not stored or not hmac.compare_digest(stored, tokens.digest(token)):
        raise invalid
    updated = await Account.filter(id=account.id, confirmation_token=stored).update(
        is_confirmed=True, confirmation_token=None, updated_at=datetime.now(UTC)
    )
    if updated:
        account.is_confirmed = True
        account.confirmation_token = None
    return account
