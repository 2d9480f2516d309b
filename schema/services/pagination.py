"""Keyset pagination shared by every list: ``max_id`` / ``since_id`` / ``min_id`` / ``limit``.

Lists are ordered newest first on a time-ordered id column. ``max_id`` pages back
(older than), ``since_id`` keeps the newest items above a bound, ``min_id`` gives the items
just above a bound (oldest of them first in the query, returned newest first). A page is
one query whatever its size, and never uses OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from schema.services.prepared import INT, STR

T = TypeVar("T")

DEFAULT_LIMIT = 20
MAX_LIMIT = 40


@dataclass(frozen=True)
class PageRequest:
    """Which page of a newest-first list to read (bounds are exclusive ids)."""

    max_id: str | None = None
    since_id: str | None = None
    min_id: str | None = None
    limit: int = DEFAULT_LIMIT

    def clamped(self, maximum: int = MAX_LIMIT) -> PageRequest:
        """The same request with ``limit`` forced into ``1..maximum``."""
        limit = max(1, min(int(self.limit or DEFAULT_LIMIT), maximum))
        return PageRequest(self.max_id, self.since_id, self.min_id, limit)


def keyset(queryset: Any, page: PageRequest, field: str = "id") -> Any:
    """``queryset`` filtered and ordered for ``page`` on ``field`` (limit applied).

    The limit is capped at ``MAX_LIMIT + 1`` so that a caller asking for one row more
    than it shows can tell whether a next page exists.

    Pass the rows it yields to :func:`finish` to get them newest first.
    """
    return bounded(queryset, page.clamped(MAX_LIMIT + 1), field)


def bounded(queryset: Any, page: PageRequest, field: str = "id") -> Any:
    """:func:`keyset` for a page already clamped: its values reach the query unchanged.

    Only tests the bounds for truthiness, so a prepared query can pass slot sentinels
    (see :func:`page_arguments`).
    """
    if page.max_id:
        queryset = queryset.filter(**{f"{field}__lt": page.max_id})
    if page.since_id:
        queryset = queryset.filter(**{f"{field}__gt": page.since_id})
    if page.min_id:
        queryset = queryset.filter(**{f"{field}__gt": page.min_id})
        return queryset.order_by(field).limit(page.limit)
    return queryset.order_by(f"-{field}").limit(page.limit)


#: The slots a prepared query built with :func:`bounded` declares for its page.
PAGE_SLOTS = {"max_id": STR, "since_id": STR, "min_id": STR, "limit": INT}


def page_arguments(page: PageRequest) -> dict[str, Any]:
    """``page`` clamped like :func:`keyset` does, as arguments for :data:`PAGE_SLOTS`."""
    page = page.clamped(MAX_LIMIT + 1)
    return {
        "max_id": str(page.max_id) if page.max_id else None,
        "since_id": str(page.since_id) if page.since_id else None,
        "min_id": str(page.min_id) if page.min_id else None,
        "limit": page.limit,
    }


def page_of(max_id: Any, since_id: Any, min_id: Any, limit: Any) -> PageRequest:
    """The (already clamped) page a prepared builder receives as :data:`PAGE_SLOTS`."""
    return PageRequest(max_id, since_id, min_id, limit)


def finish(rows: list[T], page: PageRequest) -> list[T]:
    """The rows of a :func:`keyset` query, newest first."""
    return list(reversed(rows)) if page.min_id else list(rows)
