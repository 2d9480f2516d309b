"""Password reset mutations: ask for a link, use one, and the admin's tools. Each calls
the same service as its REST twin (:mod:`schema.services.password_resets`)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.services import password_resets as service
from schema.types.account import Account
from schema.types.errors import UserError
from schema.types.scalars import URL


@strawberry.input(description="Whose password to reset: an email or a nickname.")
class PasswordResetRequestInput:
    """One of the two is enough; ``email`` wins when both are given."""

    email: str | None = strawberry.field(
        default=None, description="The account's email address."
    )
    nickname: str | None = strawberry.field(default=None, description="The account's nickname.")


@strawberry.input(description="What `passwordReset` needs: the mailed token and the new password.")
class PasswordResetInput:
    """Same as the reset form's ``token``, ``password`` and ``password_confirmation``."""

    token: str = strawberry.field(description="The token of the reset link.")
    password: str = strawberry.field(description="The new password.")
    password_confirmation: str = strawberry.field(
        description="The new password again; must equal `password`."
    )


@strawberry.input(description="Whose reset link `adminUserPasswordResetToken` makes.")
class AdminUserPasswordResetTokenInput:
    """Same as REST's ``:nickname``."""

    nickname: str = strawberry.field(description="The local account's nickname.")


@strawberry.input(description="Whom `adminUsersForcePasswordReset` makes reset their password.")
class AdminUsersForcePasswordResetInput:
    """Same as REST's ``nicknames[]``."""

    nicknames: list[str] = strawberry.field(description="Nicknames of local accounts.")


@strawberry.type(description="The result of `passwordResetRequest` or `passwordReset`.")
class PasswordResetPayload:
    """Whether it was done, or why not."""

    success: bool = strawberry.field(
        default=False,
        description="True when the password was changed (or, for `passwordResetRequest`, "
        "the request was accepted; it never tells whether the account exists).",
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `adminUserPasswordResetToken`.")
class AdminPasswordResetTokenPayload:
    """A fresh reset token for an admin to hand over."""

    token: str | None = strawberry.field(
        default=None, description="The reset token (good once, for 24 hours)."
    )
    link: URL | None = strawberry.field(
        default=None, description="The page where the token's holder sets a new password."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `adminUsersForcePasswordReset`.")
class AdminUsersForcePasswordResetPayload:
    """The accounts that must now reset their password."""

    accounts: list[Account] = strawberry.field(
        default_factory=list, description="The accounts, in the order given."
    )
    user_errors: list[UserError] = user_errors_field()


@strawberry.type
class PasswordResetMutations:
    """Mutations about forgotten and forced password resets."""

    @strawberry.mutation(
        description="Mail a password reset link to an account; answers the same whether it "
        "exists (REST: `POST /auth/password`). Rate limited as the REST route."
    )
    async def password_reset_request(
        self,
        info: Info,
        input: Annotated[
            PasswordResetRequestInput,
            strawberry.argument(description="The account's email or nickname."),
        ],
    ) -> PasswordResetPayload:
        return await payload_of(
            PasswordResetPayload,
            lambda: service.request_reset(
                info.context, email=input.email, nickname=input.nickname
            ),
            lambda _: PasswordResetPayload(success=True),
        )

    @strawberry.mutation(
        description="Set a new password with a reset token; every token of the account is "
        "revoked (REST: `POST /api/pleroma/password_reset`). No authentication needed."
    )
    async def password_reset(
        self,
        info: Info,
        input: Annotated[
            PasswordResetInput, strawberry.argument(description="The token and the password.")
        ],
    ) -> PasswordResetPayload:
        return await payload_of(
            PasswordResetPayload,
            lambda: service.reset_password(
                info.context, input.token, input.password, input.password_confirmation
            ),
            lambda _: PasswordResetPayload(success=True),
        )

    @strawberry.mutation(
        description="A password reset token and link for a local account (REST: `GET "
        "/api/pleroma/admin/users/:nickname/password_reset`). Needs `admin:write:accounts`."
    )
    async def admin_user_password_reset_token(
        self,
        info: Info,
        input: Annotated[
            AdminUserPasswordResetTokenInput,
            strawberry.argument(description="The account."),
        ],
    ) -> AdminPasswordResetTokenPayload:
        return await payload_of(
            AdminPasswordResetTokenPayload,
            lambda: service.admin_reset_link(info.context, input.nickname),
            lambda issued: AdminPasswordResetTokenPayload(
                token=issued.token, link=URL(issued.link)
            ),
        )

    @strawberry.mutation(
        description="Make accounts choose a new password before they can log in again; "
        "logged as `force_password_reset` (REST: `PATCH "
        "/api/pleroma/admin/users/force_password_reset`). Needs `admin:write:accounts`."
    )
    async def admin_users_force_password_reset(
        self,
        info: Info,
        input: Annotated[
            AdminUsersForcePasswordResetInput,
            strawberry.argument(description="The accounts."),
        ],
    ) -> AdminUsersForcePasswordResetPayload:
        return await payload_of(
            AdminUsersForcePasswordResetPayload,
            lambda: service.force_reset(info.context, input.nicknames),
            lambda rows: AdminUsersForcePasswordResetPayload(
                accounts=[Account.from_row(r) for r in rows]
            ),
        )
