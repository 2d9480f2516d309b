"""Profile editing: REST and GraphQL give the same facts.

``PATCH /api/v1/accounts/update_credentials`` vs ``accountUpdate``, the legacy picture
routes vs ``account*Update``, ``GET``/``PUT`` mascot vs ``mascot``/``mascotUpdate``.
"""

from __future__ import annotations

import json

from tests.graphql.conftest import World, gql, gql_upload
from tests.parity.test_parity import EXAMPLES, assert_account_parity, example, paired
from tests.profile.conftest import auth, me, multipart, png

UPDATE = {
    "display_name": "Alice in Plenum",
    "note": "Editor at https://example.org, friend of @bob #fediverse",
    "locked": True,
    "bot": False,
    "discoverable": True,
    "fields_attributes": [
        {"name": "Website", "value": "https://alice.example"},
        {"name": "Pronouns", "value": "she/her"},
    ],
    "source": {"privacy": "private", "sensitive": True, "language": "en"},
    "hide_followers": True,
    "pleroma_settings_store": {"pleroma-fe": {"theme": "dark"}},
}


def assert_profile_parity(rest: dict, account: dict) -> None:
    assert_account_parity(rest, account)
    assert rest["discoverable"] == account["discoverable"]
    assert rest["pleroma"]["background_image"] == account["backgroundImage"]
    assert rest["pleroma"]["hide_followers"] == account["hideFollowers"]
    assert rest["pleroma"]["hide_followers_count"] == account["hideFollowersCount"]
    assert [{"name": f["name"], "value": f["value"]} for f in rest["fields"]] == [
        {"name": f["name"], "value": f["value"]} for f in account["fields"]
    ]
    assert rest["source"]["fields"] == [
        {"name": f["name"], "value": f["valueSource"]} for f in account["fields"]
    ]
    source = account["source"]
    assert rest["source"]["note"] == source["note"]
    assert rest["source"]["privacy"] == source["privacy"]
    assert rest["source"]["sensitive"] == source["sensitive"]
    assert rest["source"]["language"] == source["language"]
    assert rest["source"]["pleroma"]["actor_type"] == source["actorType"]
    assert rest["source"]["pleroma"]["show_role"] == source["showRole"]
    assert rest["source"]["pleroma"]["no_rich_text"] == source["noRichText"]
    assert rest["pleroma"]["skip_thread_containment"] == source["skipThreadContainment"]
    assert rest["pleroma"]["allow_following_move"] == source["allowFollowingMove"]
    assert rest["pleroma"]["settings_store"] == json.loads(source["settingsStore"])


async def test_update_credentials_matches_account_update(client, world: World):
    assert paired("PATCH", "/api/v1/accounts/update_credentials") == "accountUpdate"
    response = await client.patch(
        "/api/v1/accounts/update_credentials", json=UPDATE, headers=auth(world.alice_token)
    )
    assert response.status == 200
    rest = await response.json()
    variables = json.loads((EXAMPLES / "accountUpdate.json").read_text())
    variables["input"].pop("avatar")
    body = await gql(client, example("accountUpdate"), variables, token=world.alice_token)
    payload = body["data"]["accountUpdate"]
    assert payload["userErrors"] == []
    # the same changes made twice give the same account, by both roads
    assert_profile_parity(rest, payload["account"])
    assert rest == await me(client, world)


async def test_refusals_match(client, world: World):
    too_long = "x" * 101
    response = await client.patch(
        "/api/v1/accounts/update_credentials",
        json={"display_name": too_long},
        headers=auth(world.alice_token),
    )
    rest = await response.json()
    body = await gql(
        client,
        example("accountUpdate"),
        {"input": {"displayName": too_long}},
        token=world.alice_token,
    )
    payload = body["data"]["accountUpdate"]
    assert payload["account"] is None
    assert response.status == 422
    assert [e["message"] for e in payload["userErrors"]] == [
        rest["error"].removeprefix("Validation failed: ")
    ]
    assert payload["userErrors"][0]["code"] == "VALIDATION"


async def test_picture_routes_match_their_mutations(client, world: World):
    for route, param, name, rest_field, gql_field in (
        ("update_avatar", "img", "accountAvatarUpdate", ("avatar",), "avatar"),
        ("update_banner", "banner", "accountBannerUpdate", ("header",), "header"),
        (
            "update_background",
            "img",
            "accountBackgroundUpdate",
            ("pleroma", "background_image"),
            "backgroundImage",
        ),
    ):
        path = f"/api/v1/pleroma/accounts/{route}"
        assert paired("PATCH", path) == name
        response = await client.patch(
            path, data=multipart(**{param: png()}), headers=auth(world.alice_token)
        )
        rest_url = (await response.json())["url"]
        body = await gql_upload(
            client,
            example(name),
            {"input": {"file": None}},
            {"variables.input.file": ("p.png", png(), "image/png")},
            token=world.alice_token,
        )
        payload = body["data"][name]
        assert payload["userErrors"] == []
        # both store a new file and show it the same way
        assert payload["url"] != rest_url
        assert payload["url"].rsplit("/", 1)[0] == rest_url.rsplit("/", 1)[0]
        shown = await me(client, world)
        for key in rest_field:
            shown = shown[key]
        assert shown == payload["url"] == payload["account"][gql_field]
        # resets agree too
        response = await client.patch(path, data={param: ""}, headers=auth(world.alice_token))
        rest_reset = await me(client, world)
        body = await gql(client, example(name), {"input": {"reset": True}}, token=world.alice_token)
        payload = body["data"][name]
        assert (await response.json())["url"] is None and payload["url"] is None
        expected = rest_reset
        for key in rest_field:
            expected = expected[key]
        assert payload["account"][gql_field] == expected


async def test_mascot_matches(client, world: World, policy):
    assert paired("GET", "/api/v1/pleroma/mascot") == "mascot"
    assert paired("PUT", "/api/v1/pleroma/mascot") == "mascotUpdate"
    rest = await (
        await client.get("/api/v1/pleroma/mascot", headers=auth(world.alice_token))
    ).json()
    body = await gql(client, example("mascot"), token=world.alice_token)
    mascot = body["data"]["mascot"]
    assert mascot["restId"] == rest["id"] == "default-mascot"
    assert mascot["url"] == policy.url(rest["url"])
    assert mascot["mimeType"] == rest["pleroma"]["mime_type"]

    body = await gql_upload(
        client,
        example("mascotUpdate"),
        {"input": {"file": None}},
        {"variables.input.file": ("m.png", png(), "image/png")},
        token=world.alice_token,
    )
    uploaded = body["data"]["mascotUpdate"]["mascot"]
    rest = await (
        await client.get("/api/v1/pleroma/mascot", headers=auth(world.alice_token))
    ).json()
    assert rest["id"] == uploaded["restId"] == uploaded["media"]["restId"]
    assert rest["url"] == uploaded["url"] == uploaded["media"]["url"]
    assert rest["type"] == uploaded["media"]["type"].lower() == "image"
    assert rest["pleroma"]["mime_type"] == uploaded["mimeType"] == uploaded["media"]["mimeType"]
    assert rest["description"] == uploaded["media"]["description"]
    body = await gql(client, example("mascot"), token=world.alice_token)
    assert body["data"]["mascot"]["restId"] == rest["id"]
