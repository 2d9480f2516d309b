"""Admin mutations: reload the emoji, and manage OAuth apps.

The twins of ``POST /api/pleroma/admin/reload_emoji`` and ``POST``/``PATCH``/``DELETE
/api/pleroma/admin/oauth_app``, on the same services; refusals come back as
``userErrors``. Admins only, with `admin:write`.
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.services import admin_apps, emoji
from schema.types.app import App, app_rest_id
from schema.types.errors import UserError


@strawberry.input(description="What `adminOAuthAppCreate` registers.")
class AdminOAuthAppCreateInput:
    """REST's ``name``, ``redirect_uris``, ``scopes``, ``website``, ``trusted``."""

    name: str = strawberry.field(description="The app's name, shown to users.")
    redirect_uris: str = strawberry.field(
        description="Absolute redirect URIs separated by spaces or newlines, or "
        "`urn:ietf:wg:oauth:2.0:oob`."
    )
    scopes: list[str] | None = strawberry.field(
        default=None, description="The scopes the app may request (default `read`)."
    )
    website: str | None = strawberry.field(default=None, description="The app's home page.")
    trusted: bool = strawberry.field(
        default=False, description="Trust the app (its registrations skip the captcha)."
    )


@strawberry.input(description="What `adminOAuthAppUpdate` changes; a field left out stays.")
class AdminOAuthAppUpdateInput:
    """REST's fields, all optional."""

    id: strawberry.ID = strawberry.field(description="The app's global or REST id.")
    name: str | None = strawberry.field(default=None, description="A new name.")
    redirect_uris: str | None = strawberry.field(
        default=None, description="New redirect URIs (as for registration)."
    )
    scopes: list[str] | None = strawberry.field(default=None, description="New scopes.")
    website: str | None = strawberry.field(
        default=None, description="A new home page (empty clears it)."
    )
    trusted: bool | None = strawberry.field(default=None, description="Trust it or not.")


@strawberry.input(description="Which app `adminOAuthAppDelete` deletes.")
class AdminOAuthAppDeleteInput:
    """The app to delete."""

    id: strawberry.ID = strawberry.field(description="The app's global or REST id.")


@strawberry.type(description="The result of `adminOAuthAppCreate` and `adminOAuthAppUpdate`.")
class AdminOAuthAppPayload:
    """The app with its credentials, or why nothing was done."""

    app: App | None = strawberry.field(
        default=None, description="The app, client id and secret included."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `adminOAuthAppDelete`.")
class AdminOAuthAppDeletePayload:
    """The REST id of the deleted app, or why it was not deleted."""

    deleted_app_id: str | None = strawberry.field(
        default=None, description="The REST id of the app deleted (with its tokens)."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `adminEmojiReload`.")
class AdminEmojiReloadPayload:
    """How many emoji the packs hold now."""

    emoji_count: int = strawberry.field(
        default=0, description="The number of custom emoji after reading the packs again."
    )
    user_errors: list[UserError] = user_errors_field()


def _fields(input: AdminOAuthAppCreateInput | AdminOAuthAppUpdateInput) -> dict[str, Any]:
    """The app fields of a create or update input, as the service takes them."""
    return {
        "name": input.name,
        "redirect_uris": input.redirect_uris,
        "scopes": input.scopes,
        "website": input.website,
        "trusted": input.trusted,
    }


def _app_payload(row) -> AdminOAuthAppPayload:
    return AdminOAuthAppPayload(app=App.from_row(row, show_credentials=True))


@strawberry.type
class AdminMiscMutations:
    """Admins only, with `admin:write`."""

    @strawberry.mutation(
        description="Read the emoji packs again at once "
        "(REST: `POST /api/pleroma/admin/reload_emoji`)."
    )
    async def admin_emoji_reload(self, info: Info) -> AdminEmojiReloadPayload:
        async def reload() -> int:
            return emoji.reload(info.context)

        return await payload_of(
            AdminEmojiReloadPayload, reload, lambda n: AdminEmojiReloadPayload(emoji_count=n)
        )

    @strawberry.mutation(
        name="adminOAuthAppCreate",
        description="Register an OAuth app for the instance "
        "(REST: `POST /api/pleroma/admin/oauth_app`).",
    )
    async def admin_oauth_app_create(
        self,
        info: Info,
        input: Annotated[
            AdminOAuthAppCreateInput, strawberry.argument(description="The app to register.")
        ],
    ) -> AdminOAuthAppPayload:
        return await payload_of(
            AdminOAuthAppPayload,
            lambda: admin_apps.create_app(info.context, **_fields(input)),
            _app_payload,
        )

    @strawberry.mutation(
        name="adminOAuthAppUpdate",
        description="Change an OAuth app's fields (REST: "
        "`PATCH /api/pleroma/admin/oauth_app/:id`).",
    )
    async def admin_oauth_app_update(
        self,
        info: Info,
        input: Annotated[
            AdminOAuthAppUpdateInput, strawberry.argument(description="The app and changes.")
        ],
    ) -> AdminOAuthAppPayload:
        return await payload_of(
            AdminOAuthAppPayload,
            lambda: admin_apps.update_app(
                info.context, app_rest_id(str(input.id)), **_fields(input)
            ),
            _app_payload,
        )

    @strawberry.mutation(
        name="adminOAuthAppDelete",
        description="Delete an OAuth app with its tokens: whoever used it is signed out "
        "(REST: `DELETE /api/pleroma/admin/oauth_app/:id`).",
    )
    async def admin_oauth_app_delete(
        self,
        info: Info,
        input: Annotated[
            AdminOAuthAppDeleteInput, strawberry.argument(description="The app to delete.")
        ],
    ) -> AdminOAuthAppDeletePayload:
        app_id = app_rest_id(str(input.id))

        async def delete() -> str:
            await admin_apps.delete_app(info.context, app_id)
            return app_id

        return await payload_of(
            AdminOAuthAppDeletePayload,
            delete,
            lambda deleted: AdminOAuthAppDeletePayload(deleted_app_id=deleted),
        )
