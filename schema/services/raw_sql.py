"""Hand-written statements over one value, in the dialect of the database.

Some hot statements are written out rather than built with the ORM (building them cost
more than running them). Their text marks the value with ``{0}``: PostgreSQL binds it
once as ``$1``; SQLite binds one ``?`` per use, so the caller says how many uses there are.
"""

from __future__ import annotations

from typing import Any

from tortoise import connections


async def rows_over(template: str, uses: int, value: Any) -> list[dict]:
    """The rows of ``template`` with its ``{0}`` bound to ``value`` (used ``uses`` times)."""
    conn = connections.get("default")
    if getattr(conn.capabilities, "dialect", "sqlite") == "postgres":
        sql, values = template.format("$1"), [value]
    else:
        sql, values = template.format("?"), [value] * uses
    return await conn.execute_query_dict(sql, values)
