"""The committed migrations match the models, and model docstrings stay SQLite-safe."""

import inspect

from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from app.db import MIGRATIONS_CONFIG
from models import MODEL_MODULES


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
