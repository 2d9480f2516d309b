"""``Relationship`` and account connections: the GraphQL projection of relationships.

Everything comes from :mod:`schema.services.relationships`; the viewer's relationship
with many accounts in one request is batched by :func:`relationship_loader` (one service
call, a constant number of queries, whatever the number of accounts).
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema import loaders
from schema.errors import BAD_REQUEST, DomainError
from schema.services import relationships as service
from schema.services.pagination import MAX_LIMIT, PageRequest
from schema.types.account import Account

DEFAULT_FIRST = 20


@strawberry.type(description="How the signed-in account and another account relate.")
class Relationship:
    """Projected from :class:`schema.services.relationships.Relationship`."""

    row: strawberry.Private[Any]

    @strawberry.field(description="The other account.")
    async def account(self, info: Info) -> Account | None:
        found = await loaders.account_by_id(info.context).load(self.row.id)
        return Account.from_row(found) if found is not None else None

    @strawberry.field(description="The REST id of the other account (`Relationship.id`).")
    def rest_id(self) -> str:
        return self.row.id

    @strawberry.field(description="The viewer follows the account (an accepted follow).")
    def following(self) -> bool:
        return self.row.following

    @strawberry.field(description="The account follows the viewer.")
    def followed_by(self) -> bool:
        return self.row.followed_by

    @strawberry.field(description="The viewer blocks the account.")
    def blocking(self) -> bool:
        return self.row.blocking

    @strawberry.field(description="The account blocks the viewer.")
    def blocked_by(self) -> bool:
        return self.row.blocked_by

    @strawberry.field(description="The viewer mutes the account (an unexpired mute).")
    def muting(self) -> bool:
        return self.row.muting

    @strawberry.field(description="The viewer's mute also hides the account's notifications.")
    def muting_notifications(self) -> bool:
        return self.row.muting_notifications

    @strawberry.field(description="The viewer is subscribed to the account's new statuses.")
    def subscribing(self) -> bool:
        return self.row.subscribing

    @strawberry.field(description="The viewer's follow request waits for the account's answer.")
    def requested(self) -> bool:
        return self.row.requested

    @strawberry.field(description="The viewer blocks the account's whole domain.")
    def domain_blocking(self) -> bool:
        return self.row.domain_blocking

    @strawberry.field(description="The viewer's home timeline shows the account's reblogs.")
    def showing_reblogs(self) -> bool:
        return self.row.showing_reblogs

    @strawberry.field(description="The viewer features the account on their profile.")
    def endorsed(self) -> bool:
        return self.row.endorsed

    @strawberry.field(description="The viewer's follow asks to be notified of new statuses.")
    def notifying(self) -> bool:
        return self.row.notifying

    @strawberry.field(description="The viewer's private note about the account.")
    def note(self) -> str:
        return self.row.note


@strawberry.type(description="One account in a relationship list, with its cursor.")
class AccountEdge:
    """An edge of :class:`AccountConnection`."""

    cursor: str = strawberry.field(description="Pass it as `after` to read past this edge.")
    node: Account = strawberry.field(description="The account.")


@strawberry.type(description="A page of accounts (followers, blocks, ...), newest first.")
class AccountConnection:
    """Keyset-paged: the cursor is the id of the relationship row."""

    edges: list[AccountEdge] = strawberry.field(description="The accounts of this page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page stands.")

    @strawberry.field(description="The accounts of this page, without cursors.")
    def nodes(self) -> list[Account]:
        return [edge.node for edge in self.edges]


def page_request(first: int | None, after: str | None) -> PageRequest:
    """The service page for ``first``/``after`` with one row of look-ahead (400 if bad)."""
    first = DEFAULT_FIRST if first is None else first
    if first < 0 or first > MAX_LIMIT:
        raise DomainError(BAD_REQUEST, f"first must be between 0 and {MAX_LIMIT}.")
    return PageRequest(max_id=after or None, limit=first + 1)


def connection(page: service.ListPage, first: int | None) -> AccountConnection:
    """An :class:`AccountConnection` from a service page read with :func:`page_request`."""
    first = DEFAULT_FIRST if first is None else first
    items = page.items[:first]
    edges = [AccountEdge(cursor=cursor, node=Account.from_row(row)) for cursor, row in items]
    return AccountConnection(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=len(page.items) > first,
            has_previous_page=False,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


def relationship_loader(ctx: Any) -> loaders.DataLoader[str, Any]:
    """The request's viewer-relationship loader (one batched service call per tick)."""
    loader = ctx.loaders.get("relationship")
    if loader is None:

        async def batch(ids: list[str]) -> dict[str, Any]:
            return {rel.id: rel for rel in await service.relationships(ctx, ids)}

        loader = ctx.loaders["relationship"] = loaders.DataLoader(batch)
    return loader


async def viewer_relationship(info: Info, account_id: str) -> Relationship | None:
    """The viewer's relationship with ``account_id`` (null when anonymous)."""
    if info.context.viewer.account is None:
        return None
    found = await relationship_loader(info.context).load(account_id)
    return Relationship(row=found) if found is not None else None


async def account_list(
    info: Info, which: str, account_id: str | None, first: int | None, after: str | None
) -> AccountConnection:
    """One page of ``followers``/``following`` (of ``account_id``) or the viewer's
    ``blocks``/``mutes``/``follow_requests``."""
    ctx = info.context
    page = page_request(first, after)
    if which == "followers":
        result = await service.followers(ctx, account_id or "", page)
    elif which == "following":
        result = await service.following(ctx, account_id or "", page)
    elif which == "blocks":
        result = await service.blocks(ctx, page)
    elif which == "mutes":
        result = await service.mutes(ctx, page)
    else:
        result = await service.follow_requests(ctx, page)
    for _, row in result.items:
        loaders.account_by_id(ctx).prime(row.id, row)
    return connection(result, first)
