"""Run every ``graphql_examples/*.graphql`` over HTTP against the fixture world.

Each example has a :class:`Case`: who runs it, settings it needs, variables that depend on
the world, checks on the data (real values, not just "no errors") and an SQL statement
budget counted with :mod:`tests.querycount`. A file without a case fails the suite, so no
example goes unexecuted.

An example can instead describe its own case in ``<name>.expect.json`` (so engineers adding
capabilities need not edit this file)::

    {"token": "alice_token", "budget": 3, "settings": {"captcha_enabled": true},
     "variables": {"id": "$gid:Account:bob"},
     "expect": {"account": {"username": "bob", "restId": "$id:bob"}}}

``expect`` must be contained in the returned data (dicts compared key by key, lists item
by item); ``$id:<nickname>`` and ``$gid:<Type>:<nickname>`` are replaced with the world's
REST id / global id of that account, in ``variables`` and ``expect`` alike.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from strawberry.relay import to_base64

from app.main import create_app
from rest_compat.routes import ROUTES
from rest_compat.runtime import EXTRAS
from tests.admin_statuses import graphql_cases as admin_status_cases
from tests.admin_users import graphql_cases as admin_user_cases
from tests.conversations import graphql_cases as conversation_cases
from tests.emoji import graphql_cases as emoji_cases
from tests.graphql.conftest import World, build_world, gql, gql_upload
from tests.invites import graphql_cases as invite_cases
from tests.lists import graphql_cases as list_cases
from tests.markers import graphql_cases as marker_cases
from tests.media import graphql_cases as media_cases
from tests.notifications import graphql_cases as notification_cases
from tests.password_reset import graphql_cases as password_reset_cases
from tests.profile import graphql_cases as profile_cases
from tests.querycount import count_queries
from tests.relationships import graphql_cases as relationship_cases
from tests.reports import graphql_cases as report_cases
from tests.search import graphql_cases as search_cases
from tests.statuses import graphql_cases as status_cases
from tests.streaming import graphql_cases as streaming_cases
from tests.streaming.wsclient import graphql_subscription
from tests.timelines import graphql_cases as timeline_cases

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
    # async (client, world) -> variables: data the example needs, made before counting SQL
    prepare: Callable[[Any, World], Awaitable[dict[str, Any]]] | None = None
    # variable path -> (filename, bytes, content type): send as a multipart upload
    files: Callable[[], dict[str, tuple[str, bytes, str]]] | None = None
    # a subscription: async (client, world) that makes the event, once it is subscribed;
    # the first ``next`` payload is then checked like a query's answer
    trigger: Callable[[Any, World], Awaitable[None]] | None = None


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
    # the world made its follows without events; test_own_counts moves the counters
    assert data["viewerCounts"] == {
        "followRequests": 0, "unreadConversations": 0, "unreadNotifications": 0,
    }


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
    assert instance["uri"] == "https://plenum.example"
    assert instance["domain"] == "plenum.example"
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
    "viewer": Case(check_viewer, budget=2, token="alice_token"),
    "accountLookup": Case(check_account_lookup, budget=1),
    "account": Case(check_account, budget=1),
    "captcha": Case(check_captcha, budget=0, settings={"captcha_enabled": True}),
    "instance": Case(check_instance, budget=8),
    "health": Case(check_health, budget=1),
    "mediaUpload": Case(
        media_cases.check_media_upload, budget=2, token="alice_token",
        files=media_cases.upload_files,
    ),
    "media": Case(
        media_cases.check_media, budget=2, token="alice_token",
        prepare=media_cases.prepare_media,
    ),
    "mediaUpdate": Case(
        media_cases.check_media_update, budget=3, token="alice_token",
        prepare=media_cases.prepare_media_update,
    ),
    "node": Case(
        check_node,
        budget=1,
        variables=lambda w: {
            "first": to_base64("Account", w.accounts["alice"].id),
            "second": to_base64("Account", w.accounts["bob"].id),
        },
    ),
}
CASES.update({name: Case(**kw) for name, kw in admin_user_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in admin_status_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in conversation_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in emoji_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in invite_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in list_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in marker_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in notification_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in password_reset_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in profile_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in relationship_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in report_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in search_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in status_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in streaming_cases.CASES.items()})
CASES.update({name: Case(**kw) for name, kw in timeline_cases.CASES.items()})


def _resolve(value: Any, world: World) -> Any:
    """Replace ``$id:`` / ``$gid:`` placeholders with the world's ids."""
    if isinstance(value, dict):
        return {k: _resolve(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, world) for v in value]
    if isinstance(value, str) and value.startswith("$id:"):
        return world.accounts[value[4:]].id
    if isinstance(value, str) and value.startswith("$gid:"):
        type_name, nickname = value[5:].split(":", 1)
        return to_base64(type_name, world.accounts[nickname].id)
    return value


def _contains(actual: Any, expected: Any, where: str = "data") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} missing"
            _contains(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (
            f"{where}: expected {len(expected)} items, got {actual!r}"
        )
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            _contains(a, e, f"{where}[{i}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def case_from_file(name: str) -> Case | None:
    """The case an ``<name>.expect.json`` file declares, if there is one."""
    path = EXAMPLES / f"{name}.expect.json"
    if not path.exists():
        return None
    spec = json.loads(path.read_text())
    expect = spec["expect"]
    assert expect, f"{path.name}: 'expect' must check some data"

    def check(data: dict[str, Any], world: World) -> None:
        _contains(data, _resolve(expect, world))

    variables = spec.get("variables")
    return Case(
        check,
        budget=int(spec["budget"]),
        token=spec.get("token"),
        settings=spec.get("settings", {}),
        variables=(lambda w: _resolve(variables, w)) if variables else None,
    )


def case_for(name: str) -> Case:
    case = CASES.get(name) or case_from_file(name)
    assert case is not None, f"{name}: add a Case to CASES or a {name}.expect.json"
    return case


def test_every_example_has_a_case():
    assert EXAMPLE_NAMES, "no examples found"
    for name in EXAMPLE_NAMES:
        case_for(name)
    assert set(CASES) <= set(EXAMPLE_NAMES), "cases for examples that do not exist"


def test_expect_files_check_what_they_say():
    world = World(accounts={"bob": type("Row", (), {"id": "B0B"})()})
    expected = _resolve({"a": {"b": [1, {"c": "$id:bob"}]}}, world)
    _contains({"a": {"b": [1, {"c": "B0B"}]}, "x": 1}, expected)
    with pytest.raises(AssertionError):
        _contains({"a": {"b": 2}}, {"a": {"b": 3}})
    with pytest.raises(AssertionError):
        _contains({"a": [1]}, {"a": [1, 2]})
    assert _resolve("$gid:Account:bob", world) == to_base64("Account", "B0B")


def test_every_example_a_route_names_exists():
    referenced = {r.graphql for r in ROUTES if r.graphql}
    missing = sorted(referenced - set(EXAMPLE_NAMES))
    assert not missing, f"routes reference examples that do not exist: {missing}"


def test_every_example_is_referenced_or_documented():
    referenced = {r.graphql for r in ROUTES if r.graphql}
    readme = (EXAMPLES / "README.md").read_text()
    documented = set(re.findall(r"^- `(\w+)`", readme, re.MULTILINE))
    orphans = sorted(set(EXAMPLE_NAMES) - referenced - documented)
    assert not orphans, f"examples neither referenced by a route nor in README.md: {orphans}"
    for route in ROUTES:
        assert route.graphql or route.no_graphql_because, f"{route.method} {route.path}"


def test_every_example_is_one_named_operation_named_like_its_file():
    for name in EXAMPLE_NAMES:
        text = (EXAMPLES / f"{name}.graphql").read_text()
        names = re.findall(r"^(?:query|mutation|subscription)\s+(\w+)", text, re.MULTILINE)
        assert names == [name], f"{name}.graphql declares {names}"
        variables = EXAMPLES / f"{name}.json"
        if variables.exists():
            assert isinstance(json.loads(variables.read_text()), dict)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
async def test_example(name, settings, policy, aiohttp_client):
    # ``settings`` (and so the database) comes before ``aiohttp_client``: teardown then
    # shuts the app down before the database is emptied.
    case = case_for(name)
    app_settings = dataclasses.replace(settings, **case.settings)
    client = await aiohttp_client(create_app(app_settings))
    world = await build_world(app_settings.policy())
    query = (EXAMPLES / f"{name}.graphql").read_text()
    variables_file = EXAMPLES / f"{name}.json"
    variables = json.loads(variables_file.read_text()) if variables_file.exists() else None
    if case.variables is not None:
        variables = {**(variables or {}), **case.variables(world)}
    if case.prepare is not None:
        variables = {**(variables or {}), **await case.prepare(client, world)}
    token = getattr(world, case.token) if case.token else None
    is_subscription = re.search(r"^subscription\s", query, re.MULTILINE) is not None
    assert is_subscription == (case.trigger is not None), f"{name}: trigger iff subscription"
    with count_queries() as queries:
        if case.trigger is not None:
            async with graphql_subscription(
                client, query, variables, token=token, operation_name=name
            ) as subscription:
                await case.trigger(client, world)
                body = await subscription.next()
        elif case.files is not None:
            body = await gql_upload(
                client, query, variables or {}, case.files(), token=token, operation_name=name
            )
        else:
            body = await gql(client, query, variables, token=token, operation_name=name)
    assert "errors" not in body, body
    case.check(body["data"], world)
    queries.assert_at_most(case.budget, f"example {name}")
    # Background jobs (the imports) finish inside the test, not against a database that
    # teardown is already emptying (on PostgreSQL that deadlocked with TRUNCATE).
    await client.app[EXTRAS]["jobs"].join()
