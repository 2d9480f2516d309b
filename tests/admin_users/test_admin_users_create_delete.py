"""``POST /admin/users`` (all or none, Pleroma's 409 list) and ``DELETE /admin/users``
(the owner's deletion rule, for many accounts in one transaction)."""

from __future__ import annotations

import dataclasses

import pytest

from models.accounts import Account, AccountTag
from models.moderation import ModerationLogEntry
from models.oauth import Token
from models.relationships import Follow
from rest_compat.runtime import EXTRAS
from schema.services.passwords import verify_password
from tests.admin_users.helpers import API, log_messages, status_of


async def test_create_accounts(aw):
    users = [
        {"nickname": "lain", "email": "lain@example.org", "password": "test"},
        {"nickname": "lain2", "email": "lain2@example.org", "password": "test"},
    ]
    body = await aw.call("POST", f"{API}/users", "root", json={"users": users})
    assert body == [
        {"type": "success", "code": 200, "data": {"nickname": n, "email": f"{n}@example.org"}}
        for n in ("lain", "lain2")
    ]
    lain = await Account.get(nickname_lower="lain")
    assert (lain.is_active, lain.is_confirmed, lain.is_approved, lain.local) == (
        True, True, True, True,
    )
    assert verify_password("test", lain.password_hash)
    assert not lain.is_admin
    assert await log_messages() == ["@root created users: @lain, @lain2"]
    entry = await ModerationLogEntry.get()
    assert [s["nickname"] for s in entry.data["subjects"]] == ["lain", "lain2"]


async def test_created_accounts_can_sign_in(aw):
    await aw.call("POST", f"{API}/users", "root", json={"users": [
        {"nickname": "lain", "email": "lain@example.org", "password": "wired-123"}
    ]})
    response = await aw.client.post("/oauth/token", data={
        "grant_type": "password", "username": "lain", "password": "wired-123",
        "client_id": aw.app.client_id, "client_secret": aw.app.client_secret,
    })
    assert response.status == 200, await response.text()


async def test_an_existing_email_is_a_conflict(aw):
    body = await aw.call("POST", f"{API}/users", "root", expect=409, json={"users": [
        {"nickname": "lain", "email": "BOB@example.org", "password": "test"}
    ]})
    assert body == [{"code": 409, "type": "error", "error": "email has already been taken",
                     "data": {"email": "BOB@example.org", "nickname": "lain"}}]


async def test_an_existing_nickname_is_a_conflict(aw):
    body = await aw.call("POST", f"{API}/users", "root", expect=409, json={"users": [
        {"nickname": "Bob", "email": "someuser@plerama.social", "password": "test"}
    ]})
    assert body == [{"code": 409, "type": "error", "error": "nickname has already been taken",
                     "data": {"email": "someuser@plerama.social", "nickname": "Bob"}}]


async def test_a_batch_is_created_all_or_none(aw):
    body = await aw.call("POST", f"{API}/users", "root", expect=409, json={"users": [
        {"nickname": "newuser", "email": "newuser@pleroma.social", "password": "test"},
        {"nickname": "lain", "email": "bob@example.org", "password": "test"},
    ]})
    # Pleroma lists the entries last first; only the one at fault says why
    assert body == [
        {"code": 409, "type": "error", "error": "email has already been taken",
         "data": {"email": "bob@example.org", "nickname": "lain"}},
        {"code": 409, "type": "error", "error": "",
         "data": {"email": "newuser@pleroma.social", "nickname": "newuser"}},
    ]
    assert not await Account.filter(nickname_lower="newuser").exists()
    assert await log_messages() == []


async def test_a_name_twice_in_one_batch_and_bad_fields(aw):
    body = await aw.call("POST", f"{API}/users", "root", expect=409, json={"users": [
        {"nickname": "twin", "email": "a@example.org", "password": "x"},
        {"nickname": "TWIN", "email": "b@example.org", "password": "x"},
        {"nickname": "bad nick", "email": "no-at-sign", "password": ""},
    ]})
    assert [e["error"] for e in body] == [
        "nickname has invalid format", "nickname has already been taken", ""
    ]
    assert await Account.filter(nickname_lower="twin").count() == 0


@pytest.mark.parametrize(
    ("users", "status"),
    [(None, 400), ("lain", 400), ([["lain"]], 400), ([{"nickname": ["x"]}], 400)],
)
async def test_malformed_batches_are_refused(aw, users, status):
    payload = {} if users is None else {"users": users}
    await aw.call("POST", f"{API}/users", "root", expect=status, json=payload)
    assert await log_messages() == []


async def test_missing_fields_are_blank(aw):
    body = await aw.call("POST", f"{API}/users", "root", expect=409,
                         json={"users": [{"nickname": "lain"}]})
    assert body[0]["error"] == "password can't be blank"
    assert body[0]["data"] == {"nickname": "lain", "email": None}


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, account_activation_required=False)


async def _history(aw):
    """bob posts and follows carol; alice follows bob (bob already follows alice)."""
    # the world made bob's follow of alice without its counters
    await Account.filter(id=aw.id("bob")).update(following_count=1)
    await Account.filter(id=aw.id("alice")).update(followers_count=1)
    await aw.post("bob", "a status of bob")
    await aw.call("POST", f"/api/v1/accounts/{aw.id('carol')}/follow", "bob")
    await aw.call("POST", f"/api/v1/accounts/{aw.id('bob')}/follow", "alice")
    bob = await Account.get(id=aw.id("bob"))
    assert (bob.statuses_count, bob.followers_count, bob.following_count) == (1, 1, 2)


async def test_delete_one_with_the_deprecated_nickname(aw):
    await _history(aw)
    await Account.filter(id=aw.id("bob")).update(avatar_url="/media/x.png", bio="Hello world!")
    body = await aw.call("DELETE", f"{API}/users?nickname=bob", "root")
    assert body == "bob"
    await aw.client.app[EXTRAS]["jobs"].join()
    bob = await Account.get(id=aw.id("bob"))
    assert not bob.is_active
    assert (bob.email, bob.password_hash, bob.avatar_url, bob.bio, bob.display_name) == (
        None, None, None, "", "",
    )
    assert (bob.statuses_count, bob.followers_count, bob.following_count) == (0, 0, 0)
    assert not await Follow.filter(account_id=bob.id).exists()
    assert not await Follow.filter(target_id=bob.id).exists()
    alice = await Account.get(id=aw.id("alice"))
    carol = await Account.get(id=aw.id("carol"))
    assert (alice.followers_count, alice.following_count, carol.followers_count) == (0, 0, 0)
    assert not await Token.filter(account_id=bob.id, revoked=False).exists()
    await aw.call("GET", "/api/v1/accounts/verify_credentials", "bob", expect=403)
    assert await log_messages() == ["@root deleted users: @bob"]


async def test_delete_many(aw):
    body = await aw.call("DELETE", f"{API}/users", "root",
                         json={"nicknames": ["carol", "eve"]})
    assert body == ["carol", "eve"]
    assert await Account.filter(is_active=False).count() == 2
    assert await log_messages() == ["@root deleted users: @carol, @eve"]


async def test_an_unknown_nickname_deletes_nobody(aw):
    body = await aw.call("DELETE", f"{API}/users", "root", expect=404,
                         json={"nicknames": ["carol", "ghost"]})
    assert body == {"error": "Not found"}
    assert await Account.filter(is_active=False).count() == 0
    await aw.call("DELETE", f"{API}/users", "root", expect=400)
    assert await log_messages() == []


async def test_a_deleted_admin_keeps_no_power(aw):
    await aw.call("POST", f"{API}/users/permission_group/admin", "root",
                  json={"nicknames": ["mod"]})
    assert await status_of(aw, "PUT", f"{API}/users/tag", "root",
                           json={"nicknames": ["mod"], "tags": ["x"]}) == 204
    await aw.call("DELETE", f"{API}/users", "root", json={"nicknames": ["mod"]})
    mod = await Account.get(id=aw.id("mod"))
    assert (mod.is_admin, mod.is_moderator, mod.is_active, mod.tags) == (False, False, False, [])
    assert not await AccountTag.filter(account_id=mod.id).exists()
    body = await aw.call("GET", f"{API}/users", "mod", expect=403)
    assert body == {"error": "Invalid credentials."}


async def test_a_failed_log_entry_leaves_everyone_as_they_were(aw, monkeypatch):
    from schema.services import moderation_log

    async def broken(*args, **kwargs):
        raise RuntimeError("the log is full")

    monkeypatch.setattr(moderation_log, "record", broken)
    response = await aw.client.delete(f"{API}/users", headers=aw.headers("root"),
                                      json={"nicknames": ["bob", "carol"]})
    assert response.status == 500
    assert await Account.filter(is_active=False).count() == 0
    assert await Follow.filter(account_id=aw.id("bob")).exists()
    assert await Token.filter(account_id=aw.id("bob"), revoked=False).exists()
