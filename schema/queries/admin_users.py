"""Admin reads of accounts: the user list, one user, one user's credentials.

Same service as ``GET /api/pleroma/admin/users``, ``.../users/:nickname_or_id`` (and
``.../permission_group``) and ``.../users/:nickname/credentials``. Each needs an admin
whose token grants ``admin:read:accounts``; anyone else gets a GraphQL error.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.errors import NOT_FOUND, DomainError
from schema.services import admin_users
from schema.types.admin_user import AdminUser, AdminUserCredentials, AdminUserFilter, AdminUserPage

NICKNAME_OR_ID = strawberry.argument(
    description="The account's id, or its nickname (`nick`, or `nick@host` when remote)."
)


async def _found(info: Info, find: Callable[..., Awaitable[Any]], ref: str) -> Any:
    """The account ``find(ctx, ref)`` returns, ``None`` when there is none; an admin
    check fails as a GraphQL error."""
    ctx = info.context
    ctx.viewer.require_admin(admin_users.READ)
    try:
        return await find(ctx, ref)
    except DomainError as error:
        if error.kind is NOT_FOUND:
            return None
        raise


@strawberry.type
class AdminUserQueries:
    """Admin reads of accounts."""

    @strawberry.field(
        description="Search every account, ordered by nickname (REST: `GET "
        "/api/pleroma/admin/users`). Needs `admin:read:accounts`."
    )
    async def admin_users(
        self,
        info: Info,
        query: Annotated[
            str | None,
            strawberry.argument(
                description="Part of the nickname, the domain, `nick@domain` or the "
                "display name (any case)."
            ),
        ] = None,
        filters: Annotated[
            list[AdminUserFilter] | None,
            strawberry.argument(description="Conditions every account listed meets."),
        ] = None,
        tags: Annotated[
            list[str] | None,
            strawberry.argument(description="Accounts with any of these admin-set tags."),
        ] = None,
        actor_types: Annotated[
            list[str] | None,
            strawberry.argument(description="Accounts of any of these actor types."),
        ] = None,
        name: Annotated[
            str | None, strawberry.argument(description="Part of the display name.")
        ] = None,
        email: Annotated[
            str | None, strawberry.argument(description="The whole email address (any case).")
        ] = None,
        page: Annotated[int, strawberry.argument(description="The page, from 1.")] = 1,
        page_size: Annotated[
            int,
            strawberry.argument(description="Accounts per page (default 50, at most 500)."),
        ] = admin_users.DEFAULT_PAGE_SIZE,
    ) -> AdminUserPage:
        ctx = info.context
        ctx.viewer.require_admin(admin_users.READ)
        found = await admin_users.list_users(
            ctx,
            query=query,
            filters=[f.value for f in filters or ()],
            tags=tags,
            actor_types=actor_types,
            name=name,
            email=email,
            page=page,
            page_size=page_size,
        )
        return AdminUserPage(
            users=[AdminUser.from_row(row) for row in found.users],
            count=found.count,
            page=found.page,
            page_size=found.page_size,
        )

    @strawberry.field(
        description="One account with its email, roles and moderation state; null when "
        "there is none (REST: `GET /api/pleroma/admin/users/:nickname_or_id` and "
        "`.../permission_group`). Needs `admin:read:accounts`."
    )
    async def admin_user(
        self,
        info: Info,
        nickname_or_id: Annotated[str, NICKNAME_OR_ID],
    ) -> AdminUser | None:
        row = await _found(info, admin_users.get_user, nickname_or_id)
        return AdminUser.from_row(row) if row is not None else None

    @strawberry.field(
        description="What an admin may edit of an account; null when there is none (REST: "
        "`GET /api/pleroma/admin/users/:nickname/credentials`). Needs `admin:read:accounts`."
    )
    async def admin_user_credentials(
        self,
        info: Info,
        nickname_or_id: Annotated[str, NICKNAME_OR_ID],
    ) -> AdminUserCredentials | None:
        row = await _found(info, admin_users.get_credentials, nickname_or_id)
        return AdminUserCredentials(row=row) if row is not None else None
