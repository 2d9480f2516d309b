"""``Instance``: facts and figures about this server, from the instance service."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from schema.services import instance as instance_service
from schema.types.account import Account
from schema.types.scalars import URL


@strawberry.type(description="Counts of what this instance knows about.")
class InstanceStats:
    """Figures from ``schema.services.instance.instance_stats``."""

    user_count: int = strawberry.field(description="Active local accounts.")
    status_count: int = strawberry.field(description="Statuses posted by local accounts.")
    domain_count: int = strawberry.field(description="Other servers this one knows accounts of.")


@strawberry.type(description="This server: its name, rules for newcomers, limits and figures.")
class Instance:
    """A view of the instance policy; every field is computed on demand."""

    @strawberry.field(description="The instance name.")
    def title(self, info: Info) -> str:
        return instance_service.title(info.context.policy)

    @strawberry.field(description="A description of the instance.")
    def description(self, info: Info) -> str:
        return instance_service.description(info.context.policy)

    @strawberry.field(description="The public URL of the instance.")
    def uri(self, info: Info) -> URL:
        return URL(info.context.policy.public_url)

    @strawberry.field(description="The host name of the instance (the domain of local accounts).")
    def domain(self, info: Info) -> str:
        return info.context.policy.host

    @strawberry.field(
        description="The Mastodon-style version string clients parse "
        "(`2.7.2 (compatible; Pleroma ...)`)."
    )
    def version(self, info: Info) -> str:
        return instance_service.version(info.context.policy)

    @strawberry.field(description="True when anyone may register without an invite.")
    def registrations(self, info: Info) -> bool:
        return instance_service.registrations_open(info.context.policy)

    @strawberry.field(description="True when new accounts wait for an administrator's approval.")
    def approval_required(self, info: Info) -> bool:
        return instance_service.approval_required(info.context.policy)

    @strawberry.field(description="True when invite tokens let people register.")
    def invites_enabled(self, info: Info) -> bool:
        return instance_service.invites_enabled(info.context.policy)

    @strawberry.field(description="The longest status body accepted, in characters.")
    def max_toot_chars(self, info: Info) -> int:
        return info.context.policy.max_toot_chars

    @strawberry.field(description="The largest upload accepted, in bytes.")
    def upload_limit(self, info: Info) -> int:
        return info.context.policy.upload_limit

    @strawberry.field(description="The address to contact the administrators at (may be empty).")
    def contact_email(self, info: Info) -> str:
        return info.context.policy.admin_email

    @strawberry.field(description="The account shown as the instance's contact, if any.")
    async def contact_account(self, info: Info) -> Account | None:
        row = await instance_service.contact_account(info.context)
        return Account.from_row(row) if row is not None else None

    @strawberry.field(description="Languages the instance declares (ISO 639-1 codes).")
    def languages(self) -> list[str]:
        return list(instance_service.LANGUAGES)

    @strawberry.field(description="Pleroma feature flags this server honours.")
    def features(self, info: Info) -> list[str]:
        return instance_service.features(info.context.policy)

    @strawberry.field(description="Nicknames nobody may register.")
    def restricted_nicknames(self, info: Info) -> list[str]:
        return instance_service.restricted_nicknames(info.context.policy)

    @strawberry.field(description="Counts of users, statuses and known servers.")
    async def stats(self, info: Info) -> InstanceStats:
        stats = await instance_service.instance_stats(info.context)
        return InstanceStats(
            user_count=stats.user_count,
            status_count=stats.status_count,
            domain_count=stats.domain_count,
        )
