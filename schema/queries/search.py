"""The search read: accounts, statuses and hashtags for one query."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from schema import loaders
from schema.errors import BAD_REQUEST, DomainError
from schema.services import search as service
from schema.types.search import SearchResults, SearchType


def _author(account_id: str | None, account_rest_id: str | None) -> str | None:
    """The REST id (or acct) of the author to keep, from either argument."""
    if account_id is not None and account_rest_id is not None:
        raise DomainError(BAD_REQUEST, "Give at most one of accountId and accountRestId.")
    if account_id is None:
        return account_rest_id
    try:
        gid = relay.GlobalID.from_id(account_id)
    except Exception:
        gid = None
    if gid is None or gid.type_name != "Account":
        raise DomainError(BAD_REQUEST, "Invalid account id.")
    return gid.node_id


@strawberry.type
class SearchQueries:
    """The same search as `GET /api/v2/search`."""

    @strawberry.field(
        description="Accounts, statuses the viewer may see and hashtags for `q` "
        "(REST: `GET /api/v2/search`, `GET /api/v1/search`). Anonymous viewers may search; "
        "a token without `read:search` searches as anonymous. Paged by `offset`/`limit`."
    )
    async def search(
        self,
        info: Info,
        q: Annotated[str, strawberry.argument(description="What to search for.")],
        type: Annotated[
            SearchType | None,
            strawberry.argument(description="Only this kind (default: every kind)."),
        ] = None,
        resolve: Annotated[
            bool,
            strawberry.argument(
                description="Look up remote accounts (accepted; nothing remote is fetched yet)."
            ),
        ] = False,
        following: Annotated[
            bool,
            strawberry.argument(description="Only accounts the viewer follows (needs one)."),
        ] = False,
        account_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only statuses by this account (global id)."),
        ] = None,
        account_rest_id: Annotated[
            str | None,
            strawberry.argument(description="Only statuses by this account (REST id or acct)."),
        ] = None,
        limit: Annotated[
            int | None,
            strawberry.argument(description="How many of each kind (default 20, at most 40)."),
        ] = None,
        offset: Annotated[
            int | None, strawberry.argument(description="How many of each kind to skip.")
        ] = None,
    ) -> SearchResults:
        ctx = info.context
        results = await service.search(
            ctx,
            service.SearchRequest(
                q=q,
                type=type.value if type is not None else None,
                resolve=resolve,
                following=following,
                account_id=_author(account_id, account_rest_id),
                limit=service.DEFAULT_LIMIT if limit is None else limit,
                offset=offset or 0,
            ),
        )
        for row in results.accounts:
            loaders.account_by_id(ctx).prime(row.id, row)
        return SearchResults.from_results(results)
