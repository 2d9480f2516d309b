"""Documents generated from the route table: the OpenAPI document and ``docs/endpoints.md``.

Both are pure functions of :data:`rest_compat.routes.ROUTES`, so they cannot drift from
what the server actually registers. ``python -m app export-docs`` (``make docs``) writes
the Markdown page; ``GET /api/openapi.json`` serves the OpenAPI document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rest_compat.routes import AUTH_ADMIN, AUTH_APP, AUTH_NONE, AUTH_USER, ROUTES, Route
from schema.instance import PLENUM_VERSION, InstancePolicy
from schema.services.tokens import TOP_SCOPES

OPENAPI_VERSION = "3.1.0"
GRAPHQL_EXAMPLES_DIR = "graphql_examples"
_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}")

AUTH_LABELS = {
    AUTH_NONE: "none",
    AUTH_USER: "user token",
    AUTH_APP: "app or user token",
    AUTH_ADMIN: "admin token",
}


def openapi_path(path: str) -> str:
    """An aiohttp path pattern as an OpenAPI path (``{id:\\d+}`` becomes ``{id}``)."""
    return _PARAM.sub(lambda m: "{" + m.group(1) + "}", path)


def path_parameters(path: str) -> list[str]:
    """The names of the ``{...}`` segments of ``path``, in order."""
    return [m.group(1) for m in _PARAM.finditer(path)]


def operation_id(route: Route, method: str, path: str) -> str:
    """A readable identifier: the Pleroma operation name, the method and the path."""
    slug = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_")
    if path.endswith("/") and path != "/":
        slug += "_slash"
    return f"{route.operation.replace('.', '_')}__{method.lower()}_{slug}"


def _required_scopes(route: Route) -> list[str]:
    if route.auth == AUTH_ADMIN:
        return [s if s.startswith("admin") else f"admin:{s}" for s in route.scopes] or ["admin"]
    return list(route.scopes)


def _security(route: Route) -> list[dict[str, list[str]]]:
    """Security requirements: alternatives, any one of which suffices."""
    if route.auth == AUTH_NONE:
        return [{}, {"oauth2": []}]
    scopes = _required_scopes(route)
    options: list[dict[str, list[str]]] = [{"oauth2": [s]} for s in scopes] or [{"oauth2": []}]
    if route.auth in {AUTH_USER, AUTH_ADMIN}:
        options.append({"basicAuth": []})
    return options


def _all_scopes(routes: Iterable[Route]) -> dict[str, str]:
    names = set(TOP_SCOPES)
    for route in routes:
        names.update(_required_scopes(route) if route.auth == AUTH_ADMIN else route.scopes)
    return {name: f"the `{name}` scope" for name in sorted(names)}


def graphql_twin(route: Route) -> dict[str, str]:
    """The paired GraphQL example, or the reason there is none (``x-graphql``)."""
    if route.graphql:
        return {
            "example": route.graphql,
            "file": f"{GRAPHQL_EXAMPLES_DIR}/{route.graphql}.graphql",
        }
    return {"none": route.no_graphql_because or ""}


def openapi_document(
    policy: InstancePolicy, routes: tuple[Route, ...] = ROUTES
) -> dict[str, Any]:
    """The OpenAPI 3.1 document: one operation per concrete path and method."""
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        for concrete in route.paths():
            path = openapi_path(concrete)
            operation: dict[str, Any] = {
                "operationId": operation_id(route, route.method, path),
                "summary": route.summary or route.operation,
                "tags": [route.handler.split(":", 1)[0]],
                "security": _security(route),
                "responses": {
                    "200": {"description": "Success"},
                    "default": {
                        "description": "Error",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"}
                            }
                        },
                    },
                },
                "x-pleroma-operation": route.operation,
                "x-graphql": graphql_twin(route),
            }
            params = [
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                for name in path_parameters(path)
            ]
            if params:
                operation["parameters"] = params
            if route.rate_limit:
                operation["x-rate-limit"] = route.rate_limit
            paths.setdefault(path, {})[route.method.lower()] = operation
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": f"{policy.name} REST API",
            "version": PLENUM_VERSION,
            "description": (
                "The Pleroma and Mastodon client API of this Plenum server. Every operation "
                "names its GraphQL twin in `x-graphql`."
            ),
        },
        "servers": [{"url": policy.public_url}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "oauth2": {
                    "type": "oauth2",
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": policy.url("/oauth/authorize"),
                            "tokenUrl": policy.url("/oauth/token"),
                            "scopes": _all_scopes(routes),
                        },
                        "password": {
                            "tokenUrl": policy.url("/oauth/token"),
                            "scopes": _all_scopes(routes),
                        },
                        "clientCredentials": {
                            "tokenUrl": policy.url("/oauth/token"),
                            "scopes": _all_scopes(routes),
                        },
                    },
                },
                "basicAuth": {"type": "http", "scheme": "basic"},
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {"error": {"type": "string"}},
                    "required": ["error"],
                }
            },
        },
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def endpoints_markdown(routes: tuple[Route, ...] = ROUTES) -> str:
    """``docs/endpoints.md``: one row per endpoint of the route table."""
    lines = [
        "# REST endpoints",
        "",
        "Generated from `rest_compat/routes.py` by `make docs` (`python -m app export-docs`);",
        "do not edit by hand. Rows marked with two paths answer under both Pleroma prefixes.",
        "The machine-readable form is `GET /api/openapi.json`.",
        "",
        "| Method | Path | Auth | Scopes (any of) | Pleroma operation | GraphQL twin | Summary |",
        "|---|---|---|---|---|---|---|",
    ]
    for route in routes:
        paths = "<br>".join(f"`{openapi_path(p)}`" for p in route.paths())
        scopes = ", ".join(f"`{s}`" for s in _required_scopes(route)) or "—"
        if route.graphql:
            twin = (
                f"[`{route.graphql}`](../{GRAPHQL_EXAMPLES_DIR}/{route.graphql}.graphql)"
            )
        else:
            twin = f"none: {route.no_graphql_because or 'not stated'}"
        lines.append(
            "| "
            + " | ".join(
                _cell(c)
                for c in (
                    route.method,
                    paths,
                    AUTH_LABELS.get(route.auth, route.auth),
                    scopes,
                    f"`{route.operation}`",
                    twin,
                    route.summary,
                )
            )
            + " |"
        )
    lines.append("")
    return "\n".join(lines)
