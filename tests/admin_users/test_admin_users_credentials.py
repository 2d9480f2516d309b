"""``GET`` / ``PATCH /admin/users/:nickname/credentials``: what an admin may see and
change of an account, with the profile rule's checks and Pleroma's answers."""

from __future__ import annotations

import base64

from models.accounts import Account
from models.oauth import Token
from schema.services.passwords import verify_password
from tests.admin_users.helpers import API, log_messages, remote_account

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


async def test_read_credentials(aw):
    await Account.filter(id=aw.id("bob")).update(
        display_name="Bob B.", bio="hi *there*", locked=True, actor_type="Service",
        fields_json=[{"name": "site", "value": "https://bob.example",
                      "value_html": '<a href="https://bob.example">bob.example</a>'}],
    )
    body = await aw.call("GET", f"{API}/users/bob/credentials", "root")
    assert body == {
        "id": aw.id("bob"),
        "nickname": "bob",
        "email": "bob@example.org",
        "name": "Bob B.",
        "bio": "hi *there*",
        "fields": [{"name": "site", "value": '<a href="https://bob.example">bob.example</a>'}],
        "raw_fields": [{"name": "site", "value": "https://bob.example"}],
        "locked": True,
        "is_locked": True,
        "discoverable": False,
        "is_discoverable": False,
        "no_rich_text": False,
        "default_scope": "public",
        "hide_follows": False,
        "hide_followers": False,
        "hide_follows_count": False,
        "hide_followers_count": False,
        "hide_favorites": True,
        "show_role": True,
        "allow_following_move": True,
        "skip_thread_containment": False,
        "pleroma_settings_store": {},
        "actor_type": "Service",
        "avatar": "https://plenum.example/images/avi.png",
        "banner": "https://plenum.example/images/banner.png",
        "background": None,
    }
    by_id = await aw.call("GET", f"{API}/users/{aw.id('bob')}/credentials", "root")
    assert by_id == body
    await remote_account("far", "remote.example")
    assert (await aw.call("GET", f"{API}/users/far@remote.example/credentials", "root"))[
        "email"
    ] is None


async def test_change_password_email_and_name(aw):
    before = await Account.get(id=aw.id("bob"))
    body = await aw.call("PATCH", f"{API}/users/bob/credentials", "root", json={
        "password": "new_password", "email": "new_email@example.com", "name": "new_name",
    })
    assert body == {"status": "success"}
    bob = await Account.get(id=aw.id("bob"))
    assert (bob.email, bob.email_lower, bob.display_name) == (
        "new_email@example.com", "new_email@example.com", "new_name"
    )
    assert bob.password_hash != before.password_hash
    assert verify_password("new_password", bob.password_hash)
    assert bob.password_reset_pending is True
    assert not await Token.filter(account_id=bob.id, revoked=False).exists()
    assert await log_messages() == [
        "@root updated users: @bob", "@root forced password reset for users: @bob"
    ]


async def test_change_profile_fields(aw):
    body = await aw.call("PATCH", f"{API}/users/bob/credentials", "root", json={
        "bio": "I like @alice", "locked": "true", "is_discoverable": True,
        "hide_followers": "1", "default_scope": "unlisted", "actor_type": "Service",
        "fields": [{"name": "a", "value": "b"}], "skip_thread_containment": True,
        "pleroma_settings_store": {"pleroma-fe": {"theme": "dark"}},
        "avatar": "data:image/png;base64," + base64.b64encode(PNG).decode(),
    })
    assert body == {"status": "success"}
    shown = await aw.call("GET", f"{API}/users/bob/credentials", "root")
    assert shown["bio"] == "I like @alice"
    assert (shown["locked"], shown["discoverable"], shown["hide_followers"]) == (
        True, True, True
    )
    assert (shown["default_scope"], shown["actor_type"]) == ("unlisted", "Service")
    assert shown["raw_fields"] == [{"name": "a", "value": "b"}]
    assert shown["skip_thread_containment"] is True
    assert shown["pleroma_settings_store"] == {"pleroma-fe": {"theme": "dark"}}
    assert shown["avatar"].startswith("https://plenum.example/media/")
    account = await aw.call("GET", f"/api/v1/accounts/{aw.id('bob')}", "alice")
    assert "/users/alice" in account["note"]  # the bio went through the profile rule
    assert account["bot"] is True
    bob = await Account.get(id=aw.id("bob"))
    assert bob.password_reset_pending is False  # no password given
    assert await log_messages() == ["@root updated users: @bob"]


async def test_refusals_answer_pleroma_errors(aw):
    path = f"{API}/users/bob/credentials"
    body = await aw.call("PATCH", path, "root", expect=400, json={"actor_type": "Application"})
    assert body == {"errors": {"actor_type": "is invalid"}}
    body = await aw.call("PATCH", path, "root", expect=400,
                         json={"email": "ALICE@example.org", "name": "x" * 500})
    assert body == {"errors": {"email": "has already been taken"}}
    body = await aw.call("PATCH", path, "root", expect=400, json={"email": "nope"})
    assert body == {"errors": {"email": "has invalid format"}}
    body = await aw.call("PATCH", path, "root", expect=400, json={"password": ""})
    assert body == {"errors": {"password": "can't be blank"}}
    body = await aw.call("PATCH", path, "root", expect=400,
                         json={"name": "x" * 500, "default_scope": "everyone"})
    assert set(body["errors"]) == {"name", "default_scope"}
    body = await aw.call("PATCH", f"{API}/users/non-existing/credentials", "root",
                         expect=404, json={"password": "new_password"})
    assert body == {"error": "Not found"}
    await aw.call("PATCH", path, "root", expect=415,
                  data={"avatar": "data:text/plain;base64,aGVsbG8="})
    bob = await Account.get(id=aw.id("bob"))
    assert (bob.email, bob.display_name, bob.actor_type) == ("bob@example.org", "bob", "Person")
    assert await log_messages() == []


async def test_a_remote_account_has_no_credentials_to_set(aw):
    await remote_account("far", "remote.example")
    body = await aw.call("PATCH", f"{API}/users/far@remote.example/credentials", "root",
                         expect=400, json={"email": "far@example.org", "password": "x"})
    assert body == {"errors": {"email": "can't be changed on a remote account",
                               "password": "can't be changed on a remote account"}}
    body = await aw.call("PATCH", f"{API}/users/far@remote.example/credentials", "root",
                         json={"name": "Renamed"})
    assert body == {"status": "success"}
