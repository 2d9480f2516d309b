"""Prepared queries: pay Tortoise's query building once per query shape, not per call.

Building a query with Tortoise (pypika) costs several times what SQLite then needs to run
it. A :class:`Prepared` query is defined by a *builder*, an ordinary function returning a
Tortoise ``QuerySet`` (or a ``values``/``values_list``/``update`` query of it). The first
call of a given *shape* runs the builder with unique typed sentinel values in place of the
real arguments, asks Tortoise for the parameterised SQL, and records where each sentinel
landed in the parameter list. Later calls of that shape only copy the parameter template,
put the real values in, and run the SQL. Rows become model instances through
:func:`~schema.services.instances.row_builder` (what ``Model._init_from_db`` builds, from
the row's positions), walking ``select_related`` groups as Tortoise's executor does
(tests compare every field with the plain query's instances); other selects go through
the executor itself, ``values``/``values_list`` through Tortoise's column converters.
The SQL therefore always comes from the same querysets as before: rules such as
:func:`~schema.services.visibility.visible_q` keep living in one place.

Arguments are of two kinds:

- *slots*, declared with a kind (:data:`STR`, :data:`INT`, :data:`DATETIME`, :data:`STRS`):
  their values are bound at call time. A falsy value (``None``, ``""``, ``0``) is passed to
  the builder as it is and becomes part of the shape, so a builder may test a slot for
  truthiness or ``None`` (``if max_id: ...``) and nothing else. A list slot (:data:`STRS`)
  is for ``__in`` filters (or one ANDed condition per item) only: its length is rounded
  up to a size class (0-4, 6, 8, 12, 16, 24, 32...) that is part of the shape, and shorter
  lists are padded by repeating their last item, which changes nothing such a filter
  matches. Builders must hand slot values to Tortoise unchanged (normalise before
  calling): a sentinel that Tortoise does not find verbatim among the parameters (it was
  transformed, inlined into the SQL text or dropped) fails the compilation loudly.
  Slot values skip the field validation Tortoise runs while building a query (e.g. a
  ``CharField``'s ``max_length``): they are compared as given, so an over-long id simply
  matches nothing instead of raising ``ValidationError``.
- every other argument is *shape*: hashable, passed to the builder as it is, and part of
  the cache key (flags such as ``local`` or ``only_media``).

Anything that depends on the clock must be a :data:`DATETIME` slot: a compiled query is
reused for the life of the process. The connection is chosen at call time from the model
(``Model._choose_db``), so a call inside ``in_transaction()`` runs on the transaction's
connection; compiled shapes are keyed by the connection's dialect. At most
:data:`MAX_SHAPES` compiled shapes are kept (least recently used dropped first).

This module relies on private Tortoise API (``_make_query``, ``_select_related_idx``,
``_init_from_db``, ``_single``, ``executor_class``...) pinned by
``tests/services/test_prepared.py``; Tortoise is pinned below 1.2.
"""

from __future__ import annotations

import types
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import DoesNotExist, MultipleObjectsReturned
from tortoise.queryset import QuerySet, UpdateQuery, ValuesListQuery, ValuesQuery

from schema.services.instances import row_builder

#: How many compiled shapes the process keeps (all prepared queries together).
MAX_SHAPES = 512

STR = "str"
INT = "int"
DATETIME = "datetime"
STRS = "strs"
_KINDS = (STR, INT, DATETIME, STRS)

_MARK = "PlenumSlot"


class PreparedQueryError(RuntimeError):
    """A builder's query cannot be prepared (a sentinel did not survive verbatim)."""


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    binders: tuple[tuple[int, str, int | None], ...]
    kind: str  # "select" | "values_list" | "values" | "update"
    select_related_idx: Any = None
    custom_fields: tuple[str, ...] = ()
    single: bool = False
    raise_does_not_exist: bool = False
    flat: bool = False
    columns: tuple[tuple[str, Callable[[Any], Any]], ...] = ()
    plain: bool = False  # a select of the model's own columns only (no joins, annotations)
    joined: bool = False  # a select of the model's columns and select_related models only


_cache: OrderedDict[tuple[Any, ...], _Compiled] = OrderedDict()
_compilations = 0


def cache_info() -> dict[str, int]:
    """How many shapes are cached, the bound, and how many compilations ran so far."""
    return {"size": len(_cache), "max": MAX_SHAPES, "compilations": _compilations}


def clear_cache() -> None:
    """Forget every compiled shape (tests; the next calls compile again)."""
    _cache.clear()


class _Sentinels:
    """Unique values of each kind for one compilation, and where they were handed out."""

    def __init__(self) -> None:
        self.count = 0
        self.issued: list[tuple[Any, str, int | None]] = []  # (sentinel, slot, list index)

    def _next(self) -> int:
        self.count += 1
        return self.count

    def make(self, kind: str, name: str, value: Any) -> Any:
        if kind == STRS:
            items = []
            for index in range(size_class(len(value))):
                sentinel = f"\x1f{_MARK}{self._next()}\x1f"
                self.issued.append((sentinel, name, index))
                items.append(sentinel)
            return items
        n = self._next()
        if kind == STR:
            sentinel: Any = f"\x1f{_MARK}{n}\x1f"
        elif kind == INT:
            sentinel = 1_987_000_000 + 7919 * n
        else:
            sentinel = datetime(1971, 2, 3, 4, 5, 6, tzinfo=UTC) + timedelta(days=n, microseconds=n)
        self.issued.append((sentinel, name, None))
        return sentinel


def size_class(length: int) -> int:
    """The length a list slot of ``length`` items is padded to (0-4 stay as they are)."""
    if length <= 4:
        return length
    size = 4
    while True:
        if length <= size:
            return size
        if length <= size * 3 // 2:
            return size * 3 // 2
        size *= 2


def _same(param: Any, sentinel: Any) -> bool:
    return type(param) is type(sentinel) and param == sentinel


def _texts(sentinel: Any) -> list[str]:
    if isinstance(sentinel, datetime):
        return [sentinel.isoformat(), str(sentinel), sentinel.strftime("%Y-%m-%d %H:%M:%S")]
    return [str(sentinel)]


def _check_value(name: str, kind: str, value: Any) -> None:
    if kind == STR:
        ok = isinstance(value, str)
    elif kind == INT:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == DATETIME:
        ok = isinstance(value, datetime) and value.tzinfo is not None
    else:
        ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
    if not ok:
        raise TypeError(f"prepared query argument {name!r}: {value!r} is not a {kind} value")


class Prepared:
    """A query built by ``builder(**arguments)``, compiled once per shape and dialect.

    ``model`` is the model the builder queries (it picks the connection at call time);
    ``slots`` maps argument names to their kinds. Calling the object with keyword
    arguments returns what awaiting the builder's query would: model instances (or one
    instance / ``None`` for ``.first()``), ``values``/``values_list`` rows, or the number
    of updated rows. Errors: ``TypeError`` for a slot value of the wrong type,
    :class:`PreparedQueryError` when the builder's query cannot be prepared.
    """

    def __init__(self, model: type, builder: Callable[..., Any], **slots: str) -> None:
        for name, kind in slots.items():
            if kind not in _KINDS:
                raise ValueError(f"unknown slot kind {kind!r} for {name!r}")
        self.model = model
        self.builder = builder
        self.slots = slots
        self.name = f"{builder.__module__}.{builder.__qualname__}"

    async def __call__(self, **arguments: Any) -> Any:
        compiled, params, db = self._prepare(arguments)
        return await _run(self.model, compiled, params, db)

    async def first_with(self, columns: str, **arguments: Any) -> tuple[Any, Any] | None:
        """The first instance the query finds and its row's ``columns``, or ``None``.

        Runs ``SELECT q.*, <columns> FROM (<the query>) AS q``: ``columns`` are extra
        select expressions over the found row (``q.<column>``), such as scalar subqueries,
        read in the same statement (``columns`` is SQL text written in the code: never
        put request data in it). Returns ``(instance, row)``, the driver row giving the
        extra columns by their aliases. Only for a select of the model with
        ``select_related`` models (whose rows end where the extra columns begin);
        ``TypeError`` otherwise.
        """
        compiled, params, db = self._prepare(arguments)
        if compiled.kind != "select" or not compiled.joined:
            raise TypeError(f"{self.name}: first_with needs a select with select_related")
        # ``columns`` is the caller's own SQL text, never request data; values are bound.
        sql = f"SELECT q.*, {columns} FROM ({compiled.sql}) AS q"  # noqa: S608
        _, result = await db.execute_query(sql, params)
        if not result:
            return None
        return _joined_instances(self.model, compiled.select_related_idx, result)[0], result[0]

    def sql(self, **arguments: Any) -> tuple[str, list[Any]]:
        """The SQL and parameters a call with ``arguments`` would run (for tests, EXPLAIN)."""
        compiled, params, _ = self._prepare(arguments)
        return compiled.sql, params

    def _prepare(self, arguments: dict[str, Any]) -> tuple[_Compiled, list[Any], Any]:
        missing = set(self.slots) - set(arguments)
        if missing:
            raise TypeError(f"{self.name}: missing slot arguments {sorted(missing)}")
        shape: list[Hashable] = []
        for name in sorted(arguments):
            value = arguments[name]
            kind = self.slots.get(name)
            if kind is None:
                shape.append((name, value))
            elif kind == STRS:
                _check_value(name, kind, value)
                shape.append((name, size_class(len(value))))
            elif not value:
                shape.append((name, "literal", value))
            else:
                _check_value(name, kind, value)
                shape.append((name, "slot"))
        db = self.model._choose_db(False)
        key = (self, getattr(db.capabilities, "dialect", ""), tuple(shape))
        compiled = _cache.get(key)
        if compiled is None:
            compiled = self._compile(arguments, db)
            _cache[key] = compiled
            while len(_cache) > MAX_SHAPES:
                _cache.popitem(last=False)
        else:
            _cache.move_to_end(key)
        if compiled.kind == "update":
            db = self.model._choose_db(True)
        params = list(compiled.params)
        for position, name, index in compiled.binders:
            if index is None:
                value = arguments[name]
            else:
                items = arguments[name]
                value = items[index] if index < len(items) else items[-1]
            if isinstance(value, datetime):
                value = value.astimezone(UTC)
            params[position] = value
        return compiled, params, db

    def _compile(self, arguments: dict[str, Any], db: BaseDBAsyncClient) -> _Compiled:
        global _compilations
        sentinels = _Sentinels()
        given = {}
        for name, value in arguments.items():
            kind = self.slots.get(name)
            if kind is None or (kind != STRS and not value):
                given[name] = value
            else:
                given[name] = sentinels.make(kind, name, value)
        query = self.builder(**given)
        if getattr(query, "model", None) is not self.model:
            raise PreparedQueryError(f"{self.name}: the builder must query {self.model}")
        query._db = db
        query._make_query()
        sql, raw = query.query.get_parameterized_sql()
        params = list(raw or [])
        binders: list[tuple[int, str, int | None]] = []
        for sentinel, name, index in sentinels.issued:
            positions = [i for i, p in enumerate(params) if _same(p, sentinel)]
            if not positions:
                raise PreparedQueryError(
                    f"{self.name}: slot {name!r} does not reach the SQL parameters verbatim"
                )
            if any(text in sql for text in _texts(sentinel)):
                raise PreparedQueryError(f"{self.name}: slot {name!r} is inlined in the SQL")
            binders.extend((i, name, index) for i in positions)
        bound = {i for i, _, _ in binders}
        for i, p in enumerate(params):
            if i not in bound and isinstance(p, str) and _MARK in p:
                raise PreparedQueryError(f"{self.name}: a slot value was transformed: {p!r}")
        if _MARK in sql:
            raise PreparedQueryError(f"{self.name}: a slot value is inlined in the SQL")
        _compilations += 1
        return _describe(query, sql, tuple(params), tuple(binders))


def _describe(query: Any, sql: str, params: tuple, binders: tuple) -> _Compiled:
    model = query.model
    if isinstance(query, QuerySet):
        if query._prefetch_map or query._prefetch_queries:
            raise PreparedQueryError("prefetch_related is not supported by prepared queries")
        # All of the model's own columns first, no .only(), no annotations: rows can be
        # turned into instances without the executor (see _run).
        whole = (
            not query._fields_for_select
            and not query._annotations
            and bool(query._select_related_idx)
            and query._select_related_idx[0][0] is model
        )
        return _Compiled(
            sql,
            params,
            binders,
            "select",
            plain=whole and len(query._select_related_idx) == 1,
            joined=whole and len(query._select_related_idx) > 1,
            select_related_idx=list(query._select_related_idx),
            custom_fields=tuple(query._annotations.keys()),
            single=query._single,
            raise_does_not_exist=query._raise_does_not_exist,
        )
    if isinstance(query, ValuesListQuery):
        columns = tuple(
            (key, query.resolve_to_python_value(model, name)) for key, name in query.fields.items()
        )
        return _Compiled(
            sql,
            params,
            binders,
            "values_list",
            columns=columns,
            flat=query._flat,
            single=query._single,
            raise_does_not_exist=query._raise_does_not_exist,
        )
    if isinstance(query, ValuesQuery):
        columns = tuple(
            (alias, func)
            for alias, func in (
                (alias, query.resolve_to_python_value(model, name))
                for alias, name in query._fields_for_select.items()
            )
            if not isinstance(func, types.LambdaType)
        )
        return _Compiled(
            sql,
            params,
            binders,
            "values",
            columns=columns,
            single=query._single,
            raise_does_not_exist=query._raise_does_not_exist,
        )
    if isinstance(query, UpdateQuery):
        return _Compiled(sql, params, binders, "update")
    raise PreparedQueryError(f"cannot prepare a {type(query).__name__}")


def _single(model: type, rows: list[Any], compiled: _Compiled) -> Any:
    if len(rows) == 1:
        return rows[0]
    if not rows:
        if compiled.raise_does_not_exist:
            raise DoesNotExist(model)
        return None
    raise MultipleObjectsReturned(model)


def _joined_instances(model: type, related: list, result: list) -> list[Any]:
    """Instances with their ``select_related`` objects, as ``execute_select`` builds them.

    The same walk over Tortoise's ``_select_related_idx`` (own columns first, then each
    related model's ``table.column`` aliases; an all-NULL group is ``None``), with each
    driver row read once by position instead of converted to a dict by name.
    """
    if not result:
        return []
    keys = tuple(result[0].keys())
    names = tuple(key.split(".", 1)[1] if "." in key else key for key in keys)
    _, own, _, _, root = related[0]
    build_own = row_builder(model, keys[:own])
    builders = []
    start = own
    for rel_model, count, *_ in related[1:]:
        builders.append(row_builder(rel_model, names[start : start + count]))
        start += count
    instances_out = []
    for row in result:
        values = tuple(row)
        instance = build_own(values[:own])
        instances: dict[Any, Any] = {root: instance}
        current = own
        for (rel_model, count, *_, full_path), build in zip(related[1:], builders, strict=True):
            *path, attr = full_path
            group = values[current : current + count]
            if any(group):
                obj = build(group)
            elif count == 0:
                obj = rel_model._init_from_db()
            else:
                obj = None
            target = instances.get(tuple(path))
            if target is not None:
                object.__setattr__(target, f"_{attr}", obj)
            if obj is not None:
                instances[(*path, attr)] = obj
            current += count
        instances_out.append(instance)
    return instances_out


async def _run(model: type, compiled: _Compiled, params: list[Any], db: Any) -> Any:
    if compiled.kind == "select" and compiled.plain:
        # What the executor does for a select of one model's own columns, minus turning
        # each driver row into a dict by name (sqlite3.Row looks names up one by one).
        _, result = await db.execute_query(compiled.sql, params)
        if result:
            build = row_builder(model, tuple(result[0].keys()))
            rows = [build(row) for row in result]
        else:
            rows = []
    elif compiled.kind == "select" and compiled.joined:
        _, result = await db.execute_query(compiled.sql, params)
        rows = _joined_instances(model, compiled.select_related_idx, result)
    elif compiled.kind == "select":
        rows = await db.executor_class(
            model=model, db=db, select_related_idx=compiled.select_related_idx
        ).execute_select(compiled.sql, params, custom_fields=list(compiled.custom_fields))
    elif compiled.kind == "values_list":
        _, result = await db.execute_query(compiled.sql, params)
        if compiled.flat:
            func = compiled.columns[0][1]
            rows = [func(row["0"]) for row in result]
        else:
            rows = [tuple(f(row[c]) for c, f in compiled.columns) for row in result]
    elif compiled.kind == "values":
        rows = await db.execute_query_dict(compiled.sql, params)
        for row in rows:
            for column, func in compiled.columns:
                row[column] = func(row[column])
    else:
        return (await db.execute_query(compiled.sql, params))[0]
    return _single(model, rows, compiled) if compiled.single else rows
