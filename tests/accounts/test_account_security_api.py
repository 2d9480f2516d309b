"""Pleroma's account security endpoints over REST: delete_account, disable_account,
change_email, change_password and accounts/confirmation_resend."""

from __future__ import annotations

import base64
import dataclasses
import logging

import pytest

from app.main import create_app
from models.accounts import Account
from models.relationships import Follow
from models.statuses import Status
from rest_compat.runtime import EXTRAS
from schema.context import RequestContext
from schema.services import relationships, statuses
from schema.services.accounts import create_local_account
from schema.services.passwords import verify_password
from schema.services.statuses import StatusInput
from schema.services.tokens import issue_token
from schema.viewer import Viewer
from tests.accounts.conftest import bearer
from tests.accounts.test_mail import link_in, register

INVALID_PASSWORD = {"error": "Invalid password."}
SUCCESS = {"status": "success"}
NO_SCOPE = {"error": "Insufficient permissions: write:accounts."}


@dataclasses.dataclass
class People:
    zoe: Account
    ann: Account
    zoe_token: str
    ann_token: str
    read_token: str  # zoe's, without write:accounts


@pytest.fixture
async def people(client, policy) -> People:
    made = {}
    for nick in ("zoe", "ann"):
        made[nick] = await create_local_account(
            policy, nickname=nick, email=f"{nick}@example.org", password=f"{nick}-password",
            bio="hello",
        )
    zoe, ann = made["zoe"], made["ann"]
    await relationships.follow_account(zoe, ann)
    await relationships.follow_account(ann, zoe)
    for who in (zoe, ann):
        ctx = RequestContext(policy=policy, viewer=Viewer(account=who, scopes=frozenset({"write"})))
        await statuses.create_status(ctx, StatusInput(text=f"{who.nickname} posts"))
    return People(
        zoe=zoe,
        ann=ann,
        zoe_token=(await issue_token(zoe, None, ["read", "write"])).access_token,
        ann_token=(await issue_token(ann, None, ["read", "write"])).access_token,
        read_token=(await issue_token(zoe, None, ["read", "write:statuses"])).access_token,
    )


async def post(client, path: str, token: str | None = None, **kwargs):
    response = await client.post(path, headers=bearer(token) if token else {}, **kwargs)
    return response.status, await response.json()


async def finish_jobs(client) -> None:
    await client.server.app[EXTRAS]["jobs"].join()


async def me(client, token: str) -> int:
    response = await client.get("/api/v1/accounts/verify_credentials", headers=bearer(token))
    return response.status


SECURITY_PATHS = ("delete_account", "disable_account", "change_email", "change_password")


@pytest.mark.parametrize("name", SECURITY_PATHS)
async def test_scope_and_credentials_are_required(client, people, name):
    for prefix in ("/api/pleroma/", "/api/v1/pleroma/"):
        status, body = await post(
            client, prefix + name, people.read_token, data={"password": "zoe-password"}
        )
        assert (status, body) == (403, NO_SCOPE)
        status, body = await post(client, prefix + name, data={"password": "zoe-password"})
        assert (status, body) == (403, {"error": "Invalid credentials."})
    row = await Account.get(id=people.zoe.id)
    assert row.is_active is True and row.email == "zoe@example.org"


# --- delete_account -----------------------------------------------------------------


async def test_delete_account_wrong_or_missing_password(client, people):
    for data in ({"password": "hi"}, {}, {"password": ""}):
        status, body = await post(client, "/api/pleroma/delete_account", people.zoe_token,
                                  data=data)
        assert (status, body) == (200, INVALID_PASSWORD)
    assert (await Account.get(id=people.zoe.id)).is_active is True
    assert await me(client, people.zoe_token) == 200


async def test_delete_account(client, people, caplog):
    caplog.set_level(logging.DEBUG, logger="plenum")
    caplog.set_level(logging.INFO)
    ann_before = await Account.get(id=people.ann.id)
    status, body = await post(
        client, "/api/v1/pleroma/delete_account", people.zoe_token,
        json={"password": "zoe-password"},
    )
    assert (status, body) == (200, SUCCESS)
    await finish_jobs(client)
    row = await Account.get(id=people.zoe.id)
    assert row.is_active is False
    assert (row.email, row.display_name, row.bio, row.password_hash) == (None, "", "", None)
    assert not await Status.filter(account_id=row.id).exists()
    assert not await Follow.filter(account_id=row.id).exists()
    assert not await Follow.filter(target_id=row.id).exists()
    # The token is dead, and the password no longer logs in (Basic auth).
    assert await me(client, people.zoe_token) == 403
    basic = base64.b64encode(b"zoe:zoe-password").decode()
    response = await client.get(
        "/api/v1/accounts/verify_credentials", headers={"Authorization": f"Basic {basic}"}
    )
    assert response.status == 403
    # ann keeps her status and her data; only the follows with zoe went.
    ann = await Account.get(id=people.ann.id)
    assert (ann.statuses_count, ann.followers_count, ann.following_count) == (1, 0, 0)
    assert (ann.email, ann.bio, ann.password_hash) == (
        ann_before.email, ann_before.bio, ann_before.password_hash
    )
    assert await Status.filter(account_id=ann.id).count() == 1
    assert await me(client, people.ann_token) == 200
    # The address is free again.
    status, body = await post(
        client, "/api/pleroma/change_email", people.ann_token,
        data={"password": "ann-password", "email": "zoe@example.org"},
    )
    assert (status, body) == (200, SUCCESS)
    assert "zoe-password" not in caplog.text and "zoe@example.org" not in caplog.text


# --- disable_account ----------------------------------------------------------------


async def test_disable_account(client, people):
    status, body = await post(client, "/api/pleroma/disable_account", people.zoe_token,
                              data={"password": "wrong"})
    assert (status, body) == (200, INVALID_PASSWORD)
    assert (await Account.get(id=people.zoe.id)).is_active is True
    assert await me(client, people.zoe_token) == 200

    status, body = await post(client, "/api/pleroma/disable_account", people.zoe_token,
                              data={"password": "zoe-password"})
    assert (status, body) == (200, SUCCESS)
    row = await Account.get(id=people.zoe.id)
    assert row.is_active is False and row.email == "zoe@example.org"
    assert await me(client, people.zoe_token) == 403
    # Follows and statuses stay (an admin may reactivate the account).
    assert await Follow.filter(account_id=row.id).count() == 1
    assert await Status.filter(account_id=row.id).count() == 1
    assert await me(client, people.ann_token) == 200


async def test_a_deactivated_accounts_live_token_does_not_authenticate(client, people):
    # Even a token nobody revoked: the auth layer treats the account as anonymous.
    await Account.filter(id=people.zoe.id).update(is_active=False)
    assert await me(client, people.zoe_token) == 403
    status, body = await post(client, "/api/pleroma/change_password", people.zoe_token,
                              data={"password": "zoe-password", "new_password": "x",
                                    "new_password_confirmation": "x"})
    assert (status, body) == (403, {"error": "Invalid credentials."})
    assert verify_password("zoe-password", (await Account.get(id=people.zoe.id)).password_hash)


# --- change_email ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"password": "hi", "email": "new@example.org"}, "Invalid password."),
        ({"password": "zoe-password", "email": "foo"}, "Email has invalid format."),
        ({"password": "zoe-password"}, "Email can't be blank."),
        ({"password": "zoe-password", "email": ""}, "Email can't be blank."),
        ({"password": "zoe-password", "email": "Ann@Example.org"}, "Email has already been taken."),
    ],
)
async def test_change_email_refusals(client, people, data, expected):
    status, body = await post(client, "/api/pleroma/change_email", people.zoe_token, data=data)
    assert (status, body) == (200, {"error": expected})
    assert (await Account.get(id=people.zoe.id)).email == "zoe@example.org"


async def test_change_email(client, people, caplog):
    caplog.set_level(logging.DEBUG, logger="plenum")
    status, body = await post(client, "/api/v1/pleroma/change_email", people.zoe_token,
                              json={"password": "zoe-password", "email": "zoe2@example.org"})
    assert (status, body) == (200, SUCCESS)
    assert (await Account.get(id=people.zoe.id)).email == "zoe2@example.org"
    assert "zoe2@example.org" not in caplog.text and "zoe-password" not in caplog.text


async def test_change_email_takes_its_params_from_the_body_only(client, people):
    response = await client.post(
        "/api/pleroma/change_email?password=zoe-password&email=q@example.org",
        headers=bearer(people.zoe_token),
    )
    assert (response.status, await response.json()) == (200, INVALID_PASSWORD)
    assert (await Account.get(id=people.zoe.id)).email == "zoe@example.org"


# --- change_password ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"password": "hi", "new_password": "newpass", "new_password_confirmation": "newpass"},
         "Invalid password."),
        ({"password": "zoe-password", "new_password": "newpass",
          "new_password_confirmation": "notnewpass"},
         "New password does not match confirmation."),
        ({"password": "zoe-password", "new_password": "", "new_password_confirmation": ""},
         "New password can't be blank."),
    ],
)
async def test_change_password_refusals(client, people, data, expected):
    status, body = await post(client, "/api/pleroma/change_password", people.zoe_token,
                              data=data)
    assert (status, body) == (200, {"error": expected})
    assert verify_password("zoe-password", (await Account.get(id=people.zoe.id)).password_hash)


async def test_change_password(client, people, caplog):
    caplog.set_level(logging.DEBUG, logger="plenum")
    status, body = await post(
        client, "/api/pleroma/change_password", people.zoe_token,
        data={"password": "zoe-password", "new_password": "brand-new-pass",
              "new_password_confirmation": "brand-new-pass"},
    )
    assert (status, body) == (200, SUCCESS)
    stored = (await Account.get(id=people.zoe.id)).password_hash
    assert verify_password("brand-new-pass", stored)
    assert not verify_password("zoe-password", stored)
    assert await me(client, people.zoe_token) == 200  # other sessions stay (Pleroma 2.2+)
    basic = base64.b64encode(b"zoe:brand-new-pass").decode()
    response = await client.get(
        "/api/v1/accounts/verify_credentials", headers={"Authorization": f"Basic {basic}"}
    )
    assert response.status == 200
    assert "brand-new-pass" not in caplog.text and "zoe-password" not in caplog.text


# --- confirmation_resend --------------------------------------------------------------


async def test_confirmation_resend_by_email_mails_a_link_that_confirms(mail_client, caplog):
    client, inbox = mail_client
    caplog.set_level(logging.DEBUG, logger="plenum")
    await register(client)
    await inbox.wait(1)
    response = await client.post(
        "/api/v1/pleroma/accounts/confirmation_resend?email=LAIN@example.org"
    )
    assert response.status == 204
    assert await response.read() == b""
    await finish_jobs(client)
    await inbox.wait(2)
    mail_from, rcpt = inbox.envelopes[1]
    assert (mail_from, rcpt) == ("noreply@plenum.example", ["lain@example.org"])
    message = inbox.messages[1]
    assert message["To"] == "lain@example.org" and "confirmation" in message["Subject"]
    url, account_id, _ = link_in(message)
    # The first link was replaced by the new one.
    _, _, old_token = link_in(inbox.messages[0])
    old = f"/api/account/confirm_email/{account_id}/{old_token}"
    assert (await client.get(old, allow_redirects=False)).status == 400
    response = await client.get(url.replace("https://plenum.example", ""), allow_redirects=False)
    assert response.status == 302
    assert (await Account.get(id=account_id)).is_confirmed is True
    assert "lain@example.org" not in caplog.text.lower()


async def test_confirmation_resend_by_nickname_in_the_body(mail_client):
    client, inbox = mail_client
    await register(client)
    await inbox.wait(1)
    response = await client.post("/api/pleroma/accounts/confirmation_resend",
                                  json={"nickname": "lain"})
    assert response.status == 204
    await finish_jobs(client)
    await inbox.wait(2)
    assert inbox.envelopes[1][1] == ["lain@example.org"]


async def test_confirmation_resend_for_unknown_or_confirmed_accounts_says_the_same(
    mail_client, policy
):
    client, inbox = mail_client
    await create_local_account(policy, nickname="done", email="done@example.org",
                               password="done-password")
    for query in ("email=nobody@example.org", "nickname=nobody", "nickname=done",
                  "email=done@example.org", ""):
        response = await client.post(f"/api/v1/pleroma/accounts/confirmation_resend?{query}")
        assert (response.status, await response.read()) == (204, b""), query
    await finish_jobs(client)
    assert inbox.messages == []


async def test_confirmation_resend_sends_nothing_when_confirmation_is_off(
    make_client, smtp_server
):
    inbox, port = smtp_server
    client = await make_client(smtp_host="127.0.0.1", smtp_port=port)
    await Account.create(nickname="pending", acct_key="pending", nickname_lower="pending",
                         email="p@example.org", email_lower="p@example.org", is_confirmed=False,
                         uri="https://plenum.example/users/pending",
                         url="https://plenum.example/users/pending")
    response = await client.post("/api/v1/pleroma/accounts/confirmation_resend",
                                 data={"email": "p@example.org"})
    assert response.status == 204
    await finish_jobs(client)
    assert inbox.messages == []


async def test_confirmation_resend_is_rate_limited_per_address(settings, aiohttp_client):
    app = create_app(dataclasses.replace(settings, rate_limits=True))
    client = await aiohttp_client(app)
    for _ in range(5):
        response = await client.post(
            "/api/v1/pleroma/accounts/confirmation_resend?email=x@example.org"
        )
        assert response.status == 204
    response = await client.post("/api/pleroma/accounts/confirmation_resend?nickname=x")
    assert (response.status, await response.json()) == (429, {"error": "Throttled"})
    # The GraphQL twin spends the same budget.
    response = await client.post("/graphql", json={
        "query": "mutation { accountConfirmationResend(input: {nickname: \"x\"}) "
                 "{ success userErrors { code message } } }"
    })
    payload = (await response.json())["data"]["accountConfirmationResend"]
    assert payload == {"success": False,
                       "userErrors": [{"code": "THROTTLED", "message": "Throttled"}]}
