"""The OpenAPI document and docs/endpoints.md, both generated from the route table."""

from __future__ import annotations

from pathlib import Path

from rest_compat.docs import endpoints_markdown, openapi_path
from rest_compat.routes import AUTH_NONE, AUTH_USER, ROUTES

ROOT = Path(__file__).resolve().parents[2]


async def test_openapi_has_one_operation_per_route_path_and_method(client):
    resp = await client.get("/api/openapi.json")
    assert resp.status == 200
    doc = await resp.json()
    assert doc["openapi"].startswith("3.1")
    assert doc["servers"] == [{"url": "https://plenum.example"}]
    expected = {
        (openapi_path(path), route.method.lower()) for route in ROUTES for path in route.paths()
    }
    found = {(path, method) for path, item in doc["paths"].items() for method in item}
    assert found == expected
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    assert "/api/pleroma/healthcheck" in doc["paths"]
    assert "/api/v1/pleroma/healthcheck" in doc["paths"]


async def test_openapi_operations_carry_security_params_and_graphql(client):
    doc = await (await client.get("/api/openapi.json")).json()
    schemes = doc["components"]["securitySchemes"]
    assert schemes["oauth2"]["type"] == "oauth2"
    assert schemes["oauth2"]["flows"]["authorizationCode"]["tokenUrl"] == (
        "https://plenum.example/oauth/token"
    )
    for route in ROUTES:
        for path in route.paths():
            op = doc["paths"][openapi_path(path)][route.method.lower()]
            assert op["summary"]
            assert op["x-pleroma-operation"] == route.operation
            assert op["operationId"].startswith(route.operation.replace(".", "_"))
            if route.graphql:
                assert op["x-graphql"] == {
                    "example": route.graphql,
                    "file": f"graphql_examples/{route.graphql}.graphql",
                }
            else:
                assert op["x-graphql"]["none"] == route.no_graphql_because
            if route.auth == AUTH_NONE:
                assert {} in op["security"]
            elif route.auth == AUTH_USER:
                assert {} not in op["security"]
                for scope in route.scopes:
                    assert {"oauth2": [scope]} in op["security"]
            names = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
            assert names == [
                seg[1:-1] for seg in openapi_path(path).split("/") if seg.startswith("{")
            ]
    show = doc["paths"]["/api/v1/accounts/{id}"]["get"]
    assert show["parameters"][0] == {
        "name": "id", "in": "path", "required": True, "schema": {"type": "string"}
    }


def test_openapi_path_strips_patterns():
    assert openapi_path(r"/api/v1/statuses/{id:\d+}/context") == "/api/v1/statuses/{id}/context"


def test_endpoints_doc_has_one_row_per_route():
    text = endpoints_markdown()
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == len(ROUTES) + 1  # plus the header
    for route in ROUTES:
        twin = f"graphql_examples/{route.graphql}.graphql" if route.graphql else "none: "
        assert any(
            f"`{route.operation}`" in row and twin in row
            and all(f"`{openapi_path(p)}`" in row for p in route.paths())
            for row in rows
        ), route


def test_endpoints_doc_is_up_to_date():
    current = (ROOT / "docs" / "endpoints.md").read_text(encoding="utf-8")
    assert current == endpoints_markdown(), (
        "docs/endpoints.md is stale: run `make docs` (python -m app export-docs)"
    )
