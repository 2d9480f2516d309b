"""The TwitterAPI user object of Pleroma's seed era (``POST /api/account/register``).

Rendered without a viewing user, as the seed did: relationship flags are ``false`` and
the self-only fields (``default_scope``, ``no_rich_text``) are absent. Pure: row -> dict.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from schema.instance import InstancePolicy
from schema.services import accounts as accounts_service

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def twitter_date(value: datetime) -> str:
    """Twitter's asctime-like date: ``Tue Dec 18 16:55:56 +0000 2018`` (English, UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return (
        f"{days[value.weekday()]} {months[value.month - 1]} {value.day:02d} "
        f"{value:%H:%M:%S} +0000 {value.year}"
    )


def html_to_text(fragment: str) -> str:
    """Tags stripped, ``<br>`` turned into newlines, entities decoded."""
    return html.unescape(_TAG.sub("", _BR.sub("\n", fragment or "")))


def render_twitter_user(policy: InstancePolicy, account: Any) -> dict[str, Any]:
    """The seed's user object for ``account`` (no viewer)."""
    avatar = accounts_service.avatar_url(policy, account)
    name = account.display_name or account.nickname
    fields = account.fields_json if isinstance(account.fields_json, list) else []
    body: dict[str, Any] = {
        "id": account.id,
        "screen_name": account.nickname,
        "name": name,
        "name_html": html.escape(name, quote=False),
        "description": html_to_text(account.bio_html),
        "description_html": account.bio_html,
        "created_at": twitter_date(account.created_at),
        "favourites_count": 0,
        "followers_count": accounts_service.followers_count(None, account),
        "friends_count": accounts_service.following_count(None, account),
        "statuses_count": int(account.statuses_count),
        "following": False,
        "follows_you": False,
        "statusnet_blocking": False,
        "profile_image_url": avatar,
        "profile_image_url_https": avatar,
        "profile_image_url_profile_size": avatar,
        "profile_image_url_original": avatar,
        "cover_photo": accounts_service.header_url(policy, account),
        "background_image": account.background_url,
        "statusnet_profile_url": account.uri,
        "is_local": bool(account.local),
        "locked": account.locked,
        "hide_followers": account.hide_followers,
        "hide_follows": account.hide_follows,
        "fields": [
            {"name": str(f.get("name", "")), "value": str(f.get("value", ""))}
            for f in fields
            if isinstance(f, dict)
        ],
        "pleroma": {
            "confirmation_pending": not account.is_confirmed,
            "tags": [],
            "skip_thread_containment": False,
        },
    }
    if account.show_role:
        body["role"] = accounts_service.role(account)
        body["rights"] = {
            "delete_others_notice": bool(account.is_admin or account.is_moderator),
            "admin": bool(account.is_admin),
        }
    return body
