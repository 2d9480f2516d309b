"""Model instances from driver rows: what Tortoise's ``_init_from_db`` builds, cheaper.

Tortoise builds an instance from keyword arguments: a row becomes a dict of column names,
then a ``**kwargs`` dict, then one ``object.__setattr__`` and a field-method call per
column. On a timeline page (20 statuses, ~17 authors of 48 columns each) that was the
largest single cost of a request. :func:`row_builder` does the same work from the row's
positions: the column-to-attribute plan and each column's converter are worked out once
per (model, column list) and compiled into a straight-line function (the row unpacked into
locals, one dict display into the new instance's ``__dict__``), as ``dataclasses``
generates its methods.

The result is the instance Tortoise would build: the same attributes with the same values
and types, and the same private state (``_partial``, ``_saved_in_db``,
``_custom_generated_pk``, ``_await_when_save``); ``tests/services/test_instances.py``
compares both for every model on each database. A column list that is not exactly the
model's own columns (``.only()``, annotations) falls back to ``_init_from_db``.

Only datetime parsing is memoised, keyed by the raw value (a ``datetime`` is immutable, so
equal column values can share one). JSON columns are decoded per row because their values
(lists, dicts) are mutable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from tortoise import fields
from tortoise.timezone import get_default_timezone, get_use_tz

Builder = Callable[[Sequence[Any]], Any]

_builders: dict[tuple[Any, ...], Builder] = {}
#: Builders kept at most (one per model and column list and timezone setting).
MAX_BUILDERS = 256


def row_builder(model: type, keys: tuple[str, ...]) -> Builder:
    """A function turning one driver row (columns in ``keys`` order) into a ``model``.

    Cached per (model, keys, timezone settings); never raises for an unknown column
    list, it falls back to Tortoise's own ``_init_from_db`` by name instead.
    """
    use_tz = get_use_tz()
    zone = get_default_timezone() if use_tz else None
    cache_key = (model, keys, use_tz, zone)
    built = _builders.get(cache_key)
    if built is None:
        if len(_builders) >= MAX_BUILDERS:
            _builders.clear()
        built = _builders[cache_key] = _make(model, keys)
    return built


def _make(model: type, keys: tuple[str, ...]) -> Builder:
    meta = model._meta
    plan: dict[str, tuple[str, Callable[[Any], Any] | None]] = {}
    for key, attr, _field in meta.db_native_fields:
        plan[key] = (attr, None)
    for key, attr, field in meta.db_default_fields:
        plan[key] = (attr, field.field_type)
    exact = True
    for key, attr, field in meta.db_complex_fields:
        plan[key] = (attr, _complex_converter(field))
        # A NULL column is stored as None without a call, which is only what Tortoise
        # does when the field's converter maps None to None.
        exact = exact and _keeps_none(field)
    if not exact or len(keys) != len(plan) or set(keys) != set(plan):
        init = model._init_from_db
        return lambda row: init(**dict(zip(keys, row, strict=True)))
    attrs = tuple(plan[key][0] for key in keys)
    converters = tuple(plan[key][1] for key in keys)
    custom_generated_pk = meta.db_pk_column not in meta.generated_db_fields
    return _compile(model, attrs, converters, custom_generated_pk)


def _compile(
    model: type,
    attrs: tuple[str, ...],
    converters: tuple[Callable[[Any], Any] | None, ...],
    custom_generated_pk: bool,
) -> Builder:
    """The builder as straight-line code: the row unpacked into locals, one dict display.

    Generated like ``dataclasses`` and ``namedtuple`` generate their methods, so a row
    costs no per-column loop, ``zip`` or list. Only attribute names (Tortoise field names,
    checked to be identifiers) and local names made here reach the source; converters are
    passed in by reference. A row of another length raises ``ValueError`` on unpacking.
    """
    if not all(attr.isidentifier() for attr in attrs):
        raise ValueError(f"{model.__name__}: unexpected attribute names {attrs!r}")
    names = [f"v{i}" for i in range(len(attrs))]
    namespace: dict[str, Any] = {"new": model.__new__, "model": model}
    entries = [
        '"_partial": False',
        '"_saved_in_db": True',
        f'"_custom_generated_pk": {bool(custom_generated_pk)!r}',
        '"_await_when_save": {}',
    ]
    for index, (attr, convert, name) in enumerate(zip(attrs, converters, names, strict=True)):
        if convert is None:
            entries.append(f"{attr!r}: {name}")
        else:
            namespace[f"c{index}"] = convert
            entries.append(f"{attr!r}: None if {name} is None else c{index}({name})")
    unpack = ", ".join(names) + ("," if len(names) == 1 else "")
    body = ",\n        ".join(entries)
    source = (
        "def build(row):\n"
        f"    {unpack} = row\n"
        "    instance = new(model)\n"
        f"    instance.__dict__.update({{\n        {body},\n    }})\n"
        "    return instance\n"
    )
    # The source holds only checked identifiers and names made here (see the docstring).
    exec(compile(source, f"<row builder for {model.__name__}>", "exec"), namespace)  # noqa: S102
    return namespace["build"]


def _keeps_none(field: Any) -> bool:
    try:
        return field.to_python_value(None) is None
    except Exception:
        return False


def _complex_converter(field: Any) -> Callable[[Any], Any]:
    """The field's ``to_python_value``, memoised for datetimes (immutable results)."""
    if isinstance(field, fields.DatetimeField):
        return lru_cache(maxsize=8192)(field.to_python_value)
    return field.to_python_value
