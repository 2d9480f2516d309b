"""Admin mutations on accounts: create, delete, force follows, activation, approval, tags,
roles, email confirmation and credentials.

The same service (:mod:`schema.services.admin_users`), rules, moderation log entries and
messages as Pleroma's ``/api/pleroma/admin/users...`` routes. A caller who is not an
admin with the right admin scope gets a GraphQL error; a refusal of what was asked comes
back as ``userErrors``, and then nothing changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.mutations.profile import AccountUpdateInput, changes_from_input
from schema.services import admin_users
from schema.services.profile import ProfileChanges
from schema.types.admin_user import AdminUser, AdminUserCredentials, PermissionGroup
from schema.types.errors import UserError

INPUT = strawberry.argument(description="What to do.")
NICKNAMES = "The accounts: `nick`, or `nick@host` for a remote one (at most 500)."


@strawberry.input(description="The accounts an admin mutation acts on.")
class AdminNicknamesInput:
    """REST ``nicknames[]``."""

    nicknames: list[str] = strawberry.field(description=NICKNAMES)


@strawberry.input(description="One account for `adminUsersCreate` to create.")
class AdminNewUserInput:
    """An entry of REST ``users[]``."""

    nickname: str = strawberry.field(description="The nickname (letters, digits, `_`, `-`).")
    email: str | None = strawberry.field(
        default=None,
        description="The email address (required when the instance requires activation).",
    )
    password: str = strawberry.field(description="The password (not blank).")


@strawberry.input(description="What `adminUsersCreate` creates: all of them or none.")
class AdminUsersCreateInput:
    """REST ``POST /admin/users`` body."""

    users: list[AdminNewUserInput] = strawberry.field(
        description="The accounts to create (at most 500)."
    )


@strawberry.input(description="Who should follow (or stop following) whom.")
class AdminFollowInput:
    """REST ``follower`` and ``followed``."""

    follower: str = strawberry.field(description="The nickname of the follower.")
    followed: str = strawberry.field(description="The nickname of the account followed.")


@strawberry.input(description="Whom to activate or deactivate.")
class AdminUsersSetActiveInput:
    """REST ``PATCH /admin/users/activate`` and ``/deactivate``."""

    nicknames: list[str] = strawberry.field(description=NICKNAMES)
    active: bool = strawberry.field(
        description="True to activate, false to deactivate (which revokes their tokens)."
    )


@strawberry.input(description="Whom to tag or untag, and with what.")
class AdminUsersTagInput:
    """REST ``nicknames[]`` and ``tags[]``."""

    nicknames: list[str] = strawberry.field(
        description=NICKNAMES + " Unknown nicknames are skipped."
    )
    tags: list[str] = strawberry.field(description="The tags (stored lower-case).")


@strawberry.input(description="Whose role changes, which role, and which way.")
class AdminUsersSetPermissionInput:
    """REST ``POST``/``DELETE /admin/users/permission_group/:group``."""

    nicknames: list[str] = strawberry.field(description=NICKNAMES)
    group: PermissionGroup = strawberry.field(description="The role.")
    granted: bool = strawberry.field(
        description="True to grant the role, false to revoke it (never one's own)."
    )


@strawberry.input(description="What `adminUserCredentialsUpdate` changes of one account.")
class AdminUserCredentialsUpdateInput:
    """REST ``PATCH /admin/users/:nickname/credentials``; omitted fields stay."""

    nickname: str = strawberry.field(description="The account (`nick` or `nick@host`).")
    email: str | None = strawberry.field(
        default=None, description="A new email address (local accounts only)."
    )
    password: str | None = strawberry.field(
        default=None,
        description="A new password (local accounts only); revokes the account's tokens and "
        "asks its owner to choose a new one.",
    )
    profile: AccountUpdateInput | None = strawberry.field(
        default=None,
        description="Profile changes, as the owner's `accountUpdate` takes them (same checks).",
    )


@strawberry.type(description="The accounts an admin mutation changed.")
class AdminUsersPayload:
    """The accounts as saved, or ``userErrors`` (and nothing changed)."""

    users: list[AdminUser] = strawberry.field(
        default_factory=list, description="The accounts as saved (empty when refused)."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `adminUsersDelete`.")
class AdminUsersDeletePayload:
    """The nicknames of the deleted accounts, or ``userErrors``."""

    nicknames: list[str] = strawberry.field(
        default_factory=list,
        description="The accounts deleted (their statuses go in the background).",
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `adminUserFollow` and `adminUserUnfollow`.")
class AdminFollowPayload:
    """Both accounts as saved, or ``userErrors``."""

    follower: AdminUser | None = strawberry.field(
        default=None, description="The follower, as saved (null when refused)."
    )
    followed: AdminUser | None = strawberry.field(
        default=None, description="The account followed, as saved (null when refused)."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `adminUserCredentialsUpdate`.")
class AdminUserCredentialsPayload:
    """The account's credentials as saved, or ``userErrors``."""

    credentials: AdminUserCredentials | None = strawberry.field(
        default=None, description="What an admin may edit, as saved (null when refused)."
    )
    user_errors: list[UserError] = user_errors_field()


def _admin(info: Info, scope: str = admin_users.WRITE) -> Any:
    """The request's context, once its caller is an admin with ``admin:<scope>``."""
    ctx = info.context
    ctx.viewer.require_admin(scope)
    return ctx


async def _users(call: Callable[[], Awaitable[Sequence[Any]]]) -> AdminUsersPayload:
    return await payload_of(
        AdminUsersPayload,
        call,
        lambda rows: AdminUsersPayload(users=[AdminUser.from_row(r) for r in rows]),
    )


async def _follow(info: Info, input: AdminFollowInput, action: Any) -> AdminFollowPayload:
    ctx = _admin(info, admin_users.FOLLOWS)
    return await payload_of(
        AdminFollowPayload,
        lambda: action(ctx, input.follower, input.followed),
        lambda pair: AdminFollowPayload(
            follower=AdminUser.from_row(pair[0]), followed=AdminUser.from_row(pair[1])
        ),
    )


def _nicknames_mutation(action: Callable[..., Awaitable[Sequence[Any]]], description: str) -> Any:
    """A mutation taking ``AdminNicknamesInput`` and answering the accounts ``action``
    (a service function of ``(ctx, nicknames)``) returns."""

    async def resolve(
        self: Any, info: Info, input: Annotated[AdminNicknamesInput, INPUT]
    ) -> AdminUsersPayload:
        ctx = _admin(info)
        return await _users(lambda: action(ctx, input.nicknames))

    return strawberry.mutation(description=description)(resolve)


def _tags_mutation(action: Callable[..., Awaitable[Sequence[Any]]], description: str) -> Any:
    """A mutation taking ``AdminUsersTagInput`` (``action(ctx, nicknames, tags)``)."""

    async def resolve(
        self: Any, info: Info, input: Annotated[AdminUsersTagInput, INPUT]
    ) -> AdminUsersPayload:
        ctx = _admin(info)
        return await _users(lambda: action(ctx, input.nicknames, input.tags))

    return strawberry.mutation(description=description)(resolve)


@strawberry.type
class AdminUserMutations:
    """Admin mutations on accounts."""

    @strawberry.mutation(
        description="Create confirmed, approved local accounts, all or none (REST: `POST "
        "/api/pleroma/admin/users`); each refused entry is a userError on "
        "`users.<index>.<field>`. Needs `admin:write:accounts`."
    )
    async def admin_users_create(
        self, info: Info, input: Annotated[AdminUsersCreateInput, INPUT]
    ) -> AdminUsersPayload:
        ctx = _admin(info)
        users = [admin_users.NewUser(u.nickname, u.email or None, u.password) for u in input.users]
        return await _users(lambda: admin_users.create_users(ctx, users))

    @strawberry.mutation(
        description="Delete accounts as their owners would (REST: `DELETE "
        "/api/pleroma/admin/users`). Needs `admin:write:accounts`."
    )
    async def admin_users_delete(
        self, info: Info, input: Annotated[AdminNicknamesInput, INPUT]
    ) -> AdminUsersDeletePayload:
        ctx = _admin(info)
        return await payload_of(
            AdminUsersDeletePayload,
            lambda: admin_users.delete_users(ctx, input.nicknames),
            lambda rows: AdminUsersDeletePayload(nicknames=[r.nickname for r in rows]),
        )

    @strawberry.mutation(
        description="Make one account follow another, accepted even when it is locked "
        "(REST: `POST /api/pleroma/admin/users/follow`). Needs `admin:write:follows`."
    )
    async def admin_user_follow(
        self, info: Info, input: Annotated[AdminFollowInput, INPUT]
    ) -> AdminFollowPayload:
        return await _follow(info, input, admin_users.force_follow)

    @strawberry.mutation(
        description="Make one account stop following another (REST: `POST "
        "/api/pleroma/admin/users/unfollow`). Needs `admin:write:follows`."
    )
    async def admin_user_unfollow(
        self, info: Info, input: Annotated[AdminFollowInput, INPUT]
    ) -> AdminFollowPayload:
        return await _follow(info, input, admin_users.force_unfollow)

    @strawberry.mutation(
        description="Activate or deactivate accounts (REST: `PATCH "
        "/api/pleroma/admin/users/activate`, `/deactivate`, `/:nickname/toggle_activation`). "
        "Needs `admin:write:accounts`."
    )
    async def admin_users_set_active(
        self, info: Info, input: Annotated[AdminUsersSetActiveInput, INPUT]
    ) -> AdminUsersPayload:
        ctx = _admin(info)
        return await _users(lambda: admin_users.set_active(ctx, input.nicknames, input.active))

    @strawberry.mutation(
        description="Grant or revoke the admin or moderator role (REST: `POST`/`DELETE "
        "/api/pleroma/admin/users/permission_group/:group`). Needs `admin:write:accounts`."
    )
    async def admin_users_set_permission(
        self, info: Info, input: Annotated[AdminUsersSetPermissionInput, INPUT]
    ) -> AdminUsersPayload:
        ctx = _admin(info)
        return await _users(
            lambda: admin_users.set_permission(
                ctx, input.nicknames, input.group.value, input.granted
            )
        )

    @strawberry.mutation(
        description="Change an account's email, password and profile, all or nothing "
        "(REST: `PATCH /api/pleroma/admin/users/:nickname/credentials`). Needs "
        "`admin:write:accounts`."
    )
    async def admin_user_credentials_update(
        self, info: Info, input: Annotated[AdminUserCredentialsUpdateInput, INPUT]
    ) -> AdminUserCredentialsPayload:
        ctx = _admin(info)

        def changes() -> ProfileChanges:
            return changes_from_input(input.profile) if input.profile else ProfileChanges()

        return await payload_of(
            AdminUserCredentialsPayload,
            lambda: admin_users.update_credentials(
                ctx, input.nickname, changes(), email=input.email, password=input.password
            ),
            lambda row: AdminUserCredentialsPayload(credentials=AdminUserCredentials(row=row)),
        )

    admin_users_approve = _nicknames_mutation(
        admin_users.approve,
        "Approve accounts awaiting approval (REST: `PATCH /api/pleroma/admin/users/approve`). "
        "Needs `admin:write:accounts`.",
    )
    admin_users_confirm_email = _nicknames_mutation(
        admin_users.confirm_emails,
        "Mark accounts' email addresses confirmed (REST: `PATCH "
        "/api/pleroma/admin/users/confirm_email`). Needs `admin:write:accounts`.",
    )
    admin_users_resend_confirmation = _nicknames_mutation(
        admin_users.resend_confirmation,
        "Mail a new confirmation link to each unconfirmed account named (REST: `PATCH "
        "/api/pleroma/admin/users/resend_confirmation_email`). Needs `admin:write:accounts`.",
    )
    admin_users_tag = _tags_mutation(
        admin_users.tag_users,
        "Add admin tags to accounts (REST: `PUT /api/pleroma/admin/users/tag`). Needs "
        "`admin:write:accounts`.",
    )
    admin_users_untag = _tags_mutation(
        admin_users.untag_users,
        "Remove admin tags from accounts (REST: `DELETE /api/pleroma/admin/users/tag`). "
        "Needs `admin:write:accounts`.",
    )
