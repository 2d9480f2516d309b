"""Pleroma's admin InviteView: ``{id, token, used, expires_at, uses, max_use, invite_type}``."""

from __future__ import annotations

from typing import Any

from schema.services.invites import invite_type


def render_invite(invite: Any) -> dict[str, Any]:
    """One invite; ``expires_at`` is a ``YYYY-MM-DD`` date or ``null``."""
    return {
        "id": invite.id,
        "token": invite.token,
        "used": bool(invite.used),
        "expires_at": invite.expires_at.isoformat() if invite.expires_at else None,
        "uses": invite.uses,
        "max_use": invite.max_use,
        "invite_type": invite_type(invite),
    }


def render_invites(invites: list[Any]) -> dict[str, Any]:
    """The list answer: ``{"invites": [...]}``."""
    return {"invites": [render_invite(i) for i in invites]}
