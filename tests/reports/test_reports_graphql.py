"""GraphQL specifics of reports: node lookups are for admins only, and a user's
notifications never carry a report."""

from __future__ import annotations

from strawberry.relay import to_base64

from tests.graphql.conftest import gql
from tests.reports.conftest import file_report

NODE = "query n($id: ID!) { node(id: $id) { ... on Report { restId state } } }"


async def test_report_nodes_resolve_for_admins_only(aw):
    report = await file_report(aw, "bob", "mallory", comment="spam")
    gid = to_base64("Report", report["id"])
    body = await gql(aw.client, NODE, {"id": gid}, token=aw.tokens["root"])
    assert body["data"]["node"] == {"restId": report["id"], "state": "OPEN"}
    for who in ("bob", "mallory", "mod", "root_noscope"):
        body = await gql(aw.client, NODE, {"id": gid}, token=aw.tokens[who])
        assert body["data"]["node"] is None, who
    body = await gql(aw.client, NODE, {"id": gid})
    assert body["data"]["node"] is None


async def test_a_refusal_is_an_error_not_just_a_null(aw):
    await file_report(aw, "bob", "mallory")
    query = "{ adminReport(id: \"x\") { restId } }"
    body = await gql(aw.client, query, token=aw.tokens["bob"])
    assert body["data"] == {"adminReport": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "NOT_ADMIN"
    body = await gql(aw.client, query, token=aw.tokens["root"])
    assert body == {"data": {"adminReport": None}}
