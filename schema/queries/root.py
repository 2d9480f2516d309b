"""The root ``Query``: viewer, accounts, the instance, custom emoji, health, captcha, the
viewer's app."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema import loaders
from schema.errors import BAD_REQUEST, INSUFFICIENT_SCOPE, DomainError
from schema.queries.admin_misc import AdminMiscQueries
from schema.queries.admin_statuses import AdminStatusQueries
from schema.queries.admin_users import AdminUserQueries
from schema.queries.conversations import ConversationQueries
from schema.queries.emoji_packs import EmojiPackQueries
from schema.queries.invites import InviteQueries
from schema.queries.lists import ListQueries
from schema.queries.markers import MarkerQueries
from schema.queries.media import MediaQueries
from schema.queries.notifications import NotificationQueries
from schema.queries.profile import ProfileQueries
from schema.queries.relationships import RelationshipQueries
from schema.queries.reports import ReportQueries
from schema.queries.search import SearchQueries
from schema.queries.statuses import StatusQueries
from schema.queries.timelines import TimelineQueries
from schema.services import accounts as account_service
from schema.services import apps as app_service
from schema.services import captcha as captcha_service
from schema.services import emoji as emoji_service
from schema.services import health as health_service
from schema.types.account import Account
from schema.types.app import App
from schema.types.captcha import Captcha
from schema.types.emoji import CustomEmoji
from schema.types.health import Health
from schema.types.instance import Instance


@strawberry.type(description="Everything that can be read.")
class Query(
    AdminUserQueries,
    AdminMiscQueries,
    AdminStatusQueries,
    ConversationQueries,
    EmojiPackQueries,
    InviteQueries,
    ListQueries,
    MarkerQueries,
    MediaQueries,
    NotificationQueries,
    ProfileQueries,
    RelationshipQueries,
    ReportQueries,
    SearchQueries,
    StatusQueries,
    TimelineQueries,
):
    """Resolvers call services and loaders only."""

    node: relay.Node | None = relay.node(
        description="Any object by its global `id` (null when it does not exist or is hidden)."
    )

    @strawberry.field(
        description="The signed-in account (null when anonymous or app-only). "
        "Needs the `read:accounts` scope."
    )
    def viewer(self, info: Info) -> Account | None:
        viewer = info.context.viewer
        if viewer.account is None:
            return None
        if not viewer.has_scope("read:accounts"):
            raise DomainError(INSUFFICIENT_SCOPE, "Insufficient permissions: read:accounts.")
        return Account.from_row(viewer.account)

    @strawberry.field(
        description="An account by global `id` or by `restId` (the REST id, or an acct); "
        "null when there is none or the viewer may not see it (deactivated, unapproved)."
    )
    async def account(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The account's global id.")
        ] = None,
        rest_id: Annotated[
            str | None,
            strawberry.argument(description="The REST id (`/api/v1/accounts/:id`) or an acct."),
        ] = None,
    ) -> Account | None:
        if (id is None) == (rest_id is None):
            raise DomainError(BAD_REQUEST, "Give exactly one of id and restId.")
        ctx = info.context
        if id is not None:
            try:
                gid = relay.GlobalID.from_id(id)
            except Exception:
                return None
            if gid.type_name != "Account":
                return None
            row = await loaders.account_by_id(ctx).load(gid.node_id)
            if row is None or not account_service.visible_to(ctx.policy, row, ctx.viewer):
                return None
        else:
            try:
                row = await account_service.find_visible(ctx, rest_id)
            except DomainError:
                return None
            loaders.account_by_id(ctx).prime(row.id, row)
        return Account.from_row(row)

    @strawberry.field(
        description="An account by acct (`nick`, `@nick`, `nick@host`); null when unknown "
        "or hidden from the viewer."
    )
    async def account_lookup(
        self,
        info: Info,
        acct: Annotated[str, strawberry.argument(description="The acct to look up.")],
    ) -> Account | None:
        try:
            row = await account_service.lookup_visible(info.context, acct)
        except DomainError:
            return None
        return Account.from_row(row)

    @strawberry.field(description="This server: name, rules for newcomers, limits, figures.")
    def instance(self) -> Instance:
        return Instance()

    @strawberry.field(
        description="The instance's custom emoji, for the picker, ordered by shortcode "
        "(empty when there are no packs)."
    )
    def custom_emojis(self, info: Info) -> list[CustomEmoji]:
        policy = info.context.policy
        return [CustomEmoji.from_service(policy, e) for e in emoji_service.listed_emoji(policy)]

    @strawberry.field(
        description="Health figures (null when the administrator disabled the healthcheck)."
    )
    async def health(self, info: Info) -> Health | None:
        if not info.context.policy.healthcheck:
            return None
        report = await health_service.health(info.context)
        return Health(
            pool_size=report.pool_size,
            active=report.active,
            idle=report.idle,
            memory_used=report.memory_used,
            healthy=report.healthy,
        )

    @strawberry.field(description="A new captcha challenge to solve before `accountRegister`.")
    async def captcha(self, info: Info) -> Captcha:
        return Captcha.from_dict(await captcha_service.new_captcha(info.context))

    @strawberry.field(
        description="The OAuth app whose token authenticated this request (null without one)."
    )
    async def viewer_app(self, info: Info) -> App | None:
        try:
            row = await app_service.current_app(info.context)
        except DomainError:
            return None
        return App.from_row(row)
