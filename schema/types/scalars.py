"""Custom scalars: ``DateTime`` (ISO 8601, milliseconds, ``Z``), ``HTML`` and ``URL``.

Types annotate fields with the ``NewType`` s below (or ``datetime``); :data:`SCALAR_MAP`
tells the schema how each is named, described and serialised
(``StrawberryConfig.scalar_map``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NewType

import strawberry

HTML = NewType("HTML", str)
URL = NewType("URL", str)


def serialize_datetime(value: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and ``Z``, as the REST layer renders dates."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_datetime(value: object) -> datetime:
    """Read an ISO 8601 string (``Z`` or an offset); naive values are taken as UTC."""
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


SCALAR_MAP = {
    datetime: strawberry.scalar(
        name="DateTime",
        description=(
            "A moment in time: ISO 8601 in UTC with milliseconds, "
            "e.g. 2026-11-27T14:10:00.000Z."
        ),
        serialize=serialize_datetime,
        parse_value=parse_datetime,
    ),
    HTML: strawberry.scalar(
        name="HTML",
        description="A fragment of sanitised HTML, safe to insert into a page.",
        serialize=str,
        parse_value=str,
    ),
    URL: strawberry.scalar(
        name="URL",
        description="An absolute URL.",
        serialize=str,
        parse_value=str,
    ),
}
