"""Parity: REST and GraphQL show the same statuses on the same data, for the same viewer."""

from __future__ import annotations

from typing import Any

from tests.graphql.conftest import gql
from tests.statuses.conftest import RestWorld, build_rest_world

STATUS_FIELDS = """
  restId content spoilerText sensitive visibility language createdAt editedAt
  repliesCount reblogsCount favouritesCount viewerHasFavourited viewerHasReblogged
  viewerHasBookmarked viewerHasMuted viewerHasMutedThread pinned pinnedAt local
  conversationId parentVisible inReplyToAccountAcct
  account { restId acct } inReplyTo { restId } inReplyToAccount { restId }
  mentions { restId acct } tags { name url } mediaAttachments { restId }
  application { name website }
"""
QUERY = "query parity($ids: [String!]!) { statuses(restIds: $ids) { FIELDS reblog { FIELDS } } }"
QUERY = QUERY.replace("FIELDS", STATUS_FIELDS)


def from_rest(s: dict[str, Any], nested: bool = False) -> dict[str, Any]:
    """The GraphQL answer expected from a REST Status (``nested``: without ``reblog``)."""
    out = {
        "restId": s["id"],
        "content": s["content"],
        "spoilerText": s["spoiler_text"],
        "sensitive": s["sensitive"],
        "visibility": s["visibility"].upper(),
        "language": s["language"],
        "createdAt": s["created_at"],
        "editedAt": s["edited_at"],
        "repliesCount": s["replies_count"],
        "reblogsCount": s["reblogs_count"],
        "favouritesCount": s["favourites_count"],
        "viewerHasFavourited": s["favourited"],
        "viewerHasReblogged": s["reblogged"],
        "viewerHasBookmarked": s["bookmarked"],
        "viewerHasMuted": s["muted"],
        "viewerHasMutedThread": s["pleroma"]["thread_muted"],
        "pinned": s["pinned"],
        "pinnedAt": s["pleroma"]["pinned_at"],
        "local": s["pleroma"]["local"],
        "conversationId": s["pleroma"]["conversation_id"],
        "parentVisible": s["pleroma"]["parent_visible"],
        "inReplyToAccountAcct": s["pleroma"]["in_reply_to_account_acct"],
        "account": {"restId": s["account"]["id"], "acct": s["account"]["acct"]},
        # GraphQL gives no hidden parent; REST keeps its id with parent_visible false
        "inReplyTo": (
            {"restId": s["in_reply_to_id"]}
            if s["in_reply_to_id"] and s["pleroma"]["parent_visible"]
            else None
        ),
        "inReplyToAccount": (
            {"restId": s["in_reply_to_account_id"]} if s["in_reply_to_account_id"] else None
        ),
        "mentions": [{"restId": m["id"], "acct": m["acct"]} for m in s["mentions"]],
        "tags": s["tags"],
        "mediaAttachments": [{"restId": m["id"]} for m in s["media_attachments"]],
        "application": s["application"],
    }
    if not nested:
        out["reblog"] = from_rest(s["reblog"], nested=True) if s["reblog"] else None
    return out


async def scene(rw: RestWorld) -> list[str]:
    """A small world: posts, a reply, a reblog, favourites, a bookmark, a pin, a mute."""
    root = await rw.post("alice", "hello @bob #Parity", spoiler_text="cw", language="en")
    reply = await rw.post("bob", "hi back", in_reply_to_id=root["id"])
    private = await rw.post("alice", "followers only", visibility="private")
    wrapper = await rw.act("bob", root["id"], "reblog")
    await rw.act("bob", root["id"], "favourite")
    await rw.act("eve", root["id"], "favourite")
    await rw.act("bob", reply["id"], "bookmark")
    await rw.act("alice", root["id"], "pin")
    await rw.act("bob", private["id"], "mute")
    return [root["id"], reply["id"], private["id"], wrapper["id"]]


async def test_rest_and_graphql_agree_for_every_viewer(client, policy):
    rw = await build_rest_world(client, policy)
    ids = await scene(rw)
    query = "&".join(f"ids[]={i}" for i in ids)
    for who in ("alice", "bob", "eve", "mallory", None):
        rest = await rw.call("GET", f"/api/v1/statuses?{query}", who)
        token = rw.tokens[who] if who else None
        body = await gql(client, QUERY, {"ids": ids}, token=token)
        assert "errors" not in body, body
        for got, want in zip(body["data"]["statuses"], rest, strict=True):
            expected = from_rest(want)
            assert {k: v for k, v in got.items() if v != expected[k]} == {}, (who, expected)
        assert rest, who  # every viewer but one sees something; mallory sees bob's reply
    # the viewer-relative facts really differ between viewers
    as_bob = await rw.call("GET", f"/api/v1/statuses/{ids[0]}", "bob")
    as_eve = await rw.call("GET", f"/api/v1/statuses/{ids[0]}", "eve")
    assert as_bob["reblogged"] and not as_eve["reblogged"]


async def test_context_and_favourited_by_agree(client, policy):
    rw = await build_rest_world(client, policy)
    root_id, reply_id, _, _ = await scene(rw)
    rest = await rw.call("GET", f"/api/v1/statuses/{reply_id}/context", "eve")
    body = await gql(
        client,
        "query c($id: String!) { statusContext(restId: $id) { ancestors { restId } "
        "descendants { restId } } status(restId: $id) { inReplyTo { favouritedBy { "
        "nodes { restId } } } } }",
        {"id": reply_id},
        token=rw.tokens["eve"],
    )
    context = body["data"]["statusContext"]
    assert [s["restId"] for s in context["ancestors"]] == [s["id"] for s in rest["ancestors"]]
    assert [s["restId"] for s in context["descendants"]] == [
        s["id"] for s in rest["descendants"]
    ]
    rest_fav = await rw.call("GET", f"/api/v1/statuses/{root_id}/favourited_by", "eve")
    nodes = body["data"]["status"]["inReplyTo"]["favouritedBy"]["nodes"]
    assert [n["restId"] for n in nodes] == [a["id"] for a in rest_fav]
    assert len(nodes) == 2


async def test_hidden_statuses_are_null_in_graphql_like_404_in_rest(client, policy):
    rw = await build_rest_world(client, policy)
    direct = await rw.post("alice", "@carol psst", visibility="direct")
    for who in ("bob", "eve", "mallory", None):
        await rw.call("GET", f"/api/v1/statuses/{direct['id']}", who, expect=404)
        token = rw.tokens[who] if who else None
        body = await gql(
            client,
            "query h($id: String!) { status(restId: $id) { restId } "
            "statusContext(restId: $id) { ancestors { restId } } }",
            {"id": direct["id"]},
            token=token,
        )
        assert body["data"] == {"status": None, "statusContext": None}, who
        mutation = await gql(
            client,
            "mutation f($i: StatusActionInput!) { statusFavourite(input: $i) { status { restId }"
            " userErrors { code message } } }",
            {"i": {"statusId": direct["id"]}},
            token=token,
        )
        payload = mutation["data"]["statusFavourite"]
        assert payload["status"] is None
        expected = "Record not found" if who else "Invalid credentials."
        assert [e["message"] for e in payload["userErrors"]] == [expected]
