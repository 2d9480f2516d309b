"""Mastodon ``Status`` as Pleroma renders it (reference Appendix A.2). Pure: view -> dict.

Takes :class:`schema.services.status_views.StatusView` objects built by ``hydrate``, so
rendering never queries. Every Status, reblog wrappers and nested reblogs included,
carries a full ``pleroma`` object: real clients (megalodon) read ``status.pleroma.*``
without checking that it is there.
"""

from __future__ import annotations

from typing import Any

from rest_compat.render.account import AccountMemo, iso_datetime
from rest_compat.render.attachment import render_attachment
from schema.instance import InstancePolicy
from schema.services import accounts as accounts_service
from schema.services.formatting import html_to_text
from schema.services.status_views import StatusView


def _application(status: Any) -> dict[str, Any] | None:
    if not status.application_name:
        return None
    return {"name": status.application_name, "website": status.application_website}


def render_status(
    policy: InstancePolicy,
    view: StatusView,
    *,
    viewer: Any = None,
    with_source: bool = False,
    accounts: AccountMemo | None = None,
) -> dict[str, Any]:
    """The Mastodon Status of ``view`` as ``viewer`` (a ``Viewer`` or ``None``) sees it.

    ``with_source`` fills ``text`` with the text the author typed (the answer to a delete,
    so clients can offer "delete and redraft"); it is ``null`` otherwise. A reblog wrapper
    has zero counts, no content of its own and the original under ``reblog``; its viewer
    flags are the original's. ``accounts`` (made for the same ``policy`` and ``viewer``)
    lets a page render each author once; without it a fresh one is used.
    """
    if accounts is None:
        accounts = AccountMemo(policy, viewer)
    status = view.status
    is_wrapper = view.reblog is not None
    reply_acct = (
        accounts_service.acct(policy, view.in_reply_to_account)
        if view.in_reply_to_account is not None
        else None
    )
    content = "" if is_wrapper else status.content
    plain = html_to_text(content) if content else ""
    return {
        "id": status.id,
        "uri": status.uri,
        "url": status.url,
        "account": accounts.render(view.account),
        "in_reply_to_id": status.in_reply_to_id,
        "in_reply_to_account_id": status.in_reply_to_account_id,
        "reblog": (
            render_status(policy, view.reblog, viewer=viewer, accounts=accounts)
            if view.reblog is not None
            else None
        ),
        "content": content,
        "text": status.source if with_source and not is_wrapper else None,
        "created_at": iso_datetime(status.created_at),
        "edited_at": iso_datetime(status.edited_at),
        "reblogs_count": 0 if is_wrapper else int(status.reblogs_count),
        "replies_count": 0 if is_wrapper else int(status.replies_count),
        "favourites_count": 0 if is_wrapper else int(status.favourites_count),
        "reblogged": view.reblogged,
        "favourited": view.favourited,
        "bookmarked": view.bookmarked,
        "muted": view.muted,
        "pinned": view.pinned,
        "sensitive": bool(status.sensitive),
        "spoiler_text": status.spoiler_text or "",
        "visibility": status.visibility,
        "media_attachments": [render_attachment(policy, m) for m in view.media],
        "poll": None,
        "mentions": [
            {
                "id": account.id,
                "acct": accounts_service.acct(policy, account),
                "username": account.nickname,
                "url": account.url,
            }
            for account in view.mentions
        ],
        "tags": [{"name": name, "url": policy.url(f"/tag/{name}")} for name in view.tags],
        "emojis": [
            {
                "shortcode": e["shortcode"],
                "url": e["url"],
                "static_url": e["url"],
                "visible_in_picker": False,
            }
            for e in status.emojis or ()
        ],
        "card": None,
        "application": _application(status),
        "language": status.language,
        "pleroma": {
            "local": bool(status.local),
            "conversation_id": status.conversation_id,
            "direct_conversation_id": view.direct_conversation_id,
            "in_reply_to_account_acct": reply_acct,
            "content": {"text/plain": plain},
            "spoiler_text": {"text/plain": status.spoiler_text or ""},
            "expires_at": iso_datetime(status.expires_at),
            "thread_muted": view.thread_muted,
            "emoji_reactions": [],
            "parent_visible": view.parent_visible,
            "pinned_at": iso_datetime(view.pinned_at),
            "context": status.conversation_id,
            "quote": None,
            "quote_id": None,
            "quote_url": None,
            "quote_visible": False,
            "quotes_count": 0,
            "bookmark_folder": None,
        },
    }


def render_statuses(
    policy: InstancePolicy, views: list[StatusView], *, viewer: Any = None
) -> list[dict[str, Any]]:
    """:func:`render_status` over a hydrated list, order kept; each author rendered once."""
    accounts = AccountMemo(policy, viewer)
    return [render_status(policy, view, viewer=viewer, accounts=accounts) for view in views]
