"""The moderation log as Pleroma's admin API shows it (``ModerationLogView``). Pure."""

from __future__ import annotations

from typing import Any


def render_log_entry(entry: Any) -> dict[str, Any]:
    """``{id, data, time, message}``: ``time`` in Unix seconds, ``data`` as stored
    (Pleroma's map: ``actor``, ``action``, the subjects, the action's own keys, ``message``)."""
    return {
        "id": entry.id,
        "data": entry.data,
        "time": int(entry.created_at.timestamp()),
        "message": entry.message,
    }


def render_log_page(page: Any) -> dict[str, Any]:
    """``{"items": [...], "total": N}`` for a :class:`~schema.services.moderation_log.LogPage`
    (Pleroma 2.0's bare list became this object in 2.1)."""
    return {"items": [render_log_entry(e) for e in page.entries], "total": page.total}
