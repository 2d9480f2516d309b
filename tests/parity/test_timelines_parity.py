"""Parity: every REST timeline and its GraphQL twin list the same statuses, same order."""

from __future__ import annotations

import pytest

from models.accounts import Account
from tests.graphql.conftest import gql
from tests.statuses.conftest import build_rest_world

PAIRS = [
    ("/api/v1/timelines/home", "homeTimeline", "", True),
    ("/api/v1/timelines/public", "publicTimeline", "", False),
    ("/api/v1/timelines/public?local=true", "publicTimeline", "(local: true)", False),
    ("/api/v1/timelines/tag/parity", "tagTimeline", '(tag: "parity")', False),
    ("/api/v1/accounts/{alice}/statuses", "accountStatuses", '(accountRestId: "{alice}")', False),
    ("/api/v1/favourites", "favourites", "", True),
    ("/api/v1/bookmarks", "bookmarks", "", True),
    (
        "/api/v1/pleroma/accounts/{bob}/favourites",
        "accountFavourites",
        '(accountRestId: "{bob}")',
        False,
    ),
]


async def scene(rw):
    """Posts of every visibility, a reply, a reblog, favourites and bookmarks."""
    made = [
        await rw.post("alice", "public #parity"),
        await rw.post("alice", "unlisted #parity", visibility="unlisted"),
        await rw.post("alice", "private #parity", visibility="private"),
        await rw.post("alice", "direct @bob #parity", visibility="direct"),
        await rw.post("alice", "local #parity", visibility="local"),
        await rw.post("eve", "stranger #parity"),
    ]
    await rw.post("bob", "reply", in_reply_to_id=made[0]["id"])
    await rw.act("bob", made[0]["id"], "reblog")
    for status in made[:4]:
        await rw.act("bob", status["id"], "favourite")
        await rw.act("bob", status["id"], "bookmark")
    await Account.filter(id=rw.id("bob")).update(hide_favorites=False)


@pytest.mark.parametrize(("rest_path", "field", "args", "needs_user"), PAIRS)
async def test_timeline_parity_for_every_viewer(client, policy, rest_path, field, args, needs_user):
    rw = await build_rest_world(client, policy)
    await scene(rw)
    names = {"alice": rw.id("alice"), "bob": rw.id("bob")}
    path = rest_path.format(**names)
    query = "{ " + field + args.format(**names) + " { nodes { restId visibility } } }"
    viewers = (
        ("alice", "bob", "eve", "mallory")
        if needs_user
        else ("alice", "bob", "eve", "mallory", None)
    )
    for who in viewers:
        rest = await rw.call("GET", path, who)
        token = rw.tokens[who] if who else None
        body = await gql(client, query, token=token)
        assert "errors" not in body, (who, body)
        got = [(n["restId"], n["visibility"].lower()) for n in body["data"][field]["nodes"]]
        assert got == [(s["id"], s["visibility"]) for s in rest], (who, path)
