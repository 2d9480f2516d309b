"""Captcha: the challenge endpoint and its validation at registration."""

from __future__ import annotations

import base64
import time

import orjson
import pytest

from models.accounts import Account
from schema.services import captcha
from tests.accounts.conftest import app_token, bearer

SECRET = "test-secret-key-not-for-production"  # tests/conftest.py settings.secret_key
GOOD = {"username": "lain", "password": "wired-123", "agreement": True}


def answer_of(challenge: dict) -> str:
    """Open the sealed answer the way the server does (the test knows the secret)."""
    payload = captcha.unseal(SECRET, challenge["token"], challenge["answer_data"])
    assert payload is not None
    return payload["answer"]


async def new_challenge(client) -> dict:
    resp = await client.get("/api/pleroma/captcha")
    assert resp.status == 200
    return await resp.json()


async def register(client, token, **captcha_fields):
    body = {**GOOD, **{k: v for k, v in captcha_fields.items() if v is not ...}}
    resp = await client.post("/api/v1/accounts", json=body, headers=bearer(token))
    return resp.status, await resp.json()


def fields_for(challenge: dict, solution: str) -> dict:
    return {
        "captcha_token": challenge["token"],
        "captcha_answer_data": challenge["answer_data"],
        "captcha_solution": solution,
    }


def captcha_error(body) -> list[str]:
    return orjson.loads(body["error"])["captcha"]


async def test_disabled_answers_type_none_on_both_prefixes(client):
    for path in ("/api/pleroma/captcha", "/api/v1/pleroma/captcha"):
        resp = await client.get(path)
        assert resp.status == 200
        assert await resp.json() == {"type": "none"}


@pytest.fixture
async def cap_client(make_client):
    return await make_client(captcha_enabled=True)


async def test_native_challenge_shape(cap_client):
    challenge = await new_challenge(cap_client)
    assert set(challenge) == {"type", "token", "url", "answer_data", "seconds_valid"}
    assert challenge["type"] == "native"
    assert challenge["seconds_valid"] == 300
    assert len(base64.urlsafe_b64decode(challenge["token"] + "==")) == 10
    assert "=" not in challenge["token"]
    prefix = "data:image/png;base64,"
    assert challenge["url"].startswith(prefix)
    png = base64.b64decode(challenge["url"][len(prefix):])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    answer = answer_of(challenge)
    assert answer not in challenge["answer_data"] and answer not in challenge["url"]


async def test_right_answer_registers_and_the_token_is_then_spent(cap_client):
    token = await app_token()
    challenge = await new_challenge(cap_client)
    status, body = await register(cap_client, token, **fields_for(challenge, answer_of(challenge)))
    assert status == 200, body
    assert body["access_token"]
    status, body = await register(
        cap_client, token, username="second", **fields_for(challenge, answer_of(challenge))
    )
    assert status == 400
    assert captcha_error(body) == ["CAPTCHA already used"]


async def test_answer_is_case_insensitive(cap_client):
    token = await app_token()
    challenge = await new_challenge(cap_client)
    solution = f" {answer_of(challenge).lower()} "
    status, _ = await register(cap_client, token, **fields_for(challenge, solution))
    assert status == 200


async def test_each_missing_field(cap_client):
    token = await app_token()
    challenge = await new_challenge(cap_client)
    full = fields_for(challenge, answer_of(challenge))
    for name in ("captcha_solution", "captcha_token", "captcha_answer_data"):
        status, body = await register(cap_client, token, **{**full, name: ...})
        assert status == 400
        assert body == {
            "error": orjson.dumps(
                {"captcha": [f"Invalid CAPTCHA (Missing parameter: {name})"]}
            ).decode()
        }
    assert not await Account.exists()


async def test_garbage_and_foreign_answer_data(cap_client):
    token = await app_token()
    one = await new_challenge(cap_client)
    two = await new_challenge(cap_client)
    for data in ("?!garbage", "aGVsbG8", two["answer_data"]):
        fields = {**fields_for(one, answer_of(one)), "captcha_answer_data": data}
        status, body = await register(cap_client, token, **fields)
        assert status == 400
        assert body == {"error": '{"captcha":["Invalid answer data"]}'}


async def test_wrong_answer_is_refused_and_burns_the_challenge(cap_client):
    token = await app_token()
    challenge = await new_challenge(cap_client)
    status, body = await register(cap_client, token, **fields_for(challenge, "nope"))
    assert status == 400
    assert body == {"error": '{"captcha":["Invalid CAPTCHA"]}'}
    status, body = await register(cap_client, token, **fields_for(challenge, answer_of(challenge)))
    assert captcha_error(body) == ["CAPTCHA already used"]


async def test_expired(cap_client):
    token = await app_token()
    old = {"at": int(time.time()) - 301, "answer": "ABCDE"}
    fields = {
        "captcha_token": "oldtoken",
        "captcha_answer_data": captcha.seal(SECRET, "oldtoken", old),
        "captcha_solution": "ABCDE",
    }
    status, body = await register(cap_client, token, **fields)
    assert status == 400
    assert captcha_error(body) == ["CAPTCHA expired"]


async def test_trusted_app_skips_the_captcha(cap_client):
    token = await app_token(trusted=True)
    status, body = await register(cap_client, token)
    assert status == 200
    assert body["scope"] == "read write follow push"


async def test_legacy_path_checks_the_captcha_too(cap_client):
    resp = await cap_client.post(
        "/api/account/register",
        data={"nickname": "lain", "password": "pw", "confirm": "pw", "captcha_solution": "x",
              "captcha_token": "t", "captcha_answer_data": "garbage"},
    )
    assert resp.status == 400
    assert await resp.json() == {"error": '{"captcha":["Invalid answer data"]}'}


def test_seal_opens_only_with_its_token_and_secret():
    sealed = captcha.seal("k1", "tok", {"at": 1, "answer": "XYZ"})
    assert captcha.unseal("k1", "tok", sealed) == {"at": 1, "answer": "XYZ"}
    assert captcha.unseal("k1", "other", sealed) is None
    assert captcha.unseal("k2", "tok", sealed) is None
    tampered = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    assert captcha.unseal("k1", "tok", tampered) is None
    assert b"XYZ" not in base64.urlsafe_b64decode(sealed + "==")
