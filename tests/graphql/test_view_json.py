"""The GraphQL answer's JSON (orjson): compact, UTF-8, the same data as Strawberry's."""

from __future__ import annotations

import json

from app.graphql_view import PlenumGraphQLView
from schema.graphql import build_schema


def test_encode_json_is_compact_json_of_the_same_data() -> None:
    view = PlenumGraphQLView(schema=build_schema())
    data = {
        "data": {"a": [1, 2.5, None, True], "text": "café ☕ \"quoted\" <b>"},
        "errors": [{"message": "x", "path": ["a", 0], "extensions": {"code": "NOT_FOUND"}}],
    }
    encoded = view.encode_json(data)
    assert json.loads(encoded) == data
    assert encoded == json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


async def test_answer_carries_non_ascii_text(client, world) -> None:
    from models.accounts import Account

    await Account.filter(id=world.accounts["alice"].id).update(display_name="Alïce ☕")
    headers = world.auth(world.alice_token)
    response = await client.post(
        "/graphql", json={"query": "{ viewer { displayName note } }"}, headers=headers
    )
    assert response.status == 200
    assert response.content_type == "application/json"
    raw = await response.read()
    assert "Alïce ☕".encode() in raw
    assert json.loads(raw) == {"data": {"viewer": {"displayName": "Alïce ☕", "note": "<p>hi</p>"}}}
