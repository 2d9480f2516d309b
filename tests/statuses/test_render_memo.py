"""Rendering shortcuts give exactly what a fresh rendering gives, and never stale data.

A page renders each author once (:class:`AccountMemo`) and ``pleroma.content`` comes from a
memoised :func:`html_to_text`: the page must equal the statuses rendered one by one, no
two statuses may share a mutable dict, and an edit or a profile change shows at once.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from models.accounts import Account
from rest_compat.render.account import (
    AccountMemo,
    _iso_utc,
    fresh_copy,
    iso_datetime,
    render_account,
)
from schema.services import formatting
from schema.services.formatting import html_to_text


def _containers(value: Any) -> list[Any]:
    """Every dict and list inside a rendered JSON tree (``value`` included)."""
    found = []
    if isinstance(value, dict):
        found.append(value)
        for item in value.values():
            found.extend(_containers(item))
    elif isinstance(value, list):
        found.append(value)
        for item in value:
            found.extend(_containers(item))
    return found


def _assert_disjoint(a: Any, b: Any) -> None:
    shared = {id(x) for x in _containers(a)} & {id(x) for x in _containers(b)}
    assert not shared, "two renderings share a mutable dict or list"


def test_html_to_text_memo_equals_fresh_conversion() -> None:
    fragments = [
        "<p>one<br>two<br/>three</p><p>four &amp; five</p>",
        '<p><span class="h-card"><a href="https://x.example/@a">@<span>a</span></a></span> hi</p>',
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; <script>x</script></p>",
        "plain &quot;text&quot;",
        "<p>" + "long " * 2000 + "</p>",  # over the memo's size limit: converted every time
    ]
    for fragment in fragments:
        fresh = formatting._html_to_text(fragment)
        assert html_to_text(fragment) == fresh
        assert html_to_text(fragment) == fresh  # a memo hit
    assert html_to_text("") == ""


def test_html_to_text_memo_follows_the_html() -> None:
    """Keyed by the HTML itself: an edited status (new HTML) gets its own text."""
    assert html_to_text("<p>before edit</p>") == "before edit"
    assert html_to_text("<p>after edit</p>") == "after edit"
    assert html_to_text("<p>before edit</p>") == "before edit"


def test_fresh_copy_shares_no_container() -> None:
    tree = {"a": [1, {"b": [2, 3]}], "c": {"d": {}}, "e": "text", "f": None}
    copy = fresh_copy(tree)
    assert copy == tree
    _assert_disjoint(tree, copy)


def test_iso_datetime_format() -> None:
    from datetime import UTC, datetime, timedelta, timezone

    moment = datetime(2026, 1, 2, 3, 4, 5, 678999, tzinfo=UTC)
    assert iso_datetime(moment) == "2026-01-02T03:04:05.678Z"
    assert iso_datetime(moment.replace(tzinfo=None)) == "2026-01-02T03:04:05.678Z"
    shifted = moment.astimezone(timezone(timedelta(hours=2)))
    assert iso_datetime(shifted) == "2026-01-02T03:04:05.678Z"
    assert iso_datetime(datetime(999, 5, 6, tzinfo=UTC)) == "999-05-06T00:00:00.000Z"
    assert iso_datetime(None) is None
    # Memoised: a second call (a hit, also for an equal instant in another zone) answers
    # what the plain conversion does; another instant gets its own answer.
    for value in (moment, shifted, moment.replace(tzinfo=None), moment + timedelta(hours=1)):
        assert iso_datetime(value) == _iso_utc(value)
        assert iso_datetime(value) == _iso_utc(value)
    assert iso_datetime(moment + timedelta(milliseconds=1)) == "2026-01-02T03:04:05.679Z"


async def test_account_memo_renders_once_and_hands_out_copies(db, policy) -> None:
    from schema.services import accounts

    row = await accounts.create_local_account(
        policy, nickname="memo", email="memo@example.org", password="memo-password-1"
    )
    viewer = SimpleNamespace(account_id=None, is_admin=False)
    memo = AccountMemo(policy, viewer)
    first, second = memo.render(row), memo.render(row)
    assert first == second == render_account(policy, row, viewer=viewer)
    _assert_disjoint(first, second)
    second["pleroma"]["tags"].append("mutated")
    assert memo.render(row)["pleroma"]["tags"] == []
    # Another row object for the same account (re-read after an update) is rendered anew.
    await Account.filter(id=row.id).update(display_name="Renamed")
    reread = await Account.get(id=row.id)
    assert memo.render(reread)["display_name"] == "Renamed"


async def test_timeline_page_equals_statuses_rendered_one_by_one(rw) -> None:
    """A page with a repeated author and a reblog equals the single-status answers."""
    first = await rw.post("alice", "first #tag by alice, hi @bob")
    await rw.post("alice", "second by alice <b>bold</b> https://example.org/x")
    third = await rw.post("bob", "bob here")
    await rw.act("bob", first["id"], "reblog")
    await rw.act("bob", third["id"], "favourite")
    page = await rw.call("GET", "/api/v1/timelines/home", "bob")
    assert len(page) == 4
    for status in page:
        single = await rw.call("GET", f"/api/v1/statuses/{status['id']}", "bob")
        assert status == single
    for i, a in enumerate(page):
        for b in page[i + 1 :]:
            _assert_disjoint(a, b)


async def test_page_shows_profile_and_content_changes_at_once(rw) -> None:
    """Nothing rendered outlives the request: a renamed author and edited content show."""
    posted = await rw.post("alice", "original text")
    page = await rw.call("GET", "/api/v1/timelines/home", "bob")
    assert page[0]["pleroma"]["content"]["text/plain"] == "original text"
    await Account.filter(id=rw.id("alice")).update(display_name="Alice Renamed")
    from models.statuses import Status

    await Status.filter(id=posted["id"]).update(content="<p>edited text</p>")
    page = await rw.call("GET", "/api/v1/timelines/home", "bob")
    assert page[0]["account"]["display_name"] == "Alice Renamed"
    assert page[0]["content"] == "<p>edited text</p>"
    assert page[0]["pleroma"]["content"]["text/plain"] == "edited text"
