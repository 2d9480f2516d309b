"""``appCreate``: register an OAuth client."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.services import apps as app_service
from schema.types.app import App
from schema.types.errors import UserError


@strawberry.input(description="What `appCreate` needs to register an OAuth client.")
class AppCreateInput:
    """Same fields as ``POST /api/v1/apps``."""

    client_name: str = strawberry.field(description="The app's name, shown to users.")
    redirect_uris: str = strawberry.field(
        description="Where to send users after authorisation: absolute URIs separated by "
        "spaces or newlines, or `urn:ietf:wg:oauth:2.0:oob`."
    )
    scopes: str | None = strawberry.field(
        default=None, description="Space-separated scopes the app may request (default `read`)."
    )
    website: str | None = strawberry.field(default=None, description="The app's home page.")


@strawberry.type(description="The result of `appCreate`.")
class AppCreatePayload:
    """Either ``app`` or ``userErrors``."""

    app: App | None = strawberry.field(
        default=None, description="The new app, with its client id and secret (shown only here)."
    )
    user_errors: list[UserError] = user_errors_field(
        "Why the app was not created (empty on success)."
    )


@strawberry.type
class AppMutations:
    """Mutations about OAuth clients."""

    @strawberry.mutation(
        description="Register an OAuth client; each call makes a new one (not idempotent)."
    )
    async def app_create(
        self,
        info: Info,
        input: Annotated[AppCreateInput, strawberry.argument(description="The app to register.")],
    ) -> AppCreatePayload:
        return await payload_of(
            AppCreatePayload,
            lambda: app_service.create_app(
                info.context,
                client_name=input.client_name,
                redirect_uris=input.redirect_uris,
                scopes=input.scopes,
                website=input.website,
            ),
            lambda row: AppCreatePayload(app=App.from_row(row, show_credentials=True)),
        )
