"""How ``tests/graphql/test_examples.py`` runs the ``customEmojis`` example.

``prepare`` writes the packs of ``tests.emoji.packs`` into the app's emoji dir; the
listing reads files only, so its SQL budget is zero.
"""

from __future__ import annotations

from typing import Any

from app.main import SETTINGS
from tests.emoji.packs import GRAPHQL_EMOJIS, make_packs


async def prepare_packs(client: Any, world: Any) -> dict[str, Any]:
    make_packs(client.app[SETTINGS].emoji_dir)
    return {}


def check_custom_emojis(data: dict[str, Any], world: Any) -> None:
    assert data["customEmojis"] == GRAPHQL_EMOJIS


CASES: dict[str, dict[str, Any]] = {
    "customEmojis": {"check": check_custom_emojis, "budget": 0, "prepare": prepare_packs},
}
