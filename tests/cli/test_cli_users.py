"""``python -m app user ...`` as an operator runs it: real subprocesses, real exit codes."""

from __future__ import annotations

import asyncio

from app import db as app_db
from models.accounts import Account
from schema.services.passwords import verify_password


def _account(url: str, nickname: str) -> Account | None:
    async def fetch():
        await app_db.init(url)
        try:
            return await Account.filter(nickname=nickname).first()
        finally:
            await app_db.close()

    return asyncio.run(fetch())


def test_user_new_prints_the_id_and_creates_the_account(run_cli, settings):
    done = run_cli("user", "new", "root", "root@x.org", "--password", "pw-root", "--admin")
    assert done.returncode == 0, done.stderr
    new_id = done.stdout.strip()
    row = _account(settings.effective_database_url, "root")
    assert row is not None and row.id == new_id
    assert row.is_admin and not row.is_moderator
    assert verify_password("pw-root", row.password_hash)


def test_user_new_without_password_prints_a_generated_one(run_cli, settings):
    done = run_cli("user", "new", "alice", "a@x.org", "--moderator")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[1].startswith("password: ")
    row = _account(settings.effective_database_url, "alice")
    assert row.is_moderator
    assert verify_password(lines[1][len("password: ") :], row.password_hash)


def test_user_new_refuses_bad_and_taken_nicknames(run_cli):
    bad = run_cli("user", "new", "no spaces", "a@x.org", "--password", "pw")
    assert bad.returncode == 1
    assert "nickname: has invalid format" in bad.stderr
    assert run_cli("user", "new", "alice", "a@x.org", "--password", "pw").returncode == 0
    taken = run_cli("user", "new", "Alice", "b@x.org", "--password", "pw")
    assert taken.returncode == 1
    assert "nickname: has already been taken" in taken.stderr


def test_user_set_and_reset_password(run_cli, settings):
    url = settings.effective_database_url
    assert run_cli("user", "new", "alice", "a@x.org", "--password", "pw").returncode == 0
    done = run_cli("user", "set", "alice", "--admin", "--deactivated")
    assert done.returncode == 0, done.stderr
    assert "admin=true" in done.stdout and "activated=false" in done.stdout
    row = _account(url, "alice")
    assert row.is_admin and not row.is_active
    done = run_cli("user", "set", "alice", "--no-admin", "--moderator", "--activated")
    assert done.returncode == 0, done.stderr
    row = _account(url, "alice")
    assert not row.is_admin and row.is_moderator and row.is_active

    done = run_cli("user", "reset-password", "alice")
    assert done.returncode == 0, done.stderr
    generated = done.stdout.strip()
    assert verify_password(generated, _account(url, "alice").password_hash)
    done = run_cli("user", "reset-password", "alice", "--password", "mine")
    assert done.returncode == 0, done.stderr
    assert verify_password("mine", _account(url, "alice").password_hash)


def test_unknown_user_exits_1_with_message(run_cli):
    for args in (("user", "set", "ghost", "--admin"), ("user", "reset-password", "ghost")):
        done = run_cli(*args)
        assert done.returncode == 1, args
        assert done.stderr.strip() == "no such user: ghost"


def test_bad_flags_exit_2(run_cli):
    assert run_cli("user", "set", "alice").returncode == 2  # nothing to change
    assert run_cli("user", "set", "alice", "--activated", "--deactivated").returncode == 2
    assert run_cli("user", "new", "alice").returncode == 2  # missing EMAIL
    assert run_cli("user", "frobnicate").returncode == 2
    done = run_cli("user", "set", "alice", "--admin=yes")
    assert done.returncode == 2
