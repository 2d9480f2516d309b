"""The one way to change an account's ``settings`` JSON (and its other columns) safely.

``settings`` holds unrelated facts side by side (notification settings, profile flags,
Pleroma-FE's settings store, the mascot), and each writer changes its keys by reading the
whole object and writing it back. Two such writes at the same time would lose one of them,
so every writer runs inside :func:`locked_account`:

- on PostgreSQL the transaction reads the row with ``SELECT ... FOR UPDATE``, so a second
  writer waits for the first to commit and then reads what it wrote;
- on SQLite the transaction already runs alone (see :mod:`schema.services.row_locks`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise.transactions import in_transaction

from models.accounts import Account
from schema.errors import NOT_FOUND, DomainError
from schema.services.row_locks import locks_rows


@asynccontextmanager
async def locked_account(account_id: str) -> AsyncIterator[Account]:
    """A transaction in which the account's row, as freshly read, is the caller's alone.

    Yields the row; what the block writes commits when it ends, and nothing does when it
    raises. Errors: 404 ``NOT_FOUND`` when the account is gone.
    """
    async with in_transaction():
        query = Account.filter(id=account_id)
        if locks_rows():
            query = query.select_for_update()
        row = await query.first()
        if row is None:
            raise DomainError(NOT_FOUND)
        yield row


def settings_of(row: Any) -> dict[str, Any]:
    """A copy of the row's ``settings`` to change and write back (``{}`` when unset)."""
    return dict(row.settings) if isinstance(row.settings, dict) else {}
