"""Instance information: /api/v1/instance, /api/v2/instance, nodeinfo."""

from __future__ import annotations

import dataclasses

from app.main import create_app
from models.accounts import Account
from schema.services.accounts import create_local_account

V1_FIELDS = {
    "uri", "title", "short_description", "description", "email", "version", "urls", "stats",
    "thumbnail", "languages", "registrations", "approval_required", "invites_enabled",
    "configuration", "contact_account", "rules", "max_toot_chars", "poll_limits",
    "upload_limit", "avatar_upload_limit", "background_upload_limit", "banner_upload_limit",
    "pleroma",
}


async def _seed(policy):
    await create_local_account(policy, nickname="alice", email="a@x.org", password="pw")
    await create_local_account(
        policy, nickname="root", email="r@x.org", password="pw", is_admin=True
    )
    gone = await create_local_account(policy, nickname="gone", email="g@x.org", password="pw")
    gone.is_active = False
    await gone.save()
    await Account.filter(nickname="alice").update(statuses_count=3)
    await Account.filter(nickname="root").update(statuses_count=2)
    remotes = (("bob", "remote.example"), ("carol", "Remote.example"), ("d", "b.example"))
    for nick, domain in remotes:
        await Account.create(
            nickname=nick, nickname_lower=nick, domain=domain.lower(), local=False,
            uri=f"https://{domain}/users/{nick}", url=f"https://{domain}/@{nick}",
            statuses_count=50,
        )


async def test_v1_has_every_field_strict_clients_need(client, policy):
    await _seed(policy)
    for path in ("/api/v1/instance", "/api/v1/instance/"):
        resp = await client.get(path)
        assert resp.status == 200, path
        body = await resp.json()
        assert set(body) >= V1_FIELDS, V1_FIELDS - set(body)
    assert body["uri"] == "https://plenum.example"
    assert body["title"] == "Plenum Test"
    assert body["email"] == "admin@plenum.example"
    assert body["version"].startswith("2.7.2 (compatible; Pleroma 2.7.2; Plenum ")
    assert body["urls"] == {"streaming_api": "wss://plenum.example"}
    # active local accounts only; statuses summed from local counters; distinct remote domains
    assert body["stats"] == {"user_count": 2, "status_count": 5, "domain_count": 2}
    assert body["registrations"] is True
    assert body["approval_required"] is False
    assert body["invites_enabled"] is False
    statuses = body["configuration"]["statuses"]
    assert statuses["max_characters"] == 5000
    assert {"max_media_attachments", "characters_reserved_per_url"} <= set(statuses)
    assert {"supported_mime_types", "image_size_limit"} <= set(
        body["configuration"]["media_attachments"]
    )
    assert body["configuration"]["polls"]["max_options"] == body["poll_limits"]["max_options"]
    assert body["rules"] == []
    assert body["max_toot_chars"] == 5000
    meta = body["pleroma"]["metadata"]
    assert "pleroma_api" in meta["features"] and "mastodon_api" in meta["features"]
    assert {"federation", "fields_limits", "post_formats", "account_activation_required"} <= set(
        meta
    )
    assert "mau" in body["pleroma"]["stats"]


async def test_v1_follows_the_settings(aiohttp_client, settings):
    changed = dataclasses.replace(
        settings, registrations_open=False, invites_required=True,
        account_approval_required=True, max_toot_chars=777, upload_limit=4096,
        instance_description="Small and quiet",
    )
    client = await aiohttp_client(create_app(changed))
    body = await (await client.get("/api/v1/instance")).json()
    assert body["registrations"] is False
    assert body["invites_enabled"] is True
    assert body["approval_required"] is True
    assert body["max_toot_chars"] == 777
    assert body["configuration"]["statuses"]["max_characters"] == 777
    assert body["upload_limit"] == 4096
    assert body["description"] == body["short_description"] == "Small and quiet"
    v2 = await (await client.get("/api/v2/instance")).json()
    assert v2["registrations"] == {"enabled": False, "approval_required": True, "message": None}


async def test_v2_shape(client, policy):
    await _seed(policy)
    resp = await client.get("/api/v2/instance")
    assert resp.status == 200
    body = await resp.json()
    for key in ("domain", "title", "version", "source_url", "description", "usage", "thumbnail",
                "languages", "configuration", "registrations", "contact", "rules", "pleroma"):
        assert key in body, key
    assert body["domain"] == "plenum.example"
    assert body["thumbnail"]["url"].startswith("https://plenum.example/")
    assert body["contact"]["email"] == "admin@plenum.example"
    assert set(body["configuration"]) >= {
        "urls", "accounts", "statuses", "media_attachments", "polls", "translation"
    }
    assert body["configuration"]["urls"]["streaming"] == "wss://plenum.example"
    assert isinstance(body["usage"]["users"]["active_month"], int)


async def test_nodeinfo_discovery_and_documents(client, policy):
    await _seed(policy)
    resp = await client.get("/.well-known/nodeinfo")
    assert resp.status == 200
    links = (await resp.json())["links"]
    assert links == [
        {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
         "href": "https://plenum.example/nodeinfo/2.0.json"},
        {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
         "href": "https://plenum.example/nodeinfo/2.1.json"},
    ]
    for version in ("2.0", "2.1"):
        resp = await client.get(f"/nodeinfo/{version}.json")
        assert resp.status == 200
        assert resp.headers["Content-Type"] == (
            f'application/json; profile="http://nodeinfo.diaspora.software/ns/schema/{version}#"'
        )
        doc = await resp.json()
        assert doc["version"] == version
        assert doc["software"]["name"] == "pleroma"
        assert doc["software"]["version"] == "2.7.2"
        assert ("repository" in doc["software"]) == (version == "2.1")
        assert doc["protocols"] == ["activitypub"]
        assert doc["openRegistrations"] is True
        assert doc["usage"]["users"]["total"] == 2
        assert doc["usage"]["localPosts"] == 5
        meta = doc["metadata"]
        assert meta["nodeName"] == "Plenum Test"
        assert meta["software"]["name"] == "Plenum"
        assert meta["staffAccounts"] == ["https://plenum.example/users/root"]
        for key in ("features", "federation", "accountActivationRequired", "invitesEnabled",
                    "restrictedNicknames", "postFormats"):
            assert key in meta, key


async def test_active_month_counts_recent_logins(client, policy):
    from schema.services.tokens import issue_token

    alice = await create_local_account(policy, nickname="alice", email="a@x.org", password="pw")
    await create_local_account(policy, nickname="idle", email="i@x.org", password="pw")
    await issue_token(alice, None, ["read"])
    body = await (await client.get("/nodeinfo/2.0.json")).json()
    assert body["usage"]["users"]["activeMonth"] == 1
    assert body["usage"]["users"]["activeHalfyear"] == 1
    v1 = await (await client.get("/api/v1/instance")).json()
    assert v1["pleroma"]["stats"]["mau"] == 1


async def test_contact_account_is_the_oldest_admin(client, policy):
    body = await (await client.get("/api/v1/instance")).json()
    assert body["contact_account"] is None
    await _seed(policy)
    body = await (await client.get("/api/v1/instance")).json()
    assert body["contact_account"]["username"] == "root"
    assert "email" not in body["contact_account"]
    v2 = await (await client.get("/api/v2/instance")).json()
    assert v2["contact"]["account"]["id"] == body["contact_account"]["id"]


async def test_status_count_follows_real_posts_and_limits_match_the_rules(client, policy):
    from schema.context import RequestContext
    from schema.services import formatting, statuses
    from schema.viewer import Viewer

    alice = await create_local_account(policy, nickname="alice", email="a@x.org", password="pw")
    ctx = RequestContext(policy=policy, viewer=Viewer(account=alice, scopes=frozenset({"write"})))
    first = await statuses.create_status(ctx, statuses.StatusInput(text="one"))
    await statuses.create_status(ctx, statuses.StatusInput(text="two"))
    body = await (await client.get("/api/v1/instance")).json()
    assert body["stats"]["status_count"] == 2
    await statuses.delete_status(ctx, first.id)
    body = await (await client.get("/api/v1/instance")).json()
    assert body["stats"]["status_count"] == 1
    # what the instance advertises is what the status rules enforce
    limits = body["configuration"]["statuses"]
    assert limits["max_media_attachments"] == statuses.MAX_MEDIA_ATTACHMENTS
    assert body["pleroma"]["metadata"]["post_formats"] == list(formatting.CONTENT_TYPES)
