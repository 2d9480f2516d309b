"""Who may call the admin API: an admin with an admin scope, or the configured
``admin_token``; everyone else gets Pleroma's 403s. Checked on an admin route that
already exists (emoji pack creation), so it holds for every route of the section."""

from __future__ import annotations

import dataclasses

import pytest

from app.config import ConfigError, load_settings
from schema.viewer import ADMIN_TOKEN_VIEWER, Viewer, admin_token_matches
from tests.admin.world import ADMIN_TOKEN

NOT_ADMIN = "User is not an admin or OAuth admin scope is not granted."
CREATE = "/api/v1/pleroma/emoji/pack"


@pytest.fixture
def settings(settings):
    return dataclasses.replace(settings, admin_token=ADMIN_TOKEN)


@pytest.mark.parametrize(
    ("who", "status", "error"),
    [
        (None, 403, "Invalid credentials."),
        ("alice", 403, NOT_ADMIN),
        ("mod", 403, NOT_ADMIN),
        ("root_noscope", 403, NOT_ADMIN),
    ],
)
async def test_refused_without_admin_power(aw, who, status, error):
    body = await aw.call("POST", f"{CREATE}?name=refused", who, expect=status)
    assert body == {"error": error}


async def test_an_admin_with_an_admin_scope_may(aw):
    assert await aw.call("POST", f"{CREATE}?name=byroot", "root") == "ok"


async def test_the_configured_admin_token_acts_as_an_admin(aw):
    assert await aw.call("POST", f"{CREATE}?name=bytoken&admin_token={ADMIN_TOKEN}") == "ok"


async def test_a_wrong_admin_token_is_anonymous(aw):
    body = await aw.call("POST", f"{CREATE}?name=x&admin_token={ADMIN_TOKEN}x", expect=403)
    assert body == {"error": "Invalid credentials."}


async def test_the_admin_token_does_nothing_on_user_routes(aw):
    body = await aw.call(
        "GET", f"/api/v1/accounts/verify_credentials?admin_token={ADMIN_TOKEN}", expect=403
    )
    assert body == {"error": "Invalid credentials."}


def test_matching_is_off_without_a_configured_token():
    assert not admin_token_matches("", "")
    assert not admin_token_matches("", "anything")
    assert not admin_token_matches(ADMIN_TOKEN, None)
    assert not admin_token_matches(ADMIN_TOKEN, ["list"])
    assert admin_token_matches(ADMIN_TOKEN, ADMIN_TOKEN)


def test_the_token_viewer_is_an_admin_without_an_account():
    assert ADMIN_TOKEN_VIEWER.is_admin
    assert ADMIN_TOKEN_VIEWER.require_admin("write") is None
    assert not Viewer().is_admin


def test_a_short_admin_token_stops_the_server():
    with pytest.raises(ConfigError, match="PLENUM_ADMIN_TOKEN"):
        load_settings({"PLENUM_ADMIN_TOKEN": "short"})
    assert load_settings({"PLENUM_ADMIN_TOKEN": ADMIN_TOKEN}).admin_token == ADMIN_TOKEN


def test_the_token_is_not_in_the_settings_repr():
    settings = load_settings({"PLENUM_ADMIN_TOKEN": ADMIN_TOKEN})
    assert ADMIN_TOKEN not in repr(settings)
    assert ADMIN_TOKEN not in repr(settings.policy())
