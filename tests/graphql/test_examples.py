"""Run every ``graphql_examples/*.graphql`` over HTTP against the fixture world.

Each example has a :class:`Case`: who runs it, settings it needs, variables that depend on
the world, checks on the data (real values, not just "no errors") and an SQL statement
budget counted with :mod:`tests.querycount`. A file without a case fails the suite, so no
example goes unexecuted.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from strawberry.relay import to_base64

from app.main import create_app
from rest_compat.routes import ROUTES
from tests.graphql.conftest import World, build_world, gql
from tests.querycount import count_queries

EXAMPLES = Path(__file__).resolve().parents[2] / "graphql_examples"
EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.graphql"))


@dataclass
class Case:
    """How to run and judge one example."""

    check: Callable[[dict[str, Any], World], None]
    budget: int
    token: str | None = None  # attribute of World holding the token to send
    settings: dict[str, Any] = field(default_factory=dict)
    variables: Callable[[World], dict[str, Any]] | None = None


def check_app_create(data: dict[str, Any], world: World) -> None:
    payload = data["appCreate"]
    assert payload["userErrors"] == []
    app = payload["app"]
    assert app["name"] == "Example Client"
    assert app["website"] == "https://client.example"
    assert app["redirectUri"] == "https://client.example/oauth/callback"
    assert app["scopes"] == ["read", "write", "follow"]
    assert len(app["clientId"]) >= 20 and len(app["clientSecret"]) >= 20
    assert app["restId"] != world.app.id


def check_viewer_app(data: dict[str, Any], world: World) -> None:
    assert data["viewerApp"] == {
        "id": to_base64("App", world.app.id),
        "restId": world.app.id,
        "name": "World Client",
        "website": "https://client.example",
        "scopes": ["read", "write", "follow"],
    }


def check_account_register(data: dict[str, Any], world: World) -> None:
    payload = data["accountRegister"]
    assert payload["userErrors"] == []
    account = payload["account"]
    assert account["username"] == "newcomer"
    assert account["acct"] == "newcomer"
    assert account["displayName"] == "New Comer"
    assert "Hello, fediverse" in account["note"]
    assert payload["accessToken"]
    assert payload["identifier"] is None


def check_viewer(data: dict[str, Any], world: World) -> None:
    viewer = data["viewer"]
    alice = world.accounts["alice"]
    assert viewer["restId"] == alice.id
    assert viewer["id"] == to_base64("Account", alice.id)
    assert (viewer["username"], viewer["acct"]) == ("alice", "alice")
    assert viewer["displayName"] == "Alice A."
    assert viewer["note"] == "<p>hi</p>"
    assert viewer["url"] == "https://plenum.example/users/alice"
    assert viewer["avatar"] == "https://plenum.example/images/avi.png"
    assert viewer["role"] == "ADMIN"
    assert (viewer["followersCount"], viewer["followingCount"], viewer["statusesCount"]) == (
        2,
        1,
        3,
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", viewer["createdAt"])


def check_account_lookup(data: dict[str, Any], world: World) -> None:
    found = data["accountLookup"]
    assert found["restId"] == world.accounts["bob"].id
    assert (found["username"], found["acct"], found["displayName"]) == ("bob", "bob", "bob")


def check_account(data: dict[str, Any], world: World) -> None:
    carol = data["account"]
    assert carol["restId"] == world.accounts["carol"].id
    assert carol["locked"] is True
    # carol hides her followers count from everyone but herself
    assert carol["followersCount"] == 0


def check_captcha(data: dict[str, Any], world: World) -> None:
    captcha = data["captcha"]
    assert captcha["type"] == "NATIVE"
    assert captcha["url"].startswith("data:image/png;base64,")
    assert captcha["token"] and captcha["answerData"]
    assert captcha["secondsValid"] == 300


def check_instance(data: dict[str, Any], world: World) -> None:
    instance = data["instance"]
    assert instance["title"] == "Plenum Test"
    assert instance["uri"] == "plenum.example"
    assert instance["version"].startswith("2.7.2 (compatible; Pleroma ")
    assert instance["registrations"] is True
    assert instance["approvalRequired"] is False
    assert instance["contactEmail"] == "admin@plenum.example"
    assert instance["contactAccount"] == {"username": "alice"}
    assert instance["maxTootChars"] == 5000
    # alice, bob and carol; dave is deactivated
    assert instance["stats"] == {"userCount": 3, "statusCount": 3, "domainCount": 0}


def check_health(data: dict[str, Any], world: World) -> None:
    health = data["health"]
    assert health["healthy"] is True
    assert health["poolSize"] >= 1
    assert health["active"] < health["poolSize"]
    assert health["memoryUsed"] > 0


def check_node(data: dict[str, Any], world: World) -> None:
    assert data["first"]["username"] == "alice"
    assert data["second"]["username"] == "bob"


CASES: dict[str, Case] = {
    "appCreate": Case(check_app_create, budget=1),
    "viewerApp": Case(check_viewer_app, budget=1, token="app_token"),
    "accountRegister": Case(check_account_register, budget=12, token="app_token"),
    "viewer": Case(check_viewer, budget=1, token="alice_token"),
    "accountLookup": Case(check_account_lookup, budget=1),
    "account": Case(check_account, budget=1),
    "captcha": Case(check_captcha, budget=0, settings={"captcha_enabled": True}),
    "instance": Case(check_instance, budget=8),
    "health": Case(check_health, budget=1),
    "node": Case(
        check_node,
        budget=1,
        variables=lambda w: {
            "first": to_base64("Account", w.accounts["alice"].id),
            "second": to_base64("Account", w.accounts["bob"].id),
        },
    ),
}


def test_every_example_has_a_case():
    assert EXAMPLE_NAMES, "no examples found"
    assert set(EXAMPLE_NAMES) == set(CASES)


def test_every_route_example_exists_and_every_example_is_referenced_or_documented():
    referenced = {r.graphql for r in ROUTES if r.graphql}
    missing = sorted(referenced - set(EXAMPLE_NAMES))
    assert not missing, f"routes reference examples that do not exist: {missing}"
    readme = (EXAMPLES / "README.md").read_text()
    documented = set(re.findall(r"^- `(\w+)`", readme, re.MULTILINE))
    orphans = sorted(set(EXAMPLE_NAMES) - referenced - documented)
    assert not orphans, f"examples neither referenced by a route nor in README.md: {orphans}"
    for route in ROUTES:
        assert route.graphql or route.no_graphql_because, f"{route.method} {route.path}"


def test_every_example_is_one_named_operation_named_like_its_file():
    for name in EXAMPLE_NAMES:
        text = (EXAMPLES / f"{name}.graphql").read_text()
        names = re.findall(r"^(?:query|mutation)\s+(\w+)", text, re.MULTILINE)
        assert names == [name], f"{name}.graphql declares {names}"
        variables = EXAMPLES / f"{name}.json"
        if variables.exists():
            assert isinstance(json.loads(variables.read_text()), dict)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
async def test_example(name, aiohttp_client, settings, policy):
    case = CASES[name]
    app_settings = dataclasses.replace(settings, **case.settings)
    client = await aiohttp_client(create_app(app_settings))
    world = await build_world(app_settings.policy())
    query = (EXAMPLES / f"{name}.graphql").read_text()
    variables_file = EXAMPLES / f"{name}.json"
    variables = json.loads(variables_file.read_text()) if variables_file.exists() else None
    if case.variables is not None:
        variables = {**(variables or {}), **case.variables(world)}
    token = getattr(world, case.token) if case.token else None
    with count_queries() as queries:
        body = await gql(client, query, variables, token=token, operation_name=name)
    assert "errors" not in body, body
    case.check(body["data"], world)
    queries.assert_at_most(case.budget, f"example {name}")
