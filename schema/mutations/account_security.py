"""An account's own security mutations: delete, disable, change email or password, and
resend the confirmation mail. Each calls the same service as its REST twin
(:mod:`schema.services.account_security`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.services import account_security as service
from schema.types.errors import UserError


@strawberry.input(description="The current password, to confirm deleting or disabling.")
class AccountPasswordInput:
    """What ``accountDelete`` and ``accountDisable`` need."""

    password: str = strawberry.field(description="The account's current password.")


@strawberry.input(description="What `accountChangeEmail` needs.")
class AccountChangeEmailInput:
    """The current password and the new address."""

    password: str = strawberry.field(description="The account's current password.")
    email: str = strawberry.field(description="The new email address.")


@strawberry.input(description="What `accountChangePassword` needs.")
class AccountChangePasswordInput:
    """The current password and the new one, twice."""

    password: str = strawberry.field(description="The account's current password.")
    new_password: str = strawberry.field(description="The new password.")
    new_password_confirmation: str = strawberry.field(
        description="The new password again; must equal `newPassword`."
    )


@strawberry.input(description="Whose confirmation mail to send again: an email or a nickname.")
class AccountConfirmationResendInput:
    """One of the two is enough; ``email`` wins when both are given."""

    email: str | None = strawberry.field(
        default=None, description="The email address the account registered with."
    )
    nickname: str | None = strawberry.field(default=None, description="The account's nickname.")


@strawberry.type(description="The result of an account security mutation.")
class AccountSecurityPayload:
    """Whether it was done, or why not."""

    success: bool = strawberry.field(
        default=False,
        description="True when the change was made (or, for `accountConfirmationResend`, "
        "the request was accepted; it never tells whether the account exists)."
    )
    user_errors: list[UserError] = user_errors_field(
        "Why nothing was done (empty on success); a wrong current password is "
        "code `INVALID_PASSWORD`, a refused value `VALIDATION`."
    )


async def _run(call: Callable[[], Awaitable[Any]]) -> AccountSecurityPayload:
    return await payload_of(
        AccountSecurityPayload, call, lambda _: AccountSecurityPayload(success=True)
    )


PasswordArg = Annotated[
    AccountPasswordInput, strawberry.argument(description="The current password.")
]


@strawberry.type
class AccountSecurityMutations:
    """Mutations on the viewer's own account."""

    @strawberry.mutation(
        description="Delete the viewer's account: it is deactivated and wiped at once, its "
        "follows both ways and its tokens removed; its statuses are deleted in the "
        "background. Needs `write:accounts` and the current password. Same as "
        "`POST /api/pleroma/delete_account`."
    )
    async def account_delete(self, info: Info, input: PasswordArg) -> AccountSecurityPayload:
        return await _run(lambda: service.delete_account(info.context, input.password))

    @strawberry.mutation(
        description="Deactivate the viewer's account (its tokens stop working; an admin can "
        "reactivate it). Needs `write:accounts` and the current password. Same as "
        "`POST /api/pleroma/disable_account`."
    )
    async def account_disable(self, info: Info, input: PasswordArg) -> AccountSecurityPayload:
        return await _run(lambda: service.disable_account(info.context, input.password))

    @strawberry.mutation(
        description="Change the viewer's email address (format and uniqueness as at "
        "registration). Needs `write:accounts` and the current password. Same as "
        "`POST /api/pleroma/change_email`."
    )
    async def account_change_email(
        self,
        info: Info,
        input: Annotated[
            AccountChangeEmailInput,
            strawberry.argument(description="The current password and the new address."),
        ],
    ) -> AccountSecurityPayload:
        return await _run(
            lambda: service.change_email(info.context, input.password, input.email)
        )

    @strawberry.mutation(
        description="Change the viewer's password; other sessions stay signed in. Needs "
        "`write:accounts` and the current password. Same as "
        "`POST /api/pleroma/change_password`."
    )
    async def account_change_password(
        self,
        info: Info,
        input: Annotated[
            AccountChangePasswordInput,
            strawberry.argument(description="The current password and the new one, twice."),
        ],
    ) -> AccountSecurityPayload:
        return await _run(
            lambda: service.change_password(
                info.context,
                input.password,
                input.new_password,
                input.new_password_confirmation,
            )
        )

    @strawberry.mutation(
        description="Mail the confirmation link again to an unconfirmed account (when the "
        "instance requires confirmation). No authentication; rate limited per address; "
        "succeeds whether or not the account exists. Same as "
        "`POST /api/v1/pleroma/accounts/confirmation_resend`."
    )
    async def account_confirmation_resend(
        self,
        info: Info,
        input: Annotated[
            AccountConfirmationResendInput,
            strawberry.argument(description="The account's email or nickname."),
        ],
    ) -> AccountSecurityPayload:
        return await _run(
            lambda: service.resend_confirmation(
                info.context, email=input.email, nickname=input.nickname
            )
        )
