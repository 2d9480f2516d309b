"""List mutations: create, rename, delete, add and remove members.

Same services, rules and messages as the REST endpoints; refusals come back as
``userErrors`` (``NOT_FOUND`` / ``List not found`` for someone else's list).
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.mutations.payloads import payload_of, user_errors_field
from schema.queries.conversations import account_rest_id
from schema.queries.lists import list_rest_id
from schema.services import lists as list_service
from schema.types.errors import UserError
from schema.types.list import List, RepliesPolicy


@strawberry.input(description="What `listCreate` needs.")
class ListCreateInput:
    """The new list's title and Mastodon's settings."""

    title: str = strawberry.field(description="The title (not blank, at most 255 characters).")
    replies_policy: RepliesPolicy | None = strawberry.field(
        default=None, description="Mastodon's replies setting (default LIST); stored only."
    )
    exclusive: bool | None = strawberry.field(
        default=None, description="Mastodon's `exclusive` setting (default false); stored only."
    )


@strawberry.input(description="What `listUpdate` needs: the list and at least one change.")
class ListUpdateInput:
    """A value left out (null) keeps what the list has."""

    list_id: strawberry.ID = strawberry.field(
        description="The list's global id (its REST id is accepted too)."
    )
    title: str | None = strawberry.field(default=None, description="The new title.")
    replies_policy: RepliesPolicy | None = strawberry.field(
        default=None, description="Mastodon's replies setting; stored only."
    )
    exclusive: bool | None = strawberry.field(
        default=None, description="Mastodon's `exclusive` setting; stored only."
    )


@strawberry.input(description="Names the list a mutation acts on.")
class ListActionInput:
    """The list acted upon."""

    list_id: strawberry.ID = strawberry.field(
        description="The list's global id (its REST id is accepted too)."
    )


@strawberry.input(description="What `listAccountsAdd` and `listAccountsRemove` need.")
class ListAccountsInput:
    """The list and the accounts to add or remove."""

    list_id: strawberry.ID = strawberry.field(
        description="The list's global id (its REST id is accepted too)."
    )
    account_ids: list[strawberry.ID] = strawberry.field(
        description="The accounts (global or REST ids); unknown ones are skipped."
    )


@strawberry.type(description="The result of a list mutation.")
class ListPayload:
    """The list as it is now, or why nothing changed."""

    list: List | None = strawberry.field(default=None, description="The list.")
    user_errors: list[UserError] = user_errors_field()


@strawberry.type(description="The result of `listDelete`.")
class ListDeletePayload:
    """The id of the list deleted, or why nothing changed."""

    deleted_list_id: strawberry.ID | None = strawberry.field(
        default=None, description="The REST id of the list deleted."
    )
    user_errors: list[UserError] = user_errors_field()


def _policy(value: RepliesPolicy | None) -> str | None:
    return value.value if value is not None else None


async def _list_payload(call: Any) -> ListPayload:
    return await payload_of(ListPayload, call, lambda row: ListPayload(list=List.from_row(row)))


def _members(input: ListAccountsInput) -> tuple[str, list[str]]:
    return list_rest_id(str(input.list_id)), [account_rest_id(str(a)) for a in input.account_ids]


@strawberry.type
class ListMutations:
    """Mutations about the viewer's lists."""

    @strawberry.mutation(
        description="Create a list (REST: `POST /api/v1/lists`). Needs `write:lists`."
    )
    async def list_create(
        self,
        info: Info,
        input: Annotated[ListCreateInput, strawberry.argument(description="The new list.")],
    ) -> ListPayload:
        return await _list_payload(
            lambda: list_service.create_list(
                info.context,
                input.title,
                replies_policy=_policy(input.replies_policy),
                exclusive=input.exclusive,
            )
        )

    @strawberry.mutation(
        description="Rename a list or change Mastodon's settings "
        "(REST: `PUT /api/v1/lists/:id`). Needs `write:lists`."
    )
    async def list_update(
        self,
        info: Info,
        input: Annotated[ListUpdateInput, strawberry.argument(description="The changes.")],
    ) -> ListPayload:
        return await _list_payload(
            lambda: list_service.update_list(
                info.context,
                list_rest_id(str(input.list_id)),
                title=input.title,
                replies_policy=_policy(input.replies_policy),
                exclusive=input.exclusive,
            )
        )

    @strawberry.mutation(
        description="Delete a list and its memberships (REST: `DELETE /api/v1/lists/:id`). "
        "Needs `write:lists`."
    )
    async def list_delete(
        self,
        info: Info,
        input: Annotated[ListActionInput, strawberry.argument(description="The list.")],
    ) -> ListDeletePayload:
        return await payload_of(
            ListDeletePayload,
            lambda: list_service.delete_list(info.context, list_rest_id(str(input.list_id))),
            lambda deleted: ListDeletePayload(deleted_list_id=strawberry.ID(deleted)),
        )

    @strawberry.mutation(
        description="Add accounts to a list: any account the viewer may see, followed or "
        "not, as Pleroma allows (REST: `POST /api/v1/lists/:id/accounts`). Needs "
        "`write:lists`."
    )
    async def list_accounts_add(
        self,
        info: Info,
        input: Annotated[ListAccountsInput, strawberry.argument(description="What to add.")],
    ) -> ListPayload:
        list_id, ids = _members(input)
        return await _list_payload(lambda: list_service.add_accounts(info.context, list_id, ids))

    @strawberry.mutation(
        description="Remove accounts from a list (REST: `DELETE /api/v1/lists/:id/accounts`). "
        "Needs `write:lists`."
    )
    async def list_accounts_remove(
        self,
        info: Info,
        input: Annotated[ListAccountsInput, strawberry.argument(description="What to remove.")],
    ) -> ListPayload:
        list_id, ids = _members(input)
        return await _list_payload(
            lambda: list_service.remove_accounts(info.context, list_id, ids)
        )
