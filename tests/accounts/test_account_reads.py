"""verify_credentials, show and lookup: shapes, visibility and what never leaks."""

from __future__ import annotations

import orjson
import pytest_asyncio

from models.accounts import Account
from schema.services.accounts import create_local_account
from tests.accounts.conftest import bearer, user_token

MASTODON_KEYS = {
    "id", "username", "acct", "fqn", "display_name", "locked", "bot", "discoverable", "group",
    "created_at", "note", "url", "uri", "avatar", "avatar_static", "header", "header_static",
    "emojis", "fields", "followers_count", "following_count", "statuses_count",
    "last_status_at", "pleroma",
}
PLEROMA_PUBLIC_KEYS = {
    "ap_id", "also_known_as", "background_image", "confirmation_pending", "approval_pending",
    "tags", "hide_followers", "hide_follows", "hide_followers_count", "hide_follows_count",
    "hide_favorites", "relationship", "skip_thread_containment", "accepts_chat_messages",
    "favicon", "is_admin", "is_moderator",
}
OWNER_PLEROMA_KEYS = {
    "notification_settings", "allow_following_move", "unread_conversation_count",
    "unread_notifications_count",
}


@pytest_asyncio.fixture
async def world(client, policy):
    """alice (with a bio and hidden follower count), bob, and root (an admin)."""
    alice = await create_local_account(
        policy, nickname="alice", email="alice@example.org", password="pw-alice",
        display_name="Alice", bio="hello <b>", bio_html="hello &lt;b&gt;",
    )
    alice.followers_count = 7
    alice.following_count = 3
    alice.hide_followers_count = True
    alice.fields_json = [{"name": "site", "value": "https://alice.example"}]
    await alice.save()
    bob = await create_local_account(
        policy, nickname="bob", email="bob@example.org", password="pw-bob"
    )
    root = await create_local_account(
        policy, nickname="root", email="root@example.org", password="pw-root", is_admin=True
    )
    return alice, bob, root


def assert_no_secrets(body) -> None:
    text = orjson.dumps(body).decode()
    for secret in ("@example.org", "password", "argon2", "private_key", "confirmation_token"):
        assert secret not in text, secret


async def test_verify_credentials_is_the_owner_view(client, world):
    alice, _, _ = world
    resp = await client.get(
        "/api/v1/accounts/verify_credentials", headers=bearer(await user_token(alice))
    )
    assert resp.status == 200
    body = await resp.json()
    assert set(body) == MASTODON_KEYS | {"source", "follow_requests_count"}
    # verify_credentials also carries Pleroma-FE's settings store (with_pleroma_settings)
    assert set(body["pleroma"]) == PLEROMA_PUBLIC_KEYS | OWNER_PLEROMA_KEYS | {"settings_store"}
    assert body["pleroma"]["settings_store"] == {}
    assert body["id"] == alice.id
    assert body["username"] == body["acct"] == "alice"
    assert body["fqn"] == "alice@plenum.example"
    assert body["display_name"] == "Alice"
    assert body["note"] == "hello &lt;b&gt;"
    assert body["url"] == body["uri"] == body["pleroma"]["ap_id"]
    assert body["avatar"] == body["avatar_static"] == "https://plenum.example/images/avi.png"
    assert body["header"] == "https://plenum.example/images/banner.png"
    assert body["created_at"].endswith("Z") and len(body["created_at"]) == 24
    assert body["followers_count"] == 7  # hidden from others, not from the owner
    assert body["following_count"] == 3
    assert body["group"] is False and body["bot"] is False and body["emojis"] == []
    assert body["fields"] == [
        {"name": "site", "value": "https://alice.example", "verified_at": None}
    ]
    assert body["source"] == {
        "note": "hello <b>",
        "sensitive": False,
        "fields": [{"name": "site", "value": "https://alice.example"}],
        "privacy": "public",
        "language": None,
        "follow_requests_count": 0,
        "pleroma": {
            "discoverable": False, "actor_type": "Person", "show_role": True,
            "no_rich_text": False,
        },
    }
    assert body["pleroma"]["notification_settings"] == {
        "block_from_strangers": False, "hide_notification_contents": False,
    }
    assert "deactivated" not in body["pleroma"]
    assert_no_secrets(body)


async def test_verify_credentials_needs_a_user(client, world):
    resp = await client.get("/api/v1/accounts/verify_credentials")
    assert resp.status == 403
    assert await resp.json() == {"error": "Invalid credentials."}


async def test_show_by_id_and_nickname_for_another_viewer(client, world):
    alice, bob, _ = world
    token = await user_token(bob)
    for ref in (alice.id, "alice", "ALICE"):
        resp = await client.get(f"/api/v1/accounts/{ref}", headers=bearer(token))
        assert resp.status == 200, ref
        body = await resp.json()
        assert set(body) == MASTODON_KEYS
        assert set(body["pleroma"]) == PLEROMA_PUBLIC_KEYS
        assert body["id"] == alice.id
        assert body["followers_count"] == 0  # hidden by alice
        assert body["following_count"] == 3
        assert_no_secrets(body)


async def test_show_anonymous_and_unknown(client, world):
    resp = await client.get("/api/v1/accounts/bob")
    assert resp.status == 200
    for ref in ("nobody", "000000000000000000", "bob@elsewhere.example"):
        resp = await client.get(f"/api/v1/accounts/{ref}")
        assert resp.status == 404, ref
        assert await resp.json() == {"error": "Can't find user"}


async def test_deactivated_accounts_are_hidden_except_from_admins(client, world):
    _, bob, root = world
    await Account.filter(id=bob.id).update(is_active=False)
    resp = await client.get(f"/api/v1/accounts/{bob.id}")
    assert resp.status == 404
    resp = await client.get("/api/v1/accounts/lookup?acct=bob")
    assert resp.status == 404
    resp = await client.get(f"/api/v1/accounts/{bob.id}", headers=bearer(await user_token(root)))
    assert resp.status == 200
    body = await resp.json()
    assert body["pleroma"]["deactivated"] is True


async def test_show_role_false_hides_roles_from_others(client, world):
    _, _, root = world
    await Account.filter(id=root.id).update(show_role=False)
    body = await (await client.get("/api/v1/accounts/root")).json()
    assert "is_admin" not in body["pleroma"] and "is_moderator" not in body["pleroma"]
    resp = await client.get(
        "/api/v1/accounts/verify_credentials", headers=bearer(await user_token(root))
    )
    assert (await resp.json())["pleroma"]["is_admin"] is True


async def test_lookup(client, world):
    alice, _, _ = world
    for acct in ("alice", "@alice", "alice@plenum.example", "Alice"):
        resp = await client.get("/api/v1/accounts/lookup", params={"acct": acct})
        assert resp.status == 200, acct
        assert (await resp.json())["id"] == alice.id
    resp = await client.get("/api/v1/accounts/lookup", params={"acct": "nobody"})
    assert resp.status == 404
    assert await resp.json() == {"error": "Can't find user"}
    resp = await client.get("/api/v1/accounts/lookup")
    assert resp.status == 400
    assert await resp.json() == {
        "error": "Missing field: acct.",
        "errors": [{"message": "Missing field: acct", "source": {"pointer": "/acct"},
                    "title": "Invalid value"}],
    }
