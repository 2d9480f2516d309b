"""Mastodon ``Account`` as Pleroma renders it (reference Appendix A.1). Pure: row -> dict.

Never contains the email address, the password hash, keys or tokens. Owner-only parts
(``source``, ``pleroma.notification_settings``, unread counts...) appear only with
``for_owner=True``; ``pleroma.deactivated`` only for admin viewers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from schema.instance import InstancePolicy
from schema.services import accounts as accounts_service
from schema.services import notifications as notifications_service
from schema.services import profile as profile_service
from schema.services.own_counts import OwnCounts


def _iso_utc(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    elif value.utcoffset():
        value = value.astimezone(UTC)
    if value.year < 1000:
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    # isoformat truncates to milliseconds like ``microsecond // 1000``; drop "+00:00".
    return value.isoformat(timespec="milliseconds")[:-6] + "Z"


#: Formatting an aware datetime costs ~1.7 us (its tz offset is computed in Python);
#: the answer depends only on the instant, which is what equal datetimes share (aware
#: ones compare and hash by their UTC instant), so a bounded memo cannot go stale.
_iso_utc_memo = lru_cache(maxsize=4096)(_iso_utc)


@lru_cache(maxsize=4096)
def _utc_date(value: datetime) -> str:
    """``YYYY-MM-DD`` of ``value`` in UTC (memoised by instant like :func:`iso_datetime`)."""
    return value.astimezone(UTC).date().isoformat()


def iso_datetime(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with milliseconds (truncated) and ``Z`` (``None`` stays ``None``).

    ``2026-01-02T03:04:05.678Z``; a naive value is taken as UTC. Years before 1000 keep
    ``strftime``'s unpadded year, as this function always wrote them.
    """
    if value is None:
        return None
    return _iso_utc_memo(value)


def _fields(account: Any) -> list[dict[str, str]]:
    rows = account.fields_json if isinstance(account.fields_json, list) else []
    out = []
    for item in rows:
        if isinstance(item, dict):
            out.append({"name": str(item.get("name", "")), "value": str(item.get("value", ""))})
    return out


def _html_fields(account: Any) -> list[dict[str, Any]]:
    """Profile fields as Mastodon shows them: ``value`` is HTML when a rendered one is kept."""
    rows = account.fields_json if isinstance(account.fields_json, list) else []
    return [
        {
            "name": str(item.get("name", "")),
            "value": str(item.get("value_html") or item.get("value", "")),
            "verified_at": None,
        }
        for item in rows
        if isinstance(item, dict)
    ]


def _owner(viewer: Any, account: Any, for_owner: bool) -> bool:
    return for_owner or (viewer is not None and getattr(viewer, "account_id", None) == account.id)


def render_account(
    policy: InstancePolicy,
    account: Any,
    *,
    viewer: Any = None,
    for_owner: bool = False,
    source: bool = False,
    counts: OwnCounts | None = None,
    relationship: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The Mastodon Account of ``account`` as ``viewer`` (a ``Viewer`` or ``None``) sees it.

    ``for_owner`` forces the owner's view (``verify_credentials``); ``source`` adds the
    ``source`` object (only honoured for the owner). ``counts`` are the owner-only
    counters (zeros when not given). ``relationship`` fills
    ``pleroma.relationship`` when the caller embeds it (``{}`` otherwise).
    """
    owner = _owner(viewer, account, for_owner)
    counts = counts or OwnCounts()
    owner_viewer = viewer
    if owner and (viewer is None or getattr(viewer, "account_id", None) != account.id):
        owner_viewer = _OwnerView(account.id)
    is_admin_viewer = bool(viewer is not None and getattr(viewer, "is_admin", False))
    acct = accounts_service.acct(policy, account)
    avatar = accounts_service.avatar_url(policy, account)
    header = accounts_service.header_url(policy, account)
    bot = account.actor_type in ("Service", "Application") or bool(account.bot)
    fqn = acct if "@" in acct else f"{account.nickname}@{policy.host}"

    pleroma: dict[str, Any] = {
        "ap_id": account.uri,
        "also_known_as": [],
        "background_image": accounts_service.background_url(policy, account),
        "confirmation_pending": not account.is_confirmed,
        "approval_pending": not account.is_approved,
        "tags": list(account.tags) if isinstance(account.tags, list) else [],
        "hide_followers": account.hide_followers,
        "hide_follows": account.hide_follows,
        "hide_followers_count": account.hide_followers_count,
        "hide_follows_count": account.hide_follows_count,
        "hide_favorites": account.hide_favorites,
        "relationship": relationship or {},
        "skip_thread_containment": bool(
            profile_service.setting(account, "skip_thread_containment")
        ),
        "accepts_chat_messages": True,
        "favicon": None,
    }
    if account.show_role or owner:
        pleroma["is_admin"] = account.is_admin
        pleroma["is_moderator"] = account.is_moderator
    if is_admin_viewer:
        pleroma["deactivated"] = not account.is_active
    if owner:
        settings = account.settings if isinstance(account.settings, dict) else {}
        pleroma["notification_settings"] = notifications_service.rendered_settings(account)
        pleroma["allow_following_move"] = bool(settings.get("allow_following_move", True))
        pleroma["unread_conversation_count"] = counts.unread_conversations
        pleroma["unread_notifications_count"] = counts.unread_notifications

    body: dict[str, Any] = {
        "id": account.id,
        "username": account.nickname,
        "acct": acct,
        "fqn": fqn,
        "display_name": account.display_name or account.nickname,
        "locked": account.locked,
        "bot": bot,
        "discoverable": account.discoverable,
        "group": False,
        "created_at": iso_datetime(account.created_at),
        "note": account.bio_html,
        "url": account.url,
        "uri": account.uri,
        "avatar": avatar,
        "avatar_static": avatar,
        "header": header,
        "header_static": header,
        "emojis": [],
        "fields": _html_fields(account),
        "followers_count": accounts_service.followers_count(owner_viewer, account),
        "following_count": accounts_service.following_count(owner_viewer, account),
        "statuses_count": int(account.statuses_count),
        "last_status_at": (
            _utc_date(account.last_status_at) if account.last_status_at is not None else None
        ),
        "pleroma": pleroma,
    }
    if owner:
        body["follow_requests_count"] = counts.follow_requests
    if owner and source:
        body["source"] = {
            "note": account.bio,
            "sensitive": bool(profile_service.setting(account, "sensitive")),
            "fields": _fields(account),
            "privacy": account.default_scope,
            "language": profile_service.setting(account, "language"),
            "follow_requests_count": counts.follow_requests,
            "pleroma": {
                "discoverable": account.discoverable,
                "actor_type": account.actor_type,
                "show_role": account.show_role,
                "no_rich_text": account.no_rich_text,
            },
        }
        pleroma["settings_store"] = profile_service.settings_store(account)
    return body


def fresh_copy(value: Any) -> Any:
    """A copy of a rendered JSON tree sharing no dict or list with ``value``.

    Leaves (strings, numbers, ``None``) are immutable and shared. Used to hand out a
    memoised rendering more than once while keeping every answer independently mutable.
    """
    kind = type(value)
    if kind is dict:
        out = value.copy()
        for key, item in out.items():
            if type(item) is dict or type(item) is list:
                out[key] = fresh_copy(item)
        return out
    if kind is list:
        return [fresh_copy(item) if type(item) in _CONTAINERS else item for item in value]
    return value


_CONTAINERS = (dict, list)


class AccountMemo:
    """Renders each account once per page (one :func:`render_account` call per author).

    Scoped to one rendering of one answer: same ``policy`` and ``viewer`` for every call,
    never kept across requests, so a profile update is seen by the next request. A hit
    needs the very same row object (not just the same id) and returns a
    :func:`fresh_copy`, so no two statuses share a mutable dict. The first rendering is
    handed out as is: the copies are taken before the memo's owner returns, so a caller
    may mutate any answer once rendering is over.
    """

    def __init__(self, policy: InstancePolicy, viewer: Any) -> None:
        self.policy = policy
        self.viewer = viewer
        self._rendered: dict[Any, tuple[Any, dict[str, Any]]] = {}

    def render(self, account: Any) -> dict[str, Any]:
        """``render_account(policy, account, viewer=viewer)``, computed once per row."""
        hit = self._rendered.get(account.id)
        if hit is not None and hit[0] is account:
            return fresh_copy(hit[1])
        body = render_account(self.policy, account, viewer=self.viewer)
        self._rendered[account.id] = (account, body)
        return body


class _OwnerView:
    """A stand-in viewer that is the account itself (for counts on the owner's view)."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
