"""Pleroma's admin view of an account (``AdminAPI.AccountView``). Pure: row -> dict.

Shown only on admin routes: it carries the email address, the roles, the admin-set tags
and the moderation flags. Both generations of flag names are written: 2.0's
``deactivated`` / ``confirmation_pending`` / ``approval_pending`` and 2.3's ``is_active``
/ ``is_confirmed`` / ``is_approved``, so old and new admin front ends read them.
"""

from __future__ import annotations

from typing import Any

from rest_compat.render.account import iso_datetime, render_account
from schema.instance import InstancePolicy
from schema.services import accounts as accounts_service
from schema.services import formatting


def render_admin_account(policy: InstancePolicy, account: Any) -> dict[str, Any]:
    """The admin list/show entry of ``account`` (``GET /api/pleroma/admin/users``)."""
    name = account.display_name or account.nickname
    return {
        "id": account.id,
        "email": account.email,
        "avatar": accounts_service.avatar_url(policy, account),
        "nickname": accounts_service.acct(policy, account),
        "display_name": formatting.html_to_text(name),
        "deactivated": not account.is_active,
        "is_active": bool(account.is_active),
        "local": bool(account.local),
        "roles": {"admin": bool(account.is_admin), "moderator": bool(account.is_moderator)},
        "tags": list(account.tags) if isinstance(account.tags, list) else [],
        "confirmation_pending": not account.is_confirmed,
        "is_confirmed": bool(account.is_confirmed),
        "approval_pending": not account.is_approved,
        "is_approved": bool(account.is_approved),
        "url": account.url or account.uri,
        "registration_reason": account.registration_reason,
        "actor_type": account.actor_type,
        "created_at": iso_datetime(account.created_at),
    }


def render_merged_account(policy: InstancePolicy, account: Any, viewer: Any = None) -> dict:
    """Mastodon's Account with the admin view laid over it (Pleroma's
    ``merge_account_views``), as reports show their reporter and target."""
    merged = render_account(policy, account, viewer=viewer)
    merged.update(render_admin_account(policy, account))
    return merged
