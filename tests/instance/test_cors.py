"""CORS: preflights on any path, headers on normal and error answers, no credentials."""

from __future__ import annotations


async def test_preflight_on_any_path(client):
    for path in ("/api/v1/instance", "/api/v1/statuses/123/favourite", "/nope"):
        resp = await client.options(
            path,
            headers={
                "Origin": "https://app.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        assert resp.status == 204, path
        assert resp.headers["Access-Control-Allow-Origin"] == "*"
        methods = resp.headers["Access-Control-Allow-Methods"]
        assert "POST" in methods and "DELETE" in methods
        allowed = resp.headers["Access-Control-Allow-Headers"].lower()
        for name in ("authorization", "content-type", "idempotency-key"):
            assert name in allowed
        assert "Access-Control-Allow-Credentials" not in resp.headers


async def test_normal_and_error_answers_carry_cors_headers(client):
    ok = await client.get("/api/v1/instance", headers={"Origin": "https://app.example"})
    assert ok.status == 200
    assert ok.headers["Access-Control-Allow-Origin"] == "*"
    exposed = ok.headers["Access-Control-Expose-Headers"]
    assert "Link" in exposed and "X-RateLimit-Remaining" in exposed
    assert "Access-Control-Allow-Credentials" not in ok.headers
    missing = await client.get("/nope", headers={"Origin": "https://app.example"})
    assert missing.status == 404
    assert missing.headers["Access-Control-Allow-Origin"] == "*"
    assert await missing.json() == {"error": "Not found"}
    bad = await client.get("/.well-known/webfinger")
    assert bad.status == 400
    assert bad.headers["Access-Control-Allow-Origin"] == "*"


async def test_plain_options_without_preflight_is_not_swallowed(client):
    resp = await client.options("/api/v1/instance")
    assert resp.status == 405
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
