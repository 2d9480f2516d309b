"""``accountUpdate``, ``accountAvatarUpdate`` / ``accountBannerUpdate`` /
``accountBackgroundUpdate`` and ``mascotUpdate``: editing one's own profile.

The same service as ``PATCH /api/v1/accounts/update_credentials``, Pleroma's legacy
``update_avatar`` routes and ``PUT /api/v1/pleroma/mascot``; files come as GraphQL
multipart uploads.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any

import orjson
import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from schema.errors import BAD_REQUEST, DomainError
from schema.mutations.media import _upload_input
from schema.mutations.payloads import payload_of, user_errors_field
from schema.services import profile as profile_service
from schema.services.profile import RESET, ProfileChanges, ProfileField
from schema.types.account import Account
from schema.types.errors import UserError
from schema.types.profile import Mascot
from schema.types.scalars import URL
from schema.types.status import Visibility


@strawberry.enum(description="The ActivityPub actor type a local account may choose.")
class AccountActorType(Enum):
    """``Service`` marks a bot (Mastodon's ``bot: true``)."""

    PERSON = strawberry.enum_value("Person", description="A person.")
    SERVICE = strawberry.enum_value("Service", description="An automated account (a bot).")


@strawberry.input(description="One profile field to set (plain text).")
class AccountFieldInput:
    """Same as REST's ``fields_attributes[i][name]`` / ``[value]``."""

    name: str = strawberry.field(description="The label.")
    value: str = strawberry.field(description="The value; links and mentions get linked.")


@strawberry.input(
    description="What `accountUpdate` changes; omitted fields stay as they are. Send the "
    "operation as a multipart request to upload pictures."
)
class AccountUpdateInput:
    """Same fields as ``PATCH /api/v1/accounts/update_credentials``."""

    display_name: str | None = strawberry.field(default=None, description="The display name.")
    note: str | None = strawberry.field(
        default=None, description="The bio as plain text (stored, and rendered to HTML)."
    )
    locked: bool | None = strawberry.field(
        default=None, description="True to approve each follower by hand."
    )
    bot: bool | None = strawberry.field(
        default=None, description="True to mark the account as automated (actor type Service)."
    )
    discoverable: bool | None = strawberry.field(
        default=None, description="True to be listed in directories."
    )
    fields: list[AccountFieldInput] | None = strawberry.field(
        default=None,
        description="The complete new list of profile fields (an empty list removes them); "
        "at most the instance's `maxProfileFields`.",
    )
    privacy: Visibility | None = strawberry.field(
        default=None, description="The default visibility of new statuses."
    )
    sensitive: bool | None = strawberry.field(
        default=None, description="True to mark new statuses sensitive by default."
    )
    language: str | None = strawberry.field(
        default=None, description="The default language of new statuses (empty clears it)."
    )
    avatar: Upload | None = strawberry.field(
        default=None, description="A new avatar image (JPEG, PNG, GIF or WebP)."
    )
    reset_avatar: bool = strawberry.field(
        default=False, description="True to go back to the instance's default avatar."
    )
    header: Upload | None = strawberry.field(default=None, description="A new header image.")
    reset_header: bool = strawberry.field(
        default=False, description="True to go back to the instance's default header."
    )
    background_image: Upload | None = strawberry.field(
        default=None, description="A new Pleroma-FE background image."
    )
    reset_background_image: bool = strawberry.field(
        default=False, description="True to remove the background image."
    )
    hide_followers: bool | None = strawberry.field(
        default=None, description="True to hide who follows the account."
    )
    hide_follows: bool | None = strawberry.field(
        default=None, description="True to hide whom the account follows."
    )
    hide_followers_count: bool | None = strawberry.field(
        default=None, description="True to hide how many follow the account."
    )
    hide_follows_count: bool | None = strawberry.field(
        default=None, description="True to hide how many the account follows."
    )
    hide_favorites: bool | None = strawberry.field(
        default=None, description="True to hide the account's favourites."
    )
    show_role: bool | None = strawberry.field(
        default=None, description="True to show the account's role (admin, moderator)."
    )
    no_rich_text: bool | None = strawberry.field(
        default=None, description="True to strip rich text from what the account sees."
    )
    actor_type: AccountActorType | None = strawberry.field(
        default=None, description="The actor type (wins over `bot` when both are given)."
    )
    skip_thread_containment: bool | None = strawberry.field(
        default=None, description="True to skip thread containment in timelines."
    )
    allow_following_move: bool | None = strawberry.field(
        default=None, description="True to follow accounts that move elsewhere."
    )
    settings_store: str | None = strawberry.field(
        default=None,
        description="A JSON object merged into Pleroma-FE's settings store (per key).",
    )


#: What every profile payload says of its ``userErrors``.
NOTHING_CHANGED = "Why nothing was changed (empty on success)."


@strawberry.type(description="The result of `accountUpdate`.")
class AccountUpdatePayload:
    """Either the updated ``account`` or ``userErrors`` (and nothing changed)."""

    account: Account | None = strawberry.field(
        default=None, description="The viewer's account as saved (null when refused)."
    )
    user_errors: list[UserError] = user_errors_field(NOTHING_CHANGED)


@strawberry.input(description="A new picture, or a reset to the default.")
class AccountImageInput:
    """Same as REST's ``img`` / ``banner`` parameter (a file, or empty to reset)."""

    file: Upload | None = strawberry.field(
        default=None, description="The image (JPEG, PNG, GIF or WebP), as a multipart upload."
    )
    reset: bool = strawberry.field(
        default=False, description="True to go back to the default (ignores `file`)."
    )


@strawberry.type(description="The result of changing one profile picture.")
class AccountImagePayload:
    """The picture's URL (null after a reset) and the account."""

    url: URL | None = strawberry.field(
        default=None,
        description="Where the new picture is served (null when reset to the default).",
    )
    account: Account | None = strawberry.field(
        default=None, description="The viewer's account as saved (null when refused)."
    )
    user_errors: list[UserError] = user_errors_field(NOTHING_CHANGED)


@strawberry.input(description="What `mascotUpdate` needs: the image.")
class MascotUpdateInput:
    """Same as ``PUT /api/v1/pleroma/mascot`` (multipart ``file``)."""

    file: Upload = strawberry.field(
        description="The image (JPEG, PNG, GIF or WebP), as a multipart upload."
    )


@strawberry.type(description="The result of `mascotUpdate`.")
class MascotPayload:
    """Either the new ``mascot`` or ``userErrors``."""

    mascot: Mascot | None = strawberry.field(
        default=None, description="The new mascot (null when refused)."
    )
    user_errors: list[UserError] = user_errors_field(NOTHING_CHANGED)


def _image(file: Any, reset: bool) -> Any:
    if reset:
        return RESET
    return _upload_input(file) if file is not None else None


def _settings_store(value: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    try:
        decoded = orjson.loads(value)
    except orjson.JSONDecodeError:
        decoded = None
    if not isinstance(decoded, dict):
        raise DomainError(
            BAD_REQUEST, "settingsStore: expected a JSON object", field="settings_store"
        )
    return decoded


def changes_from_input(data: AccountUpdateInput) -> ProfileChanges:
    """The service's changes from the GraphQL input."""
    return ProfileChanges(
        display_name=data.display_name,
        note=data.note,
        locked=data.locked,
        bot=data.bot,
        discoverable=data.discoverable,
        fields=[ProfileField(f.name, f.value) for f in data.fields]
        if data.fields is not None
        else None,
        privacy=data.privacy.value if data.privacy is not None else None,
        sensitive=data.sensitive,
        language=data.language,
        avatar=_image(data.avatar, data.reset_avatar),
        header=_image(data.header, data.reset_header),
        background=_image(data.background_image, data.reset_background_image),
        hide_followers=data.hide_followers,
        hide_follows=data.hide_follows,
        hide_followers_count=data.hide_followers_count,
        hide_follows_count=data.hide_follows_count,
        hide_favorites=data.hide_favorites,
        show_role=data.show_role,
        no_rich_text=data.no_rich_text,
        actor_type=data.actor_type.value if data.actor_type is not None else None,
        skip_thread_containment=data.skip_thread_containment,
        allow_following_move=data.allow_following_move,
        settings_store=_settings_store(data.settings_store),
    )


async def _set_image(info: Info, slot: str, data: AccountImageInput) -> AccountImagePayload:
    ctx = info.context
    ctx.viewer.require(profile_service.SCOPE)

    async def call() -> Any:
        value = _image(data.file, data.reset)
        if value is None:
            raise DomainError(BAD_REQUEST, "Give a file or reset: true.", field="file")
        return await profile_service.set_image(ctx, slot, value)

    def done(row: Any) -> AccountImagePayload:
        url = profile_service.image_url(ctx, row, slot)
        return AccountImagePayload(url=URL(url) if url else None, account=Account.from_row(row))

    return await payload_of(AccountImagePayload, call, done)


def _image_mutation(slot: str, description: str) -> Callable[..., Any]:
    """The mutation that sets or resets the picture in ``slot`` (one implementation for
    avatar, header and background: they differ only in the slot)."""

    async def resolve(
        self: Any, info: Info, input: Annotated[AccountImageInput, IMAGE_ARGUMENT]
    ) -> AccountImagePayload:
        return await _set_image(info, slot, input)

    return strawberry.mutation(description=description)(resolve)


IMAGE_ARGUMENT = strawberry.argument(description="The image, or `reset: true`.")


@strawberry.type
class ProfileMutations:
    """Mutations that edit the viewer's own profile."""

    @strawberry.mutation(
        description="Change one's profile (REST: `PATCH /api/v1/accounts/update_credentials`). "
        "All or nothing: any refused field leaves the account unchanged. Needs the "
        "`write:accounts` scope."
    )
    async def account_update(
        self,
        info: Info,
        input: Annotated[AccountUpdateInput, strawberry.argument(description="What to change.")],
    ) -> AccountUpdatePayload:
        ctx = info.context
        ctx.viewer.require(profile_service.SCOPE)
        return await payload_of(
            AccountUpdatePayload,
            lambda: profile_service.update_profile(ctx, changes_from_input(input)),
            lambda row: AccountUpdatePayload(account=Account.from_row(row)),
        )

    account_avatar_update = _image_mutation(
        "avatar",
        "Set or reset one's avatar (REST: `PATCH "
        "/api/v1/pleroma/accounts/update_avatar`). Needs the `write:accounts` scope.",
    )
    account_banner_update = _image_mutation(
        "header",
        "Set or reset one's header (REST: `PATCH "
        "/api/v1/pleroma/accounts/update_banner`). Needs the `write:accounts` scope.",
    )
    account_background_update = _image_mutation(
        "background",
        "Set or remove one's Pleroma-FE background (REST: `PATCH "
        "/api/v1/pleroma/accounts/update_background`). Needs the `write:accounts` scope.",
    )

    @strawberry.mutation(
        description="Upload one's Pleroma-FE mascot (REST: `PUT /api/v1/pleroma/mascot`); "
        "images only. Needs the `write:accounts` scope."
    )
    async def mascot_update(
        self,
        info: Info,
        input: Annotated[MascotUpdateInput, strawberry.argument(description="The image.")],
    ) -> MascotPayload:
        ctx = info.context
        ctx.viewer.require(profile_service.SCOPE)
        return await payload_of(
            MascotPayload,
            lambda: profile_service.set_mascot(ctx, _upload_input(input.file)),
            lambda mascot: MascotPayload(mascot=Mascot(value=mascot)),
        )
