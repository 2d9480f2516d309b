"""Password resets over HTTP: the admin routes, ``POST /auth/password`` with a real SMTP
server, the reset page, and every password login refused while a reset is forced."""

from __future__ import annotations

import base64
import re

import pytest

from models.accounts import Account
from models.moderation import PasswordResetToken
from schema.services import moderation_log
from tests.admin.world import ADMIN_TOKEN
from tests.invites.http import REFUSED_CALLERS, instance, no_content, password_grant, settings_for

FORCE = "/api/pleroma/admin/users/force_password_reset"
LINK = re.compile(r"https://plenum\.example(/api/pleroma/password_reset/([\w-]+))")
OOB = "urn:ietf:wg:oauth:2.0:oob"
REQUIRED = {"error": "Password reset is required", "identifier": "password_reset_required"}


@pytest.fixture
def settings(settings, request):
    """The admin token set, plus the test's changes."""
    return settings_for(settings, request, admin_token=ADMIN_TOKEN)


async def admin_link(aw, nickname: str, who: str = "root") -> dict:
    return await aw.call("GET", f"/api/pleroma/admin/users/{nickname}/password_reset", who)


def basic(username: str, password: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


async def page(aw, method: str, path: str, **kw):
    """An HTML page: ``(status, text, headers)``."""
    response = await aw.client.request(method, path, **kw)
    assert response.content_type == "text/html", response.content_type
    return response.status, await response.text(), response.headers


# --- the admin routes --------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["/api/pleroma/admin", "/api/v1/pleroma/admin"])
async def test_an_admin_gets_a_token_and_a_link(aw, prefix):
    body = await aw.call("GET", f"{prefix}/users/bob/password_reset", "root")
    assert set(body) == {"token", "link"}
    assert body["link"] == f"https://plenum.example/api/pleroma/password_reset/{body['token']}"
    row = await PasswordResetToken.get(account_id=aw.id("bob"))
    assert row.token_hash != body["token"] and not row.used


async def test_a_link_for_an_unknown_user(aw):
    body = await aw.call(
        "GET", "/api/pleroma/admin/users/nobody/password_reset", "root", expect=404
    )
    assert body == {"error": "Not found"}


@REFUSED_CALLERS
async def test_only_admins_use_the_admin_routes(aw, who, error):
    body = await aw.call(
        "GET", "/api/pleroma/admin/users/bob/password_reset", who, expect=403
    )
    assert body == {"error": error}
    body = await aw.call("PATCH", FORCE, who, expect=403, json={"nicknames": ["bob"]})
    assert body == {"error": error}
    assert await PasswordResetToken.all().count() == 0
    assert await Account.filter(password_reset_pending=True).count() == 0


async def test_the_admin_token_may_force(aw):
    await no_content(aw, "PATCH", f"{FORCE}?admin_token={ADMIN_TOKEN}", json={"nicknames": ["bob"]})
    assert (await Account.get(id=aw.id("bob"))).password_reset_pending is True


@pytest.mark.parametrize(
    "send",
    [
        {"json": {"nicknames": ["bob", "carol"]}},
        {"data": [("nicknames[]", "bob"), ("nicknames[]", "carol")]},
        {"params": [("nicknames[]", "bob"), ("nicknames[]", "carol")]},
    ],
)
async def test_forcing_flags_and_logs(aw, send):
    await no_content(aw, "PATCH", FORCE, "root", **send)
    flagged = await Account.filter(password_reset_pending=True).values_list("nickname", flat=True)
    assert sorted(flagged) == ["bob", "carol"]
    [entry] = (await moderation_log.entries()).entries
    assert entry.message == "@root forced password reset for users: @bob, @carol"


async def test_forcing_unknown_or_no_nicknames(aw):
    body = await aw.call("PATCH", FORCE, "root", expect=404, json={"nicknames": ["bob", "zed"]})
    assert body == {"error": "Not found"}
    body = await aw.call("PATCH", FORCE, "root", expect=400, json={})
    assert body == {"error": "Missing field: nicknames."}
    assert await Account.filter(password_reset_pending=True).count() == 0


# --- a forced reset refuses every password login -----------------------------------------


async def test_a_forced_user_cannot_log_in_in_any_way_until_reset(aw):
    await password_grant(aw, "bob", "bob-password-1")  # works before
    await no_content(aw, "PATCH", FORCE, "root", json={"nicknames": ["bob"]})

    # the password grant
    assert await password_grant(aw, "bob", "bob-password-1", expect=403) == REQUIRED
    # a wrong password still says only "Invalid credentials"
    body = await password_grant(aw, "bob", "wrong", expect=400)
    assert body == {"error": "Invalid credentials"}
    # the login form
    status, text, _ = await page(
        aw, "POST", "/oauth/authorize",
        data={
            "authorization[name]": "bob", "authorization[password]": "bob-password-1",
            "authorization[client_id]": aw.app.client_id, "authorization[redirect_uri]": OOB,
            "authorization[response_type]": "code", "authorization[scope]": "read",
        },
    )
    assert status == 403 and "Password reset is required" in text
    assert 'id="authorization-code"' not in text
    # HTTP Basic and the token bob already had are anonymous now
    me = "/api/v1/accounts/verify_credentials"
    body = await aw.call("GET", me, None, expect=403, headers=basic("bob", "bob-password-1"))
    assert body == {"error": "Invalid credentials."}
    assert await aw.call("GET", me, "bob", expect=403) == {"error": "Invalid credentials."}
    # others are not affected
    assert (await aw.call("GET", me, "alice"))["username"] == "alice"

    # bob resets through an admin's link; his old token stays dead, the new password works
    link = await admin_link(aw, "bob")
    status, text, _ = await page(
        aw, "POST", "/api/pleroma/password_reset",
        data={"data[token]": link["token"], "data[password]": "fresh-pass",
              "data[password_confirmation]": "fresh-pass"},
    )
    assert status == 200 and "<h2>Password changed!</h2>" in text
    assert await aw.call("GET", me, "bob", expect=403) == {"error": "Invalid credentials."}
    assert (await Account.get(id=aw.id("bob"))).password_reset_pending is False
    token = await password_grant(aw, "bob", "fresh-pass")
    assert token["access_token"]
    await password_grant(aw, "bob", "bob-password-1", expect=400)
    body = await aw.call("GET", me, None, headers=basic("bob", "fresh-pass"))
    assert body["username"] == "bob"


# --- asking for a link by mail -----------------------------------------------------------


@instance(smtp=True)
async def test_the_mailed_link_leads_through_the_form(aw, inbox):
    await no_content(aw, "POST", "/auth/password", data={"email": "bob@example.org"})
    await inbox.wait(1)
    assert inbox.envelopes[0][1] == ["bob@example.org"]
    message = inbox.messages[0]
    assert message["Subject"] == "Password reset"
    path, raw = LINK.search(message.get_payload(decode=True).decode()).groups()

    status, text, headers = await page(aw, "GET", path)
    assert status == 200
    assert "<h2>Password Reset for bob</h2>" in text
    assert 'action="/api/pleroma/password_reset"' in text
    assert f'name="data[token]" value="{raw}"' in text
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "<script" not in text

    status, text, _ = await page(
        aw, "POST", "/api/pleroma/password_reset",
        data={"data[token]": raw, "data[password]": "from-mail",
              "data[password_confirmation]": "from-mail"},
    )
    assert status == 200 and "<h2>Password changed!</h2>" in text
    assert 'href="https://plenum.example/"' in text
    await password_grant(aw, "bob", "from-mail")
    # the link works once
    status, text, _ = await page(aw, "GET", path)
    assert status == 404 and "<h2>Invalid Token</h2>" in text


@instance(smtp=True)
async def test_asking_for_nobody_answers_the_same_and_mails_nothing(aw, inbox):
    for data in ({"email": "nobody@example.org"}, {"nickname": "nobody"}, {}):
        await no_content(aw, "POST", "/auth/password", data=data)
    await no_content(aw, "POST", "/auth/password", json={"nickname": "carol"})
    await inbox.wait(1)
    assert [e[1] for e in inbox.envelopes] == [["carol@example.org"]]


@instance(rate_limits=True)
async def test_asking_is_rate_limited(aw):
    for _ in range(5):
        await no_content(aw, "POST", "/auth/password", data={"nickname": "nobody"})
    body = await aw.call("POST", "/auth/password", None, expect=429, data={"nickname": "x"})
    assert body == {"error": "Throttled"}


# --- the page ----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["/api/pleroma", "/api/v1/pleroma"])
async def test_the_form_posts_back_under_its_own_prefix(aw, prefix):
    raw = (await admin_link(aw, "carol"))["token"]
    status, text, _ = await page(aw, "GET", f"{prefix}/password_reset/{raw}")
    assert status == 200 and f'action="{prefix}/password_reset"' in text
    status, text, _ = await page(
        aw, "POST", f"{prefix}/password_reset",
        json={"token": raw, "password": "pw-json", "password_confirmation": "pw-json"},
    )
    assert status == 200 and "Password changed!" in text
    await password_grant(aw, "carol", "pw-json")


@pytest.mark.parametrize("token", ["nope", "x" * 300, "%3Cscript%3E"])
async def test_an_unknown_token_shows_an_error_page(aw, token):
    status, text, headers = await page(aw, "GET", f"/api/pleroma/password_reset/{token}")
    assert status == 404 and "<h2>Invalid Token</h2>" in text
    assert "<script>" not in text and "<form" not in text
    assert headers["Cache-Control"] == "no-store"


async def test_a_refused_password_shows_why_and_keeps_the_link(aw):
    raw = (await admin_link(aw, "carol"))["token"]
    status, text, _ = await page(
        aw, "POST", "/api/pleroma/password_reset",
        data={"data[token]": raw, "data[password]": "one", "data[password_confirmation]": "two"},
    )
    assert status == 422
    assert "<h2>Password reset failed</h2>" in text
    assert "Password does not match confirmation." in text
    status, _, _ = await page(aw, "GET", f"/api/pleroma/password_reset/{raw}")
    assert status == 200


async def test_a_bad_token_on_submit(aw):
    status, text, _ = await page(
        aw, "POST", "/api/pleroma/password_reset",
        data={"token": "<b>nope</b>", "password": "a", "password_confirmation": "a"},
    )
    assert status == 400
    assert "<h2>Password reset failed</h2>" in text and "Invalid token" in text
    assert "<b>nope</b>" not in text
