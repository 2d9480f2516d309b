"""``POST /api/account/register``: the seed's TwitterAPI-style registration."""

from __future__ import annotations

import re

import orjson

from models.accounts import Account
from models.registration import Invite

GOOD = {
    "nickname": "lain",
    "fullname": "lain iwakura",
    "bio": "close the world.\nopen the next",
    "email": "lain@example.org",
    "password": "wired-123",
    "confirm": "wired-123",
}


async def post(client, **changes):
    """POST the form with GOOD overridden by ``changes`` (``...`` drops a field)."""
    data = {k: v for k, v in {**GOOD, **changes}.items() if v is not ...}
    resp = await client.post("/api/account/register", data=data)
    return resp.status, await resp.json()


async def test_success_answers_the_twitter_user_object(client):
    status, body = await post(client)
    assert status == 200, body
    row = await Account.get(nickname_lower="lain")
    base = "https://plenum.example"
    avatar = f"{base}/images/avi.png"
    assert re.fullmatch(r"[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \+0000 \d{4}",
                        body.pop("created_at"))
    assert body == {
        "id": row.id,
        "screen_name": "lain",
        "name": "lain iwakura",
        "name_html": "lain iwakura",
        "description": "close the world.\nopen the next",
        "description_html": "close the world.<br/>open the next",
        "favourites_count": 0,
        "followers_count": 0,
        "friends_count": 0,
        "statuses_count": 0,
        "following": False,
        "follows_you": False,
        "statusnet_blocking": False,
        "profile_image_url": avatar,
        "profile_image_url_https": avatar,
        "profile_image_url_profile_size": avatar,
        "profile_image_url_original": avatar,
        "cover_photo": f"{base}/images/banner.png",
        "background_image": None,
        "statusnet_profile_url": f"{base}/users/lain",
        "is_local": True,
        "locked": False,
        "hide_followers": False,
        "hide_follows": False,
        "fields": [],
        "pleroma": {"confirmation_pending": False, "tags": [], "skip_thread_containment": False},
        "role": "member",
        "rights": {"delete_others_notice": False, "admin": False},
    }


async def test_bio_html_is_escaped_and_empty_bio_is_fine(client):
    status, body = await post(client, bio="<script>alert(1)</script>")
    assert status == 200
    assert body["description_html"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert body["description"] == "<script>alert(1)</script>"
    status, body = await post(client, nickname="quiet", email="q@example.org", bio="")
    assert status == 200 and body["description"] == ""


async def test_missing_nickname_is_a_double_encoded_error(client):
    status, body = await post(client, nickname=...)
    assert status == 400
    assert isinstance(body["error"], str)
    assert orjson.loads(body["error"]) == {"nickname": ["can't be blank"]}


async def test_confirmation_must_match(client):
    status, body = await post(client, confirm="something-else")
    assert status == 400
    assert body == {"error": '{"password_confirmation":["does not match confirmation"]}'}
    status, body = await post(client, confirm=...)
    assert status == 400
    assert body == {"error": '{"password_confirmation":["can\'t be blank"]}'}
    assert not await Account.exists()


async def test_fullname_defaults_to_the_nickname(client):
    status, body = await post(client, fullname=...)
    assert status == 200
    assert body["name"] == "lain"


async def test_invite_errors_are_bare_json_strings(make_client):
    client = await make_client(registrations_open=False)
    status, body = await post(client)
    assert (status, body) == (400, "Invalid token")
    status, body = await post(client, token="unknown")
    assert (status, body) == (400, "Invalid token")
    await Invite.create(token="once")
    status, body = await post(client, token="once")
    assert status == 200 and body["screen_name"] == "lain"
    status, body = await post(client, token="once", nickname="again", email="a@example.org")
    assert (status, body) == (400, "Expired token")


async def test_email_is_a_field_error_when_activation_is_required(make_client):
    client = await make_client(account_activation_required=True)
    status, body = await post(client, email=...)
    assert status == 400
    assert body == {"error": '{"email":["can\'t be blank"]}'}
    status, body = await post(client)
    assert status == 200
    assert body == {}  # not visible until confirmed
