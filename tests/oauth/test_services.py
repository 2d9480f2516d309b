"""The apps and oauth services without HTTP (the GraphQL twins call these)."""

from __future__ import annotations

import pytest

from schema.context import RequestContext
from schema.errors import DomainError
from schema.services import apps, oauth
from schema.services.accounts import create_local_account
from schema.viewer import Viewer

OOB = "urn:ietf:wg:oauth:2.0:oob"


async def test_create_app_and_current_app(db, policy):
    ctx = RequestContext(policy=policy)
    made = await apps.create_app(
        ctx, client_name=" Client ", redirect_uris=OOB, scopes=None, website=""
    )
    assert (made.name, made.scopes, made.website, made.owner_id) == ("Client", "read", None, None)
    assert made.client_secret and made.client_id != made.client_secret
    with pytest.raises(DomainError) as info:
        await apps.current_app(ctx)
    assert (info.value.status, info.value.message) == (403, "Invalid credentials")
    assert await apps.current_app(RequestContext(policy=policy, viewer=Viewer(app=made))) is made


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"client_name": "", "redirect_uris": OOB}, 400, "Missing field: client_name."),
        ({"client_name": "x", "redirect_uris": "  "}, 400, "Missing field: redirect_uris."),
        ({"client_name": "x" * 256, "redirect_uris": OOB}, 422, "client_name: at most 255"),
        ({"client_name": "x", "redirect_uris": "https://a/#frag"}, 422, "absolute URI"),
        ({"client_name": "x", "redirect_uris": OOB, "scopes": "READ"}, 422, "invalid scope"),
    ],
)
async def test_create_app_validation(db, policy, fields, status, message):
    fields = {"scopes": None, "website": None, **fields}
    with pytest.raises(DomainError) as info:
        await apps.create_app(RequestContext(policy=policy), **fields)
    assert info.value.status == status
    assert message in info.value.message


async def test_app_owner_is_the_signed_in_viewer(db, policy):
    alice = await create_local_account(policy, nickname="alice", email=None, password="pw")
    ctx = RequestContext(policy=policy, viewer=Viewer(account=alice))
    made = await apps.create_app(
        ctx, client_name="c", redirect_uris=OOB, scopes=["read", "write"], website=None
    )
    assert made.owner_id == alice.id and made.scopes == "read write"


def test_select_scopes():
    assert oauth.select_scopes(None, "read write") == ["read", "write"]
    assert oauth.select_scopes("write:statuses", "read write") == ["write:statuses"]
    with pytest.raises(DomainError):
        oauth.select_scopes("follow", "read write")
    with pytest.raises(DomainError):
        oauth.select_scopes("read", "read:accounts")
