"""How ``tests/graphql/test_examples.py`` runs the password reset examples.

Admin examples use the invite cases' admin token for alice. ``passwordReset`` gets its
token from the admin REST route first; ``passwordResetRequest`` runs with a recording
mailer, so the background job that mails the link has somewhere to send it.
"""

from __future__ import annotations

import re
from typing import Any

from rest_compat.runtime import EXTRAS
from tests.invites.graphql_cases import ADMIN, prepare_admin
from tests.mailbox import Mailbox
from tests.statuses.graphql_cases import rest

LINK = re.compile(r"^https://plenum\.example/api/pleroma/password_reset/[\w-]{40,}$")


async def prepare_reset(client: Any, world: Any) -> dict[str, Any]:
    await prepare_admin(client, world)
    issued = await rest(
        client, world, world.admin_token, "GET", "/api/pleroma/admin/users/bob/password_reset"
    )
    password = "a brand new password"
    return {
        "input": {
            "token": issued["token"], "password": password, "passwordConfirmation": password,
        }
    }


def check_reset(data: dict[str, Any], world: Any) -> None:
    assert data["passwordReset"] == {"success": True, "userErrors": []}


def check_token(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUserPasswordResetToken"]
    assert payload["userErrors"] == []
    assert LINK.match(payload["link"]), payload["link"]
    assert payload["link"].endswith("/" + payload["token"])


def check_force(data: dict[str, Any], world: Any) -> None:
    payload = data["adminUsersForcePasswordReset"]
    assert payload["userErrors"] == []
    assert payload["accounts"] == [
        {"restId": world.accounts["bob"].id, "username": "bob"},
        {"restId": world.accounts["carol"].id, "username": "carol"},
    ]


async def prepare_request(client: Any, world: Any) -> dict[str, Any]:
    world.mailbox = client.app[EXTRAS]["mailer"] = Mailbox()
    return {}


def check_request(data: dict[str, Any], world: Any) -> None:
    assert data["passwordResetRequest"] == {"success": True, "userErrors": []}


CASES: dict[str, dict[str, Any]] = {
    # the throttle (off in tests) and the account lookup
    "passwordResetRequest": {"check": check_request, "budget": 1, "prepare": prepare_request},
    # the token with its account; claim it, spend the others, set the password, revoke
    # the tokens, delete the codes
    "passwordReset": {"check": check_reset, "budget": 6, "prepare": prepare_reset},
    "adminUserPasswordResetToken": {
        "check": check_token, "budget": 3, "token": ADMIN, "prepare": prepare_admin,
    },
    "adminUsersForcePasswordReset": {
        "check": check_force, "budget": 4, "token": ADMIN, "prepare": prepare_admin,
    },
}
