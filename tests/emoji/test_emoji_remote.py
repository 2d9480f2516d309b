"""Remote emoji packs (reference §18.2, §18.4): the seed's ``list_from`` / ``download_from``,
2.2+'s ``packs/remote`` / ``packs/download`` and ``update_metadata``'s ``fallback-src``,
against a real local server playing the other instance (private fetches allowed for it),
and the private-address guard with the default settings."""

from __future__ import annotations

import dataclasses
import json

import pytest

from app.main import create_app
from rest_compat.runtime import EXTRAS
from schema.services.emoji_pack_remote import NOT_SHARED, NOT_SUPPORTED, SHA_MISMATCH
from tests.emoji.admin import issue_tokens
from tests.emoji.packs import make_shared_packs
from tests.emoji.remote import BLANK, BLOB, SHARED_FILES, sha, start_remote, zip_bytes

PREFIXES = ["/api/pleroma", "/api/v1/pleroma"]
NOT_ADMIN = {"error": "User is not an admin or OAuth admin scope is not granted."}
FALLBACK_MISSING = {
    "error": "The fallback archive does not have all files specified in pack.json"
}


@pytest.fixture
async def open_client(settings, aiohttp_client):
    """The app with ``allow_private_network_fetch`` on (the remote is on 127.0.0.1)."""
    return await aiohttp_client(
        create_app(dataclasses.replace(settings, allow_private_network_fetch=True))
    )


@pytest.fixture
async def who(open_client, policy):
    return await issue_tokens(policy)


@pytest.fixture
async def remote(aiohttp_server):
    return await start_remote(aiohttp_server)


@pytest.fixture
async def old_remote(aiohttp_server):
    return await start_remote(aiohttp_server, shareable=False)


async def call(client, method, path, who=None, expect=200, **kw):
    headers = who.headers("admin") if who else {}
    response = await client.request(method, path, headers=headers, **kw)
    body = await response.read()
    assert response.status == expect, (method, path, response.status, body)
    return json.loads(body)


def leftovers(settings):
    """Entries of the emoji dir, hidden temporary directories included."""
    root = settings.emoji_dir
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def manifest(settings, name):
    return json.loads((settings.emoji_dir / name / "pack.json").read_text())


# --- listing ----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_list_from_returns_the_remote_list(open_client, who, remote, prefix):
    body = await call(open_client, "POST", f"{prefix}/emoji/packs/list_from", who,
                      json={"instance_address": remote.base})
    assert body == remote.packs
    assert remote.hits == ["/.well-known/nodeinfo", "/nodeinfo/2.0.json",
                           "/api/pleroma/emoji/packs"]


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_remote_proxies_the_remote_page(open_client, who, remote, prefix):
    body = await call(open_client, "GET",
                      f"{prefix}/emoji/packs/remote?url={remote.base}&page=2&page_size=2", who)
    assert body == {"packs": {n: remote.packs[n] for n in ["fallback_pack", "lonely_pack"]},
                    "count": 7}
    assert remote.hits[-1] == "/api/pleroma/emoji/packs?page=2&page_size=2"
    await call(open_client, "GET", f"{prefix}/emoji/packs/remote?url={remote.base}", who)
    assert remote.hits[-1] == "/api/pleroma/emoji/packs?page=1&page_size=50"


async def test_listing_an_instance_without_the_feature_is_500(open_client, who, old_remote):
    body = await call(open_client, "POST", "/api/pleroma/emoji/packs/list_from", who,
                      expect=500, json={"instance_address": old_remote.base})
    assert body == {"error": NOT_SUPPORTED}
    body = await call(open_client, "GET",
                      f"/api/pleroma/emoji/packs/remote?url={old_remote.base}", who, expect=500)
    assert body == {"error": NOT_SUPPORTED}
    assert "/api/pleroma/emoji/packs" not in old_remote.hits


async def test_an_address_without_scheme_is_https_and_a_dead_host_is_500(open_client, who):
    body = await call(open_client, "POST", "/api/pleroma/emoji/packs/list_from", who,
                      expect=500, json={"instance_address": "127.0.0.1:9"})
    assert body["error"].startswith("Failed to fetch https://127.0.0.1:9/.well-known/nodeinfo")
    body = await call(open_client, "POST", "/api/pleroma/emoji/packs/list_from", who,
                      expect=400, json={})
    assert body == {"error": "Missing field: instance_address."}


# --- downloading ------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_download_from_a_shared_pack(open_client, who, remote, settings, prefix):
    assert await call(open_client, "POST", f"{prefix}/emoji/packs/download_from", who, json={
        "instance_address": remote.base, "pack_name": "shared_pack", "as": "test_pack2",
    }) == "ok"
    assert "/api/pleroma/emoji/packs/shared_pack/download_shared" in remote.hits
    pack_dir = settings.emoji_dir / "test_pack2"
    assert (pack_dir / "blank.png").read_bytes() == BLANK
    assert (pack_dir / "sub" / "blob.png").read_bytes() == BLOB
    assert sorted(p.name for p in pack_dir.iterdir()) == ["blank.png", "pack.json", "sub"]
    assert not (settings.emoji_dir / "escape.png").exists()
    assert manifest(settings, "test_pack2") == {
        "pack": {"license": "Remote license", "share-files": True,
                 "homepage": "https://remote.example"},
        "files": SHARED_FILES,
    }
    assert leftovers(settings) == ["test_pack2"]
    listed = await call(open_client, "GET", f"{prefix}/emoji/packs")
    assert listed["test_pack2"]["pack"]["can-download"] is True
    emoji = await call(open_client, "GET", f"{prefix}/emoji")
    assert emoji["blob"]["image_url"] == "/emoji/test_pack2/sub/blob.png"
    assert await call(open_client, "DELETE", f"{prefix}/emoji/packs/test_pack2", who) == "ok"
    assert leftovers(settings) == []


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_download_a_shared_pack_2_2(open_client, who, remote, settings, prefix):
    assert await call(open_client, "POST", f"{prefix}/emoji/packs/download", who, json={
        "url": remote.base, "name": "shared_pack",
    }) == "ok"
    assert "/api/pleroma/emoji/pack?name=shared_pack" in remote.hits
    assert "/api/pleroma/emoji/packs/archive?name=shared_pack" in remote.hits
    assert manifest(settings, "shared_pack")["files"] == SHARED_FILES
    assert (settings.emoji_dir / "shared_pack" / "sub" / "blob.png").read_bytes() == BLOB


@pytest.mark.parametrize("route", ["download_from", "download"])
async def test_download_through_the_fallback(open_client, who, remote, settings, route):
    await download(open_client, who, remote, route, "fallback_pack", as_name="fb")
    assert "/fallback.zip" in remote.hits
    assert manifest(settings, "fb") == {
        "pack": {"license": "Fallback license", "share-files": False,
                 "fallback-src": f"{remote.base}/fallback.zip",
                 "fallback-src-sha256": sha(remote.fallback)},
        "files": SHARED_FILES,
    }
    assert (settings.emoji_dir / "fb" / "blank.png").read_bytes() == BLANK


async def download(client, who, remote, route, name, as_name=None, expect=200):
    if route == "download_from":
        data = {"instance_address": remote.base, "pack_name": name}
    else:
        data = {"url": remote.base, "name": name}
    if as_name:
        data["as"] = as_name
    return await call(client, "POST", f"/api/pleroma/emoji/packs/{route}", who,
                      expect=expect, json=data)


@pytest.mark.parametrize("route", ["download_from", "download"])
@pytest.mark.parametrize(("name", "error"), [
    ("bad_sha_pack", SHA_MISMATCH),
    ("lonely_pack", NOT_SHARED),
    ("evil_pack", "The remote pack lists an invalid emoji: 'evil' -> '../../evil.png'"),
    ("short_pack", "The archive does not have all files specified in pack.json "
                   "(missing.png)"),
    ("symlink_pack", "The archive does not have all files specified in pack.json "
                     "(blank.png)"),
    ("no_such_pack", "Pack no_such_pack does not exist"),
])
async def test_failed_downloads_are_500_and_leave_nothing(
    open_client, who, remote, settings, route, name, error
):
    body = await download(open_client, who, remote, route, name, expect=500)
    assert body == {"error": error}
    assert leftovers(settings) == []
    assert not (settings.emoji_dir.parent / "evil.png").exists()


@pytest.mark.parametrize("route", ["download_from", "download"])
async def test_download_from_an_instance_without_the_feature(
    open_client, who, old_remote, settings, route
):
    body = await download(open_client, who, old_remote, route, "shared_pack", expect=500)
    assert body == {"error": NOT_SUPPORTED}
    assert not any("emoji" in hit for hit in old_remote.hits)
    assert leftovers(settings) == []


async def test_download_never_replaces_a_local_pack(open_client, who, remote, settings):
    make_shared_packs(settings.emoji_dir)
    before = (settings.emoji_dir / "test_pack" / "pack.json").read_text()
    body = await download(open_client, who, remote, "download", "shared_pack",
                          as_name="test_pack", expect=409)
    assert body == {"error": 'A pack named "test_pack" already exists'}
    assert (settings.emoji_dir / "test_pack" / "pack.json").read_text() == before
    assert remote.hits == []  # refused before asking the remote anything
    body = await download(open_client, who, remote, "download", "shared_pack",
                          as_name="../up", expect=400)
    assert body == {"error": "Invalid pack name: '../up'"}
    body = await download(open_client, who, remote, "download_from", "", expect=400)
    assert body == {"error": "pack name cannot be empty"}


@pytest.mark.parametrize("route", ["list_from", "download_from", "download"])
@pytest.mark.parametrize("who_name", [None, "user", "admin_no_scope"])
async def test_non_admins_are_refused(open_client, who, remote, route, who_name):
    data = {"instance_address": remote.base, "url": remote.base,
            "pack_name": "shared_pack", "name": "shared_pack"}
    response = await open_client.post(f"/api/pleroma/emoji/packs/{route}",
                                      headers=who.headers(who_name), json=data)
    assert response.status == 403
    if who_name is not None:
        assert (await response.json()) == NOT_ADMIN
    response = await open_client.get(f"/api/v1/pleroma/emoji/packs/remote?url={remote.base}",
                                     headers=who.headers(who_name))
    assert response.status == 403
    assert remote.hits == []


# --- update_metadata with a fallback ----------------------------------------------------


@pytest.mark.parametrize(("method", "path", "key"), [
    ("POST", "/api/pleroma/emoji/packs/test_pack/update_metadata", "new_data"),
    ("PATCH", "/api/v1/pleroma/emoji/pack?name=test_pack", "metadata"),
])
async def test_update_metadata_computes_the_fallback_sha(
    open_client, who, remote, settings, method, path, key
):
    make_shared_packs(settings.emoji_dir)
    remote.fallback = zip_bytes({"blank.png": BLANK})
    new = {"license": "CC0", "fallback-src": f"{remote.base}/fallback.zip",
           "fallback-src-sha256": "given", "share-files": False}
    body = await call(open_client, method, path, who, json={key: new})
    assert body == {**new, "fallback-src-sha256": sha(remote.fallback)}
    assert manifest(settings, "test_pack")["pack"] == body
    hits = len(remote.hits)
    # unchanged fallback-src: kept as given, not fetched again
    again = {**new, "fallback-src-sha256": "kept"}
    assert await call(open_client, method, path, who, json={key: again}) == again
    assert len(remote.hits) == hits


async def test_update_metadata_with_a_fallback_missing_files_is_400(
    open_client, who, remote, settings
):
    make_shared_packs(settings.emoji_dir)
    remote.fallback = zip_bytes({"other.png": BLANK})
    before = manifest(settings, "test_pack")
    body = await call(open_client, "PATCH", "/api/pleroma/emoji/pack?name=test_pack", who,
                      expect=400,
                      json={"metadata": {"fallback-src": f"{remote.base}/fallback.zip"}})
    assert body == FALLBACK_MISSING
    assert manifest(settings, "test_pack") == before


# --- the private-address guard with the default settings -------------------------------


class NoNetwork:
    """A transport that fails the test when it is used at all."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def get(self, url, **kw):
        self.calls.append(url)
        raise AssertionError(f"the network was reached: {url}")


@pytest.fixture
async def guarded(client, policy):
    return client, await issue_tokens(policy)


@pytest.mark.parametrize("address", [
    "http://127.0.0.1", "https://10.1.2.3", "http://169.254.169.254", "http://[::1]:4000",
    "http://[::ffff:127.0.0.1]", "http://0.0.0.0", "http://192.168.0.10", "http://[fe80::1]",
    "http://224.0.0.1", "http://100.64.0.1", "http://[fc00::1]",
])
async def test_private_addresses_are_refused_without_a_connection(guarded, address):
    client, who = guarded
    probe = NoNetwork()
    client.app[EXTRAS]["fetcher"] = probe
    for method, path, data in [
        ("POST", "/api/pleroma/emoji/packs/list_from", {"instance_address": address}),
        ("POST", "/api/pleroma/emoji/packs/download_from",
         {"instance_address": address, "pack_name": "p"}),
        ("POST", "/api/v1/pleroma/emoji/packs/download", {"url": address, "name": "p"}),
    ]:
        body = await call(client, method, path, who, expect=403, json=data)
        assert body["error"].startswith("Refusing to fetch "), body
        assert "is a private or reserved address" in body["error"]
    body = await call(client, "GET", f"/api/pleroma/emoji/packs/remote?url={address}", who,
                      expect=403)
    assert "PLENUM_ALLOW_PRIVATE_NETWORK_FETCH" in body["error"]
    assert probe.calls == []


async def test_the_local_server_is_never_reached_by_default(guarded, remote, settings):
    client, who = guarded
    make_shared_packs(settings.emoji_dir)
    await call(client, "POST", "/api/pleroma/emoji/packs/list_from", who, expect=403,
               json={"instance_address": remote.base})
    await call(client, "POST", "/api/pleroma/emoji/packs/download", who, expect=403,
               json={"url": remote.base.replace("127.0.0.1", "localhost"), "name": "p"})
    body = await call(client, "PATCH", "/api/pleroma/emoji/pack?name=test_pack", who,
                      expect=403,
                      json={"metadata": {"fallback-src": f"{remote.base}/fallback.zip"}})
    assert body["error"].startswith(f"Refusing to fetch {remote.base}/fallback.zip")
    assert "fallback-src" not in manifest(settings, "test_pack")["pack"]
    assert remote.hits == []
    assert leftovers(settings) == ["test_pack", "test_pack_nonshared"]


async def test_only_http_and_https_are_fetched(guarded):
    client, who = guarded
    probe = NoNetwork()
    client.app[EXTRAS]["fetcher"] = probe
    for url, status in [("file:///etc/passwd", 400), ("ftp://example.org", 403),
                        ("https://user:secret@example.org", 403), ("http://", 400)]:
        response = await client.get(f"/api/pleroma/emoji/packs/remote?url={url}",
                                    headers=who.headers("admin"))
        assert response.status == status, url
        assert "secret" not in (await response.json())["error"]
    assert probe.calls == []
