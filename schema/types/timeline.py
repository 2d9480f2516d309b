"""``StatusConnection``: a keyset page of statuses (timelines, favourites, bookmarks).

Pages are read with one row of look-ahead (``first + 1``) so ``hasNextPage`` costs no
extra query; the cursor of a timeline edge is the status id, the cursor of a favourite or
bookmark edge is the id of that act (those lists are ordered by when the act happened).
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from schema.errors import BAD_REQUEST, DomainError
from schema.services.pagination import MAX_LIMIT, PageRequest
from schema.services.status_views import hydrate
from schema.types.status import Status

DEFAULT_FIRST = 20


@strawberry.type(description="A status in a timeline, with its cursor.")
class StatusEdge:
    """``cursor`` orders the list (a status id, or a favourite/bookmark id)."""

    cursor: str = strawberry.field(description="Pass it as `after` to read past this edge.")
    node: Status = strawberry.field(description="The status.")


@strawberry.type(description="A page of statuses, newest first.")
class StatusConnection:
    """Keyset-paged; never more than 40 statuses a page."""

    edges: list[StatusEdge] = strawberry.field(description="The statuses of this page.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page stands.")

    @strawberry.field(description="The statuses of this page, without cursors.")
    def nodes(self) -> list[Status]:
        return [edge.node for edge in self.edges]


def page_request(first: int | None, after: str | None) -> PageRequest:
    """The service page for ``first``/``after`` with one look-ahead row (400 if bad)."""
    first = DEFAULT_FIRST if first is None else first
    if first < 0 or first > MAX_LIMIT:
        raise DomainError(BAD_REQUEST, f"first must be between 0 and {MAX_LIMIT}.")
    return PageRequest(max_id=after or None, limit=first + 1)


async def connection(ctx: Any, items: list[tuple[str, Any]], first: int | None) -> StatusConnection:
    """A connection from ``(cursor, status row or None)`` items read with look-ahead.

    ``None`` rows (acts on statuses the viewer may not see) keep the paging right but
    give no edge. The page's statuses are hydrated in one batch.
    """
    first = DEFAULT_FIRST if first is None else first
    page = items[:first]
    views = {v.id: v for v in await hydrate(ctx, [row for _, row in page if row is not None])}
    edges = [
        StatusEdge(cursor=cursor, node=Status.from_view(views[row.id]))
        for cursor, row in page
        if row is not None and row.id in views
    ]
    return StatusConnection(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=len(items) > first,
            has_previous_page=False,
            start_cursor=page[0][0] if page else None,
            end_cursor=page[-1][0] if page else None,
        ),
    )
