"""Mastodon ``Conversation`` as Pleroma renders it (reference §17). Pure: view -> dict.

``accounts`` are the recipients minus the reader (the reader alone when nobody else is
left); ``last_status`` carries ``pleroma.direct_conversation_id`` = the conversation id.
"""

from __future__ import annotations

from typing import Any

from rest_compat.render.account import AccountMemo
from rest_compat.render.status import render_status
from schema.instance import InstancePolicy
from schema.services.conversations import ConversationView


def render_conversation(
    policy: InstancePolicy,
    view: ConversationView,
    *,
    viewer: Any = None,
    accounts: AccountMemo | None = None,
) -> dict[str, Any]:
    """``{id, unread, accounts, last_status}`` of one of the viewer's conversations."""
    if accounts is None:
        accounts = AccountMemo(policy, viewer)
    last = None
    if view.last_status is not None:
        last = render_status(policy, view.last_status, viewer=viewer, accounts=accounts)
        last["pleroma"]["direct_conversation_id"] = view.id
    return {
        "id": view.id,
        "unread": view.unread,
        "accounts": [accounts.render(a) for a in view.accounts],
        "last_status": last,
    }


def render_conversations(
    policy: InstancePolicy, views: list[ConversationView], *, viewer: Any = None
) -> list[dict[str, Any]]:
    """:func:`render_conversation` over a page, order kept; each account rendered once."""
    accounts = AccountMemo(policy, viewer)
    return [render_conversation(policy, v, viewer=viewer, accounts=accounts) for v in views]
