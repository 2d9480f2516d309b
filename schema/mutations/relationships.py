"""Relationship mutations: follow, block, mute, subscribe, follow requests, imports.

Each takes one ``input`` naming the other account by global id (or REST id) and answers
the viewer's :class:`Relationship` with it, or ``userErrors`` (the same rules and messages
as the REST endpoints).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.services import relationships as service
from schema.services import user_import
from schema.types.errors import UserError
from schema.types.relationship import Relationship


def account_rest_id(value: str) -> str:
    """The REST id named by a global ``Account`` id, or ``value`` itself (a REST id)."""
    try:
        gid = relay.GlobalID.from_id(value)
    except Exception:
        return value
    return gid.node_id if gid.type_name == "Account" else value


@strawberry.input(description="Names the other account of a relationship mutation.")
class AccountRelationshipInput:
    """The account acted upon."""

    account_id: strawberry.ID = strawberry.field(
        description="The account's global id (its REST id is accepted too)."
    )


@strawberry.input(description="What `accountFollow` needs.")
class AccountFollowInput:
    """The account to follow and the follow's options."""

    account_id: strawberry.ID = strawberry.field(
        description="The account's global id (its REST id is accepted too)."
    )
    reblogs: bool | None = strawberry.field(
        default=None, description="Show the account's reblogs in the home timeline."
    )
    notify: bool | None = strawberry.field(
        default=None, description="Be notified of the account's new statuses."
    )


@strawberry.input(description="What `accountMute` needs.")
class AccountMuteInput:
    """The account to mute and the mute's options."""

    account_id: strawberry.ID = strawberry.field(
        description="The account's global id (its REST id is accepted too)."
    )
    notifications: bool = strawberry.field(
        default=True, description="Also hide the account's notifications."
    )
    duration: int = strawberry.field(
        default=0, description="Seconds until the mute expires (0: never)."
    )


@strawberry.input(description="A list of accounts to import.")
class ImportInput:
    """Follows: one account per line (Mastodon CSV accepted). Blocks/mutes: separated by
    whitespace. Entries: `nick`, `@nick`, `nick@host` or an actor URI."""

    list: str = strawberry.field(description="The accounts, as text.")


@strawberry.type(description="The result of a relationship mutation.")
class RelationshipPayload:
    """The relationship after the change, or why there was none."""

    relationship: Relationship | None = strawberry.field(
        default=None, description="The viewer's relationship with the account after the change."
    )
    user_errors: list[UserError] = user_errors_field("Why nothing changed (empty on success).")


@strawberry.type(description="The result of an import: it runs in the background.")
class ImportPayload:
    """Whether the import job started."""

    started: bool = strawberry.field(
        default=False, description="True when the import job was started."
    )
    user_errors: list[UserError] = user_errors_field(
        "Why the import did not start (empty on success)."
    )


async def _run(call: Callable[[], Awaitable[Any]]) -> RelationshipPayload:
    return await payload_of(
        RelationshipPayload,
        call,
        lambda row: RelationshipPayload(relationship=Relationship(row=row)),
    )


async def _import(info: Info, kind: user_import.ImportKind, text: str) -> ImportPayload:
    return await payload_of(
        ImportPayload,
        lambda: user_import.start_import(info.context, kind, text),
        lambda _: ImportPayload(started=True),
    )


RelInput = Annotated[AccountRelationshipInput, strawberry.argument(description="The account.")]
ListInput = Annotated[ImportInput, strawberry.argument(description="The list to import.")]


@strawberry.type
class RelationshipMutations:
    """Mutations about relationships between accounts."""

    @strawberry.mutation(
        description="Follow an account (a follow request when it is locked). Idempotent: "
        "following again updates `reblogs`/`notify`. Needs `follow` or `write:follows`."
    )
    async def account_follow(
        self,
        info: Info,
        input: Annotated[AccountFollowInput, strawberry.argument(description="The follow.")],
    ) -> RelationshipPayload:
        return await _run(
            lambda: service.follow(
                info.context, account_rest_id(input.account_id),
                reblogs=input.reblogs, notify=input.notify,
            )
        )

    @strawberry.mutation(
        description="Stop following an account or withdraw the request; also unsubscribes. "
        "Idempotent."
    )
    async def account_unfollow(self, info: Info, input: RelInput) -> RelationshipPayload:
        return await _run(lambda: service.unfollow(info.context, account_rest_id(input.account_id)))

    @strawberry.mutation(
        description="Block an account: follows, requests and subscriptions both ways end. "
        "Idempotent. Needs `follow` or `write:blocks`."
    )
    async def account_block(self, info: Info, input: RelInput) -> RelationshipPayload:
        return await _run(lambda: service.block(info.context, account_rest_id(input.account_id)))

    @strawberry.mutation(description="Lift a block. Idempotent.")
    async def account_unblock(self, info: Info, input: RelInput) -> RelationshipPayload:
        return await _run(lambda: service.unblock(info.context, account_rest_id(input.account_id)))

    @strawberry.mutation(
        description="Mute an account (and its notifications), for a time or forever. "
        "Muting again updates the options. Needs `follow` or `write:mutes`."
    )
    async def account_mute(
        self,
        info: Info,
        input: Annotated[AccountMuteInput, strawberry.argument(description="The mute.")],
    ) -> RelationshipPayload:
        return await _run(
            lambda: service.mute(
                info.context, account_rest_id(input.account_id),
                notifications=input.notifications, duration=input.duration,
            )
        )

    @strawberry.mutation(description="Lift a mute. Idempotent.")
    async def account_unmute(self, info: Info, input: RelInput) -> RelationshipPayload:
        return await _run(lambda: service.unmute(info.context, account_rest_id(input.account_id)))

    @strawberry.mutation(
        description="Be notified of every new top-level status of an account (Pleroma "
        "subscription). Idempotent; refused when the account blocks the viewer."
    )
    async def account_subscribe(self, info: Info, input: RelInput) -> RelationshipPayload:
        return await _run(
            lambda: service.subscribe(info.context, account_rest_id(input.account_id))
        )

    @strawberry.mutation(description="End a subscription. Idempotent.")
    async def account_unsubscribe(self, info: Info, input: RelInput) -> RelationshipPayload:
        return await _run(
            lambda: service.unsubscribe(info.context, account_rest_id(input.account_id))
        )

    @strawberry.mutation(
        description="Accept an account's pending follow request to the viewer. Idempotent."
    )
    async def follow_request_authorize(self, info: Info, input: RelInput) -> RelationshipPayload:
        return await _run(
            lambda: service.authorize_follow_request(
                info.context, account_rest_id(input.account_id)
            )
        )

    @strawberry.mutation(description="Refuse an account's pending follow request. Idempotent.")
    async def follow_request_reject(self, info: Info, input: RelInput) -> RelationshipPayload:
        return await _run(
            lambda: service.reject_follow_request(info.context, account_rest_id(input.account_id))
        )

    @strawberry.mutation(
        description="Follow every account of a list, in the background; unknown entries "
        "are skipped. Needs `follow` or `write:follows`."
    )
    async def follow_import(self, info: Info, input: ListInput) -> ImportPayload:
        return await _import(info, user_import.FOLLOWS, input.list)

    @strawberry.mutation(
        description="Block every account of a list, in the background. Needs `follow` or "
        "`write:blocks`."
    )
    async def blocks_import(self, info: Info, input: ListInput) -> ImportPayload:
        return await _import(info, user_import.BLOCKS, input.list)

    @strawberry.mutation(
        description="Mute every account of a list, in the background. Needs `follow` or "
        "`write:mutes`."
    )
    async def mutes_import(self, info: Info, input: ListInput) -> ImportPayload:
        return await _import(info, user_import.MUTES, input.list)
