"""The GraphQL admin fields of this area refuse everyone but admins with an admin scope,
and leak nothing while refusing: no private status, no client secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.graphql.conftest import gql

EXAMPLES = Path(__file__).resolve().parents[2] / "graphql_examples"
NOT_ADMIN = "User is not an admin or OAuth admin scope is not granted."

QUERIES = {
    "adminStatuses": {"godmode": True, "withReblogs": True},
    "adminStatus": {"id": "STATUS"},
    "adminUserStatuses": {"nickname": "alice", "godmode": True},
    "adminInstanceStatuses": {"instance": "plenum.example"},
    "adminModerationLog": {},
    "adminStats": {},
    "adminOAuthApps": {},
}
MUTATIONS = {
    "adminStatusUpdate": {"input": {"id": "STATUS", "visibility": "PUBLIC"}},
    "adminStatusDelete": {"input": {"id": "STATUS"}},
    "adminEmojiReload": None,
    "adminOAuthAppCreate": {"input": {"name": "x", "redirectUris": "https://x.example"}},
    "adminOAuthAppUpdate": {"input": {"id": "APP", "name": "hijacked"}},
    "adminOAuthAppDelete": {"input": {"id": "APP"}},
}


def _fill(value, status_id: str, app_id: str):
    if isinstance(value, dict):
        return {k: _fill(v, status_id, app_id) for k, v in value.items()}
    if isinstance(value, str):
        return {"STATUS": status_id, "APP": app_id}.get(value, value)
    return value


@pytest.mark.parametrize("who", [None, "alice", "mod", "root_noscope"])
async def test_non_admins_are_refused_everywhere(aw, who):
    secret = await aw.post("alice", "private words", visibility="private")
    token = aw.tokens[who] if who else None
    for name, variables in {**QUERIES, **MUTATIONS}.items():
        query = (EXAMPLES / f"{name}.graphql").read_text()
        filled = _fill(variables, secret["id"], aw.app.id) if variables else None
        body = await gql(aw.client, query, filled, token=token)
        text = str(body)
        assert "private words" not in text and aw.app.client_secret not in text, name
        if name in QUERIES:
            # a nullable field answers null beside the error, a non-null one nulls the data
            assert body["data"] in (None, {name: None}), name
            expected = NOT_ADMIN if who else "Invalid credentials."
            assert [e["message"] for e in body["errors"]] == [expected], name
        else:
            errors = body["data"][name]["userErrors"]
            assert [e["code"] for e in errors] == [
                "NOT_ADMIN" if who else "INVALID_CREDENTIALS"
            ], name
    # nothing changed
    shown = await aw.call("GET", f"/api/v1/statuses/{secret['id']}", "alice")
    assert shown["visibility"] == "private"
    apps = await aw.call("GET", "/api/v1/pleroma/admin/oauth_app", "root")
    assert [a["name"] for a in apps["apps"]] == ["Status Tests"]
