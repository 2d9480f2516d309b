"""Rate limits: Pleroma's buckets, per address or per account, trusted proxies only."""

from __future__ import annotations

import dataclasses

import pytest

from app.main import create_app
from app.ratelimit import DEFAULT_BUCKETS, Bucket, RateLimiter, per_minutes
from rest_compat.routes import ROUTES
from schema.context import RequestContext
from schema.errors import DomainError
from schema.instance import InstancePolicy
from schema.viewer import Viewer
from tests.oauth.conftest import PASSWORD, password_token, register_app


def limited(settings, **changes):
    return create_app(dataclasses.replace(settings, rate_limits=True, **changes))


async def test_sixteenth_password_attempt_is_throttled(aiohttp_client, settings, policy):
    client = await aiohttp_client(limited(settings))
    from schema.services.accounts import create_local_account

    await create_local_account(policy, nickname="alice", email="a@example.org", password=PASSWORD)
    app = await register_app(client)
    status, _ = await password_token(client, app)
    assert status == 200
    # failures count too (a bad client secret fails fast, before any password hashing)
    for _ in range(14):
        status, _ = await password_token(client, dict(app, client_secret="bad"))
        assert status == 400
    status, body = await password_token(client, app)
    assert (status, body) == (429, {"error": "Throttled"})
    # other endpoints are not in the bucket
    resp = await client.get("/.well-known/oauth-authorization-server")
    assert resp.status == 200


async def test_rate_limits_off_by_setting(client, oauth_app):
    for _ in range(17):
        status, _ = await password_token(client, dict(oauth_app, client_secret="bad"))
        assert status == 400


async def test_forwarded_for_is_honoured_only_from_trusted_proxies(aiohttp_client, settings):
    untrusted = await aiohttp_client(limited(settings))
    app = {"client_id": "unknown", "client_secret": "unknown"}
    for i in range(15):
        status, _ = await _spoofed_attempt(untrusted, app, f"10.0.0.{i}")
        assert status == 400
    # a spoofed header from an untrusted peer does not buy a fresh budget
    status, _ = await _spoofed_attempt(untrusted, app, "10.0.1.1")
    assert status == 429


async def test_trusted_proxy_gives_each_client_its_budget(aiohttp_client, settings):
    trusted = await aiohttp_client(limited(settings, trusted_proxies=("127.0.0.1", "::1")))
    app = {"client_id": "unknown", "client_secret": "unknown"}
    for _ in range(15):
        status, _ = await _spoofed_attempt(trusted, app, "203.0.113.7")
        assert status == 400
    status, _ = await _spoofed_attempt(trusted, app, "203.0.113.7")
    assert status == 429
    status, _ = await _spoofed_attempt(trusted, app, "203.0.113.8")
    assert status == 400


async def _spoofed_attempt(client, app, forwarded_for):
    resp = await client.post(
        "/oauth/token",
        data={"grant_type": "password", "client_id": app["client_id"],
              "client_secret": app["client_secret"], "username": "x", "password": "y"},
        headers={"X-Forwarded-For": forwarded_for},
    )
    return resp.status, await resp.json()


def _ctx(ip="192.0.2.1", account_id=None):
    viewer = Viewer()
    if account_id is not None:
        viewer = Viewer(account=type("A", (), {"id": account_id, "is_admin": False})())
    return RequestContext(policy=InstancePolicy(), viewer=viewer, remote_ip=ip)


async def test_authenticated_callers_count_per_account():
    limiter = RateLimiter({"b": Bucket(per_minutes(2, 1))})
    for _ in range(2):
        await limiter.check("b", _ctx(account_id="acct1"))
    with pytest.raises(DomainError) as info:
        await limiter.check("b", _ctx(ip="192.0.2.99", account_id="acct1"))
    assert info.value.status == 429 and info.value.message == "Throttled"
    await limiter.check("b", _ctx(account_id="acct2"))  # same address, another account
    await limiter.check("b", _ctx())  # anonymous from the same address


async def test_search_bucket_allows_more_when_signed_in():
    limiter = RateLimiter()
    anon = [await limiter.hit("search", _ctx()) for _ in range(12)]
    assert anon.count(True) == 10
    signed = [await limiter.hit("search", _ctx(account_id="a")) for _ in range(32)]
    assert signed.count(True) == 30


async def test_unknown_bucket_is_not_limited():
    limiter = RateLimiter({})
    for _ in range(100):
        await limiter.check("nope", _ctx())


def test_every_bucket_named_by_a_route_is_configured():
    named = {r.rate_limit for r in ROUTES if r.rate_limit}
    assert named <= set(DEFAULT_BUCKETS)
    assert DEFAULT_BUCKETS["authentication"].anonymous.amount == 15
    assert DEFAULT_BUCKETS["app_account_creation"].anonymous.amount == 25
