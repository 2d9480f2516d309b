"""``Health``: the figures of ``GET /api/pleroma/healthcheck``."""

from __future__ import annotations

import strawberry


@strawberry.type(description="Health figures of this server (database pool and memory).")
class Health:
    """Built from ``schema.services.health.HealthReport``."""

    pool_size: int = strawberry.field(description="Configured database connections.")
    active: int = strawberry.field(description="Database connections busy right now.")
    idle: int = strawberry.field(description="Database connections open but idle.")
    memory_used: float = strawberry.field(description="Resident memory of the server, in MiB.")
    healthy: bool = strawberry.field(
        description="True when the database answered and a connection is free."
    )
