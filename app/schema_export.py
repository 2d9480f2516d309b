"""``python -m app export-schema``: print the GraphQL schema as SDL (``make schema``).

The committed ``schema.graphql`` at the repository root is this output; a test fails when
it is stale, so schema changes show up in review as a diff of that file.
"""

from __future__ import annotations

import argparse
from typing import Any

from schema.graphql import build_schema


def schema_sdl() -> str:
    """The SDL of the schema, ending with one newline."""
    return build_schema().as_str().rstrip("\n") + "\n"


def cmd_export_schema(args: argparse.Namespace) -> int:
    """Print the SDL to stdout; exit 0."""
    print(schema_sdl(), end="")
    return 0


def add_export_schema_command(sub: Any) -> None:
    """Register ``export-schema`` on the CLI's subparsers."""
    command = sub.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    command.set_defaults(func=cmd_export_schema)
