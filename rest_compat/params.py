"""Request parameters merged from path, query string, form, JSON and multipart bodies.

Pleroma merges all of them (body over query, path over both). Booleans accept Pleroma's
spellings; lists accept ``ids[]=a&ids[]=b``, ``ids=a&ids=b`` and JSON arrays.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from aiohttp import web
from multidict import MultiDict

from schema.errors import BAD_REQUEST, DomainError

TRUE_VALUES = {"true", "1", "on", "yes", "t", "y"}
FALSE_VALUES = {"false", "0", "off", "no", "f", "n", ""}


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart body, read into memory (bounded by the body limit)."""

    filename: str
    content_type: str
    data: bytes


def parse_bool(value: Any, name: str = "value") -> bool:
    """Pleroma's boolean casting; raises 400 for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in TRUE_VALUES:
        return True
    if text in FALSE_VALUES:
        return False
    raise DomainError(BAD_REQUEST, f"{name}: Invalid boolean value", field=name)


class Params(Mapping[str, Any]):
    """A read-only merged view of every parameter of one request."""

    def __init__(
        self,
        query: MultiDict[str] | None = None,
        body: MultiDict[Any] | None = None,
        json_body: dict[str, Any] | None = None,
        path: Mapping[str, str] | None = None,
        body_fields: frozenset[str] | None = None,
    ) -> None:
        self._multi: MultiDict[Any] = MultiDict()
        for source in (query, body):
            if source:
                self._multi.extend(source)
        self._values: dict[str, Any] = {}
        for key in self._multi:
            self._values[key] = self._multi.getall(key)[-1]
        if json_body:
            self._values.update(json_body)
        for key, value in (path or {}).items():
            self._values[key] = value
        self._query = query or MultiDict()
        self._body_keys = body_fields or frozenset()

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def in_body(self, key: str) -> bool:
        """True when ``key`` came from the request body (not the query string)."""
        return key in self._body_keys

    def str(self, key: str, default: str | None = None) -> str | None:
        """The value as a string (``None`` and absent give ``default``)."""
        value = self._values.get(key)
        if value is None:
            return default
        if isinstance(value, UploadedFile):
            raise DomainError(BAD_REQUEST, f"{key}: expected text, got a file", field=key)
        if isinstance(value, list | dict):
            raise DomainError(BAD_REQUEST, f"{key}: expected a string", field=key)
        return value if isinstance(value, str) else str(value)

    def bool(self, key: str, default: bool = False) -> bool:
        """The value cast with Pleroma's boolean spellings."""
        if key not in self._values or self._values[key] is None:
            return default
        return parse_bool(self._values[key], key)

    def optional_bool(self, key: str) -> bool | None:
        """Like :meth:`bool` but ``None`` when absent."""
        if key not in self._values or self._values[key] is None:
            return None
        return parse_bool(self._values[key], key)

    def int(
        self,
        key: str,
        default: int | None = None,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        """The value as an int, clamped to ``maximum``; 400 when not a number."""
        value = self._values.get(key)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise DomainError(BAD_REQUEST, f"{key}: Invalid integer value", field=key) from None
        if minimum is not None and number < minimum:
            number = minimum
        if maximum is not None and number > maximum:
            number = maximum
        return number

    def list(self, key: str) -> list[Any]:
        """All values given as ``key[]``, ``key`` repeated, or a JSON array."""
        for name in (key + "[]", key):
            if name in self._values and isinstance(self._values[name], list):
                return list(self._values[name])
            values = self._multi.getall(name, [])
            if values:
                return list(values)
            if name in self._values and self._values[name] is not None:
                return [self._values[name]]
        return []

    def file(self, key: str) -> UploadedFile | None:
        """The uploaded file named ``key``, if the body was multipart and carried one."""
        value = self._values.get(key)
        return value if isinstance(value, UploadedFile) else None


async def read_params(request: web.Request) -> Params:
    """Parse and merge every parameter of ``request``.

    Bad JSON, a broken multipart body or invalid UTF-8 raise 400; a body over the limit
    raises 413 (aiohttp's ``client_max_size``).
    """
    query = MultiDict(request.query)
    body: MultiDict[Any] = MultiDict()
    json_body: dict[str, Any] | None = None
    if request.method in {"POST", "PUT", "PATCH", "DELETE"} and request.body_exists:
        ctype = request.content_type
        try:
            if ctype == "application/json" or ctype.endswith("+json"):
                raw = await request.read()
                if raw.strip():
                    try:
                        decoded = orjson.loads(raw)
                    except orjson.JSONDecodeError:
                        raise DomainError(BAD_REQUEST, "Invalid JSON body") from None
                    if not isinstance(decoded, dict):
                        raise DomainError(BAD_REQUEST, "JSON body must be an object")
                    json_body = decoded
            elif ctype == "multipart/form-data":
                reader = await request.multipart()
                async for part in reader:
                    if part is None or part.name is None:
                        continue
                    if part.filename is not None:
                        data = await part.read(decode=False)
                        body.add(
                            part.name,
                            UploadedFile(
                                part.filename,
                                part.headers.get("Content-Type", "application/octet-stream"),
                                bytes(data),
                            ),
                        )
                    else:
                        body.add(part.name, await part.text())
            elif ctype == "application/x-www-form-urlencoded" or not ctype:
                form = await request.post()
                body.extend(form)
        except UnicodeDecodeError:
            raise DomainError(BAD_REQUEST, "Request body is not valid UTF-8") from None
        except ValueError:
            raise DomainError(BAD_REQUEST, "Malformed request body") from None
    for source in (query, body, request.match_info):
        for key, value in source.items():
            refuse_nul(key, value)
    for key, value in (json_body or {}).items():
        refuse_nul(key, value)
    body_fields = frozenset(body.keys()) | frozenset((json_body or {}).keys())
    return Params(query, body, json_body, request.match_info, body_fields)


def refuse_nul(key: str, value: Any) -> None:
    """400 when a text parameter (or a key) holds a NUL character.

    No rule accepts one, and PostgreSQL cannot store or compare it: left in, it would
    fail deep in the driver as a 500 instead of a clear answer.
    """
    if "\x00" in key:
        raise DomainError(BAD_REQUEST, "Parameter names cannot contain NUL characters")
    if isinstance(value, str):
        if "\x00" in value:
            raise DomainError(BAD_REQUEST, f"{key}: cannot contain NUL characters", field=key)
    elif isinstance(value, list):
        for item in value:
            refuse_nul(key, item)
    elif isinstance(value, dict):
        for inner_key, item in value.items():
            refuse_nul(f"{key}.{inner_key}", item)
