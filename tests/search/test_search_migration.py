"""Migration 0008_search gives the statuses already stored their ``search_text``."""

from __future__ import annotations

import importlib

from tortoise import Tortoise
from tortoise.context import TortoiseContext
from tortoise.migrations.api.migrate import migrate as run_migrations

from app.db import tortoise_config
from models.statuses import searchable_text
from tests.dbsetup import scratch_database

ACCOUNT = (
    "INSERT INTO accounts (id, nickname, nickname_lower, acct_key, local, display_name, bio, "
    "bio_html, fields_json, locked, bot, discoverable, is_admin, is_moderator, is_active, "
    "is_confirmed, is_approved, hide_followers, hide_follows, hide_followers_count, "
    "hide_follows_count, hide_favorites, default_scope, no_rich_text, show_role, actor_type, "
    "uri, url, followers_count, following_count, statuses_count, settings, created_at, "
    "updated_at, tags, password_reset_pending) VALUES ('acct1', 'n1', 'n1', 'n1', TRUE, '', "
    "'', '', '[]', FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, "
    "FALSE, TRUE, 'public', FALSE, TRUE, 'Person', 'https://x/1', 'https://x/1', 0, 0, 0, "
    "'{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '[]', FALSE)"
)
STATUS = (
    "INSERT INTO statuses (id, account_id, uri, url, local, visibility, content, source, "
    "content_type, spoiler_text, sensitive, conversation_id, has_media, emojis, "
    "replies_count, reblogs_count, favourites_count, created_at) VALUES ('{id}', 'acct1', "
    "'https://x/o/{id}', 'https://x/n/{id}', TRUE, 'public', '{content}', '', 'text/plain', "
    "'{spoiler}', FALSE, '{id}', FALSE, '[]', 0, 0, 0, CURRENT_TIMESTAMP)"
)
ROWS = [
    ("s001", '<p>Hello <a href="https://x/users/b" class="mention">@<span>b</span></a></p>', ""),
    ("s002", "<p>ÉCOLE &amp; Straße</p>", "Content Warning"),
    ("s003", "", ""),  # a reblog: nothing to search
]


async def test_0008_backfills_search_text_of_existing_statuses(tmp_path, monkeypatch):
    # two statuses per round trip, so the backfill has to page
    monkeypatch.setattr(importlib.import_module("models.migrations.0008_search"), "BATCH", 2)
    async with scratch_database(tmp_path, "search_upgrade") as url:
        config = tortoise_config(url)
        async with TortoiseContext():
            await run_migrations(config=config, target="models.0007_lists")
            client = Tortoise.get_connection("default")
            await client.execute_script(ACCOUNT)
            for row_id, content, spoiler in ROWS:
                await client.execute_script(
                    STATUS.format(id=row_id, content=content, spoiler=spoiler)
                )
            await Tortoise.close_connections()
        async with TortoiseContext():
            await run_migrations(config=config, target="models.0008_search")
            client = Tortoise.get_connection("default")
            _, rows = await client.execute_query(
                "SELECT id, search_text FROM statuses ORDER BY id"
            )
            await Tortoise.close_connections()
    found = {row["id"]: row["search_text"] for row in rows}
    assert found == {
        "s001": "hello @b",
        "s002": "content warning école & strasse",
        "s003": "",
    }
    assert found["s002"] == searchable_text(ROWS[1][1], ROWS[1][2])
