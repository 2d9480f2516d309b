"""GraphiQL offline, the HTTP transport of ``/graphql`` and ``/graphiql``, authentication."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from strawberry.http.ides import get_graphql_ide_html

from app.graphql_view import GRAPHIQL_DIR, graphiql_manifest
from tests.graphql.conftest import gql

HTML_ACCEPT = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def sha384(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def strawberry_integrity() -> dict[str, str]:
    """CDN URL -> integrity value, as Strawberry's own GraphiQL page declares them."""
    html = get_graphql_ide_html("graphiql")
    tags = re.findall(r"<(?:script|link)\b[^>]*>", html, re.DOTALL)
    found = {}
    for tag in tags:
        url = re.search(r'(?:src|href)="(https://unpkg\.com/[^"]+)"', tag)
        integrity = re.search(r'integrity="([^"]+)"', tag)
        if url and integrity:
            found[url.group(1)] = integrity.group(1)
    return found


def test_vendored_files_match_strawberrys_integrity_values():
    manifest = graphiql_manifest()
    expected = strawberry_integrity()
    assert len(expected) == 7
    assert {item["cdn_url"] for item in manifest} == set(expected)
    for item in manifest:
        data = (GRAPHIQL_DIR / item["file"]).read_bytes()
        assert sha384(data) == item["integrity"], item["file"]
        assert item["integrity"] == expected[item["cdn_url"]], item["file"]


def test_licences_are_recorded():
    licences = (GRAPHIQL_DIR / "LICENSES.md").read_text()
    for item in graphiql_manifest():
        assert item["license"] == "MIT"
        assert f"| {item['package']} | {item['version']} | MIT" in licences, item["package"]
    assert licences.count("Permission is hereby granted, free of charge") == 3


@pytest.mark.parametrize("path", ["/graphql", "/graphiql"])
async def test_browser_get_renders_graphiql_from_local_files(client, path):
    response = await client.get(path, headers=HTML_ACCEPT)
    assert response.status == 200
    assert response.content_type == "text/html"
    html = await response.text()
    assert "unpkg.com" not in html and "https://" not in html.split("<script>")[0]
    for item in graphiql_manifest():
        local = f"/static/graphiql/{item['file']}"
        tags = re.findall(r"<(?:script|link)\b[^>]*>", html, re.DOTALL)
        tag = next(t for t in tags if local in t)
        assert f'integrity="{item["integrity"]}"' in tag
        asset = await client.get(local)
        assert asset.status == 200, local
        assert sha384(await asset.read()) == item["integrity"]


async def test_static_has_no_directory_listing(client):
    for path in ("/static/", "/static/graphiql/", "/static/graphiql"):
        response = await client.get(path)
        assert response.status in (403, 404), path
        assert "manifest.json" not in await response.text()


async def test_static_refuses_path_traversal(client):
    response = await client.get("/static/../graphql_view.py")
    assert response.status in (403, 404)
    assert "PlenumGraphQLView" not in await response.text()


async def test_post_to_graphiql_path_executes(client):
    body = await gql(client, "{ instance { title } }", path="/graphiql")
    assert body == {"data": {"instance": {"title": "Plenum Test"}}}


async def test_get_query_executes_and_get_mutation_is_refused(client):
    response = await client.get("/graphql", params={"query": "{ instance { title } }"})
    assert response.status == 200
    assert await response.json() == {"data": {"instance": {"title": "Plenum Test"}}}
    mutation = (
        'mutation { appCreate(input: {clientName: "x", '
        'redirectUris: "urn:ietf:wg:oauth:2.0:oob"}) { app { name } } }'
    )
    refused = await client.get("/graphql", params={"query": mutation})
    assert refused.status in (400, 405, 406)
    assert "error" in await refused.json()


async def test_bad_json_body_is_a_400_json_error(client):
    response = await client.post(
        "/graphql", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    assert (await response.json())["error"]


async def test_missing_query_is_a_400(client):
    response = await client.post("/graphql", json={"variables": {}})
    assert response.status == 400
    assert (await response.json())["error"]


async def test_bearer_and_access_token_param_authenticate(client, world):
    query = "{ viewer { username } }"
    by_header = await gql(client, query, token=world.alice_token)
    assert by_header["data"]["viewer"] == {"username": "alice"}
    response = await client.post(
        "/graphql", params={"access_token": world.bob_token}, json={"query": query}
    )
    assert (await response.json())["data"]["viewer"] == {"username": "bob"}
    anonymous = await gql(client, query)
    assert anonymous["data"]["viewer"] is None
    bogus = await gql(client, query, token="not-a-token")
    assert bogus["data"]["viewer"] is None


async def test_viewer_needs_read_accounts_scope(client, world):
    body = await gql(client, "{ viewer { username } }", token=world.read_only_token)
    assert body["data"]["viewer"] is None
    assert body["errors"][0]["message"] == "Insufficient permissions: read:accounts."
    assert body["errors"][0]["extensions"] == {"code": "INSUFFICIENT_SCOPE"}


async def test_app_only_token_has_an_app_but_no_viewer(client, world):
    body = await gql(client, "{ viewer { username } viewerApp { name clientId clientSecret } }",
                     token=world.app_token)
    assert body["data"] == {
        "viewer": None,
        "viewerApp": {"name": "World Client", "clientId": None, "clientSecret": None},
    }
    anonymous = await gql(client, "{ viewerApp { name } }")
    assert anonymous["data"]["viewerApp"] is None


async def test_transport_refusals_are_json_errors(client):
    batch = await client.post("/graphql", json=[{"query": "{ instance { title } }"}] * 2)
    assert batch.status == 400
    assert await batch.json() == {"error": "Batching is not enabled"}
    text = await client.post("/graphql", data=b"{ x }", headers={"Content-Type": "text/plain"})
    assert text.status == 400 and (await text.json())["error"]
    put = await client.put("/graphql", json={"query": "{ instance { title } }"})
    assert put.status == 405 and (await put.json())["error"]
