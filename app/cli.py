"""The command line: ``python -m app serve | migrate | user ... | export-docs``.

Every command exits 0 on success, 1 on a failure it can explain (the message goes to
stderr), and 2 on a usage error (argparse).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
from pathlib import Path

from app import db
from app.cli_users import add_user_commands, validate_user_args
from app.config import ConfigError, Settings, load_settings
from app.schema_export import add_export_schema_command


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "port", None):
        overrides["port"] = args.port
    return load_settings(overrides=overrides)


def new_event_loop(kind: str = "uvloop") -> asyncio.AbstractEventLoop:
    """uvloop's event loop when ``kind`` is ``uvloop`` and it is installed, else asyncio's.

    uvloop (libuv) makes socket I/O and the thread hand-offs of the SQLite driver cheaper;
    ``PLENUM_EVENT_LOOP=asyncio`` keeps the standard loop (for debugging).
    """
    if kind == "uvloop":
        try:
            import uvloop
        except ImportError:
            pass
        else:
            return uvloop.new_event_loop()
    return asyncio.new_event_loop()


async def _freeze_startup_objects(_app: object) -> None:
    """Move everything start-up made (modules, schema, routes) out of the collector's way.

    Objects alive now live as long as the process; ``gc.freeze`` stops every full
    collection from walking them again, which shortens the pauses behind tail latency.
    """
    gc.collect()
    gc.freeze()


def cmd_migrate(args: argparse.Namespace) -> int:
    """Apply pending migrations."""
    settings = _settings(args)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(db.migrate(settings.effective_database_url))
    print("migrations applied")
    return 0


#: Loggers whose DEBUG lines carry every statement's bound values (password hashes, email
#: addresses, token digests): they stay at INFO whatever ``PLENUM_LOG_LEVEL`` says.
VALUE_LOGGERS = ("tortoise.db_client", "aiosqlite", "asyncpg")


def configure_logging(level: str) -> None:
    """Log to stderr at ``level``, never letting the database drivers log bound values."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    floor = max(logging.INFO, logging.getLevelName(level))
    for name in VALUE_LOGGERS:
        logging.getLogger(name).setLevel(floor)


def cmd_serve(args: argparse.Namespace) -> int:
    """Apply pending migrations, then serve until interrupted."""
    from aiohttp import web

    from app.main import create_app

    settings = _settings(args)
    configure_logging(settings.log_level)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(db.migrate(settings.effective_database_url))
    app = create_app(settings)
    app.on_startup.append(_freeze_startup_objects)
    web.run_app(
        app,
        loop=new_event_loop(settings.event_loop),
        host=settings.host,
        port=settings.port,
        print=lambda _msg: print(
            f"Plenum serving on http://{settings.host}:{settings.port}", flush=True
        ),
        access_log=None,
    )
    return 0


#: The generated endpoint reference, kept in the repository next to the code.
ENDPOINTS_DOC = Path(__file__).resolve().parent.parent / "docs" / "endpoints.md"


def cmd_export_docs(args: argparse.Namespace) -> int:
    """Write the endpoint reference generated from the route table (``make docs``)."""
    from rest_compat.docs import endpoints_markdown

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(endpoints_markdown(), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argparse tree of every command."""
    parser = argparse.ArgumentParser(prog="python -m app", description="Plenum server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="apply migrations and serve HTTP")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(func=cmd_serve)
    migrate = sub.add_parser("migrate", help="apply pending database migrations")
    migrate.set_defaults(func=cmd_migrate)
    add_export_schema_command(sub)
    add_user_commands(sub)
    docs = sub.add_parser("export-docs", help="write docs/endpoints.md from the route table")
    docs.add_argument("--output", type=Path, default=ENDPOINTS_DOC)
    docs.set_defaults(func=cmd_export_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    validate_user_args(args)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 1
