"""Mastodon's search ``Results`` (``/api/v2/search``) and their v1 form. Pure."""

from __future__ import annotations

from typing import Any

from rest_compat.render.account import render_account
from rest_compat.render.relationship import render_relationship
from rest_compat.render.status import render_statuses
from schema.instance import InstancePolicy


def render_results(
    policy: InstancePolicy,
    results: Any,
    *,
    viewer: Any = None,
    v2: bool = True,
    relationships: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``{accounts, statuses, hashtags}`` of :class:`schema.services.search.SearchResults`.

    v2 hashtags are ``{name, url}`` objects, v1 hashtags plain names. ``relationships``
    (by account id) fill each account's ``pleroma.relationship`` (``with_relationships``).
    """
    relationships = relationships or {}
    return {
        "accounts": [
            render_account(
                policy,
                account,
                viewer=viewer,
                relationship=render_relationship(relationships.get(account.id)),
            )
            for account in results.accounts
        ],
        "statuses": render_statuses(policy, results.statuses, viewer=viewer),
        "hashtags": [
            {"name": tag.name, "url": tag.url} if v2 else tag.name for tag in results.hashtags
        ],
    }
