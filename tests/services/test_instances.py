"""Row builders build the instance Tortoise's ``_init_from_db`` builds, for every model."""

from datetime import UTC, datetime

from tortoise import Tortoise, connections, fields

from models.accounts import Account
from models.oauth import App
from models.statuses import Status
from schema.services import instances, statuses, tokens
from schema.services.instances import row_builder
from schema.services.statuses import StatusInput
from tests.world import make_world


def _state(instance) -> dict:
    return {key: (type(value), value) for key, value in instance.__dict__.items()}


async def _rows(model):
    db = connections.get("default")
    _, rows = await db.execute_query(f'SELECT * FROM "{model._meta.db_table}"')
    return rows


async def test_every_model_with_rows_is_built_like_tortoise_builds_it(db, policy):
    world = await make_world(policy)
    await statuses.create_status(
        world.ctx(world.alice), StatusInput(text="hi @bob #tag", spoiler_text="cw")
    )
    await statuses.create_status(
        world.ctx(world.bob), StatusInput(text="to @alice", visibility="direct")
    )
    app = await App.create(client_id="c", client_secret="s", name="n", redirect_uris="urn:x")
    issued = await tokens.issue_token(world.alice, app, ["read"], lifetime_seconds=60)
    joined = await tokens.find_token(issued.access_token)
    assert joined.account.nickname == world.alice.nickname and joined.app.name == "n"
    compared = set()
    for model in Tortoise.apps["models"].values():
        rows = await _rows(model)
        for row in rows:
            keys = tuple(row.keys())
            expected = model._init_from_db(**dict(zip(keys, row, strict=True)))
            built = row_builder(model, keys)(row)
            assert type(built) is model
            assert _state(built) == _state(expected), model.__name__
            assert built._await_when_save is not expected._await_when_save
        if rows:
            compared.add(model.__name__)
    # The models every timeline page builds must have been among those compared.
    assert {"Account", "Status", "Follow", "Mention", "Token", "App"} <= compared


async def test_instances_are_independent_and_savable(db, policy):
    world = await make_world(policy)
    rows = await _rows(Account)
    keys = tuple(rows[0].keys())
    build = row_builder(Account, keys)
    first, second = build(rows[0]), build(rows[0])
    assert first is not second
    assert first.fields_json is not second.fields_json or first.fields_json is None
    first.display_name = "Changed"
    await first.save(update_fields=["display_name"])
    again = await Account.get(id=first.id)
    assert again.display_name == "Changed"
    assert second.display_name != "Changed"
    assert world.alice.id in {build(row).id for row in rows}


async def test_other_column_lists_fall_back_to_tortoise(db, policy):
    await make_world(policy)
    db_client = connections.get("default")
    _, rows = await db_client.execute_query('SELECT "id", "content" FROM "statuses"')
    assert rows == [] or row_builder(Status, ("id", "content"))(rows[0])._partial
    _, rows = await db_client.execute_query('SELECT "id", "nickname" FROM "accounts"')
    built = row_builder(Account, ("id", "nickname"))(rows[0])
    assert built._partial is True
    assert built.nickname


def test_a_converter_that_does_not_keep_none_is_always_called():
    class Loud(fields.JSONField):
        def to_python_value(self, value):
            return [] if value is None else super().to_python_value(value)

    assert instances._keeps_none(fields.JSONField()) is True
    assert instances._keeps_none(Loud()) is False


def test_datetime_conversion_is_memoised_per_field_and_immutable():
    field = fields.DatetimeField()
    convert = instances._complex_converter(field)
    first = convert("2026-01-02 03:04:05.678000+00:00")
    assert first == datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    assert convert("2026-01-02 03:04:05.678000+00:00") is first
    assert convert.cache_info().hits == 1


async def test_a_row_of_another_length_is_refused(db, policy):
    import pytest

    await make_world(policy)
    rows = await _rows(Account)
    keys = tuple(rows[0].keys())
    build = row_builder(Account, keys)
    with pytest.raises(ValueError):
        build(tuple(rows[0])[:-1])
    with pytest.raises(ValueError):
        build((*tuple(rows[0]), "extra"))
