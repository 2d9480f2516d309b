"""How ``tests/graphql/test_examples.py`` runs the invite examples.

Admin examples run with a token for alice (an admin of the GraphQL world) granting
``read write admin``, issued in ``prepare`` as ``world.admin_token``; invites used by an
example are made over REST first. ``adminInviteEmail`` runs on an instance with
registrations closed and invites on, with a recording mailer in place of SMTP.
"""

from __future__ import annotations

from typing import Any

from rest_compat.runtime import EXTRAS
from schema.services import tokens
from tests.mailbox import Mailbox
from tests.statuses.graphql_cases import rest

ADMIN = "admin_token"
INVITES = "/api/pleroma/admin/users/invite_token"


async def prepare_admin(client: Any, world: Any) -> dict[str, Any]:
    issued = await tokens.issue_token(
        world.accounts["alice"], world.app, ["read", "write", "admin"]
    )
    world.admin_token = issued.access_token
    return {}


async def prepare_list(client: Any, world: Any) -> dict[str, Any]:
    await prepare_admin(client, world)
    world.made = [
        await rest(client, world, world.admin_token, "POST", INVITES, json={}),
        await rest(client, world, world.admin_token, "POST", INVITES, json={"max_use": 3}),
        await rest(
            client, world, world.admin_token, "POST", INVITES,
            json={"expires_at": "2099-01-02"},
        ),
    ]
    return {}


def from_rest(invite: dict[str, Any]) -> dict[str, Any]:
    """The GraphQL fields expected for a REST invite."""
    return {
        "restId": invite["id"],
        "token": invite["token"],
        "used": invite["used"],
        "uses": invite["uses"],
        "maxUse": invite["max_use"],
        "expiresAt": invite["expires_at"],
        "inviteType": invite["invite_type"].upper(),
    }


def check_list(data: dict[str, Any], world: Any) -> None:
    listed = data["adminInvites"]
    assert [{k: v for k, v in i.items() if k != "id"} for i in listed] == [
        from_rest(i) for i in world.made
    ]
    assert [i["inviteType"] for i in listed] == ["ONE_TIME", "REUSABLE", "DATE_LIMITED"]
    assert all(i["id"] and i["id"] != i["restId"] for i in listed)


def check_create(data: dict[str, Any], world: Any) -> None:
    payload = data["adminInviteCreate"]
    assert payload["userErrors"] == []
    invite = payload["invite"]
    assert len(invite.pop("token")) >= 40
    assert invite.pop("restId")
    assert invite == {
        "used": False, "uses": 0, "maxUse": 5, "expiresAt": "2099-12-31",
        "inviteType": "REUSABLE_DATE_LIMITED",
    }


async def prepare_revoke(client: Any, world: Any) -> dict[str, Any]:
    await prepare_admin(client, world)
    world.invite = await rest(client, world, world.admin_token, "POST", INVITES, json={})
    return {"input": {"token": world.invite["token"]}}


def check_revoke(data: dict[str, Any], world: Any) -> None:
    payload = data["adminInviteRevoke"]
    assert payload["userErrors"] == []
    assert payload["invite"] == {**from_rest(world.invite), "used": True}


async def prepare_email(client: Any, world: Any) -> dict[str, Any]:
    await prepare_admin(client, world)
    world.mailbox = client.app[EXTRAS]["mailer"] = Mailbox()
    return {}


def check_email(data: dict[str, Any], world: Any) -> None:
    payload = data["adminInviteEmail"]
    assert payload["userErrors"] == []
    assert payload["invite"]["used"] is False
    assert payload["invite"]["inviteType"] == "ONE_TIME"
    [mail] = world.mailbox.sent
    assert mail.to == "\"A. Friend\" <friend@example.org>"
    assert mail.subject == "Invitation to Plenum Test"
    assert "Alice A. invites you to join Plenum Test" in mail.text


CASES: dict[str, dict[str, Any]] = {
    "adminInvites": {"check": check_list, "budget": 2, "token": ADMIN, "prepare": prepare_list},
    "adminInviteCreate": {
        "check": check_create, "budget": 2, "token": ADMIN, "prepare": prepare_admin,
    },
    "adminInviteRevoke": {
        "check": check_revoke, "budget": 3, "token": ADMIN, "prepare": prepare_revoke,
    },
    "adminInviteEmail": {
        "check": check_email, "budget": 2, "token": ADMIN, "prepare": prepare_email,
        "settings": {"registrations_open": False, "invites_required": True},
    },
}
