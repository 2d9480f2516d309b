"""``PLENUM_LOG_LEVEL=DEBUG`` never writes a statement's bound values (password hashes,
emails) to the log: the database drivers' loggers stay at INFO."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.cli.conftest import ROOT

SCRIPT = textwrap.dedent(
    """
    import asyncio, logging, sys
    from app import db
    from app.cli import configure_logging
    from app.config import Settings
    from schema.services.accounts import create_local_account

    configure_logging("DEBUG")
    logging.getLogger("plenum").debug("plenum debug is on")

    async def main(url):
        await db.migrate(url)
        await db.init(url)
        try:
            account = await create_local_account(
                Settings().policy(), nickname="logged",
                email="secret-address@example.org", password="pw-12345678",
            )
            print(account.password_hash)
        finally:
            await db.close()

    asyncio.run(main(sys.argv[1]))
    """
)


def test_debug_logging_keeps_bound_values_out(tmp_path):
    url = f"sqlite://{tmp_path / 'log.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, url],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
    )
    password_hash = done.stdout.strip().splitlines()[-1]
    assert password_hash.startswith("$argon2")
    assert "plenum debug is on" in done.stderr  # DEBUG is really on
    assert "secret-address@example.org" not in done.stderr
    assert password_hash not in done.stderr
