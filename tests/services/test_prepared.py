"""Prepared queries: same answers as the plain querysets, live clock, transactions, bounds.

These also pin the private Tortoise API :mod:`schema.services.prepared` relies on
(``_make_query``, ``_select_related_idx``, ``executor_class``, ``get_parameterized_sql``).
"""

from datetime import UTC, datetime, timedelta

import pytest
from tortoise import connections
from tortoise.exceptions import DoesNotExist
from tortoise.transactions import in_transaction

from models.accounts import Account
from models.relationships import Follow, Mute
from models.statuses import Mention, Status
from schema.services import prepared, statuses, timelines
from schema.services.pagination import PAGE_SLOTS, PageRequest, bounded, page_arguments, page_of
from schema.services.prepared import (
    DATETIME,
    INT,
    STR,
    STRS,
    Prepared,
    PreparedQueryError,
    size_class,
)
from schema.services.relationships import active_mutes_q
from schema.services.statuses import StatusInput
from schema.services.visibility import visible_q
from tests.world import make_world


@pytest.fixture
async def world(db, policy):
    return await make_world(policy)


async def post(world, who, text, **kw):
    return await statuses.create_status(world.ctx(who), StatusInput(text=text, **kw))


def _visible_page(viewer_id, max_id, since_id, min_id, limit):
    return bounded(Status.filter(visible_q(viewer_id)), page_of(max_id, since_id, min_id, limit))


VISIBLE_PAGE = Prepared(Status, _visible_page, viewer_id=STR, **PAGE_SLOTS)


def _mentions(ids):
    return Mention.filter(status_id__in=ids).select_related("account").order_by("id")


MENTIONS = Prepared(Mention, _mentions, ids=STRS)


async def _seed(world):
    made = [await post(world, world.alice, f"public {i}") for i in range(5)]
    made.append(await post(world, world.alice, "for followers", visibility="private"))
    made.append(await post(world, world.carol, "dm @bob", visibility="direct"))
    made.append(await post(world, world.eve, "dm @alice @bob", visibility="direct"))
    return made


async def test_binding_different_values_matches_the_plain_queryset(world):
    made = await _seed(world)
    ids = sorted(s.id for s in made)
    viewers = [world.alice.id, world.bob.id, world.carol.id, world.eve.id, None]
    pages = [
        PageRequest(limit=3),
        PageRequest(limit=40),
        PageRequest(max_id=ids[5], limit=2),
        PageRequest(since_id=ids[1], limit=20),
        PageRequest(min_id=ids[2], limit=2),
        PageRequest(max_id=ids[6], min_id=ids[0], limit=3),
    ]
    for viewer_id in viewers:
        for page in pages:
            args = page_arguments(page)
            expected = await _visible_page(viewer_id, **args)
            got = await VISIBLE_PAGE(viewer_id=viewer_id, **args)
            assert [s.id for s in got] == [s.id for s in expected], (viewer_id, page)
            assert all(type(s) is Status for s in got)
            assert [s.created_at for s in got] == [s.created_at for s in expected]


async def test_select_related_and_padded_in_lists_match(world):
    made = await _seed(world)
    ids = [s.id for s in made]
    for n in range(0, len(ids) + 1):
        wanted = ids[:n]
        expected = await _mentions(wanted)
        got = await MENTIONS(ids=wanted)
        assert [(m.id, m.account.nickname) for m in got] == [
            (m.id, m.account.nickname) for m in expected
        ]
    assert [size_class(n) for n in (0, 1, 4, 5, 7, 9, 13, 17, 25, 33, 49)] == [
        0, 1, 4, 6, 8, 12, 16, 24, 32, 48, 64,
    ]


async def test_values_list_single_and_update_queries(world):
    await _seed(world)
    flat = Prepared(
        Account, lambda nick: Account.filter(nickname=nick).values_list("id", flat=True), nick=STR
    )
    assert await flat(nick="bob") == [world.bob.id]
    pairs = Prepared(
        Account, lambda ids: Account.filter(id__in=ids).order_by("nickname").values_list(
            "nickname", "locked"
        ), ids=STRS,
    )
    assert await pairs(ids=[world.carol.id, world.alice.id]) == [("alice", False), ("carol", True)]
    dicts = Prepared(
        Account, lambda nick: Account.filter(nickname=nick).values("id", "created_at"), nick=STR
    )
    row = (await dicts(nick="alice"))[0]
    assert row["id"] == world.alice.id and isinstance(row["created_at"], datetime)
    first = Prepared(Account, lambda nick: Account.filter(nickname=nick).first(), nick=STR)
    assert (await first(nick="eve")).id == world.eve.id
    assert await first(nick="nobody") is None
    get = Prepared(Account, lambda nick: Account.get(nickname=nick), nick=STR)
    with pytest.raises(DoesNotExist):
        await get(nick="nobody")
    bump = Prepared(
        Account,
        lambda account_id, n: Account.filter(id=account_id).update(followers_count=n),
        account_id=STR, n=INT,
    )
    assert await bump(account_id=world.bob.id, n=7) == 1
    assert (await Account.get(id=world.bob.id)).followers_count == 7


async def test_the_clock_slot_is_bound_per_call(world):
    expires = datetime.now(UTC) + timedelta(hours=1)
    await Mute.create(account_id=world.bob.id, target_id=world.alice.id, expires_at=expires)
    active = Prepared(
        Mute,
        lambda viewer_id, now: Mute.filter(active_mutes_q(now), account_id=viewer_id),
        viewer_id=STR, now=DATETIME,
    )
    before = prepared.cache_info()["compilations"]
    assert len(await active(viewer_id=world.bob.id, now=expires - timedelta(minutes=1))) == 1
    assert await active(viewer_id=world.bob.id, now=expires + timedelta(minutes=1)) == []
    assert prepared.cache_info()["compilations"] <= before + 1


async def test_home_stops_hiding_a_muted_account_once_the_mute_expires(world, monkeypatch):
    status = await post(world, world.alice, "hello bob")
    expires = datetime.now(UTC) + timedelta(hours=1)
    await Mute.create(account_id=world.bob.id, target_id=world.alice.id, expires_at=expires)
    clock = {"now": expires - timedelta(minutes=1)}

    class FakeDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return clock["now"]

    monkeypatch.setattr(timelines, "datetime", FakeDatetime)
    ctx = world.ctx(world.bob)
    assert [s.id for s in await timelines.home(ctx, PageRequest())] == []
    clock["now"] = expires + timedelta(minutes=1)
    assert [s.id for s in await timelines.home(ctx, PageRequest())] == [status.id]


async def test_a_transaction_connection_is_used(world, monkeypatch):
    seen = []
    real_run = prepared._run

    async def spy(model, compiled, params, db):
        seen.append(db)
        return await real_run(model, compiled, params, db)

    monkeypatch.setattr(prepared, "_run", spy)
    follows = Prepared(
        Follow, lambda account_id: Follow.filter(account_id=account_id), account_id=STR
    )

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback):
        async with in_transaction() as conn:
            await Follow.create(account_id=world.eve.id, target_id=world.alice.id)
            assert len(await follows(account_id=world.eve.id)) == 1
            assert seen[-1] is conn
            assert connections.get("default") is conn
            raise Rollback
    assert await follows(account_id=world.eve.id) == []
    assert seen[-1] is not conn


@pytest.mark.parametrize(
    "builder, slots",
    [
        (lambda q: Account.filter(nickname__icontains=q), {"q": STR}),
        (lambda q: Account.filter(nickname=q.upper()), {"q": STR}),
        (lambda q: Account.filter(nickname="alice"), {"q": STR}),
        (lambda n: Account.filter(followers_count=n + 1), {"n": INT}),
        (lambda now: Account.filter(created_at__gt=now - timedelta(days=1)), {"now": DATETIME}),
        (lambda ids: Account.filter(id__in=ids[:1]), {"ids": STRS}),
        (lambda q: Follow.filter(account_id=q), {"q": STR}),
    ],
)
async def test_compilation_fails_when_a_slot_does_not_reach_the_sql_verbatim(
    db, builder, slots
):
    values = {STR: "alice", INT: 3, DATETIME: datetime.now(UTC), STRS: ["a", "b", "c"]}
    query = Prepared(Account, builder, **slots)
    with pytest.raises(PreparedQueryError):
        await query(**{name: values[kind] for name, kind in slots.items()})


async def test_slot_values_are_type_checked(db):
    query = Prepared(Account, lambda q: Account.filter(nickname=q), q=STR)
    with pytest.raises(TypeError):
        await query(q=5)
    with pytest.raises(TypeError):
        await query()
    when = Prepared(Account, lambda now: Account.filter(created_at__lt=now), now=DATETIME)
    with pytest.raises(TypeError):
        await when(now=datetime(2020, 1, 1))


async def test_the_cache_is_bounded(world, monkeypatch):
    monkeypatch.setattr(prepared, "MAX_SHAPES", 3)
    prepared.clear_cache()
    ids = [world.alice.id, world.bob.id, world.carol.id, world.eve.id]
    accounts = Prepared(Account, lambda ids: Account.filter(id__in=ids), ids=STRS)
    for _ in range(2):
        for n in range(1, 5):
            assert sorted(a.id for a in await accounts(ids=ids[:n])) == sorted(ids[:n])
            assert prepared.cache_info()["size"] <= 3
    prepared.clear_cache()


def _state(instance):
    fields = instance._meta.db_fields
    state = {name: getattr(instance, instance._meta.fields_db_projection_reverse[name])
             for name in fields}
    return state, instance._saved_in_db, instance._partial


async def test_instances_are_built_exactly_as_tortoise_builds_them(world):
    await _seed(world)
    await Mute.create(account_id=world.bob.id, target_id=world.eve.id)
    ids = [world.alice.id, world.bob.id, world.carol.id, world.eve.id]
    accounts = Prepared(Account, lambda ids: Account.filter(id__in=ids).order_by("id"), ids=STRS)
    plain = await Account.filter(id__in=ids).order_by("id")
    assert [_state(a) for a in await accounts(ids=ids)] == [_state(a) for a in plain]
    mutes = Prepared(
        Mute, lambda viewer_id: Mute.filter(account_id=viewer_id).select_related("target"),
        viewer_id=STR,
    )
    got = await mutes(viewer_id=world.bob.id)
    expected = await Mute.filter(account_id=world.bob.id).select_related("target")
    assert [_state(m) for m in got] == [_state(m) for m in expected]
    assert [_state(m.target) for m in got] == [_state(m.target) for m in expected]


async def test_joined_rows_match_the_executor_nested_and_null(world):
    from models.oauth import App, Token
    from schema.services import tokens

    await _seed(world)
    app = await App.create(
        name="t", client_id="cid", client_secret="sec", redirect_uris="urn:x", scopes="read"
    )
    await tokens.issue_token(world.alice, app, ["read"])
    await tokens.issue_token(world.bob, None, ["read"])
    await tokens.issue_token(None, app, ["read"])
    joined = Prepared(
        Token, lambda ids: Token.filter(id__in=ids).select_related("account", "app").order_by("id"),
        ids=STRS,
    )
    ids = [t.id for t in await Token.all()]
    got = await joined(ids=ids)
    expected = await Token.filter(id__in=ids).select_related("account", "app").order_by("id")
    assert len(got) == 3
    for mine, theirs in zip(got, expected, strict=True):
        assert _state(mine) == _state(theirs)
        for name in ("account", "app"):
            a, b = getattr(mine, name), getattr(theirs, name)
            assert (a is None) == (b is None) and (a is None or _state(a) == _state(b))
    nested = Prepared(
        Mention,
        lambda ids: Mention.filter(status_id__in=ids)
        .select_related("status__account", "account")
        .order_by("id"),
        ids=STRS,
    )
    status_ids = [s.id for s in await Status.all()]
    got = await nested(ids=status_ids)
    expected = (
        await Mention.filter(status_id__in=status_ids)
        .select_related("status__account", "account")
        .order_by("id")
    )
    assert got and len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        assert _state(mine) == _state(theirs)
        assert _state(mine.status) == _state(theirs.status)
        assert _state(mine.status.account) == _state(theirs.status.account)
        assert _state(mine.account) == _state(theirs.account)


async def test_account_statuses_tagged_with_an_empty_tag_matches_nothing(world):
    await post(world, world.alice, "no tags here")
    tagged = await post(world, world.alice, "with #cats")
    ctx = world.ctx(world.bob)
    page = PageRequest()
    assert [s.id for s in await timelines.account_statuses(ctx, world.alice.id, page,
                                                           tagged="#cats")] == [tagged.id]
    assert await timelines.account_statuses(ctx, world.alice.id, page, tagged="#") == []


def _first_mention(status_id):
    return Mention.filter(status_id=status_id).select_related("account").first()


FIRST_MENTION = Prepared(Mention, _first_mention, status_id=STR)


async def test_first_with_adds_columns_over_the_found_row(world):
    dm = await post(world, world.carol, "dm @bob", visibility="direct")
    columns = "(SELECT COUNT(*) FROM statuses WHERE account_id = q.account_id) AS written"
    found = await FIRST_MENTION.first_with(columns, status_id=dm.id)
    assert found is not None
    mention, row = found
    plain = await _first_mention(dm.id)
    assert (mention.id, mention.account.nickname) == (plain.id, "bob")
    assert row["written"] == await Status.filter(account_id=world.bob.id).count()
    assert await FIRST_MENTION.first_with(columns, status_id="nothing") is None
    with pytest.raises(TypeError, match="select_related"):
        await VISIBLE_PAGE.first_with(
            columns, viewer_id=world.bob.id, **page_arguments(PageRequest(limit=5))
        )
