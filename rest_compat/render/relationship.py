"""Mastodon ``Relationship`` as Pleroma renders it (reference Appendix A.3). Pure."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any


def render_relationship(relationship: Any) -> dict[str, Any]:
    """The Relationship object of a :class:`schema.services.relationships.Relationship`."""
    if relationship is None:
        return {}
    return asdict(relationship)
