"""Pleroma's admin view of an account (``AdminAPI.AccountView``). Pure: row -> dict.

Shown only on admin routes: it carries the email address, the roles, the admin-set tags
and the moderation flags. Both generations of flag names are written: 2.0's
``deactivated`` / ``confirmation_pending`` / ``approval_pending`` and 2.3's ``is_active``
/ ``is_confirmed`` / ``is_approved``, so old and new admin front ends read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_compat.render.account import iso_datetime, render_account
from schema.instance import InstancePolicy
from schema.services import accounts as accounts_service
from schema.services import formatting
from schema.services import profile as profile_service


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


def render_admin_users(policy: InstancePolicy, accounts: Iterable[Any]) -> dict[str, Any]:
    """``{"users": [...]}`` (activate, deactivate, approve)."""
    return {"users": [render_admin_account(policy, a) for a in accounts]}


def render_user_page(policy: InstancePolicy, page: Any) -> dict[str, Any]:
    """``GET /admin/users``: ``{"users", "count", "page_size"}``."""
    return {
        "users": [render_admin_account(policy, a) for a in page.users],
        "count": page.count,
        "page_size": page.page_size,
    }


def render_created(account: Any) -> dict[str, Any]:
    """One entry of ``POST /admin/users``'s answer."""
    return {
        "type": "success",
        "code": 200,
        "data": {"nickname": account.nickname, "email": account.email},
    }


def render_refused(entries: Iterable[Any]) -> list[dict[str, Any]]:
    """``POST /admin/users``'s 409 list: every entry, with its ``error`` (``""`` when
    it is not at fault). Pleroma lists them last first (the order its transaction
    keeps its steps in), and so does this."""
    return [
        {
            "type": "error",
            "code": 409,
            "error": entry.error,
            "data": {"nickname": entry.nickname, "email": entry.email},
        }
        for entry in reversed(list(entries))
    ]


def render_permission_groups(account: Any) -> dict[str, bool]:
    """``GET .../permission_group``: the account's two roles."""
    return {"is_admin": bool(account.is_admin), "is_moderator": bool(account.is_moderator)}


def render_admin_credentials(policy: InstancePolicy, account: Any) -> dict[str, Any]:
    """``GET /admin/users/:nickname/credentials``: what an admin may edit.

    ``bio`` is the bio as typed (what ``PATCH .../credentials`` takes back), ``fields``
    the profile fields as HTML and ``raw_fields`` as typed. ``locked`` /
    ``discoverable`` are written under their 2.3 names (``is_locked``,
    ``is_discoverable``) too.
    """
    stored = account.fields_json if isinstance(account.fields_json, list) else []
    items = [item for item in stored if isinstance(item, dict)]
    return {
        "id": account.id,
        "nickname": accounts_service.acct(policy, account),
        "email": account.email,
        "name": account.display_name or account.nickname,
        "bio": account.bio or "",
        "fields": [
            {
                "name": str(i.get("name", "")),
                "value": str(i.get("value_html") or i.get("value", "")),
            }
            for i in items
        ],
        "raw_fields": [
            {"name": str(i.get("name", "")), "value": str(i.get("value", ""))} for i in items
        ],
        "locked": bool(account.locked),
        "is_locked": bool(account.locked),
        "discoverable": bool(account.discoverable),
        "is_discoverable": bool(account.discoverable),
        "no_rich_text": bool(account.no_rich_text),
        "default_scope": account.default_scope,
        "hide_follows": bool(account.hide_follows),
        "hide_followers": bool(account.hide_followers),
        "hide_follows_count": bool(account.hide_follows_count),
        "hide_followers_count": bool(account.hide_followers_count),
        "hide_favorites": bool(account.hide_favorites),
        "show_role": bool(account.show_role),
        "allow_following_move": bool(profile_service.setting(account, "allow_following_move")),
        "skip_thread_containment": bool(
            profile_service.setting(account, "skip_thread_containment")
        ),
        "pleroma_settings_store": profile_service.settings_store(account),
        "actor_type": account.actor_type,
        "avatar": accounts_service.avatar_url(policy, account),
        "banner": accounts_service.header_url(policy, account),
        "background": accounts_service.background_url(policy, account),
    }
