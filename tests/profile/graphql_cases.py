"""How ``tests/graphql/test_examples.py`` runs the profile examples: files and checks.

Kept here (no import of the example runner) so the runner only lists them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.media.conftest import image_bytes

PNG_URL = r"https://plenum\.example/media/\d{4}/\d{2}/[\w-]+\.png"


def _png(path: str, size=(40, 20)):
    return lambda: {path: ("../../me.png", image_bytes("PNG", size=size), "image/png")}


def check_account_update(data: dict[str, Any], world: Any) -> None:
    payload = data["accountUpdate"]
    assert payload["userErrors"] == []
    account = payload["account"]
    assert account["restId"] == world.accounts["alice"].id
    assert account["displayName"] == "Alice in Plenum"
    assert '<a href="https://example.org" rel="ugc">https://example.org</a>' in account["note"]
    assert 'class="u-url mention"' in account["note"] and ">bob</span>" in account["note"]
    assert 'class="hashtag"' in account["note"]
    assert (account["locked"], account["bot"], account["discoverable"]) == (True, False, True)
    assert re.fullmatch(PNG_URL, account["avatar"]), account["avatar"]
    assert account["header"] == "https://plenum.example/images/banner.png"
    assert account["backgroundImage"] is None
    assert account["fields"][0]["name"] == "Website"
    assert account["fields"][0]["valueSource"] == "https://alice.example"
    assert 'href="https://alice.example"' in account["fields"][0]["value"]
    assert account["fields"][1] == {
        "name": "Pronouns",
        "value": "she/her",
        "valueSource": "she/her",
    }
    assert (account["hideFollowers"], account["hideFollowersCount"]) == (True, False)
    source = account["source"]
    assert source["note"] == "Editor at https://example.org, friend of @bob #fediverse"
    assert (source["privacy"], source["sensitive"], source["language"]) == ("private", True, "en")
    assert (source["actorType"], source["showRole"], source["noRichText"]) == (
        "Person",
        True,
        False,
    )
    assert json.loads(source["settingsStore"]) == {"pleroma-fe": {"theme": "dark"}}


def _check_image(name: str, field: str):
    def check(data: dict[str, Any], world: Any) -> None:
        payload = data[name]
        assert payload["userErrors"] == []
        assert re.fullmatch(PNG_URL, payload["url"]), payload["url"]
        assert payload["account"][field] == payload["url"]

    return check


def check_mascot(data: dict[str, Any], world: Any) -> None:
    assert data["mascot"] == {
        "restId": "default-mascot",
        "isDefault": True,
        "url": "https://plenum.example/images/pleroma-fox-tan-smol.png",
        "mimeType": "image/png",
        "media": None,
    }


def check_mascot_update(data: dict[str, Any], world: Any) -> None:
    payload = data["mascotUpdate"]
    assert payload["userErrors"] == []
    mascot = payload["mascot"]
    assert mascot["isDefault"] is False
    assert mascot["mimeType"] == "image/png"
    assert re.fullmatch(PNG_URL, mascot["url"])
    assert mascot["media"]["restId"] == mascot["restId"]
    assert mascot["media"]["url"] == mascot["url"]
    assert (mascot["media"]["type"], mascot["media"]["description"]) == ("IMAGE", "")


CASES: dict[str, dict[str, Any]] = {
    "accountUpdate": {
        "check": check_account_update,
        "budget": 4,
        "token": "alice_token",
        "files": _png("variables.input.avatar"),
    },
    "accountAvatarUpdate": {
        "check": _check_image("accountAvatarUpdate", "avatar"),
        "budget": 3,
        "token": "alice_token",
        "files": _png("variables.input.file"),
    },
    "accountBannerUpdate": {
        "check": _check_image("accountBannerUpdate", "header"),
        "budget": 3,
        "token": "alice_token",
        "files": _png("variables.input.file", size=(90, 30)),
    },
    "accountBackgroundUpdate": {
        "check": _check_image("accountBackgroundUpdate", "backgroundImage"),
        "budget": 3,
        "token": "alice_token",
        "files": _png("variables.input.file", size=(120, 80)),
    },
    "mascot": {"check": check_mascot, "budget": 1, "token": "alice_token"},
    "mascotUpdate": {
        "check": check_mascot_update,
        "budget": 4,
        "token": "alice_token",
        "files": _png("variables.input.file"),
    },
}
