"""The moderation log: what admins did through the admin API, newest first.

Every admin action that changes something calls :func:`record` inside its own
transaction, so an action and its log entry are written together or not at all. An
entry keeps Pleroma's ``data`` map (``actor``, ``action``, ``subject``/``subjects`` and
the action's own keys) and the sentence :func:`message_for` makes of it, which is what
``GET /api/pleroma/admin/moderation_log`` and GraphQL ``adminModerationLog`` show.

Subjects are written as ``{"id", "nickname", "type": "user"}`` maps (statuses and
reports as ``{"id", "type"}``), so an entry still reads right after its accounts are gone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.moderation import ModerationLogEntry
from schema.errors import BAD_REQUEST, DomainError

#: ``actor.nickname`` of entries made with the configured admin token.
ADMIN_TOKEN_ACTOR = "admin_token"

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def user_map(account: Any) -> dict[str, Any]:
    """How an account is written into an entry (Pleroma's ``user_to_map``)."""
    return {"id": account.id, "nickname": account.nickname, "type": "user"}


def users_map(accounts: Iterable[Any]) -> list[dict[str, Any]]:
    """:func:`user_map` of each account, in the given order."""
    return [user_map(a) for a in accounts]


def _actor(ctx: Any) -> Any:
    viewer = getattr(ctx, "viewer", None)
    return getattr(viewer, "account", None)


def _users_text(users: Sequence[dict[str, Any]]) -> str:
    return ", ".join(f"@{u.get('nickname')}" for u in users)


def _subject_actor(data: dict[str, Any], prefix: str, suffix: str = "") -> str:
    subject_actor = data.get("subject_actor")
    if not isinstance(subject_actor, dict):
        return ""
    return f"{prefix}@{subject_actor.get('nickname')}{suffix}"


def message_for(data: dict[str, Any]) -> str:
    """The sentence Pleroma shows for an entry's ``data``.

    Unknown actions read ``@actor <action>``, so a new action never breaks the log.
    """
    actor = f"@{(data.get('actor') or {}).get('nickname', ADMIN_TOKEN_ACTOR)}"
    action = data.get("action", "")
    subject = data.get("subject")
    subjects = subject if isinstance(subject, list) else data.get("subjects") or []
    users = _users_text(subjects)
    if action in {"follow", "unfollow"} and "follower" in data:
        return (
            f"{actor} made @{data['follower']['nickname']} {action} "
            f"@{data['followed']['nickname']}"
        )
    simple = {
        "delete": "deleted users",
        "create": "created users",
        "activate": "activated users",
        "deactivate": "deactivated users",
        "approve": "approved users",
        "force_password_reset": "forced password reset for users",
        "confirm_email": "confirmed email for users",
        "resend_confirmation_email": "re-sent confirmation email for users",
        "updated_users": "updated users",
    }
    if action in simple:
        return f"{actor} {simple[action]}: {users}"
    if action == "tag":
        tags = ", ".join(data.get("tags") or [])
        names = ", ".join(f"@{n}" for n in data.get("nicknames") or [])
        return f"{actor} added tags: {tags} to users: {names}"
    if action == "untag":
        tags = ", ".join(data.get("tags") or [])
        names = ", ".join(f"@{n}" for n in data.get("nicknames") or [])
        return f"{actor} removed tags: {tags} from users: {names}"
    if action == "grant":
        return f"{actor} made {users} {data.get('permission')}"
    if action == "revoke":
        return f"{actor} revoked {data.get('permission')} role from {users}"
    if action == "relay_follow":
        return f"{actor} followed relay: {data.get('target')}"
    if action == "relay_unfollow":
        return f"{actor} unfollowed relay: {data.get('target')}"
    if action == "report_update" and isinstance(subject, dict):
        return (
            f"{actor} updated report #{subject.get('id')}"
            f"{_subject_actor(data, ' (on user ', ')')} with '{subject.get('state')}' state"
        )
    if action == "report_note" and isinstance(subject, dict):
        return (
            f"{actor} added note '{data.get('text')}' to report #{subject.get('id')}"
            f"{_subject_actor(data, ' on user ')}"
        )
    if action == "report_note_delete" and isinstance(subject, dict):
        return (
            f"{actor} deleted note '{data.get('text')}' from report #{subject.get('id')}"
            f"{_subject_actor(data, ' on user ')}"
        )
    if action == "status_update" and isinstance(subject, dict):
        sensitive, visibility = data.get("sensitive"), data.get("visibility")
        changes = []
        if sensitive is not None:
            changes.append(f"sensitive: '{str(sensitive).lower()}'")
        if visibility is not None:
            changes.append(f"visibility: '{visibility}'")
        return f"{actor} updated status #{subject.get('id')}, set {', '.join(changes)}"
    if action == "status_delete":
        return f"{actor} deleted status #{data.get('subject_id')}"
    return f"{actor} {action}".rstrip()


async def record(ctx: Any, action: str, **fields: Any) -> ModerationLogEntry:
    """Write one entry for ``action`` by the request's admin, with ``fields`` as its data.

    Call it inside the action's transaction. Accounts passed as ``subject`` (one or a
    list), ``subject_actor``, ``follower`` or ``followed`` are written as user maps; other
    values must be JSON-ready. Not idempotent: each call is one more entry.
    """
    actor = _actor(ctx)
    actor_map = (
        user_map(actor)
        if actor is not None
        else {"id": None, "nickname": ADMIN_TOKEN_ACTOR, "type": "user"}
    )
    data: dict[str, Any] = {"actor": actor_map, "action": action}
    for key, value in fields.items():
        if value is None and key not in {"sensitive", "visibility"}:
            continue
        if key in {"subject_actor", "follower", "followed"} and hasattr(value, "nickname"):
            value = user_map(value)
        elif key in {"subject", "subjects"} and isinstance(value, list | tuple):
            value = [user_map(v) if hasattr(v, "nickname") else v for v in value]
        elif key == "subject" and hasattr(value, "nickname"):
            value = user_map(value)
        data[key] = value
    message = message_for(data)
    data["message"] = message
    return await ModerationLogEntry.create(
        actor_id=actor.id if actor is not None else None,
        actor_nickname=actor_map["nickname"],
        action=action,
        data=data,
        message=message,
    )


@dataclass(frozen=True)
class LogPage:
    """One page of entries, newest first, and how many match in all."""

    entries: list[ModerationLogEntry]
    total: int


def _parse_time(name: str, raw: Any) -> datetime | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw
    try:
        return datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        raise DomainError(BAD_REQUEST, f"Invalid {name}", field=name) from None


async def entries(
    *,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
    start_date: Any = None,
    end_date: Any = None,
    user_id: str | None = None,
    search: str | None = None,
) -> LogPage:
    """Entries newest first, filtered by time (ISO 8601, inclusive), acting admin
    (``user_id``) and a case-insensitive ``search`` in the message; paged by ``page``
    (from 1) and ``page_size`` (1..500). Raises 400 for a date that is not ISO 8601."""
    page = max(1, int(page))
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    query = ModerationLogEntry.all()
    start = _parse_time("start_date", start_date)
    end = _parse_time("end_date", end_date)
    if start is not None:
        query = query.filter(created_at__gte=start)
    if end is not None:
        query = query.filter(created_at__lte=end)
    if user_id:
        query = query.filter(actor_id=user_id)
    if search:
        query = query.filter(message__icontains=search)
    total = await query.count()
    rows = (
        await query.order_by("-created_at", "-id").offset((page - 1) * page_size).limit(page_size)
    )
    return LogPage(entries=list(rows), total=total)
