"""``AdminUser`` and friends: accounts as the admin API shows them (REST: Pleroma's admin
``AccountView``). Only admin fields return these, so the email and moderation flags they
carry never reach anyone else."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from schema.services import accounts as account_service
from schema.services import formatting
from schema.types.account import Account, AccountSource
from schema.types.scalars import URL


@strawberry.enum(description="A condition the admin user list can require (REST `filters`).")
class AdminUserFilter(Enum):
    """Pleroma's user list filters."""

    LOCAL = strawberry.enum_value("local", description="Accounts of this instance.")
    EXTERNAL = strawberry.enum_value("external", description="Accounts of other instances.")
    ACTIVE = strawberry.enum_value("active", description="Active and approved accounts.")
    DEACTIVATED = strawberry.enum_value("deactivated", description="Deactivated accounts.")
    NEED_APPROVAL = strawberry.enum_value(
        "need_approval", description="Accounts waiting for an admin's approval."
    )
    UNCONFIRMED = strawberry.enum_value(
        "unconfirmed", description="Accounts whose email address is not confirmed."
    )
    IS_ADMIN = strawberry.enum_value("is_admin", description="Admins.")
    IS_MODERATOR = strawberry.enum_value("is_moderator", description="Moderators.")


@strawberry.enum(description="A role an admin can grant or revoke (REST `permission_group`).")
class PermissionGroup(Enum):
    """Pleroma's permission groups."""

    ADMIN = strawberry.enum_value("admin", description="Administers the instance.")
    MODERATOR = strawberry.enum_value("moderator", description="Moderates reports and content.")


@strawberry.type(
    description="An account as admins see it: its email, roles, tags and moderation state "
    "(REST: an entry of `GET /api/pleroma/admin/users`)."
)
class AdminUser:
    """Built from an account row with :meth:`from_row`."""

    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> AdminUser:
        """The admin projection of an account row."""
        return cls(row=row)

    @strawberry.field(description="The account id (REST `id`).")
    def rest_id(self) -> str:
        return self.row.id

    @strawberry.field(description="The account as everyone sees it.")
    def account(self) -> Account:
        return Account.from_row(self.row)

    @strawberry.field(
        description="The nickname for local accounts, `nickname@domain` for remote ones "
        "(what every admin action takes)."
    )
    def nickname(self, info: Info) -> str:
        return account_service.acct(info.context.policy, self.row)

    @strawberry.field(description="The email address (null when none is set).")
    def email(self) -> str | None:
        return self.row.email

    @strawberry.field(description="The display name as plain text (the nickname when unset).")
    def display_name(self) -> str:
        return formatting.html_to_text(self.row.display_name or self.row.nickname)

    @strawberry.field(description="The avatar image (the instance default when none is set).")
    def avatar(self, info: Info) -> URL:
        return URL(account_service.avatar_url(info.context.policy, self.row))

    @strawberry.field(description="The profile page (REST `url`).")
    def url(self) -> URL:
        return URL(self.row.url or self.row.uri)

    @strawberry.field(description="True for accounts of this instance.")
    def local(self) -> bool:
        return bool(self.row.local)

    @strawberry.field(description="False when deactivated (REST `deactivated` is the opposite).")
    def is_active(self) -> bool:
        return bool(self.row.is_active)

    @strawberry.field(
        description="True when the email address is confirmed (REST `confirmation_pending` "
        "is the opposite)."
    )
    def is_confirmed(self) -> bool:
        return bool(self.row.is_confirmed)

    @strawberry.field(
        description="True when an admin approved the account, or none had to (REST "
        "`approval_pending` is the opposite)."
    )
    def is_approved(self) -> bool:
        return bool(self.row.is_approved)

    @strawberry.field(description="True for admins (REST `roles.admin`).")
    def is_admin(self) -> bool:
        return bool(self.row.is_admin)

    @strawberry.field(description="True for moderators (REST `roles.moderator`).")
    def is_moderator(self) -> bool:
        return bool(self.row.is_moderator)

    @strawberry.field(description="The admin-set tags, in the order they were added.")
    def tags(self) -> list[str]:
        return list(self.row.tags) if isinstance(self.row.tags, list) else []

    @strawberry.field(description="Why the account asked to join, when approval is required.")
    def registration_reason(self) -> str | None:
        return self.row.registration_reason

    @strawberry.field(description="The ActivityPub actor type (`Person`, `Service`, ...).")
    def actor_type(self) -> str:
        return self.row.actor_type

    @strawberry.field(description="When the account was created.")
    def created_at(self) -> datetime:
        return self.row.created_at


@strawberry.type(description="One page of the admin user list (REST `GET /admin/users`).")
class AdminUserPage:
    """The accounts of the page, ordered by nickname, and how many match in all."""

    users: list[AdminUser] = strawberry.field(description="The accounts of this page.")
    count: int = strawberry.field(description="How many accounts match, on every page.")
    page: int = strawberry.field(description="This page's number (from 1).")
    page_size: int = strawberry.field(description="The page size used (1 to 500).")


@strawberry.type(
    description="What an admin may see and edit of an account (REST `GET "
    "/api/pleroma/admin/users/:nickname/credentials`)."
)
class AdminUserCredentials:
    """The email, the public profile and what the owner typed and chose."""

    row: strawberry.Private[Any]

    @strawberry.field(description="The account id (REST `id`).")
    def rest_id(self) -> str:
        return self.row.id

    @strawberry.field(description="The email address (null when none is set).")
    def email(self) -> str | None:
        return self.row.email

    @strawberry.field(
        description="The profile as everyone sees it: display name, fields, pictures, the "
        "`locked`, `discoverable` and `hide*` choices."
    )
    def account(self) -> Account:
        return Account.from_row(self.row)

    @strawberry.field(
        description="What the owner typed and chose: the bio as typed, the default "
        "visibility, the actor type, the settings store and the other preferences."
    )
    def source(self) -> AccountSource:
        return AccountSource(row=self.row)
