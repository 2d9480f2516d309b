"""Who may call the admin user API: every route refuses anonymous callers, ordinary
users, moderators and admins whose token lacks the admin scope, with Pleroma's 403s; the
scope each route needs is Pleroma 2.2+'s (``admin:read:accounts``,
``admin:write:accounts``, ``admin:write:follows``); the configured admin token acts as an
admin without an account."""

from __future__ import annotations

import dataclasses

import pytest

from rest_compat.routes import ROUTES
from schema.services import tokens
from tests.admin.world import ADMIN_TOKEN
from tests.admin_users.helpers import API, V1, log_messages

NOT_ADMIN = "User is not an admin or OAuth admin scope is not granted."
MINE = [r for r in ROUTES if r.handler.startswith("admin_users:")]


def sample(path: str) -> str:
    path = path.replace("{nickname}", "bob").replace("{permission_group}", "moderator")
    return "/api/pleroma" + path


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, admin_token=ADMIN_TOKEN)


def test_the_section_has_every_route():
    assert len(MINE) == 23
    assert {r.scopes for r in MINE} == {
        ("read:accounts",), ("write:accounts",), ("write:follows",)
    }
    assert all(r.pleroma and r.graphql for r in MINE)


@pytest.mark.parametrize(
    ("who", "error"),
    [(None, "Invalid credentials."), ("alice", NOT_ADMIN), ("mod", NOT_ADMIN),
     ("root_noscope", NOT_ADMIN)],
)
async def test_refused_without_admin_power(aw, who, error):
    for route in MINE:
        response = await aw.client.request(
            route.method, sample(route.path), headers=aw.headers(who)
        )
        assert (route.path, response.status) == (route.path, 403)
        assert await response.json() == {"error": error}


async def test_nothing_changed_when_refused(aw):
    await aw.call("PATCH", f"{API}/users/deactivate", "mod", expect=403,
                  json={"nicknames": ["bob"]})
    await aw.call("DELETE", f"{API}/users", "alice", expect=403, json={"nicknames": ["bob"]})
    assert (await aw.call("GET", f"{API}/users/bob", "root"))["is_active"] is True
    assert await log_messages() == []


async def _token(aw, scopes: list[str]) -> str:
    issued = await tokens.issue_token(aw.accounts["root"], aw.app, scopes)
    return issued.access_token


async def test_each_route_asks_for_its_admin_scope(aw):
    read = {"Authorization": f"Bearer {await _token(aw, ['admin:read:accounts'])}"}
    write = {"Authorization": f"Bearer {await _token(aw, ['admin:write:accounts'])}"}
    follows = {"Authorization": f"Bearer {await _token(aw, ['admin:write:follows'])}"}
    plain = {"Authorization": f"Bearer {await _token(aw, ['read', 'write', 'follow'])}"}
    follow = {"follower": "eve", "followed": "carol"}

    async def status(method, path, headers, **kw):
        response = await aw.client.request(method, API + path, headers=headers, **kw)
        await response.read()
        return response.status

    assert await status("GET", "/users", read) == 200
    assert await status("GET", "/users/bob/credentials", read) == 200
    assert await status("GET", "/users", write) == 403
    assert await status("GET", "/users", plain) == 403
    assert await status("PATCH", "/users/bob/toggle_activation", read) == 403
    assert await status("POST", "/users/follow", write, json=follow) == 403
    assert await status("POST", "/users/follow", follows, json=follow) == 200
    assert await status("PATCH", "/users/bob/toggle_activation", write) == 200
    assert await status("PATCH", "/users/bob/toggle_activation", follows) == 403


async def test_both_prefixes_answer(aw):
    old = await aw.call("GET", f"{API}/users/bob", "root")
    new = await aw.call("GET", f"{V1}/users/bob", "root")
    assert old == new and old["nickname"] == "bob"


async def test_the_admin_token_acts_without_an_account(aw):
    body = await aw.call("GET", f"{API}/users?admin_token={ADMIN_TOKEN}&query=carol")
    assert [u["nickname"] for u in body["users"]] == ["carol"]
    await aw.call("PATCH", f"{API}/users/carol/toggle_activation?admin_token={ADMIN_TOKEN}")
    assert await log_messages() == ["@admin_token deactivated users: @carol"]
    body = await aw.call("GET", f"{API}/users?admin_token=wrong-{ADMIN_TOKEN}", expect=403)
    assert body == {"error": "Invalid credentials."}
