"""Fixtures of the report tests: the admin world (``aw``) and a report-filing helper."""

from __future__ import annotations

from typing import Any

from tests.admin.world import aw  # noqa: F401  (fixture re-export)


async def file_report(world: Any, who: str, target: str, expect: int = 200, **body: Any) -> Any:
    """``POST /api/v1/reports`` as ``who`` about ``target`` (JSON body); the answer."""
    return await world.call(
        "POST", "/api/v1/reports", who, expect=expect, json={"account_id": world.id(target), **body}
    )
