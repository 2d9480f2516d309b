"""``GET /admin/users`` (search, filters, pages) and ``GET /admin/users/:nickname_or_id``."""

from __future__ import annotations

import pytest

from models.accounts import Account
from tests.admin_users.helpers import API, remote_account, status_of
from tests.querycount import count_queries

EVERYONE = ["alice", "bob", "carol", "eve", "mallory", "mod", "root"]


def nicks(body):
    return [u["nickname"] for u in body["users"]]


async def test_the_first_page_shows_everyone_in_order(aw):
    body = await aw.call("GET", f"{API}/users", "root")
    assert (body["count"], body["page_size"]) == (7, 50)
    assert nicks(body) == EVERYONE
    bob = body["users"][1]
    assert bob == {
        "id": aw.id("bob"),
        "email": "bob@example.org",
        "avatar": "https://plenum.example/images/avi.png",
        "nickname": "bob",
        "display_name": "bob",
        "deactivated": False,
        "is_active": True,
        "local": True,
        "roles": {"admin": False, "moderator": False},
        "tags": [],
        "confirmation_pending": False,
        "is_confirmed": True,
        "approval_pending": False,
        "is_approved": True,
        "url": "https://plenum.example/users/bob",
        "registration_reason": None,
        "actor_type": "Person",
        "created_at": bob["created_at"],
    }
    assert body["users"][-1]["roles"] == {"admin": True, "moderator": False}


async def test_pages(aw):
    first = await aw.call("GET", f"{API}/users?page=1&page_size=3", "root")
    third = await aw.call("GET", f"{API}/users?page=3&page_size=3", "root")
    beyond = await aw.call("GET", f"{API}/users?page=9&page_size=3", "root")
    assert (first["count"], first["page_size"], nicks(first)) == (7, 3, EVERYONE[:3])
    assert nicks(third) == ["root"]
    assert beyond == {"count": 7, "page_size": 3, "users": []}
    capped = await aw.call("GET", f"{API}/users?page_size=100000&page=0", "root")
    assert (capped["page_size"], len(capped["users"])) == (500, 7)
    await aw.call("GET", f"{API}/users?page=x", "root", expect=400)


async def test_search_by_nickname_domain_full_acct_and_display_name(aw):
    await remote_account("nickname", "domain.com", display_name="Far Away")
    await Account.filter(id=aw.id("carol")).update(display_name="Display Name")
    assert nicks(await aw.call("GET", f"{API}/users?query=bo", "root")) == ["bob"]
    assert nicks(await aw.call("GET", f"{API}/users?query=domain.com", "root")) == [
        "nickname@domain.com"
    ]
    body = await aw.call("GET", f"{API}/users?query=nickname@domain.com", "root")
    assert nicks(body) == ["nickname@domain.com"]
    assert body["users"][0]["local"] is False
    assert nicks(await aw.call("GET", f"{API}/users?query=@BOB", "root")) == ["bob"]
    assert nicks(await aw.call("GET", f"{API}/users?query=bob@plenum.example", "root")) == [
        "bob"
    ]
    assert nicks(await aw.call("GET", f"{API}/users?query=display", "root")) == ["carol"]
    assert nicks(await aw.call("GET", f"{API}/users?name=far", "root")) == [
        "nickname@domain.com"
    ]
    # wildcards are plain characters
    assert (await aw.call("GET", f"{API}/users?query=%25", "root"))["count"] == 0
    assert (await aw.call("GET", f"{API}/users?query=_", "root"))["count"] == 0


async def test_search_by_email_is_the_whole_address(aw):
    body = await aw.call("GET", f"{API}/users?email=CAROL@example.org", "root")
    assert nicks(body) == ["carol"]
    assert (await aw.call("GET", f"{API}/users?email=carol", "root"))["count"] == 0


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ("local", EVERYONE),
        ("external", ["far@remote.example"]),
        ("is_admin", ["root"]),
        ("is_moderator", ["mod"]),
        ("deactivated", ["eve"]),
        ("need_approval", ["mallory"]),
        ("unconfirmed", ["carol"]),
        ("active", ["alice", "bob", "carol", "far@remote.example", "mod", "root"]),
        ("deactivated,external", []),
        ("local,is_admin,nonsense", ["root"]),
        ("nonsense", [*EVERYONE[:4], "far@remote.example", *EVERYONE[4:]]),
        ("", [*EVERYONE[:4], "far@remote.example", *EVERYONE[4:]]),
    ],
)
async def test_filters(aw, filters, expected):
    await remote_account("far", "remote.example")
    await Account.filter(id=aw.id("eve")).update(is_active=False)
    await Account.filter(id=aw.id("mallory")).update(is_approved=False)
    await Account.filter(id=aw.id("carol")).update(is_confirmed=False)
    body = await aw.call("GET", f"{API}/users?filters={filters}", "root")
    assert nicks(body) == expected
    assert body["count"] == len(expected)


async def test_tags_and_actor_types(aw):
    tag = f"{API}/users/tag"
    assert await status_of(aw, "PUT", tag, "root", json={"nicknames": ["bob", "eve"],
                                                         "tags": ["first"]}) == 204
    assert await status_of(aw, "PUT", tag, "root", json={"nicknames": ["carol"],
                                                         "tags": ["second"]}) == 204
    await Account.filter(id=aw.id("alice")).update(actor_type="Service")
    await remote_account("relay", "remote.example", actor_type="Application")
    body = await aw.call("GET", f"{API}/users?tags[]=first&tags[]=second", "root")
    assert nicks(body) == ["bob", "carol", "eve"]
    assert body["users"][0]["tags"] == ["first"]
    assert nicks(await aw.call("GET", f"{API}/users?tags[]=FIRST&filters=local", "root")) == [
        "bob", "eve"
    ]
    body = await aw.call("GET", f"{API}/users?actor_types[]=Service", "root")
    assert nicks(body) == ["alice"]
    body = await aw.call(
        "GET", f"{API}/users?actor_types[]=Service&actor_types[]=Application", "root"
    )
    assert nicks(body) == ["alice", "relay@remote.example"]


async def test_a_page_costs_the_same_for_one_and_for_many(aw):
    for i in range(12):
        await remote_account(f"user{i:02}", "many.example")

    async def cost(size: int) -> int:
        with count_queries() as queries:
            body = await aw.call("GET", f"{API}/users?page_size={size}&tags[]=x&query=e", "root")
        assert len(body["users"]) == min(size, body["count"])
        return queries.count

    assert await cost(1) == await cost(15)
    with count_queries() as queries:
        await aw.call("GET", f"{API}/users?page_size=20", "root")
    queries.assert_at_most(4, "the user list")  # token, its account, count, page


async def test_show_by_nickname_or_id(aw):
    by_nick = await aw.call("GET", f"{API}/users/bob", "root")
    by_id = await aw.call("GET", f"{API}/users/{aw.id('bob')}", "root")
    listed = await aw.call("GET", f"{API}/users?query=bob", "root")
    assert by_nick == by_id == listed["users"][0]
    await remote_account("far", "remote.example")
    assert (await aw.call("GET", f"{API}/users/far@remote.example", "root"))["local"] is False


@pytest.mark.parametrize("ref", ["ghost", "000000000000000000", "far@nowhere.example"])
async def test_show_unknown_is_not_found(aw, ref):
    assert await aw.call("GET", f"{API}/users/{ref}", "root", expect=404) == {
        "error": "Not found"
    }
