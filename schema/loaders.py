"""Per-request DataLoaders: batch the lookups one request makes into one query each.

A loader lives in ``ctx.loaders`` (made lazily by the accessor functions below), so its
cache never outlives the request and never leaks one viewer's data to another. Both
projections use them: GraphQL resolvers, and REST renderers that need related rows.

:class:`DataLoader` is a small asyncio batcher (no Strawberry here: this module sits
below the projections): every ``load`` made before the event loop next runs is collected,
and the batch function runs once for the whole set.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

from models.accounts import Account
from models.oauth import App
from schema.services.prepared import STRS, Prepared

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class DataLoader(Generic[K, V]):
    """Collect keys for one loop tick, resolve them with one ``batch(keys)`` call.

    ``batch`` receives the distinct keys in first-asked order and returns a mapping
    ``key -> value``; a key missing from the mapping loads as ``None``. Results are cached
    per key for the loader's life (one request). An exception in ``batch`` fails every
    waiter of that batch and is not cached.
    """

    def __init__(self, batch: Callable[[list[K]], Awaitable[dict[K, V]]]) -> None:
        self._batch = batch
        self._cache: dict[K, asyncio.Future[V | None]] = {}
        self._pending: list[K] = []
        self.batches = 0

    def load(self, key: K) -> asyncio.Future[V | None]:
        """A future for ``key``'s value (``None`` when absent)."""
        future = self._cache.get(key)
        if future is not None:
            return future
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._cache[key] = future
        if not self._pending:
            loop.call_soon(lambda: asyncio.ensure_future(self._dispatch()))
        self._pending.append(key)
        return future

    async def load_many(self, keys: Iterable[K]) -> list[V | None]:
        """The values of ``keys``, in order, from one batch.

        Raises the batch's exception when it failed (every future of a batch fails
        together). The futures are awaited one by one rather than through
        ``asyncio.gather``, which would wrap each in a callback of its own.
        """
        futures = [self.load(key) for key in keys]
        try:
            return [await future for future in futures]
        except BaseException:
            for future in futures:  # mark the batch's other failures as seen
                if future.done() and not future.cancelled():
                    future.exception()
            raise

    def prime(self, key: K, value: V) -> None:
        """Seed the cache with a row the caller already holds (no query)."""
        if key not in self._cache:
            future = asyncio.get_running_loop().create_future()
            future.set_result(value)
            self._cache[key] = future

    async def _dispatch(self) -> None:
        keys, self._pending = self._pending, []
        self.batches += 1
        try:
            found = await self._batch(keys)
        except Exception as exc:
            for key in keys:
                future = self._cache.pop(key)
                if not future.done():
                    future.set_exception(exc)
            return
        for key in keys:
            future = self._cache[key]
            if not future.done():
                future.set_result(found.get(key))


def _loader(ctx: Any, name: str, batch: Callable[[list[Any]], Awaitable[dict[Any, Any]]]) -> Any:
    loader = ctx.loaders.get(name)
    if loader is None:
        loader = ctx.loaders[name] = DataLoader(batch)
    return loader


_accounts = Prepared(Account, lambda ids: Account.filter(id__in=ids), ids=STRS)
_apps = Prepared(App, lambda ids: App.filter(id__in=ids), ids=STRS)


async def _accounts_by_id(ids: list[str]) -> dict[str, Account]:
    rows = await _accounts(ids=[str(i) for i in ids])
    return {row.id: row for row in rows}


async def _apps_by_id(ids: list[str]) -> dict[str, App]:
    rows = await _apps(ids=[str(i) for i in ids])
    return {row.id: row for row in rows}


def account_by_id(ctx: Any) -> DataLoader[str, Account]:
    """The request's account-by-id loader: ``await account_by_id(ctx).load(id)``.

    Returns deactivated accounts too; callers decide what they may show.
    """
    return _loader(ctx, "account_by_id", _accounts_by_id)


def app_by_id(ctx: Any) -> DataLoader[str, App]:
    """The request's OAuth-app-by-id loader."""
    return _loader(ctx, "app_by_id", _apps_by_id)
