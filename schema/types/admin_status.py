"""What the admin statuses queries answer besides plain ``Status`` lists: a page with its
total, and the status counts by visibility."""

from __future__ import annotations

import strawberry

from schema.types.status import Status


@strawberry.type(description="One page of statuses an admin reads, and how many there are.")
class AdminStatusPage:
    """REST's ``{"total", "activities"}`` (Pleroma 2.3+)."""

    total: int = strawberry.field(description="How many statuses the listing holds in all.")
    statuses: list[Status] = strawberry.field(description="This page, newest first.")


@strawberry.type(description="How many statuses (not reblogs) have each visibility.")
class StatusVisibilityCounts:
    """Pleroma's ``status_visibility``; local-only statuses count as public."""

    public: int = strawberry.field(description="Public statuses (local-only ones included).")
    unlisted: int = strawberry.field(description="Unlisted statuses.")
    private: int = strawberry.field(description="Followers-only statuses.")
    direct: int = strawberry.field(description="Direct statuses.")


@strawberry.type(description="Figures for admins (REST: `GET /api/pleroma/admin/stats`).")
class AdminStats:
    """What Pleroma's admin stats hold today."""

    status_visibility: StatusVisibilityCounts = strawberry.field(
        description="Statuses by visibility."
    )
