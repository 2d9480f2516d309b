"""``SearchResults``: what a search found (REST: Mastodon's search ``Results``)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from schema.types.account import Account
from schema.types.scalars import URL
from schema.types.status import Status


@strawberry.enum(description="What a search looks for.")
class SearchType(Enum):
    """Mastodon's search ``type``."""

    ACCOUNTS = strawberry.enum_value("accounts", description="Accounts only.")
    HASHTAGS = strawberry.enum_value("hashtags", description="Hashtags only.")
    STATUSES = strawberry.enum_value("statuses", description="Statuses only.")


@strawberry.type(description="A hashtag made from the search query, with its page.")
class SearchHashtag:
    """As the query wrote it (case kept), without `#`."""

    name: str = strawberry.field(description="The tag, as the query wrote it, without `#`.")
    url: URL = strawberry.field(description="The tag's page on this instance.")


@strawberry.type(description="What a search found (empty lists for kinds not searched).")
class SearchResults:
    """Built from :class:`schema.services.search.SearchResults`."""

    accounts: list[Account] = strawberry.field(
        description="Local accounts whose nickname or display name starts with the query "
        "(or the account the query's URL names)."
    )
    statuses: list[Status] = strawberry.field(
        description="Statuses the viewer may see that contain every word of the query, "
        "newest first (the status the query's URL names first)."
    )
    hashtags: list[SearchHashtag] = strawberry.field(
        description="Hashtags made from the query (explicit `#tags`, else its words and "
        "their CamelCase join)."
    )

    @classmethod
    def from_results(cls, results: Any) -> SearchResults:
        """The GraphQL projection of the service's results."""
        return cls(
            accounts=[Account.from_row(row) for row in results.accounts],
            statuses=[Status.from_view(view) for view in results.statuses],
            hashtags=[SearchHashtag(name=t.name, url=t.url) for t in results.hashtags],
        )
