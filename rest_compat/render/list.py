"""Mastodon's ``List`` entity. Pure: list row -> dict."""

from __future__ import annotations

from typing import Any


def render_list(row: Any) -> dict[str, Any]:
    """``{id, title, replies_policy, exclusive}``: Pleroma renders ``id`` and ``title``;
    Mastodon's two settings are added, as stored."""
    return {
        "id": row.id,
        "title": row.title,
        "replies_policy": row.replies_policy,
        "exclusive": bool(row.exclusive),
    }


def render_lists(rows: list[Any]) -> list[dict[str, Any]]:
    """A JSON array of lists, in the order given."""
    return [render_list(row) for row in rows]
