"""The committed migrations match the models, and model docstrings stay SQLite-safe."""

import inspect
from pathlib import Path

from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from app.db import MIGRATIONS_CONFIG
from models import MODEL_MODULES

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "models" / "migrations"


async def test_committed_migrations_match_the_models():
    config = dict(MIGRATIONS_CONFIG)
    apps = {label: dict(app) for label, app in config["apps"].items()}
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        writers = await MigrationAutodetector(ctx.apps, apps).changes()
        await ctx.close_connections()
    assert writers == [], "models changed without a migration: run `make migrations`"


def test_model_docstrings_have_no_semicolon():
    # Tortoise turns the docstring's first paragraph into a table comment and its
    # SQLite migration runner splits statements at ';'.
    import importlib

    from tortoise.models import Model

    for name in MODEL_MODULES:
        module = importlib.import_module(name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Model) and obj.__module__ == name and obj.__doc__:
                summary = inspect.cleandoc(obj.__doc__).split("\n\n")[0]
                assert ";" not in summary, f"{obj.__name__} docstring summary contains ';'"


async def test_two_local_accounts_cannot_share_a_nickname_even_in_different_case(db, policy):
    import pytest
    from tortoise.exceptions import IntegrityError

    from models.accounts import Account

    await Account.create(nickname="Dup", uri="https://x/1", url="https://x/1")
    with pytest.raises(IntegrityError):
        await Account.create(nickname="dup", uri="https://x/2", url="https://x/2")
    remote = await Account.create(
        nickname="dup", domain="remote.example", local=False, uri="https://r/1", url="https://r/1"
    )
    assert remote.acct_key == "dup@remote.example"


async def test_every_migration_applies_to_a_database_that_has_rows(tmp_path):
    """An instance upgrades with accounts in it: each migration runs on a database holding
    the rows the previous one left (a NOT NULL column needs a default in the database,
    not only in Python). Runs on the suite's own kind of database."""
    from tortoise import Tortoise
    from tortoise.context import TortoiseContext
    from tortoise.migrations.api.migrate import migrate as run_migrations

    from app.db import tortoise_config
    from tests.dbsetup import scratch_database

    names = sorted(p.stem for p in MIGRATIONS_DIR.glob("0*.py"))
    async with scratch_database(tmp_path, "upgrade") as url:
        config = tortoise_config(url)
        for number, name in enumerate(names):
            async with TortoiseContext():
                await run_migrations(config=config, target=f"models.{name}")
                client = Tortoise.get_connection("default")
                await client.execute_script(
                    "INSERT INTO accounts (id, nickname, nickname_lower, acct_key, local, "
                    "display_name, bio, bio_html, fields_json, locked, bot, discoverable, "
                    "is_admin, is_moderator, is_active, is_confirmed, is_approved, "
                    "hide_followers, hide_follows, hide_followers_count, hide_follows_count, "
                    "hide_favorites, default_scope, no_rich_text, show_role, actor_type, uri, "
                    "url, followers_count, following_count, statuses_count, settings, "
                    "created_at, updated_at) VALUES "
                    f"('acct{number}', 'n{number}', 'n{number}', 'n{number}', TRUE, '', '', '', "
                    "'[]', FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, TRUE, TRUE, FALSE, FALSE, "
                    "FALSE, FALSE, TRUE, 'public', FALSE, TRUE, 'Person', "
                    f"'https://x/{number}', 'https://x/{number}', 0, 0, 0, '{{}}', "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
                await Tortoise.close_connections()
    assert len(names) >= 5
