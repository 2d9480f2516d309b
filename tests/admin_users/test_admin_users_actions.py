"""Forced follows, activation, approval, tags, permission groups and email confirmation
through the admin API: Pleroma's answers, the side effects, the moderation log."""

from __future__ import annotations

import pytest

from models.accounts import Account, AccountTag
from models.notifications import Notification
from models.relationships import Follow
from schema.services import tokens
from tests.admin_users.helpers import API, V1, log_messages, remote_account, status_of

# --- follows ----------------------------------------------------------------------------


async def test_force_follow_and_unfollow(aw):
    await Account.filter(id=aw.id("carol")).update(locked=True)
    body = await aw.call("POST", f"{API}/users/follow", "root",
                         json={"follower": "eve", "followed": "carol"})
    assert body == "ok"
    row = await Follow.get(account_id=aw.id("eve"), target_id=aw.id("carol"))
    assert row.accepted  # forced: accepted although carol is locked
    eve, carol = await Account.get(id=aw.id("eve")), await Account.get(id=aw.id("carol"))
    assert (eve.following_count, carol.followers_count) == (1, 1)
    note = await Notification.get(account_id=aw.id("carol"))
    assert (note.type, note.actor_id) == ("follow", aw.id("eve"))
    relationship = await aw.call(
        "GET", f"/api/v1/accounts/relationships?id[]={aw.id('carol')}", "eve"
    )
    assert relationship[0]["following"] is True

    body = await aw.call("POST", f"{V1}/users/unfollow", "root",
                         data={"follower": "eve", "followed": "carol"})
    assert body == "ok"
    assert not await Follow.filter(account_id=aw.id("eve"), target_id=aw.id("carol")).exists()
    eve, carol = await Account.get(id=aw.id("eve")), await Account.get(id=aw.id("carol"))
    assert (eve.following_count, carol.followers_count) == (0, 0)
    assert await log_messages() == ["@root made @eve follow @carol",
                                    "@root made @eve unfollow @carol"]


async def test_a_forced_follow_accepts_a_pending_request(aw):
    await Account.filter(id=aw.id("carol")).update(locked=True)
    await aw.call("POST", f"/api/v1/accounts/{aw.id('carol')}/follow", "eve")
    assert not (await Follow.get(account_id=aw.id("eve"), target_id=aw.id("carol"))).accepted
    await aw.call("POST", f"{API}/users/follow", "root",
                  json={"follower": "eve", "followed": "carol"})
    assert (await Follow.get(account_id=aw.id("eve"), target_id=aw.id("carol"))).accepted
    assert (await Account.get(id=aw.id("carol"))).followers_count == 1


@pytest.mark.parametrize(
    ("follower", "followed", "status", "error"),
    [
        ("eve", "ghost", 404, "Not found"),
        ("ghost", "eve", 404, "Not found"),
        (None, "eve", 400, "Missing field: follower."),
        ("eve", "eve", 400, "Can not follow yourself"),
        ("mallory", "alice", 400, "Could not follow user: alice blocked you."),
    ],
)
async def test_refused_follows_change_nothing(aw, follower, followed, status, error):
    body = {k: v for k, v in (("follower", follower), ("followed", followed)) if v}
    answer = await aw.call("POST", f"{API}/users/follow", "root", expect=status, json=body)
    assert answer == {"error": error}
    assert await log_messages() == []
    assert await Follow.all().count() == 1  # the world's own: bob follows alice


# --- activation and approval ------------------------------------------------------------


async def test_deactivate_and_activate(aw):
    body = await aw.call("PATCH", f"{API}/users/deactivate", "root",
                         json={"nicknames": ["bob", "carol"]})
    assert [(u["nickname"], u["deactivated"], u["is_active"]) for u in body["users"]] == [
        ("bob", True, False), ("carol", True, False)
    ]
    # deactivation revoked bob's token
    await aw.call("GET", "/api/v1/accounts/verify_credentials", "bob", expect=403)
    body = await aw.call("PATCH", f"{API}/users/activate", "root",
                         json={"nicknames": ["bob", "carol"]})
    assert [u["deactivated"] for u in body["users"]] == [False, False]
    assert await log_messages() == [
        "@root deactivated users: @bob, @carol", "@root activated users: @bob, @carol"
    ]


async def test_toggle_activation(aw):
    body = await aw.call("PATCH", f"{API}/users/bob/toggle_activation", "root")
    assert (body["nickname"], body["deactivated"]) == ("bob", True)
    body = await aw.call("PATCH", f"{API}/users/bob/toggle_activation", "root")
    assert body["deactivated"] is False
    assert body == await aw.call("GET", f"{API}/users/bob", "root")
    assert await log_messages() == ["@root deactivated users: @bob",
                                    "@root activated users: @bob"]
    await aw.call("PATCH", f"{API}/users/ghost/toggle_activation", "root", expect=404)


async def test_remote_accounts_can_be_deactivated(aw):
    await remote_account("spam", "bad.example")
    body = await aw.call("PATCH", f"{API}/users/deactivate", "root",
                         json={"nicknames": ["spam@bad.example"]})
    assert body["users"][0]["nickname"] == "spam@bad.example"
    assert body["users"][0]["deactivated"] is True


async def test_approve(aw):
    await Account.filter(id__in=[aw.id("bob"), aw.id("carol")]).update(is_approved=False)
    body = await aw.call("PATCH", f"{API}/users/approve", "root",
                         data={"nicknames[]": ["bob", "carol"]})
    assert [u["approval_pending"] for u in body["users"]] == [False, False]
    assert await Account.filter(is_approved=False).count() == 0
    assert await log_messages() == ["@root approved users: @bob, @carol"]


async def test_an_unknown_nickname_changes_nobody(aw):
    await aw.call("PATCH", f"{API}/users/deactivate", "root", expect=404,
                  json={"nicknames": ["bob", "ghost"]})
    assert await Account.filter(is_active=False).count() == 0
    body = await aw.call("PATCH", f"{API}/users/approve", "root", expect=400, json={})
    assert body == {"error": "Missing field: nicknames."}
    too_many = {"nicknames": ["bob"] * 501}
    await aw.call("PATCH", f"{API}/users/activate", "root", expect=400, json=too_many)
    await aw.call("PATCH", f"{API}/users/activate", "root", expect=400,
                  json={"nicknames": [{"x": 1}]})
    assert await log_messages() == []


# --- tags -------------------------------------------------------------------------------


async def _tags(aw, who):
    return (await Account.get(id=aw.id(who))).tags


async def test_tag_and_untag(aw):
    await Account.filter(id=aw.id("carol")).update(tags=["unchanged"])
    await AccountTag.create(account_id=aw.id("carol"), tag="unchanged")
    tag = f"{API}/users/tag?nicknames[]=bob&nicknames[]=eve&tags[]=foo&tags[]=Bar"
    assert await status_of(aw, "PUT", tag, "root") == 204
    assert await _tags(aw, "bob") == ["foo", "bar"]
    assert await _tags(aw, "eve") == ["foo", "bar"]
    assert await _tags(aw, "carol") == ["unchanged"]
    assert await status_of(aw, "PUT", f"{API}/users/tag", "root",
                           json={"nicknames": ["bob", "ghost"], "tags": ["x", "foo"]}) == 204
    assert await _tags(aw, "bob") == ["foo", "bar", "x"]
    rows = await AccountTag.filter(account_id=aw.id("bob")).order_by("id").values_list(
        "tag", flat=True
    )
    assert rows == ["foo", "bar", "x"]

    untag = f"{API}/users/tag?nicknames[]=bob&nicknames[]=eve&tags[]=foo&tags[]=x"
    assert await status_of(aw, "DELETE", untag, "root") == 204
    assert await _tags(aw, "bob") == ["bar"]
    assert await _tags(aw, "eve") == ["bar"]
    assert await AccountTag.filter(account_id=aw.id("bob")).count() == 1
    assert await log_messages() == [
        "@root added tags: foo, bar to users: @bob, @eve",
        "@root added tags: x, foo to users: @bob, @ghost",
        "@root removed tags: foo, x from users: @bob, @eve",
    ]


async def test_tags_show_in_the_mastodon_account_and_the_admin_view(aw):
    await status_of(aw, "PUT", f"{API}/users/tag", "root",
                    json={"nicknames": ["bob"], "tags": ["mrf_tag:media-force-nsfw"]})
    account = await aw.call("GET", f"/api/v1/accounts/{aw.id('bob')}", "alice")
    assert account["pleroma"]["tags"] == ["mrf_tag:media-force-nsfw"]
    assert (await aw.call("GET", f"{API}/users/bob", "root"))["tags"] == [
        "mrf_tag:media-force-nsfw"
    ]


async def test_tagging_needs_tags(aw):
    body = await aw.call("PUT", f"{API}/users/tag", "root", expect=400,
                         json={"nicknames": ["bob"], "tags": [" "]})
    assert body == {"error": "Missing field: tags."}
    await aw.call("PUT", f"{API}/users/tag", "root", expect=400, json={"tags": ["x"]})
    assert await log_messages() == []


# --- permission groups ------------------------------------------------------------------


async def test_permission_group_reads(aw):
    expected = {"is_admin": True, "is_moderator": False}
    for path in ("permission_group", "permission_group/", "permission_group/admin"):
        assert await aw.call("GET", f"{API}/users/root/{path}", "root") == expected
    assert await aw.call("GET", f"{API}/users/mod/permission_group", "root") == {
        "is_admin": False, "is_moderator": True
    }
    body = await aw.call("GET", f"{API}/users/root/permission_group/owner", "root", expect=404)
    assert body == {"error": "No such permission_group"}
    body = await aw.call("GET", f"{API}/users/ghost/permission_group", "root", expect=404)
    assert body == {"error": "Not found"}


async def test_grant_and_revoke_many(aw):
    body = await aw.call("POST", f"{API}/users/permission_group/admin", "root",
                         json={"nicknames": ["bob", "carol"]})
    assert body == {"is_admin": True}
    assert await Account.filter(is_admin=True).count() == 3
    body = await aw.call("DELETE", f"{API}/users/permission_group/admin", "root",
                         json={"nicknames": ["bob", "carol"]})
    assert body == {"is_admin": False}
    body = await aw.call("POST", f"{API}/users/permission_group/moderator", "root",
                         json={"nicknames": ["eve"]})
    assert body == {"is_moderator": True}
    assert await log_messages() == [
        "@root made @bob, @carol admin",
        "@root revoked admin role from @bob, @carol",
        "@root made @eve moderator",
    ]


async def test_grant_and_revoke_one_deprecated(aw):
    assert await aw.call("POST", f"{API}/users/bob/permission_group/admin", "root") == {
        "is_admin": True
    }
    assert await aw.call("DELETE", f"{API}/users/bob/permission_group/admin", "root") == {
        "is_admin": False
    }
    assert await log_messages() == ["@root made @bob admin", "@root revoked admin role from @bob"]


async def test_unknown_groups_and_own_roles(aw):
    for method, path in (("POST", "/users/permission_group/owner"),
                         ("DELETE", "/users/permission_group/owner"),
                         ("POST", "/users/bob/permission_group/owner")):
        body = await aw.call(method, API + path, "root", expect=404, json={"nicknames": ["bob"]})
        assert body == {"error": "No such permission_group"}
    body = await aw.call("DELETE", f"{API}/users/root/permission_group/admin", "root",
                         expect=403)
    assert body == {"error": "You can't revoke your own admin status."}
    body = await aw.call("DELETE", f"{API}/users/permission_group/admin", "root", expect=403,
                         json={"nicknames": ["bob", "root"]})
    assert body == {"error": "You can't revoke your own admin/moderator status."}
    assert (await Account.get(id=aw.id("root"))).is_admin
    assert await log_messages() == []


async def test_a_revoked_admin_loses_the_api_at_once(aw):
    await aw.call("POST", f"{API}/users/permission_group/admin", "root",
                  json={"nicknames": ["alice"]})
    alice = await Account.get(id=aw.id("alice"))
    issued = await tokens.issue_token(alice, aw.app, ["read", "admin"])  # admins get admin
    aw.tokens["new_admin"] = issued.access_token
    await aw.call("GET", f"{API}/users", "new_admin")
    await aw.call("DELETE", f"{API}/users/permission_group/admin", "root",
                  json={"nicknames": ["alice"]})
    await aw.call("GET", f"{API}/users", "new_admin", expect=403)


# --- email confirmation -----------------------------------------------------------------


async def test_confirm_email(aw):
    await Account.filter(id__in=[aw.id("bob"), aw.id("carol")]).update(
        is_confirmed=False, confirmation_token="0" * 64
    )
    body = await aw.call("PATCH", f"{API}/users/confirm_email", "root",
                         json={"nicknames": ["bob", "carol"]})
    assert body == ""
    rows = await Account.filter(id__in=[aw.id("bob"), aw.id("carol")])
    assert [(r.is_confirmed, r.confirmation_token) for r in rows] == [(True, None)] * 2
    assert await log_messages() == ["@root confirmed email for users: @bob, @carol"]
