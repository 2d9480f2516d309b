"""Statuses as Pleroma's admin API shows them (``AdminAPI.StatusView``). Pure: views -> dicts.

The Mastodon Status (:func:`render_status`) with its top-level ``account`` replaced by
the merged admin account (Mastodon Account + admin view: email, roles, flags), as the
admin lists and ``GET /api/pleroma/admin/statuses/:id`` answer. A reblog's inner status
keeps the plain account, as in Pleroma. Admin routes only: the merged view carries the
author's email address.
"""

from __future__ import annotations

from typing import Any

from rest_compat.render.account import AccountMemo, fresh_copy
from rest_compat.render.admin_account import render_merged_account
from rest_compat.render.status import render_status
from schema.instance import InstancePolicy
from schema.services.status_views import StatusView


def render_admin_statuses(
    policy: InstancePolicy, views: list[StatusView], *, viewer: Any = None
) -> list[dict[str, Any]]:
    """The admin view of each hydrated status, order kept; each author rendered once."""
    accounts = AccountMemo(policy, viewer)
    merged: dict[str, dict[str, Any]] = {}
    out = []
    for view in views:
        body = render_status(policy, view, viewer=viewer, accounts=accounts)
        author = view.account
        if author.id in merged:
            body["account"] = fresh_copy(merged[author.id])
        else:
            body["account"] = merged[author.id] = render_merged_account(policy, author, viewer)
        out.append(body)
    return out


def render_admin_status(
    policy: InstancePolicy, view: StatusView, *, viewer: Any = None
) -> dict[str, Any]:
    """The admin view of one hydrated status."""
    return render_admin_statuses(policy, [view], viewer=viewer)[0]
