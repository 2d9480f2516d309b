"""Attack the privacy of private and direct statuses through every read and write path.

A scene with secrets (a private status, a direct one, a direct reply, a private reply in
a public thread), favourited, bookmarked and reblog-attempted by those allowed to. Then
each attacker (anonymous, the stranger eve, mallory whom alice blocks, and bob, alice's
follower, for the direct ones) sweeps every REST endpoint and every GraphQL field that
lists or embeds statuses (a list of their own holding the secrets' authors included), and
tries every action. No response body may carry a secret's
text or id. The owner runs the same sweep first, proving it really reaches the secrets.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson
import pytest
from strawberry.relay import to_base64

from models.accounts import Account
from tests.graphql.conftest import gql

PRIVATE = "SECRET-PRIVATE"
DIRECT = "SECRET-DIRECT"
DM_REPLY = "SECRET-DM-REPLY"
PRIVATE_REPLY = "SECRET-PRIV-REPLY"
ALL_SECRETS = (PRIVATE, DIRECT, DM_REPLY, PRIVATE_REPLY)
DIRECT_SECRETS = (DIRECT, DM_REPLY)

GQL_STATUS = "restId content reblog { restId content } inReplyTo { restId content }"
GQL_SWEEP = """
query sweep($ids: [String!]!, $pub: String!, $alice: String!, $carol: String!,
            $bob: String!) {
  statuses(restIds: $ids) { FIELDS }
  statusContext(restId: $pub) { ancestors { FIELDS } descendants { FIELDS } }
  homeTimeline(first: 40) { nodes { FIELDS } }
  publicTimeline(first: 40) { nodes { FIELDS } }
  localTimeline: publicTimeline(first: 40, local: true) { nodes { FIELDS } }
  tagTimeline(tag: "leak", first: 40) { nodes { FIELDS } }
  aliceStatuses: accountStatuses(accountRestId: $alice, first: 40) { nodes { FIELDS } }
  carolStatuses: accountStatuses(accountRestId: $carol, first: 40) { nodes { FIELDS } }
  carolFavourites: accountFavourites(accountRestId: $carol, first: 40) { nodes { FIELDS } }
  bobFavourites: accountFavourites(accountRestId: $bob, first: 40) { nodes { FIELDS } }
  status(restId: $pub) { FIELDS favouritedBy { nodes { restId } } repliesCount }
  search(q: "SECRET", limit: 40) { statuses { FIELDS } }
  tagSearch: search(q: "leak", limit: 40, accountRestId: $alice) { statuses { FIELDS } }
}
""".replace("FIELDS", GQL_STATUS)
GQL_VIEWER_LISTS = """
query mine { favourites(first: 40) { nodes { FIELDS } } bookmarks(first: 40) { nodes { FIELDS } }
  notifications(first: 40, withMuted: true) { nodes { status { FIELDS } } } }
""".replace("FIELDS", GQL_STATUS)
GQL_LIST = """
query list($id: ID!) { listTimeline(id: $id, first: 40, withMuted: true) { nodes { FIELDS } } }
""".replace("FIELDS", GQL_STATUS)
GQL_ACT = """
mutation act($i: StatusActionInput!) {
  statusFavourite(input: $i) { status { FIELDS } userErrors { code message } }
  statusReblog(input: $i) { status { FIELDS } userErrors { code message } }
  statusBookmark(input: $i) { status { FIELDS } userErrors { code message } }
  statusPin(input: $i) { status { FIELDS } userErrors { code message } }
  statusMute(input: $i) { status { FIELDS } userErrors { code message } }
}
""".replace("FIELDS", GQL_STATUS)


async def scene(rw) -> dict[str, Any]:
    pub = await rw.post("alice", "public root #leak")
    secrets = {
        PRIVATE: await rw.post("alice", f"{PRIVATE} #leak", visibility="private"),
        DIRECT: await rw.post("alice", f"@carol {DIRECT} #leak", visibility="direct"),
        PRIVATE_REPLY: await rw.post(
            "alice", f"{PRIVATE_REPLY} #leak", visibility="private", in_reply_to_id=pub["id"]
        ),
    }
    secrets[DM_REPLY] = await rw.post(
        "carol", f"{DM_REPLY} #leak", in_reply_to_id=secrets[DIRECT]["id"]
    )
    await rw.act("carol", secrets[DIRECT]["id"], "favourite")
    await rw.act("carol", secrets[DIRECT]["id"], "bookmark")
    await rw.act("bob", secrets[PRIVATE]["id"], "favourite")
    await rw.act("bob", secrets[PRIVATE]["id"], "bookmark")
    await Account.filter(id__in=[rw.id("carol"), rw.id("bob")]).update(hide_favorites=False)
    return {"pub": pub, "secrets": secrets}


def rest_paths(rw, world: dict[str, Any]) -> list[str]:
    ids = [s["id"] for s in world["secrets"].values()]
    alice, carol, bob = rw.id("alice"), rw.id("carol"), rw.id("bob")
    paths = [
        "/api/v1/statuses?" + "&".join(f"ids[]={i}" for i in ids),
        f"/api/v1/statuses/{world['pub']['id']}/context",
        f"/api/v1/statuses/{world['pub']['id']}",
        "/api/v1/timelines/public?limit=40",
        "/api/v1/timelines/public?local=true&limit=40",
        "/api/v1/timelines/tag/leak?limit=40",
        f"/api/v1/accounts/{alice}/statuses?limit=40",
        f"/api/v1/accounts/{carol}/statuses?limit=40",
        f"/api/v1/pleroma/accounts/{carol}/favourites",
        f"/api/v1/pleroma/accounts/{bob}/favourites",
        f"/api/pleroma/accounts/{carol}/favourites",
        "/api/v2/search?q=SECRET&limit=40",
        "/api/v1/search?q=leak&limit=40",
        f"/api/v2/search?q=leak&account_id={alice}&limit=40",
    ]
    for secret in world["secrets"].values():
        # type=statuses: the hashtags a URL query makes echo its last segment, the id
        for address in (secret["url"], secret["uri"]):
            paths.append("/api/v2/search?type=statuses&q=" + quote(address, safe=""))
    for sid in ids:
        paths += [
            f"/api/v1/statuses/{sid}",
            f"/api/v1/statuses/{sid}/context",
            f"/api/v1/statuses/{sid}/favourited_by",
            f"/api/v1/statuses/{sid}/reblogged_by",
        ]
    return paths


USER_PATHS = (
    "/api/v1/timelines/home?limit=40", "/api/v1/favourites", "/api/v1/bookmarks",
    "/api/v1/notifications?limit=40&with_muted=true",
)
ACTIONS = ("favourite", "reblog", "bookmark", "pin", "mute", "unfavourite", "unreblog")


async def sweep(rw, client, world: dict[str, Any], who: str | None) -> str:
    """Every response body an attacker can get, concatenated."""
    bodies: list[str] = []
    paths = rest_paths(rw, world) + (list(USER_PATHS) if who else [])
    if who:  # a list of the attacker's own holding the secrets' authors
        made = await rw.call("POST", "/api/v1/lists", who, json={"title": "sweep"})
        authors = [rw.id("alice"), rw.id("carol")]
        path = f"/api/v1/lists/{made['id']}/accounts"
        await rw.call("POST", path, who, json={"account_ids": authors})
        paths.append(f"/api/v1/timelines/list/{made['id']}?limit=40&with_muted=true")
    for path in paths:
        response = await client.get(path, headers=rw.headers(who))
        assert response.status < 500, (path, response.status)
        bodies.append(await response.text())
    ids = [s["id"] for s in world["secrets"].values()]
    variables = {
        "ids": ids,
        "pub": world["pub"]["id"],
        "alice": rw.id("alice"),
        "carol": rw.id("carol"),
        "bob": rw.id("bob"),
    }
    token = rw.tokens[who] if who else None
    body = await gql(client, GQL_SWEEP, variables, token=token)
    bodies.append(orjson.dumps(body).decode())
    for sid in ids:
        node = await gql(
            client,
            "query n($id: ID!) { node(id: $id) { id ... on Status { FIELDS } } }".replace(
                "FIELDS", GQL_STATUS
            ),
            {"id": to_base64("Status", sid)},
            token=token,
        )
        bodies.append(orjson.dumps(node).decode())
    if who:
        bodies.append(orjson.dumps(await gql(client, GQL_VIEWER_LISTS, token=token)).decode())
        listed = await gql(client, GQL_LIST, {"id": made["id"]}, token=token)
        assert "errors" not in listed, listed
        bodies.append(orjson.dumps(listed).decode())
    return "\n".join(bodies)


async def attempt_actions(rw, client, world, who: str | None, secrets: tuple[str, ...]) -> str:
    """Try every action on the secrets over REST and GraphQL; the bodies, concatenated."""
    bodies = []
    for name in secrets:
        sid = world["secrets"][name]["id"]
        for action in ACTIONS:
            response = await client.post(
                f"/api/v1/statuses/{sid}/{action}", headers=rw.headers(who)
            )
            assert response.status >= 400, (who, name, action, response.status)
            bodies.append(await response.text())
        token = rw.tokens[who] if who else None
        answer = await gql(
            client, GQL_ACT, {"i": {"statusId": to_base64("Status", sid)}}, token=token
        )
        bodies.append(orjson.dumps(answer).decode())
    return "\n".join(bodies)


def leaks(text: str, world: dict[str, Any], secrets: tuple[str, ...]) -> list[str]:
    found = [name for name in secrets if name in text]
    found += [f"id of {name}" for name in secrets if world["secrets"][name]["id"] in text]
    return found


async def test_the_sweep_reaches_every_secret_for_those_allowed(rw, client):
    world = await scene(rw)
    as_alice = await sweep(rw, client, world, "alice")
    assert set(leaks(as_alice, world, ALL_SECRETS)) >= set(ALL_SECRETS)
    as_bob = await sweep(rw, client, world, "bob")
    assert PRIVATE in as_bob and PRIVATE_REPLY in as_bob


@pytest.mark.parametrize(
    ("who", "secrets"),
    [
        (None, ALL_SECRETS),
        ("eve", ALL_SECRETS),
        ("mallory", ALL_SECRETS),
        ("bob", DIRECT_SECRETS),
    ],
)
async def test_no_secret_leaks_to_an_attacker(rw, client, who, secrets):
    world = await scene(rw)
    statuses_before = (await Account.get(id=rw.id("alice"))).statuses_count
    seen = await sweep(rw, client, world, who)
    assert leaks(seen, world, secrets) == [], who
    acted = await attempt_actions(rw, client, world, who, secrets)
    assert leaks(acted, world, secrets) == [], who
    # nothing the attacker tried changed a counter the owner sees
    for name in secrets:
        owner = "carol" if name == DM_REPLY else "alice"
        shown = await rw.call("GET", f"/api/v1/statuses/{world['secrets'][name]['id']}", owner)
        original = world["secrets"][name]
        assert shown["reblogs_count"] == original["reblogs_count"] == 0, name
        expected_favs = 1 if name in (DIRECT, PRIVATE) else 0
        assert shown["favourites_count"] == expected_favs, name
    assert (await Account.get(id=rw.id("alice"))).statuses_count == statuses_before
    # a private reply is not counted on the public thread it answers
    pub = await rw.call("GET", f"/api/v1/statuses/{world['pub']['id']}", "eve")
    assert pub["replies_count"] == 0
