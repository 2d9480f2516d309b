"""Editing one's own profile: Mastodon's ``update_credentials``, Pleroma's legacy
avatar/banner/background routes and the Pleroma-FE mascot.

Every change is checked before anything is written: text limits come from the instance
policy, images go through the media service's gate (images only, per-kind size limits,
Pillow verification, metadata stripped). Files are stored only once every check passed,
and the account row is saved in one statement inside a transaction, so a refused request
leaves the profile exactly as it was. Replaced pictures are deleted after the commit.

Facts without a column of their own live in the account's ``settings`` JSON:
``sensitive``, ``language``, ``skip_thread_containment``, ``allow_following_move``,
``settings_store`` (Pleroma's per-frontend settings) and ``mascot`` (a reference to a
media row).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from models.accounts import Account
from models.media import MediaAttachment
from schema.context import RequestContext
from schema.errors import VALIDATION, DomainError
from schema.services import formatting
from schema.services import media as media_service
from schema.services.account_settings import locked_account, settings_of
from schema.services.accounts import acct, find_by_acct
from schema.services.media import UploadInput
from schema.services.visibility import ALL_VISIBILITIES

SCOPE = "write:accounts"
READ_SCOPE = "read:accounts"


class _Reset:
    """The "back to the default picture" value (an empty string on the wire)."""

    _instance: _Reset | None = None

    def __new__(cls) -> _Reset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "RESET"


#: Give this instead of a file to put a picture back to the instance default.
RESET = _Reset()

ImageChange = UploadInput | _Reset | None


@dataclass(frozen=True)
class ImageSlot:
    """One of the account's pictures: its column, its size limit and its wording."""

    name: str
    column: str
    limit_attr: str
    label: str


SLOTS: dict[str, ImageSlot] = {
    "avatar": ImageSlot("avatar", "avatar_url", "avatar_upload_limit", "Avatar"),
    "header": ImageSlot("header", "header_url", "banner_upload_limit", "Header"),
    "background": ImageSlot(
        "background", "background_url", "background_upload_limit", "Background image"
    ),
}

#: ``actor_type`` values a local account may take (Mastodon's ``bot`` picks between them).
ACTOR_TYPES = ("Person", "Service")
LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}")
#: Serialised size of Pleroma-FE's settings store an account may keep.
SETTINGS_STORE_LIMIT = 64 * 1024
NOT_AN_IMAGE = "{label} must be an image (JPEG, PNG, GIF or WebP)"
MASCOT_NOT_IMAGE = "mascots can only be images"

#: Pleroma's default ``[:assets, :default_mascot]`` (``pleroma_fox_tan``).
DEFAULT_MASCOT_PATH = "/images/pleroma-fox-tan-smol.png"
DEFAULT_MASCOT_ID = "default-mascot"
DEFAULT_MASCOT_MIME = "image/png"


@dataclass(frozen=True)
class ProfileField:
    """One profile field as typed (name and value are plain text)."""

    name: str
    value: str


@dataclass
class ProfileChanges:
    """What to change; ``None`` leaves a value as it is.

    ``avatar``/``header``/``background`` take an upload or :data:`RESET`. ``privacy`` is
    the default visibility of new statuses (Mastodon ``source[privacy]``, Pleroma
    ``default_scope``). ``settings_store`` is merged into the stored one per key.
    """

    display_name: str | None = None
    note: str | None = None
    locked: bool | None = None
    bot: bool | None = None
    discoverable: bool | None = None
    fields: list[ProfileField] | None = None
    privacy: str | None = None
    sensitive: bool | None = None
    language: str | None = None
    avatar: ImageChange = None
    header: ImageChange = None
    background: ImageChange = None
    hide_followers: bool | None = None
    hide_follows: bool | None = None
    hide_followers_count: bool | None = None
    hide_follows_count: bool | None = None
    hide_favorites: bool | None = None
    show_role: bool | None = None
    no_rich_text: bool | None = None
    actor_type: str | None = None
    skip_thread_containment: bool | None = None
    allow_following_move: bool | None = None
    settings_store: dict[str, Any] | None = None


#: Boolean changes stored in a column of the same name.
BOOLEAN_COLUMNS = (
    "locked",
    "discoverable",
    "hide_followers",
    "hide_follows",
    "hide_followers_count",
    "hide_follows_count",
    "hide_favorites",
    "show_role",
    "no_rich_text",
)
#: Boolean changes kept in ``settings`` (with their defaults when never set).
BOOLEAN_SETTINGS = {
    "sensitive": False,
    "skip_thread_containment": False,
    "allow_following_move": True,
}


@dataclass
class _Plan:
    """The validated outcome: column values, settings to merge, images to store."""

    columns: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    store_merge: dict[str, Any] | None = None
    images: dict[str, media_service.Processed | _Reset] = field(default_factory=dict)


def _settings(account: Any) -> dict[str, Any]:
    return account.settings if isinstance(account.settings, dict) else {}


def setting(account: Any, key: str) -> Any:
    """A profile fact kept in ``settings`` (its default when never set)."""
    return _settings(account).get(key, BOOLEAN_SETTINGS.get(key))


def settings_store(account: Any) -> dict[str, Any]:
    """Pleroma-FE's settings store of the account (``{}`` when empty)."""
    store = _settings(account).get("settings_store")
    return store if isinstance(store, dict) else {}


def fields_from_params(value: Any) -> list[ProfileField]:
    """Profile fields from a JSON list, a JSON object keyed by index, or (name, value) pairs.

    Entries whose name and value are both blank are dropped (that is how Mastodon clients
    remove a field). Raises 422 for anything else.
    """
    if isinstance(value, dict):
        items = [value[k] for k in sorted(value, key=_index_key)]
    elif isinstance(value, list):
        items = value
    else:
        raise DomainError(
            VALIDATION,
            "Validation failed: fields_attributes must be a list of {name, value}",
            field="fields_attributes",
        )
    out: list[ProfileField] = []
    for item in items:
        if isinstance(item, ProfileField):
            name, val = item.name, item.value
        elif isinstance(item, dict):
            name, val = item.get("name"), item.get("value")
        else:
            raise DomainError(
                VALIDATION,
                "Validation failed: each profile field must have a name and a value",
                field="fields_attributes",
            )
        name = "" if name is None else name
        val = "" if val is None else val
        if not isinstance(name, str | int | float) or not isinstance(val, str | int | float):
            raise DomainError(
                VALIDATION,
                "Validation failed: profile field names and values must be text",
                field="fields_attributes",
            )
        name, val = str(name), str(val)
        if name.strip() or val.strip():
            out.append(ProfileField(name, val))
    return out


def _index_key(key: Any) -> tuple[int, Any]:
    text = str(key)
    return (0, int(text)) if text.isdigit() else (1, text)


async def _mention_resolver(ctx: RequestContext, text: str):
    found: dict[tuple[str, str | None], Any] = {}
    for nick, host in formatting.mention_candidates(text):
        account = await find_by_acct(ctx.policy, f"{nick}@{host}" if host else nick)
        if account is not None and account.is_active:
            found[(nick, host)] = account

    def resolve(nick: str, host: str | None) -> formatting.MentionTarget | None:
        account = found.get((nick, host))
        if account is None:
            return None
        return formatting.MentionTarget(
            account.id, account.nickname, acct(ctx.policy, account), account.url
        )

    return resolve


async def _html(ctx: RequestContext, text: str) -> str:
    """Plain text as the bio/field HTML: escaped, links, mentions and hashtags linked."""
    if not text:
        return ""
    resolve = await _mention_resolver(ctx, text)
    formatted = formatting.format_content(
        text, "text/plain", resolve, lambda tag: ctx.policy.url(f"/tag/{tag}")
    )
    return formatted.html


async def _plan(ctx: RequestContext, changes: ProfileChanges) -> _Plan:
    """Validate every change (text first, then images) and compute what to write."""
    policy = ctx.policy
    problems: dict[str, list[str]] = {}
    plan = _Plan()

    def fail(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if changes.display_name is not None:
        if len(changes.display_name) > policy.user_name_length:
            fail(
                "display_name",
                f"Display name is too long (maximum is {policy.user_name_length} characters)",
            )
        plan.columns["display_name"] = changes.display_name
    if changes.note is not None:
        if len(changes.note) > policy.user_bio_length:
            fail("note", f"Note is too long (maximum is {policy.user_bio_length} characters)")
        else:
            plan.columns["bio"] = changes.note
            plan.columns["bio_html"] = await _html(ctx, changes.note)
    if changes.fields is not None:
        if len(changes.fields) > policy.max_profile_fields:
            fail(
                "fields_attributes",
                f"Too many profile fields (maximum is {policy.max_profile_fields})",
            )
        for item in changes.fields:
            if len(item.name) > policy.profile_field_name_length:
                fail(
                    "fields_attributes",
                    "Profile field name is too long "
                    f"(maximum is {policy.profile_field_name_length} characters)",
                )
            if len(item.value) > policy.profile_field_value_length:
                fail(
                    "fields_attributes",
                    "Profile field value is too long "
                    f"(maximum is {policy.profile_field_value_length} characters)",
                )
        if "fields_attributes" not in problems:
            plan.columns["fields_json"] = [
                {
                    "name": item.name,
                    "value": item.value,
                    "value_html": await _html(ctx, item.value),
                }
                for item in changes.fields
            ]
    if changes.privacy is not None:
        if changes.privacy not in ALL_VISIBILITIES:
            fail("privacy", f"Privacy is not one of {', '.join(ALL_VISIBILITIES)}")
        plan.columns["default_scope"] = changes.privacy
    if changes.language is not None:
        language = changes.language.strip()
        if language and (len(language) > 35 or not LANGUAGE_RE.fullmatch(language)):
            fail("language", "Language is not a language code (such as en or pt-BR)")
        plan.settings["language"] = language or None
    actor_type = changes.actor_type
    if actor_type is not None and actor_type not in ACTOR_TYPES:
        fail("actor_type", f"Actor type is not one of {', '.join(ACTOR_TYPES)}")
    if actor_type is None and changes.bot is not None:
        actor_type = "Service" if changes.bot else "Person"
    if actor_type in ACTOR_TYPES:
        plan.columns["actor_type"] = actor_type
        plan.columns["bot"] = actor_type != "Person"
    for name in BOOLEAN_COLUMNS:
        value = getattr(changes, name)
        if value is not None:
            plan.columns[name] = bool(value)
    for name in BOOLEAN_SETTINGS:
        value = getattr(changes, name)
        if value is not None:
            plan.settings[name] = bool(value)
    if changes.settings_store is not None:
        store = changes.settings_store
        if not isinstance(store, dict):
            fail("pleroma_settings_store", "Settings store must be a JSON object")
        elif len(orjson.dumps(store)) > SETTINGS_STORE_LIMIT:
            fail(
                "pleroma_settings_store",
                f"Settings store is too large (maximum is {SETTINGS_STORE_LIMIT} bytes)",
            )
        else:
            plan.store_merge = store

    if problems:
        messages = [m for ms in problems.values() for m in ms]
        raise DomainError(
            VALIDATION,
            "Validation failed: " + ", ".join(messages),
            field=next(iter(problems)),
            extra={"field_errors": problems},
        )

    for slot in SLOTS.values():
        value = getattr(changes, slot.name)
        if value is RESET:
            plan.images[slot.name] = RESET
        elif isinstance(value, UploadInput):
            plan.images[slot.name] = await media_service.prepare_image(
                value,
                limit=getattr(policy, slot.limit_attr),
                field_name=slot.name,
                not_image=NOT_AN_IMAGE.format(label=slot.label),
            )
    return plan


async def update_profile(ctx: RequestContext, changes: ProfileChanges) -> Account:
    """Apply ``changes`` to the viewer's account; returns the saved row.

    All or nothing: every check runs before any file is stored or any column written.
    Errors: 403 without a ``write:accounts`` token; 422 ``Validation failed: ...`` for
    text over the policy's limits, too many fields, an unknown privacy, actor type or
    language; for pictures 413 ``File is too large`` (the kind's limit), 415 for
    anything but an image, 422 for a corrupt or truncated image.
    """
    account = ctx.viewer.require(SCOPE)
    return await apply_profile(ctx, account.id, changes)


async def apply_profile(
    ctx: RequestContext,
    account_id: str,
    changes: ProfileChanges,
    *,
    columns: dict[str, Any] | None = None,
    within: Callable[[Account], Awaitable[Any]] | None = None,
) -> Account:
    """The profile rule itself, on any account (no scope check): see :func:`update_profile`.

    An admin editing someone's profile (:mod:`schema.services.admin_users`) passes
    ``columns``, other values it has checked itself (email, password hash), written in
    the same save, and ``within``, awaited with the saved row before the transaction
    commits (its moderation log entry). 404 when the account is gone.
    """
    plan = await _plan(ctx, changes)

    stored: dict[str, str] = {}
    try:
        for name, processed in plan.images.items():
            if isinstance(processed, media_service.Processed):
                stored[name] = await media_service.save_image(ctx, processed)
        for name in plan.images:
            column = SLOTS[name].column
            plan.columns[column] = (
                media_service.MEDIA_URL_PREFIX + stored[name] if name in stored else None
            )
        plan.columns.update(columns or {})
        # A fresh row, held until commit: ``settings`` is merged into what is stored now,
        # not into the copy read when the request was authenticated, and no concurrent
        # writer of other keys can slip in between (:mod:`schema.services.account_settings`).
        async with locked_account(account_id) as row:
            replaced = [
                getattr(row, SLOTS[name].column)
                for name in plan.images
                if getattr(row, SLOTS[name].column) != plan.columns[SLOTS[name].column]
            ]
            for column, value in plan.columns.items():
                setattr(row, column, value)
            update_fields = list(plan.columns)
            if plan.settings or plan.store_merge is not None:
                merged = settings_of(row)
                merged.update(plan.settings)
                if plan.store_merge is not None:
                    merged["settings_store"] = {**settings_store(row), **plan.store_merge}
                row.settings = merged
                update_fields.append("settings")
            if update_fields:
                await row.save(update_fields=[*update_fields, "updated_at"])
            if within is not None:
                await within(row)
    except BaseException:
        for relative in stored.values():
            await media_service.delete_stored(ctx, media_service.MEDIA_URL_PREFIX + relative)
        raise
    for url in replaced:
        await media_service.delete_stored(ctx, url)
    return row


async def set_image(ctx: RequestContext, slot: str, value: UploadInput | _Reset) -> Account:
    """Replace (or, with :data:`RESET`, clear) one picture: ``avatar``, ``header`` or
    ``background``. Same checks and errors as :func:`update_profile`."""
    if slot not in SLOTS:
        raise ValueError(f"unknown picture {slot!r}")
    return await update_profile(ctx, ProfileChanges(**{slot: value}))


def image_url(ctx: RequestContext, account: Any, slot: str) -> str | None:
    """The absolute URL of the account's own picture in ``slot`` (``None`` when unset)."""
    url = getattr(account, SLOTS[slot].column)
    if url and url.startswith("/"):
        return ctx.policy.url(url)
    return url or None


# --- the mascot ---------------------------------------------------------------------


@dataclass(frozen=True)
class Mascot:
    """The viewer's mascot: an uploaded image (``media``) or the instance default."""

    id: str
    url: str
    mime_type: str
    media: MediaAttachment | None = None

    @property
    def is_default(self) -> bool:
        """True for the instance's default mascot."""
        return self.media is None


DEFAULT_MASCOT = Mascot(DEFAULT_MASCOT_ID, DEFAULT_MASCOT_PATH, DEFAULT_MASCOT_MIME)


async def get_mascot(ctx: RequestContext) -> Mascot:
    """The viewer's mascot, or the instance default when none is set (or it is gone).

    Needs the ``read:accounts`` scope.
    """
    account = ctx.viewer.require(READ_SCOPE)
    ref = _settings(account).get("mascot")
    media_id = ref.get("id") if isinstance(ref, dict) else None
    if not media_id:
        return DEFAULT_MASCOT
    row = await MediaAttachment.filter(id=str(media_id), account_id=account.id).first()
    if row is None:
        return DEFAULT_MASCOT
    return Mascot(row.id, row.url, row.mime_type, row)


async def set_mascot(ctx: RequestContext, file: UploadInput | None) -> Mascot:
    """Upload an image as the viewer's mascot (stored like ``POST /api/v1/media``).

    Errors: 403 without ``write:accounts``; 400 without a file; 413 over the upload limit;
    415 ``mascots can only be images``; 422 for a corrupt image. The previous mascot's
    upload is deleted when no status uses it.
    """
    account = ctx.viewer.require(SCOPE)
    processed = await media_service.prepare_image(
        file, limit=ctx.policy.upload_limit, field_name="file", not_image=MASCOT_NOT_IMAGE
    )
    media = await media_service.store_attachment(ctx, account, processed, "")
    try:
        async with locked_account(account.id) as row:
            settings = settings_of(row)
            previous = settings.get("mascot")
            settings["mascot"] = {"id": media.id}
            row.settings = settings
            await row.save(update_fields=["settings", "updated_at"])
    except BaseException:
        await media.delete()
        await media_service.delete_stored(ctx, media.url)
        raise
    old_id = previous.get("id") if isinstance(previous, dict) else None
    if old_id and old_id != media.id:
        old = await MediaAttachment.filter(
            id=str(old_id), account_id=account.id, status_id=None
        ).first()
        if old is not None:
            await old.delete()
            await media_service.delete_stored(ctx, old.url)
    return Mascot(media.id, media.url, media.mime_type, media)
