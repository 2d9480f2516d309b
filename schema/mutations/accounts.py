"""``accountRegister``: create an account (the same rules as ``POST /api/v1/accounts``)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.services import registration
from schema.types.account import Account
from schema.types.errors import UserError


@strawberry.input(description="What `accountRegister` needs to create an account.")
class AccountRegisterInput:
    """Same fields as ``POST /api/v1/accounts`` (Pleroma extras included)."""

    nickname: str = strawberry.field(description="The wanted nickname (letters, digits, _ and -).")
    password: str = strawberry.field(description="The password.")
    agreement: bool = strawberry.field(description="Must be true: the user accepts the rules.")
    email: str | None = strawberry.field(
        default=None, description="The email address (required when activation is required)."
    )
    confirm: str | None = strawberry.field(
        default=None, description="The password again (defaults to `password`)."
    )
    fullname: str | None = strawberry.field(
        default=None, description="The display name (defaults to the nickname)."
    )
    bio: str | None = strawberry.field(default=None, description="The profile text.")
    locale: str | None = strawberry.field(default=None, description="The user's language.")
    reason: str | None = strawberry.field(
        default=None, description="Why the user wants to join (when approval is required)."
    )
    captcha_solution: str | None = strawberry.field(
        default=None, description="The answer read from the captcha image."
    )
    captcha_token: str | None = strawberry.field(
        default=None, description="The `token` of the captcha being answered."
    )
    captcha_answer_data: str | None = strawberry.field(
        default=None, description="The `answerData` of the captcha being answered."
    )
    invite_token: str | None = strawberry.field(
        default=None, description="An invite token (when registrations need one)."
    )


@strawberry.type(description="The result of `accountRegister`.")
class AccountRegisterPayload:
    """The account and, when it can log in right away, its tokens."""

    account: Account | None = strawberry.field(default=None, description="The new account.")
    access_token: str | None = strawberry.field(
        default=None,
        description="A bearer token for the new account, when it may log in immediately "
        "and the request came with an app token."
    )
    refresh_token: str | None = strawberry.field(
        default=None, description="The refresh token paired with `accessToken`, if any."
    )
    identifier: str | None = strawberry.field(
        default=None,
        description="What is pending when no token is issued: `missing_confirmed_email`, "
        "`awaiting_approval` or `manual_login_required`."
    )
    message: str | None = strawberry.field(
        default=None, description="A message to show the new user."
    )
    user_errors: list[UserError] = user_errors_field(
        "Why the account was not created (empty on success)."
    )


def _registered(result: registration.RegistrationResult) -> AccountRegisterPayload:
    issued = result.issued
    return AccountRegisterPayload(
        account=Account.from_row(result.account),
        access_token=issued.access_token if issued is not None else None,
        refresh_token=issued.refresh_token if issued is not None else None,
        identifier=result.identifier,
        message=result.message,
    )


@strawberry.type
class AccountMutations:
    """Mutations about accounts."""

    @strawberry.mutation(
        description="Register an account with the instance's rules (captcha, invites, "
        "approval, activation). Not idempotent: a taken nickname is a userError."
    )
    async def account_register(
        self,
        info: Info,
        input: Annotated[
            AccountRegisterInput, strawberry.argument(description="The account to create.")
        ],
    ) -> AccountRegisterPayload:
        ctx = info.context
        data = registration.RegistrationInput(
            nickname=input.nickname,
            email=input.email,
            password=input.password,
            confirm=input.confirm,
            fullname=input.fullname,
            bio=input.bio,
            agreement=input.agreement,
            locale=input.locale,
            reason=input.reason,
            captcha_solution=input.captcha_solution,
            captcha_token=input.captcha_token,
            captcha_answer_data=input.captcha_answer_data,
            invite_token=input.invite_token,
        )
        return await payload_of(
            AccountRegisterPayload,
            lambda: registration.register(ctx, data, app=ctx.viewer.app),
            _registered,
        )
