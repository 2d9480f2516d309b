"""Seed a benchmark dataset through the project's own models, in bulk, deterministically.

A dataset is one user ``bench`` (with an OAuth token for ``read write follow``), 50 local
authors all followed by ``bench``, and N public top-level statuses (N / 50 per author,
15-45 words of ``<p>`` text) spread over the 30 days before a fixed instant. The same
name and size always give the same rows and the same token (fixed RNG seed), so results
from different runs describe the same data.

Re-seeding is skipped when the database already holds the dataset (a marker in the bench
user's settings); :func:`reset` removes what a run added (the statuses W2 posted).

Usage: ``python -m benchmarks.seed sqlite|postgres STATUSES``. SQLite datasets live under
``benchmarks/data/``; PostgreSQL ones in databases ``plenum_bench_<STATUSES>`` on the
server named by ``PLENUM_BENCH_PG`` (default ``postgres://postgres@127.0.0.1:5432``).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tortoise.transactions import in_transaction

from app import db
from models.accounts import Account
from models.ids import id_at
from models.oauth import App, Token
from models.relationships import Follow
from models.statuses import Status
from schema.instance import InstancePolicy
from schema.services.tokens import digest

#: The dataset sizes of the issue: D1, D2 and (optional) D3.
D1, D2, D3 = 10_000, 100_000, 1_000_000
#: Where the SQLite datasets live (``PLENUM_BENCH_DATA`` moves them, e.g. for tests).
DATA_DIR = Path(os.environ.get("PLENUM_BENCH_DATA", Path(__file__).resolve().parent / "data"))
#: Where the PostgreSQL benchmark databases live (one database per dataset size).
PG_URL = os.environ.get("PLENUM_BENCH_PG", "postgres://postgres@127.0.0.1:5432")

#: Bump when the shape of the seeded data changes, so old databases are rebuilt.
SEED_VERSION = 1
RNG_SEED = 20261127
AUTHORS = 50
DAYS = 30
#: The newest seeded status is just before this instant (fixed, so ids are repeatable).
END = datetime(2026, 11, 1, tzinfo=UTC)
PUBLIC_URL = "http://127.0.0.1:4100"
BATCH = 2000

_VOCABULARY = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
    "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu "
    "river mountain harbour lantern orchard meadow granite willow copper ember falcon "
    "glacier horizon island jasmine kettle lagoon marble nectar oyster pebble quartz raven "
    "saffron thistle umber velvet walnut yarrow zephyr anchor beacon cobalt dune estuary "
    "fern grove heath ivy juniper kelp larch moss nettle oak pine quince reed sedge tarn "
    "the a of and to in is on for with at by from as it this that we you they bread "
    "coffee train morning evening letter window garden kitchen music paper story city"
)
WORDS = tuple(_VOCABULARY.split(" "))


@dataclass(frozen=True)
class Dataset:
    """What a run needs to know about a seeded database."""

    name: str
    statuses: int
    token: str
    bench_id: str
    #: The id of the 5,000th newest status in ``bench``'s home timeline (W5's ``max_id``).
    deep_max_id: str


def database_url(db: str, statuses: int) -> str:
    """Where the dataset of ``statuses`` lives on ``db`` (``sqlite`` or ``postgres``)."""
    if db == "sqlite":
        path = DATA_DIR / f"sqlite-{statuses}" / "plenum.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite://{path}"
    parts = urlsplit(PG_URL)
    # The query is kept: ``?host=/var/run/postgresql`` names a Unix socket.
    return urlunsplit((parts.scheme, parts.netloc, f"/plenum_bench_{statuses}", parts.query, ""))


async def _ensure_pg_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` when it does not exist."""
    import asyncpg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    conn = await asyncpg.connect(admin)
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def token_for(statuses: int) -> str:
    """The bench user's raw access token for a dataset of ``statuses`` (deterministic)."""
    return hashlib.sha256(f"plenum-bench-{RNG_SEED}-{statuses}".encode()).hexdigest()


def _text(rng: random.Random) -> tuple[str, str]:
    words = [rng.choice(WORDS) for _ in range(rng.randint(15, 45))]
    source = " ".join(words)
    return source, f"<p>{source}</p>"


def _account(policy: InstancePolicy, nickname: str, **extra) -> Account:
    url = policy.url(f"/users/{nickname}")
    return Account(
        id=extra.pop("id"),
        nickname=nickname,
        nickname_lower=nickname.lower(),
        acct_key=nickname.lower(),
        domain=None,
        local=True,
        display_name=nickname.capitalize(),
        created_at=END - timedelta(days=DAYS + 1),
        uri=url,
        url=url,
        inbox_url=policy.url(f"/users/{nickname}/inbox"),
        shared_inbox_url=policy.url("/inbox"),
        **extra,
    )


async def _existing(statuses: int) -> Dataset | None:
    bench = await Account.filter(acct_key="bench").first()
    if bench is None:
        return None
    marker = (bench.settings or {}).get("bench_seed")
    if marker != {"version": SEED_VERSION, "statuses": statuses, "seed": RNG_SEED}:
        raise SystemExit(
            f"the database holds another dataset ({marker}); drop it or use another one"
        )
    return await _dataset(bench, statuses)


async def _dataset(bench: Account, statuses: int) -> Dataset:
    deep = (
        await Status.filter(account_id__not=bench.id)
        .order_by("-id")
        .offset(min(5000, statuses) - 1)
        .limit(1)
        .values_list("id", flat=True)
    )
    return Dataset(
        name=f"{statuses}",
        statuses=statuses,
        token=token_for(statuses),
        bench_id=bench.id,
        deep_max_id=deep[0],
    )


async def seed(url: str, statuses: int) -> Dataset:
    """Create the dataset of ``statuses`` statuses at ``url`` (migrating first); idempotent."""
    if not db.is_sqlite(url):
        await _ensure_pg_database(url)
    await db.migrate(url)
    await db.init(url)
    try:
        found = await _existing(statuses)
        if found is not None:
            return found
        return await _create(url, statuses)
    finally:
        await db.close()


async def _create(url: str, statuses: int) -> Dataset:
    rng = random.Random(RNG_SEED)
    policy = InstancePolicy(public_url=PUBLIC_URL)
    end_ms = int(END.timestamp() * 1000)
    span_ms = DAYS * 24 * 3600 * 1000
    start_ms = end_ms - span_ms
    account_times = sorted(start_ms - rng.randint(1, 10**9) for _ in range(AUTHORS + 1))
    ids = [id_at(t, rng.getrandbits(56)) for t in account_times]
    per_author = statuses // AUTHORS
    bench = _account(
        policy,
        "bench",
        id=ids[0],
        email="bench@bench.invalid",
        email_lower="bench@bench.invalid",
        following_count=AUTHORS,
        settings={"bench_seed": {"version": SEED_VERSION, "statuses": statuses, "seed": RNG_SEED}},
    )
    authors = [
        _account(
            policy,
            f"author{n:02d}",
            id=ids[n + 1],
            followers_count=1,
            statuses_count=per_author,
            bio=f"Author number {n} of the benchmark.",
            bio_html=f"<p>Author number {n} of the benchmark.</p>",
        )
        for n in range(AUTHORS)
    ]
    async with in_transaction():
        await Account.bulk_create([bench, *authors])
        app = await App.create(
            id=id_at(start_ms, rng.getrandbits(56)),
            client_id=f"bench-{RNG_SEED}",
            client_secret=hashlib.sha256(f"secret-{RNG_SEED}".encode()).hexdigest(),
            name="bench",
            redirect_uris="urn:ietf:wg:oauth:2.0:oob",
            scopes="read write follow",
        )
        await Token.create(
            id=id_at(start_ms, rng.getrandbits(56)),
            token_hash=digest(token_for(statuses)),
            app_id=app.id,
            account_id=bench.id,
            scopes="read write follow",
        )
        await Follow.bulk_create(
            [
                Follow(
                    id=id_at(start_ms, rng.getrandbits(56)),
                    account_id=bench.id,
                    target_id=a.id,
                    created_at=END - timedelta(days=DAYS),
                )
                for a in authors
            ]
        )
    batch: list[Status] = []
    made = 0
    for author in authors:
        for _ in range(per_author):
            at_ms = rng.randint(start_ms, end_ms - 1)
            status_id = id_at(at_ms, rng.getrandbits(56))
            source, html = _text(rng)
            batch.append(
                Status(
                    id=status_id,
                    account_id=author.id,
                    uri=policy.url(f"/objects/{status_id}"),
                    url=policy.url(f"/notice/{status_id}"),
                    local=True,
                    visibility="public",
                    content=html,
                    source=source,
                    content_type="text/plain",
                    conversation_id=status_id,
                    application_name="bench",
                    created_at=datetime.fromtimestamp(at_ms / 1000, UTC),
                )
            )
            if len(batch) >= BATCH:
                made += await _flush(batch)
    made += await _flush(batch)
    await _analyze(url)
    print(f"seeded {made} statuses by {AUTHORS} authors", file=sys.stderr)
    return await _dataset(bench, statuses)


async def _flush(batch: list[Status]) -> int:
    if not batch:
        return 0
    async with in_transaction():
        await Status.bulk_create(batch)
    count = len(batch)
    batch.clear()
    return count


async def _analyze(url: str) -> None:
    """Give the query planner fresh statistics, as an admin's maintenance would."""
    from tortoise import connections

    conn = connections.get("default")
    if db.is_sqlite(url):
        await conn.execute_script("ANALYZE; PRAGMA optimize;")
    else:
        await conn.execute_script("ANALYZE;")


async def reset(url: str, dataset: Dataset) -> None:
    """Remove what a run added: the bench user's own statuses (from W2), and their count."""
    await db.init(url)
    try:
        async with in_transaction():
            await Status.filter(account_id=dataset.bench_id).delete()
            await Account.filter(id=dataset.bench_id).update(statuses_count=0)
    finally:
        await db.close()


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.seed DB STATUSES``: seed and print the dataset."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", choices=("sqlite", "postgres"))
    parser.add_argument("statuses", type=int, help="how many statuses (a multiple of 50)")
    args = parser.parse_args(argv)
    dataset = asyncio.run(seed(database_url(args.db, args.statuses), args.statuses))
    print(dataset)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
