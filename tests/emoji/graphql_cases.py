"""How ``tests/graphql/test_examples.py`` runs the ``customEmojis`` and emoji pack examples.

``prepare`` writes the packs of ``tests.emoji.packs`` into the app's emoji dir; the
listings read files only, so their SQL budget is zero. The admin mutations run with a
token for alice (an admin in the world) that grants ``admin:write``, issued in
``prepare`` as ``world.emoji_admin_token``; their budget covers the token lookup only.
"""

from __future__ import annotations

from typing import Any

from app.main import SETTINGS
from rest_compat.runtime import EXTRAS
from schema.services import tokens
from tests.emoji.packs import GRAPHQL_EMOJIS, make_packs, make_shared_packs, png


async def prepare_packs(client: Any, world: Any) -> dict[str, Any]:
    make_packs(client.app[SETTINGS].emoji_dir)
    return {}


def check_custom_emojis(data: dict[str, Any], world: Any) -> None:
    assert data["customEmojis"] == GRAPHQL_EMOJIS


def _root(client: Any) -> Any:
    return client.app[SETTINGS].emoji_dir


def _policy(client: Any) -> Any:
    return client.app[SETTINGS].policy()


async def prepare_shared(client: Any, world: Any) -> dict[str, Any]:
    make_shared_packs(_root(client))
    return {}


async def prepare_admin(client: Any, world: Any) -> dict[str, Any]:
    make_shared_packs(_root(client))
    token = await tokens.issue_token(world.accounts["alice"], world.app, ["read", "admin"])
    world.emoji_admin_token = token.access_token
    return {}


async def prepare_import(client: Any, world: Any) -> dict[str, Any]:
    await prepare_admin(client, world)
    (_root(client) / "loose").mkdir()
    (_root(client) / "loose" / "a.png").write_bytes(png())
    return {}


def check_emoji_packs(data: dict[str, Any], world: Any) -> None:
    page = data["emojiPacks"]
    assert page["count"] == 2
    [pack] = page["packs"]
    assert pack["name"] == "test_pack" and pack["license"] == "Test license"
    assert pack["shareFiles"] is True and pack["canDownload"] is True
    assert len(pack["downloadSha256"]) == 64 and pack["downloadSha256"].isupper()
    assert pack["filesCount"] == 1
    assert pack["files"] == [{"shortcode": "blank", "filename": "blank.png"}]


def check_emoji_pack(data: dict[str, Any], world: Any) -> None:
    pack = data["emojiPack"]
    assert pack["name"] == "test_pack" and pack["canDownload"] is True
    assert pack["files"] == [{"shortcode": "blank", "filename": "blank.png"}]
    assert pack["filesCount"] == 1 and pack["description"] is None


def _ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload
    return payload


def check_create(data: dict[str, Any], world: Any) -> None:
    pack = _ok(data["emojiPackCreate"])["pack"]
    assert pack == {"name": "new_pack", "filesCount": 0, "files": []}


def check_delete(data: dict[str, Any], world: Any) -> None:
    assert _ok(data["emojiPackDelete"])["deleted"] is True


def check_update_metadata(data: dict[str, Any], world: Any) -> None:
    pack = _ok(data["emojiPackUpdateMetadata"])["pack"]
    assert pack == {
        "name": "test_pack", "license": "CC0", "homepage": "https://blobs.example",
        "description": "Blank", "shareFiles": False, "canDownload": False,
        "downloadSha256": None,
    }


def check_file_add(data: dict[str, Any], world: Any) -> None:
    pack = _ok(data["emojiPackFileAdd"])["pack"]
    assert pack["files"] == [
        {"shortcode": "blank", "filename": "blank.png"},
        {"shortcode": "blob", "filename": "sub/blob.png"},
    ]
    assert pack["filesCount"] == 2


def check_file_update(data: dict[str, Any], world: Any) -> None:
    pack = _ok(data["emojiPackFileUpdate"])["pack"]
    assert pack["files"] == [{"shortcode": "blank2", "filename": "dir/blank2.png"}]


def check_file_remove(data: dict[str, Any], world: Any) -> None:
    pack = _ok(data["emojiPackFileRemove"])["pack"]
    assert pack == {"name": "test_pack", "filesCount": 0, "files": []}


class ToTestServer:
    """A transport that sends the app's public URL (which nodeinfo links name) to the
    test server's real address, so the app can play the other instance."""

    def __init__(self, inner: Any, public: str, actual: str) -> None:
        self.inner, self.public, self.actual = inner, public.rstrip("/"), actual.rstrip("/")

    async def get(self, url: str, **kw: Any) -> Any:
        if url.startswith(self.public + "/"):
            url = self.actual + url[len(self.public):]
        return await self.inner.get(url, **kw)


async def prepare_remote(client: Any, world: Any) -> dict[str, Any]:
    """The app itself plays the other instance (private fetches are allowed here)."""
    await prepare_admin(client, world)
    base = str(client.make_url("/"))
    extras = client.app[EXTRAS]
    extras["fetcher"] = ToTestServer(
        extras["fetcher"], client.app[SETTINGS].public_url, base
    )
    return {"url": base}


async def prepare_download(client: Any, world: Any) -> dict[str, Any]:
    url = (await prepare_remote(client, world))["url"]
    return {"input": {"url": url, "name": "test_pack", "as": "test_pack_copy"}}


def check_remote(data: dict[str, Any], world: Any) -> None:
    page = data["emojiPacksRemote"]
    assert page["count"] == 2
    assert [p["name"] for p in page["packs"]] == ["test_pack", "test_pack_nonshared"]
    shared, other = page["packs"]
    assert shared["canDownload"] is True and len(shared["downloadSha256"]) == 64
    assert shared["files"] == [{"shortcode": "blank", "filename": "blank.png"}]
    assert other["canDownload"] is False and other["downloadSha256"] is None


def check_download(data: dict[str, Any], world: Any) -> None:
    pack = _ok(data["emojiPackDownload"])["pack"]
    assert pack == {
        "name": "test_pack_copy", "license": "Test license", "shareFiles": True,
        "canDownload": True, "files": [{"shortcode": "blank", "filename": "blank.png"}],
    }


def check_import(data: dict[str, Any], world: Any) -> None:
    assert _ok(data["emojiPacksImport"])["imported"] == ["loose"]


def add_files() -> dict[str, tuple[str, bytes, str]]:
    return {"variables.input.file": ("blob.png", png(), "image/png")}


ADMIN = "emoji_admin_token"
#: The remote examples fetch from the test server itself, on 127.0.0.1. Their budget of 7
#: is the token lookup (2) plus the "other instance"'s nodeinfo counts (5): the app serves
#: both sides here; the remote operations themselves run no SQL.
PRIVATE_FETCH = {"allow_private_network_fetch": True}

CASES: dict[str, dict[str, Any]] = {
    "customEmojis": {"check": check_custom_emojis, "budget": 0, "prepare": prepare_packs},
    "emojiPacks": {"check": check_emoji_packs, "budget": 0, "prepare": prepare_shared},
    "emojiPack": {"check": check_emoji_pack, "budget": 0, "prepare": prepare_shared},
    "emojiPackCreate": {"check": check_create, "budget": 2, "prepare": prepare_admin,
                        "token": ADMIN},
    "emojiPackDelete": {"check": check_delete, "budget": 2, "prepare": prepare_admin,
                        "token": ADMIN},
    "emojiPackUpdateMetadata": {"check": check_update_metadata, "budget": 2,
                                "prepare": prepare_admin, "token": ADMIN},
    "emojiPackFileAdd": {"check": check_file_add, "budget": 2, "prepare": prepare_admin,
                         "token": ADMIN, "files": add_files},
    "emojiPackFileUpdate": {"check": check_file_update, "budget": 2, "prepare": prepare_admin,
                            "token": ADMIN},
    "emojiPackFileRemove": {"check": check_file_remove, "budget": 2, "prepare": prepare_admin,
                            "token": ADMIN},
    "emojiPacksRemote": {"check": check_remote, "budget": 7, "prepare": prepare_remote,
                         "token": ADMIN, "settings": PRIVATE_FETCH},
    "emojiPackDownload": {"check": check_download, "budget": 7, "prepare": prepare_download,
                          "token": ADMIN, "settings": PRIVATE_FETCH},
    "emojiPacksImport": {"check": check_import, "budget": 2, "prepare": prepare_import,
                         "token": ADMIN},
}
