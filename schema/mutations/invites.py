"""Invite mutations for admins: create, revoke, mail. Each calls the same service as its
REST twin (:mod:`schema.services.invites`); refusals, non-admins included, come back as
``userErrors``."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.services import invites as service
from schema.types.errors import UserError
from schema.types.invite import Invite


@strawberry.input(description="What `adminInviteCreate` needs: optional limits.")
class AdminInviteCreateInput:
    """Same as REST's ``max_use`` and ``expires_at``; neither makes a one-time invite."""

    max_use: int | None = strawberry.field(
        default=None, description="How many registrations it allows (at least 1)."
    )
    expires_at: str | None = strawberry.field(
        default=None, description="The last day it is valid, `YYYY-MM-DD`."
    )


@strawberry.input(description="Which invite `adminInviteRevoke` revokes.")
class AdminInviteRevokeInput:
    """Same as REST's ``token``."""

    token: str = strawberry.field(description="The invite's token.")


@strawberry.input(description="Whom `adminInviteEmail` invites.")
class AdminInviteEmailInput:
    """Same as REST's ``email`` and ``name``."""

    email: str = strawberry.field(description="Where to mail the invitation.")
    name: str | None = strawberry.field(
        default=None, description="The invitee's name, to address the mail."
    )


@strawberry.type(description="The result of an invite mutation.")
class AdminInvitePayload:
    """The invite made or changed, or why nothing was."""

    invite: Invite | None = strawberry.field(
        default=None, description="The invite (null when refused)."
    )
    user_errors: list[UserError] = user_errors_field()


def _done(row: object) -> AdminInvitePayload:
    return AdminInvitePayload(invite=Invite.from_row(row))


@strawberry.type
class InviteMutations:
    """Admin mutations about invite tokens."""

    @strawberry.mutation(
        description="Create an invite token (REST: `POST "
        "/api/pleroma/admin/users/invite_token`). Needs `admin:write:invites`."
    )
    async def admin_invite_create(
        self,
        info: Info,
        input: Annotated[
            AdminInviteCreateInput, strawberry.argument(description="The invite's limits.")
        ],
    ) -> AdminInvitePayload:
        return await payload_of(
            AdminInvitePayload,
            lambda: service.create_invite(
                info.context, max_use=input.max_use, expires_at=input.expires_at
            ),
            _done,
        )

    @strawberry.mutation(
        description="Revoke an invite so nobody can register with it any more (REST: `POST "
        "/api/pleroma/admin/users/revoke_invite`). Needs `admin:write:invites`."
    )
    async def admin_invite_revoke(
        self,
        info: Info,
        input: Annotated[
            AdminInviteRevokeInput, strawberry.argument(description="The invite to revoke.")
        ],
    ) -> AdminInvitePayload:
        return await payload_of(
            AdminInvitePayload, lambda: service.revoke_invite(info.context, input.token), _done
        )

    @strawberry.mutation(
        description="Make a one-time invite and mail its registration link (REST: `POST "
        "/api/pleroma/admin/users/email_invite`). Only while registrations are closed and "
        "invites are on. Needs `admin:write:invites`."
    )
    async def admin_invite_email(
        self,
        info: Info,
        input: Annotated[
            AdminInviteEmailInput, strawberry.argument(description="Whom to invite.")
        ],
    ) -> AdminInvitePayload:
        return await payload_of(
            AdminInvitePayload,
            lambda: service.email_invite(info.context, input.email, input.name),
            _done,
        )
