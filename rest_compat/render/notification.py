"""Mastodon ``Notification`` as Pleroma renders it (reference Appendix A.4). Pure.

``{id, type, created_at, account, status (types with one), report (``pleroma:report``),
pleroma: {is_seen, is_muted}}``; the account and the status go through the Account and
Status renderers, the report through the admin Report renderer, with one
:class:`~rest_compat.render.account.AccountMemo` per answer so that an actor or author
appearing on several notifications is rendered once.
"""

from __future__ import annotations

from typing import Any

from rest_compat.render.account import AccountMemo, iso_datetime
from rest_compat.render.report import render_report
from rest_compat.render.status import render_status
from schema.instance import InstancePolicy
from schema.services.notifications import STATUS_TYPES, NotificationView


def render_notification(
    policy: InstancePolicy,
    view: NotificationView,
    *,
    viewer: Any = None,
    accounts: AccountMemo | None = None,
) -> dict[str, Any]:
    """The Notification of ``view`` as its recipient (``viewer``) sees it."""
    if accounts is None:
        accounts = AccountMemo(policy, viewer)
    row = view.notification
    body: dict[str, Any] = {
        "id": row.id,
        "type": row.type,
        "created_at": iso_datetime(row.created_at),
        "account": accounts.render(view.account),
    }
    if row.type in STATUS_TYPES and view.status is not None:
        body["status"] = render_status(policy, view.status, viewer=viewer, accounts=accounts)
    if view.report is not None:
        body["report"] = render_report(policy, view.report, viewer=viewer)
    body["pleroma"] = {"is_seen": bool(row.seen), "is_muted": bool(view.is_muted)}
    return body


def render_notifications(
    policy: InstancePolicy, views: list[NotificationView], *, viewer: Any = None
) -> list[dict[str, Any]]:
    """:func:`render_notification` over a hydrated page, order kept."""
    accounts = AccountMemo(policy, viewer)
    return [
        render_notification(policy, view, viewer=viewer, accounts=accounts) for view in views
    ]
