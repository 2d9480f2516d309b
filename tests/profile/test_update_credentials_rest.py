"""``PATCH /api/v1/accounts/update_credentials``: every field, all-or-nothing, scopes."""

from __future__ import annotations

import io
import re

from PIL import Image

from tests.media.conftest import GPS_SECRET, MP3, TEXT
from tests.profile.conftest import (
    auth,
    data_uri,
    me,
    multipart,
    png,
    stored_files,
    token,
    truncated_png,
)

PATH = "/api/v1/accounts/update_credentials"
MEDIA_PNG = r"https://plenum\.example/media/\d{4}/\d{2}/[\w-]+\.png"


async def patch(client, tok, **kw):
    return await client.patch(PATH, headers=auth(tok), **kw)


async def test_form_update_answers_the_own_account_as_verify_credentials(client, world):
    response = await patch(
        client,
        world.alice_token,
        data={
            "display_name": "Alice <b>Liddell</b>",
            "note": "Down the rabbit hole with @bob\nsee https://wonder.example #tea",
            "locked": "true",
            "bot": "1",
            "discoverable": "true",
            "fields_attributes[0][name]": "Home",
            "fields_attributes[0][value]": "https://wonder.example",
            "fields_attributes[1][name]": "Mood",
            "fields_attributes[1][value]": "curious",
            "source[privacy]": "unlisted",
            "source[sensitive]": "true",
            "source[language]": "en",
        },
    )
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body == await me(client, world)
    assert body["display_name"] == "Alice <b>Liddell</b>"
    bob = world.accounts["bob"]
    assert body["note"] == (
        'Down the rabbit hole with <span class="h-card"><a class="u-url mention" '
        f'data-user="{bob.id}" href="https://plenum.example/users/bob" rel="ugc">@<span>bob'
        '</span></a></span><br>see <a href="https://wonder.example" rel="ugc">'
        'https://wonder.example</a> <a class="hashtag" data-tag="tea" '
        'href="https://plenum.example/tag/tea" rel="tag ugc">#tea</a>'
    )
    assert body["source"]["note"] == (
        "Down the rabbit hole with @bob\nsee https://wonder.example #tea"
    )
    assert (body["locked"], body["bot"], body["discoverable"]) == (True, True, True)
    assert body["source"]["pleroma"]["actor_type"] == "Service"
    assert body["fields"] == [
        {
            "name": "Home",
            "value": '<a href="https://wonder.example" rel="ugc">https://wonder.example</a>',
            "verified_at": None,
        },
        {"name": "Mood", "value": "curious", "verified_at": None},
    ]
    assert body["source"]["fields"] == [
        {"name": "Home", "value": "https://wonder.example"},
        {"name": "Mood", "value": "curious"},
    ]
    assert body["source"]["privacy"] == "unlisted"
    assert (body["source"]["sensitive"], body["source"]["language"]) == (True, "en")
    # and others see the new profile
    other = await client.get(f"/api/v1/accounts/{body['id']}")
    public = await other.json()
    assert (public["display_name"], public["note"], public["locked"]) == (
        body["display_name"],
        body["note"],
        True,
    )
    assert "source" not in public


async def test_json_body_with_pleroma_options_and_settings_store(client, world):
    response = await patch(
        client,
        world.alice_token,
        json={
            "note": "",
            "fields_attributes": [{"name": "A", "value": "1"}, {"name": "", "value": ""}],
            "source": {"privacy": "private", "sensitive": False},
            "hide_followers": True,
            "hide_follows": True,
            "hide_followers_count": True,
            "hide_follows_count": True,
            "hide_favorites": False,
            "show_role": False,
            "no_rich_text": True,
            "default_scope": "direct",
            "actor_type": "Service",
            "skip_thread_containment": True,
            "allow_following_move": False,
            "pleroma_settings_store": {"pleroma-fe": {"theme": "dark"}},
        },
    )
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body == await me(client, world)
    assert (body["note"], body["source"]["note"]) == ("", "")
    # an entry with a blank name and value removes that field
    assert body["source"]["fields"] == [{"name": "A", "value": "1"}]
    # source[privacy] wins over default_scope when both are sent
    assert body["source"]["privacy"] == "private"
    pleroma = body["pleroma"]
    assert (pleroma["hide_followers"], pleroma["hide_follows"]) == (True, True)
    assert (pleroma["hide_followers_count"], pleroma["hide_follows_count"]) == (True, True)
    assert pleroma["hide_favorites"] is False
    assert pleroma["skip_thread_containment"] is True
    assert pleroma["allow_following_move"] is False
    assert pleroma["settings_store"] == {"pleroma-fe": {"theme": "dark"}}
    assert body["source"]["pleroma"] == {
        "discoverable": False,
        "actor_type": "Service",
        "show_role": False,
        "no_rich_text": True,
    }
    assert body["bot"] is True
    # the owner still sees her counts; others see zeros and no role
    assert body["followers_count"] == 2
    public = await (await client.get(f"/api/v1/accounts/{body['id']}")).json()
    assert (public["followers_count"], public["following_count"]) == (0, 0)
    assert "is_admin" not in public["pleroma"]
    # the settings store is merged per frontend key; default_scope alone sets privacy
    response = await patch(
        client,
        world.alice_token,
        json={"pleroma_settings_store": {"soapbox": {"x": 1}}, "default_scope": "direct"},
    )
    body = await response.json()
    assert body["pleroma"]["settings_store"] == {
        "pleroma-fe": {"theme": "dark"},
        "soapbox": {"x": 1},
    }
    assert body["source"]["privacy"] == "direct"


async def test_fields_as_json_object_and_clearing_them(client, world):
    response = await patch(
        client,
        world.alice_token,
        json={"fields_attributes": {"1": {"name": "B", "value": "2"}, "0": {"name": "A"}}},
    )
    body = await response.json()
    assert body["source"]["fields"] == [{"name": "A", "value": ""}, {"name": "B", "value": "2"}]
    response = await patch(client, world.alice_token, json={"fields_attributes": []})
    assert (await response.json())["fields"] == []


async def test_untouched_fields_stay(client, world):
    before = await me(client, world)
    response = await patch(client, world.alice_token, data={"locked": "false"})
    after = await response.json()
    assert after == before


async def test_pictures_are_stored_cleaned_served_and_reset(client, world, settings):
    response = await patch(
        client,
        world.alice_token,
        data=multipart(avatar=png(), header=png((90, 30)), pleroma_background_image=png((120, 80))),
    )
    assert response.status == 200, await response.text()
    body = await response.json()
    assert re.fullmatch(MEDIA_PNG, body["avatar"]) and body["avatar_static"] == body["avatar"]
    assert re.fullmatch(MEDIA_PNG, body["header"]) and body["header_static"] == body["header"]
    assert re.fullmatch(MEDIA_PNG, body["pleroma"]["background_image"])
    assert len({body["avatar"], body["header"], body["pleroma"]["background_image"]}) == 3
    assert len(stored_files(settings)) == 3
    served = await client.get(body["avatar"].removeprefix("https://plenum.example"))
    assert (served.status, served.headers["Content-Type"]) == (200, "image/png")
    data = await served.read()
    assert GPS_SECRET not in data
    assert Image.open(io.BytesIO(data)).size == (40, 20)
    assert body == await me(client, world)

    # a new avatar replaces the old file
    response = await patch(client, world.alice_token, data=multipart(avatar=png()))
    again = await response.json()
    assert again["avatar"] != body["avatar"]
    old = await client.get(body["avatar"].removeprefix("https://plenum.example"))
    assert old.status == 404
    assert len(stored_files(settings)) == 3

    # an empty string puts the default back (and removes the file)
    response = await patch(
        client, world.alice_token, data={"avatar": "", "header": "", "pleroma_background_image": ""}
    )
    reset = await response.json()
    assert reset["avatar"] == "https://plenum.example/images/avi.png"
    assert reset["header"] == "https://plenum.example/images/banner.png"
    assert reset["pleroma"]["background_image"] is None
    assert stored_files(settings) == []


async def test_picture_as_data_uri_in_json(client, world):
    response = await patch(client, world.alice_token, json={"avatar": data_uri(png())})
    assert response.status == 200, await response.text()
    assert re.fullmatch(MEDIA_PNG, (await response.json())["avatar"])


async def test_scopes(client, world):
    read_only = await token(world, "alice", ["read", "write:statuses", "follow"])
    response = await patch(client, read_only, data={"display_name": "x"})
    assert (response.status, await response.json()) == (
        403,
        {"error": "Insufficient permissions: write:accounts."},
    )
    response = await client.patch(PATH, data={"display_name": "x"})
    assert (response.status, await response.json()) == (403, {"error": "Invalid credentials."})
    narrow = await token(world, "alice", ["write:accounts"])
    response = await patch(client, narrow, data={"display_name": "narrow"})
    assert response.status == 200
    assert (await me(client, world))["display_name"] == "narrow"


async def test_bad_pictures_change_nothing(client, world, settings):
    before = await me(client, world)
    too_large = b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * 1024 * 1024)
    cases = [
        (
            {"avatar": (TEXT, "a.png", "image/png")},
            415,
            "Avatar must be an image (JPEG, PNG, GIF or WebP)",
        ),
        (
            {"header": (MP3, "h.mp3", "audio/mpeg")},
            415,
            "Header must be an image (JPEG, PNG, GIF or WebP)",
        ),
        (
            {"avatar": (truncated_png(), "t.png", "image/png")},
            422,
            "The image could not be read (corrupt or truncated file)",
        ),
        ({"avatar": (too_large, "big.png", "image/png")}, 413, "File is too large"),
    ]
    for parts, status, message in cases:
        # a good display name and a good header ride along: none of it may be saved
        form = multipart(display_name="Changed", pleroma_background_image=png(), **parts)
        response = await patch(client, world.alice_token, data=form)
        assert (response.status, await response.json()) == (status, {"error": message}), parts
        assert await me(client, world) == before
        assert stored_files(settings) == []
    response = await patch(client, world.alice_token, json={"avatar": "not a file"})
    assert response.status == 400
    response = await patch(client, world.alice_token, json={"avatar": "data:image/png,abc"})
    assert response.status == 400
    assert await me(client, world) == before


async def test_text_limits_and_bad_values_change_nothing(client, world, policy):
    before = await me(client, world)
    max_fields = policy.max_profile_fields
    too_many = {
        f"fields_attributes[{i}][{part}]": f"{part}{i}"
        for i in range(max_fields + 1)
        for part in ("name", "value")
    }
    cases = [
        (too_many, f"Validation failed: Too many profile fields (maximum is {max_fields})"),
        (
            {
                "fields_attributes[0][name]": "n" * (policy.profile_field_name_length + 1),
                "fields_attributes[0][value]": "v",
            },
            "Validation failed: Profile field name is too long (maximum is "
            f"{policy.profile_field_name_length} characters)",
        ),
        (
            {
                "fields_attributes[0][name]": "n",
                "fields_attributes[0][value]": "v" * (policy.profile_field_value_length + 1),
            },
            "Validation failed: Profile field value is too long (maximum is "
            f"{policy.profile_field_value_length} characters)",
        ),
        (
            {"note": "x" * (policy.user_bio_length + 1)},
            f"Validation failed: Note is too long (maximum is {policy.user_bio_length} characters)",
        ),
        (
            {"display_name": "x" * (policy.user_name_length + 1)},
            "Validation failed: Display name is too long (maximum is "
            f"{policy.user_name_length} characters)",
        ),
        (
            {"source[privacy]": "friends"},
            "Validation failed: Privacy is not one of public, unlisted, local, private, direct",
        ),
        (
            {"actor_type": "Application"},
            "Validation failed: Actor type is not one of Person, Service",
        ),
        (
            {"source[language]": "english please"},
            "Validation failed: Language is not a language code (such as en or pt-BR)",
        ),
    ]
    for data, message in cases:
        response = await patch(
            client, world.alice_token, data={"locked": "true", "avatar": "", **data}
        )
        assert (response.status, await response.json()) == (422, {"error": message}), message
        assert await me(client, world) == before
    # exactly at the limits is fine
    at_limit = {
        f"fields_attributes[{i}][{part}]": "x"
        * (
            policy.profile_field_name_length
            if part == "name"
            else policy.profile_field_value_length
        )
        for i in range(max_fields)
        for part in ("name", "value")
    }
    response = await patch(client, world.alice_token, data=at_limit)
    assert response.status == 200
    assert len((await response.json())["fields"]) == max_fields
    response = await patch(client, world.alice_token, data={"locked": "maybe"})
    assert response.status == 400


async def test_locked_account_gets_follow_requests(client, world):
    alice = world.accounts["alice"]
    response = await patch(client, world.alice_token, data={"locked": "1"})
    assert (await response.json())["locked"] is True
    response = await client.post(
        f"/api/v1/accounts/{alice.id}/follow", headers=auth(world.bob_token)
    )
    body = await response.json()
    assert (body["following"], body["requested"]) == (False, True)
    requests = await client.get("/api/v1/follow_requests", headers=auth(world.alice_token))
    assert [a["username"] for a in await requests.json()] == ["bob"]
    assert (await me(client, world))["follow_requests_count"] == 1

    # unlocked again: the next follower follows at once
    await patch(client, world.alice_token, data={"locked": "0"})
    carol_token = await token(world, "carol", ["follow"])
    response = await client.post(f"/api/v1/accounts/{alice.id}/follow", headers=auth(carol_token))
    body = await response.json()
    assert (body["following"], body["requested"]) == (True, False)
