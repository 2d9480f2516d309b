"""host-meta and WebFinger."""

from __future__ import annotations

from xml.etree import ElementTree

from models.accounts import Account
from schema.services.accounts import create_local_account

XRD = "{http://docs.oasis-open.org/ns/xri/xrd-1.0}"


async def test_host_meta_points_at_webfinger(client):
    resp = await client.get("/.well-known/host-meta")
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("application/xrd+xml")
    root = ElementTree.fromstring(await resp.text())
    link = root.find(f"{XRD}Link")
    assert link.get("rel") == "lrdd"
    assert link.get("template") == "https://plenum.example/.well-known/webfinger?resource={uri}"


async def test_webfinger_finds_local_account_by_acct_uri_and_url(client, policy):
    alice = await create_local_account(policy, nickname="Alice", email="a@x.org", password="pw")
    for resource in ("acct:alice@plenum.example", "Alice@plenum.example", "acct:alice",
                     alice.uri, alice.url):
        resp = await client.get("/.well-known/webfinger", params={"resource": resource})
        assert resp.status == 200, resource
        assert resp.headers["Content-Type"].startswith("application/jrd+json")
        body = await resp.json()
        assert body["subject"] == "acct:Alice@plenum.example"
        assert alice.uri in body["aliases"]
        selfs = [x for x in body["links"] if x["rel"] == "self"]
        assert {"rel": "self", "type": "application/activity+json", "href": alice.uri} in selfs
        profile = [x for x in body["links"] if x["rel"] == "http://webfinger.net/rel/profile-page"]
        assert profile[0]["href"] == alice.url


async def test_webfinger_xml_when_asked(client, policy):
    alice = await create_local_account(policy, nickname="alice", email="a@x.org", password="pw")
    resp = await client.get(
        "/.well-known/webfinger",
        params={"resource": "acct:alice@plenum.example"},
        headers={"Accept": "application/xrd+xml"},
    )
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("application/xrd+xml")
    root = ElementTree.fromstring(await resp.text())
    assert root.find(f"{XRD}Subject").text == "acct:alice@plenum.example"
    hrefs = {link.get("href") for link in root.findall(f"{XRD}Link")}
    assert alice.uri in hrefs


async def test_webfinger_unknown_remote_or_deactivated_is_404(client, policy):
    gone = await create_local_account(policy, nickname="gone", email="g@x.org", password="pw")
    gone.is_active = False
    await gone.save()
    await Account.create(
        nickname="bob", nickname_lower="bob", domain="remote.example", local=False,
        uri="https://remote.example/users/bob", url="https://remote.example/@bob",
    )
    for resource in ("acct:nobody@plenum.example", "acct:bob@remote.example",
                     "https://remote.example/users/bob", "acct:gone@plenum.example",
                     "acct:@plenum.example"):
        resp = await client.get("/.well-known/webfinger", params={"resource": resource})
        assert resp.status == 404, resource
        assert await resp.json() == {"error": "Couldn't find user"}


async def test_webfinger_without_resource_is_400(client):
    resp = await client.get("/.well-known/webfinger")
    assert resp.status == 400
    assert "error" in await resp.json()
