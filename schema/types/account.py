"""``Account``: a local or remote actor, projected from the accounts service."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import strawberry
from strawberry import relay
from strawberry.types import Info

from schema import loaders
from schema.services import accounts as account_service
from schema.services import profile as profile_service
from schema.types.scalars import HTML, URL

if TYPE_CHECKING:
    from schema.types.relationship import AccountConnection, Relationship


@strawberry.enum(description="What an account may do on this instance.")
class AccountRole(Enum):
    """Closed set of roles (``schema.services.accounts.role``)."""

    ADMIN = strawberry.enum_value("admin", description="Administers the instance.")
    MODERATOR = strawberry.enum_value("moderator", description="Moderates reports and content.")
    MEMBER = strawberry.enum_value("member", description="An ordinary account.")


@strawberry.type(description="A name/value pair shown in a profile (Mastodon's profile fields).")
class AccountField:
    """One of the account's profile fields."""

    name: str = strawberry.field(description="The label, as typed (plain text).")
    value: HTML = strawberry.field(
        description="The value as sanitised HTML (links, mentions and hashtags linked)."
    )
    value_source: str = strawberry.field(description="The value as typed (plain text).")


def _account_fields(row: Any) -> list[AccountField]:
    rows = row.fields_json if isinstance(row.fields_json, list) else []
    return [
        AccountField(
            name=str(item.get("name", "")),
            value=HTML(str(item.get("value_html") or item.get("value", ""))),
            value_source=str(item.get("value", "")),
        )
        for item in rows
        if isinstance(item, dict)
    ]


@strawberry.type(
    description="What the owner typed and chose, as only the owner sees it (REST `source`)."
)
class AccountSource:
    """Built from the account row for its owner."""

    row: strawberry.Private[Any]

    @strawberry.field(description="The bio as typed (plain text).")
    def note(self) -> str:
        return self.row.bio or ""

    @strawberry.field(
        description="The default visibility of new statuses (`public`, `unlisted`, `local`, "
        "`private`, `direct`)."
    )
    def privacy(self) -> str:
        return self.row.default_scope

    @strawberry.field(description="True when new statuses are marked sensitive by default.")
    def sensitive(self) -> bool:
        return bool(profile_service.setting(self.row, "sensitive"))

    @strawberry.field(description="The default language of new statuses (ISO 639), if set.")
    def language(self) -> str | None:
        return profile_service.setting(self.row, "language")

    @strawberry.field(description="True when the account's role is shown to others.")
    def show_role(self) -> bool:
        return bool(self.row.show_role)

    @strawberry.field(description="True when rich text is stripped from what the account sees.")
    def no_rich_text(self) -> bool:
        return bool(self.row.no_rich_text)

    @strawberry.field(description="The ActivityPub actor type: `Person` or `Service` (a bot).")
    def actor_type(self) -> str:
        return self.row.actor_type

    @strawberry.field(description="True when timelines skip thread containment for the owner.")
    def skip_thread_containment(self) -> bool:
        return bool(profile_service.setting(self.row, "skip_thread_containment"))

    @strawberry.field(description="True when followers moving elsewhere may follow again.")
    def allow_following_move(self) -> bool:
        return bool(profile_service.setting(self.row, "allow_following_move"))

    @strawberry.field(
        description="Pleroma-FE's settings store, JSON-encoded (an object keyed by frontend)."
    )
    def settings_store(self) -> str:
        return orjson.dumps(profile_service.settings_store(self.row)).decode()


@strawberry.type(description="An actor on the network: a local user or (later) a remote one.")
class Account(relay.Node):
    """Built from an account row with :meth:`from_row`; never constructed from user input."""

    key: relay.NodeID[str]
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Account:
        """The GraphQL projection of an account row."""
        return cls(key=row.id, row=row)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Account | None]:
        """Resolve global ids through the request's batching account loader (one query).

        Accounts the viewer may not see (deactivated, unapproved) resolve to null.
        """
        ctx = info.context
        rows = await loaders.account_by_id(ctx).load_many(list(node_ids))
        return [
            cls.from_row(row)
            if row is not None and account_service.visible_to(ctx.policy, row, ctx.viewer)
            else None
            for row in rows
        ]

    @strawberry.field(description="The account id used by the REST API (`/api/v1/accounts/:id`).")
    def rest_id(self) -> str:
        return self.row.id

    @strawberry.field(description="The nickname, without any domain.")
    def username(self) -> str:
        return self.row.nickname

    @strawberry.field(
        description="The nickname for local accounts, `nickname@domain` for remote ones."
    )
    def acct(self, info: Info) -> str:
        return account_service.acct(info.context.policy, self.row)

    @strawberry.field(description="The display name (the nickname when none is set).")
    def display_name(self) -> str:
        return self.row.display_name or self.row.nickname

    @strawberry.field(description="The profile text (bio) as sanitised HTML.")
    def note(self) -> HTML:
        return HTML(self.row.bio_html or "")

    @strawberry.field(description="The profile page of the account.")
    def url(self) -> URL:
        return URL(self.row.url)

    @strawberry.field(description="The ActivityPub id of the account.")
    def uri(self) -> URL:
        return URL(self.row.uri)

    @strawberry.field(description="The avatar image (the instance default when none is set).")
    def avatar(self, info: Info) -> URL:
        return URL(account_service.avatar_url(info.context.policy, self.row))

    @strawberry.field(description="The header image (the instance default when none is set).")
    def header(self, info: Info) -> URL:
        return URL(account_service.header_url(info.context.policy, self.row))

    @strawberry.field(
        description="Pleroma-FE's profile background image (null when none is set)."
    )
    def background_image(self, info: Info) -> URL | None:
        url = account_service.background_url(info.context.policy, self.row)
        return URL(url) if url else None

    @strawberry.field(description="The profile fields (name/value pairs).")
    def fields(self) -> list[AccountField]:
        return _account_fields(self.row)

    @strawberry.field(description="True when the account may be listed in directories.")
    def discoverable(self) -> bool:
        return bool(self.row.discoverable)

    @strawberry.field(description="True when the account hides who follows it.")
    def hide_followers(self) -> bool:
        return bool(self.row.hide_followers)

    @strawberry.field(description="True when the account hides whom it follows.")
    def hide_follows(self) -> bool:
        return bool(self.row.hide_follows)

    @strawberry.field(description="True when the account hides how many follow it.")
    def hide_followers_count(self) -> bool:
        return bool(self.row.hide_followers_count)

    @strawberry.field(description="True when the account hides how many it follows.")
    def hide_follows_count(self) -> bool:
        return bool(self.row.hide_follows_count)

    @strawberry.field(description="True when the account hides its favourites.")
    def hide_favorites(self) -> bool:
        return bool(self.row.hide_favorites)

    @strawberry.field(
        description="What the owner typed and chose (null unless the viewer is the owner)."
    )
    def source(self, info: Info) -> AccountSource | None:
        if info.context.viewer.account_id != self.row.id:
            return None
        return AccountSource(row=self.row)

    @strawberry.field(description="True when follow requests need the account's approval.")
    def locked(self) -> bool:
        return bool(self.row.locked)

    @strawberry.field(description="True when the account is automated (a Service or Application).")
    def bot(self) -> bool:
        return bool(self.row.bot) or self.row.actor_type in {"Service", "Application"}

    @strawberry.field(description="True for accounts of this instance.")
    def local(self) -> bool:
        return bool(self.row.local)

    @strawberry.field(description="When the account was created.")
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field(description="The account's role on this instance.")
    def role(self) -> AccountRole:
        return AccountRole(account_service.role(self.row))

    @strawberry.field(
        description="How many accounts follow this one (0 when hidden from the viewer)."
    )
    def followers_count(self, info: Info) -> int:
        return account_service.followers_count(info.context.viewer, self.row)

    @strawberry.field(
        description="How many accounts this one follows (0 when hidden from the viewer)."
    )
    def following_count(self, info: Info) -> int:
        return account_service.following_count(info.context.viewer, self.row)

    @strawberry.field(description="How many statuses the account has posted.")
    def statuses_count(self) -> int:
        return int(self.row.statuses_count)

    # Relationship fields (schema.types.relationship).
    @strawberry.field(
        description="How the signed-in account relates to this one (null when anonymous)."
    )
    async def relationship(
        self, info: Info
    ) -> Annotated[Relationship, strawberry.lazy("schema.types.relationship")] | None:
        from schema.types.relationship import viewer_relationship

        return await viewer_relationship(info, self.row.id)

    @strawberry.field(
        description="The accounts following this one, newest follow first (empty when the "
        "account hides them from the viewer). REST: `GET /api/v1/accounts/:id/followers`."
    )
    async def followers(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="How many (default 20, at most 40).")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The `endCursor` of the previous page.")
        ] = None,
    ) -> Annotated[AccountConnection, strawberry.lazy("schema.types.relationship")]:
        from schema.types.relationship import account_list

        return await account_list(info, "followers", self.row.id, first, after)

    @strawberry.field(
        description="The accounts this one follows, newest follow first (empty when the "
        "account hides them from the viewer). REST: `GET /api/v1/accounts/:id/following`."
    )
    async def following(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="How many (default 20, at most 40).")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The `endCursor` of the previous page.")
        ] = None,
    ) -> Annotated[AccountConnection, strawberry.lazy("schema.types.relationship")]:
        from schema.types.relationship import account_list

        return await account_list(info, "following", self.row.id, first, after)
