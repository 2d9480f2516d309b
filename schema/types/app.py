"""``App``: a registered OAuth client, projected from the apps service."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.services import apps as app_service
from schema.services.tokens import parse_scopes
from schema.types.scalars import URL


def app_rest_id(value: str) -> str:
    """The REST id named by a global ``App`` id, or ``value`` itself (a REST id)."""
    try:
        gid = relay.GlobalID.from_id(value)
    except Exception:
        return value
    return gid.node_id if gid.type_name == "App" else value


@strawberry.type(description="An OAuth client registered with this instance.")
class App(relay.Node):
    """Built from an app row; the credentials are shown only right after registration."""

    key: relay.NodeID[str]
    row: strawberry.Private[Any]
    show_credentials: strawberry.Private[bool] = False

    @classmethod
    def from_row(cls, row: Any, *, show_credentials: bool = False) -> App:
        """The projection of an app row; ``show_credentials`` reveals client id and secret."""
        return cls(key=row.id, row=row, show_credentials=show_credentials)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[App | None]:
        """Only the viewer's own app resolves by global id (apps are not public)."""
        current = info.context.viewer.app
        return [
            cls.from_row(current) if current is not None and current.id == node_id else None
            for node_id in node_ids
        ]

    @strawberry.field(description="The app id used by the REST API.")
    def rest_id(self) -> str:
        return self.row.id

    @strawberry.field(description="The app's name, shown to users when they authorise it.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="The app's home page, if it gave one.")
    def website(self) -> URL | None:
        return URL(self.row.website) if self.row.website else None

    @strawberry.field(
        description="The registered redirect URIs, newline separated (as the REST API shows them)."
    )
    def redirect_uri(self) -> str:
        return "\n".join(app_service.split_redirect_uris(self.row.redirect_uris))

    @strawberry.field(description="The scopes the app may request.")
    def scopes(self) -> list[str]:
        return parse_scopes(self.row.scopes)

    @strawberry.field(
        description="The OAuth client id; only in the answer of `appCreate` and to admins "
        "(`adminOAuthApps`, `adminOAuthApp*` mutations), null otherwise."
    )
    def client_id(self) -> str | None:
        return self.row.client_id if self.show_credentials else None

    @strawberry.field(
        description="The OAuth client secret; only in the answer of `appCreate` and to "
        "admins (`adminOAuthApps`, `adminOAuthApp*` mutations), null otherwise."
    )
    def client_secret(self) -> str | None:
        return self.row.client_secret if self.show_credentials else None

    @strawberry.field(
        description="True when an admin marked the app trusted (its registrations skip "
        "the captcha)."
    )
    def trusted(self) -> bool:
        return bool(self.row.trusted)

    @strawberry.field(description="When the app was registered.")
    def created_at(self) -> datetime:
        return self.row.created_at


@strawberry.type(description="One page of OAuth apps as admins list them (`adminOAuthApps`).")
class AdminOAuthAppPage:
    """The apps of the page, with their credentials, oldest first."""

    apps: list[App] = strawberry.field(
        description="The apps of this page, client id and secret included."
    )
    count: int = strawberry.field(description="How many apps match the filters in all.")
    page_size: int = strawberry.field(description="The page size used.")
