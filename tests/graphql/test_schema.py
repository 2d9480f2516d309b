"""The committed SDL is current, and every part of the schema is described."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
)

from app.cli import main as cli_main
from app.schema_export import schema_sdl
from schema.graphql import build_schema

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_graphql_is_current():
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == schema_sdl(), (
        "schema.graphql is stale: run `make schema` and commit the result"
    )


def test_cli_export_schema_prints_the_sdl(capsys):
    assert cli_main(["export-schema"]) == 0
    out = capsys.readouterr().out
    assert out == schema_sdl()
    assert "type Query {" in out and "type Mutation {" in out


def undescribed() -> list[str]:
    """Every type, field, argument, input field and enum value lacking a description."""
    schema = build_schema()._schema
    missing: list[str] = []
    for name, gtype in schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not (gtype.description or "").strip():
            missing.append(name)
        if isinstance(gtype, GraphQLObjectType | GraphQLInterfaceType):
            for fname, gfield in gtype.fields.items():
                if not (gfield.description or "").strip():
                    missing.append(f"{name}.{fname}")
                for aname, arg in gfield.args.items():
                    if not (arg.description or "").strip():
                        missing.append(f"{name}.{fname}({aname})")
        elif isinstance(gtype, GraphQLInputObjectType):
            for fname, gfield in gtype.fields.items():
                if not (gfield.description or "").strip():
                    missing.append(f"{name}.{fname}")
        elif isinstance(gtype, GraphQLEnumType):
            for vname, value in gtype.values.items():
                if not (value.description or "").strip():
                    missing.append(f"{name}.{vname}")
    return missing


def test_every_type_field_argument_and_enum_value_has_a_description():
    assert undescribed() == []


def test_the_walker_notices_a_missing_description(monkeypatch):
    schema = build_schema()._schema
    field = schema.type_map["Instance"].fields["title"]
    monkeypatch.setattr(field, "description", None)
    assert "Instance.title" in undescribed()


def test_root_fields_follow_the_conventions():
    schema = build_schema()._schema
    query = set(schema.query_type.fields)
    assert {
        "node", "viewer", "account", "accountLookup", "instance", "health", "captcha",
        "viewerApp", "customEmojis",
    } <= query
    mutation = schema.mutation_type.fields
    for name in ("appCreate", "accountRegister"):
        payload = mutation[name].type.of_type
        assert "userErrors" in payload.fields, name
        assert list(mutation[name].args) == ["input"], name
    for node_type in ("Account", "App"):
        gtype = schema.type_map[node_type]
        assert "restId" in gtype.fields
        assert [i.name for i in gtype.interfaces] == ["Node"]
