"""One process may close one database and open another of a different kind (the bench
seeds SQLite, then PostgreSQL): inserts must use the new database's SQL."""

from __future__ import annotations

from app import db as app_db
from models.registration import Invite


async def _insert_invite(url: str, token: str) -> int:
    await app_db.init(url)
    try:
        await Invite.bulk_create([Invite(token=token)])
        await Invite.create(token=token + "-2")
        return await Invite.filter(token__startswith=token).count()
    finally:
        await app_db.close()


async def test_inserts_after_switching_databases(tmp_path, database_url):
    sqlite_url = f"sqlite://{tmp_path / 'first.sqlite3'}"
    await app_db.migrate(sqlite_url)
    assert await _insert_invite(sqlite_url, "first") == 2
    # The suite's own database: PostgreSQL in `make test-postgres`, where the cached
    # SQLite INSERT (with `?` placeholders) used to fail with a syntax error.
    assert await _insert_invite(database_url, "second") == 2
