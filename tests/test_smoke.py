"""The app boots on the configured database and answers unknown routes with JSON."""


async def test_unknown_route_is_json_404(client):
    resp = await client.get("/nope")
    assert resp.status == 404
    assert await resp.json() == {"error": "Not found"}


async def test_service_fixture_talks_to_database(db, policy):
    from schema.services.accounts import create_local_account, get_account

    made = await create_local_account(policy, nickname="alice", email="a@x.org", password="pw")
    found = await get_account(policy, "alice")
    assert found.id == made.id
    assert found.uri == "https://plenum.example/users/alice"
