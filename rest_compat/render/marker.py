"""Mastodon's ``Marker`` map, with Pleroma's ``pleroma.unread_count`` on the
notifications marker. Pure: views -> dict."""

from __future__ import annotations

from typing import Any

from rest_compat.render.account import iso_datetime
from schema.services.markers import MarkerView


def render_marker(view: MarkerView) -> dict[str, Any]:
    """``{last_read_id, version, updated_at}`` (+ ``pleroma.unread_count`` for
    notifications)."""
    body: dict[str, Any] = {
        "last_read_id": view.last_read_id,
        "version": view.version,
        "updated_at": iso_datetime(view.updated_at),
    }
    if view.unread_count is not None:
        body["pleroma"] = {"unread_count": view.unread_count}
    return body


def render_markers(views: list[MarkerView]) -> dict[str, Any]:
    """``{timeline: Marker}`` for the timelines that have a marker."""
    return {view.timeline: render_marker(view) for view in views}
