"""``python -m app user new | set | reset-password``: account administration at the shell.

The rules live in :mod:`schema.services.admin_users`; this module parses arguments, opens
the database (the server may be running on it at the same time: SQLite runs in WAL mode
with a busy timeout), calls the service and prints the outcome.

Exit codes: 0 done, 1 refused (unknown user, bad nickname...; the reason goes to stderr),
2 usage error (argparse).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from app import db
from app.config import Settings, load_settings
from schema.context import RequestContext
from schema.errors import NOT_FOUND, DomainError
from schema.services import admin_users


async def _with_database(settings: Settings, work: Callable[[RequestContext], Awaitable[Any]]):
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.effective_database_url
    await db.migrate(url, 2)
    await db.init(url, 2)
    try:
        return await work(RequestContext(policy=settings.policy()))
    finally:
        await db.close()


def _run(args: argparse.Namespace, work: Callable[[RequestContext], Awaitable[Any]]) -> Any:
    """Run ``work`` against the configured database; DomainErrors become exit code 1."""
    settings = load_settings()
    try:
        return asyncio.run(_with_database(settings, work))
    except DomainError as exc:
        if exc.kind is NOT_FOUND:
            print(f"no such user: {args.nickname}", file=sys.stderr)
        else:
            print(_describe(exc), file=sys.stderr)
        raise SystemExit(1) from None


def _describe(exc: DomainError) -> str:
    field_errors = exc.extra.get("field_errors")
    if field_errors:
        return "; ".join(
            f"{name}: {message}" for name, messages in field_errors.items() for message in messages
        )
    return exc.message


def cmd_user_new(args: argparse.Namespace) -> int:
    """Create a local account; print its id (and the password when one was generated)."""
    password = args.password if args.password is not None else admin_users.generate_password()

    async def work(ctx: RequestContext) -> Any:
        return await admin_users.create_user(
            ctx, args.nickname, args.email, password, admin=args.admin, moderator=args.moderator
        )

    account = _run(args, work)
    print(account.id)
    if args.password is None:
        print(f"password: {password}")
    return 0


def cmd_user_set(args: argparse.Namespace) -> int:
    """Change roles and activation; print the resulting flags."""

    async def work(ctx: RequestContext) -> Any:
        return await admin_users.set_flags(
            ctx, args.nickname, admin=args.admin, moderator=args.moderator, active=args.active
        )

    account = _run(args, work)
    print(
        f"{account.nickname}: admin={str(account.is_admin).lower()} "
        f"moderator={str(account.is_moderator).lower()} "
        f"activated={str(account.is_active).lower()}"
    )
    return 0


def cmd_user_reset_password(args: argparse.Namespace) -> int:
    """Set a new password (printed when generated) and revoke the account's tokens."""

    async def work(ctx: RequestContext) -> Any:
        return await admin_users.reset_password(ctx, args.nickname, args.password)

    reset = _run(args, work)
    if args.password is None:
        print(reset.password)
    else:
        print(f"password changed for {reset.account.nickname}")
    print(f"{reset.revoked_tokens} token(s) revoked", file=sys.stderr)
    return 0


def add_user_commands(sub: Any) -> None:
    """Register ``user new | set | reset-password`` on the top-level subparsers."""
    user = sub.add_parser("user", help="manage local accounts")
    user_sub = user.add_subparsers(dest="user_command", required=True)

    new = user_sub.add_parser("new", help="create a local account")
    new.add_argument("nickname")
    new.add_argument("email")
    new.add_argument("--password", help="the password (a random one is printed if omitted)")
    new.add_argument("--admin", action="store_true", help="make the account an admin")
    new.add_argument("--moderator", action="store_true", help="make the account a moderator")
    new.set_defaults(func=cmd_user_new)

    change = user_sub.add_parser("set", help="change roles and activation of an account")
    change.add_argument("nickname")
    change.add_argument("--admin", action=argparse.BooleanOptionalAction, default=None)
    change.add_argument("--moderator", action=argparse.BooleanOptionalAction, default=None)
    activation = change.add_mutually_exclusive_group()
    activation.add_argument("--activated", dest="active", action="store_const", const=True)
    activation.add_argument("--deactivated", dest="active", action="store_const", const=False)
    change.set_defaults(func=cmd_user_set, active=None, _parser=change)

    reset = user_sub.add_parser(
        "reset-password", help="set a new password and revoke the account's tokens"
    )
    reset.add_argument("nickname")
    reset.add_argument("--password", help="the new password (a random one is printed if omitted)")
    reset.set_defaults(func=cmd_user_reset_password)


def validate_user_args(args: argparse.Namespace) -> None:
    """Usage checks argparse cannot express (exit 2 through ``parser.error``)."""
    if args.func is cmd_user_set and args.admin is None and args.moderator is None and (
        args.active is None
    ):
        args._parser.error(
            "nothing to change: give --admin/--no-admin, --moderator/--no-moderator, "
            "--activated or --deactivated"
        )
