"""Hardening: depth, token and alias limits, caches, masked internal errors, page caps."""

from __future__ import annotations

import logging

import pytest
import strawberry
from strawberry.extensions import MaxTokensLimiter, ParserCache, ValidationCache

from schema import graphql as gql_schema
from schema.context import RequestContext
from schema.errors import NOT_FOUND, DomainError
from schema.graphql import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_PAGE_SIZE,
    MAX_TOKENS,
    MaskInternalErrors,
    build_schema,
    page_size,
)
from schema.instance import InstancePolicy
from tests.graphql.conftest import gql


@strawberry.type(description="A self-nesting toy type: the live schema is not 11 levels deep yet.")
class Toy:
    @strawberry.field(description="Another level.")
    def child(self) -> Toy:
        return Toy()

    @strawberry.field(description="A leaf.")
    def leaf(self) -> int:
        return 1


@strawberry.type(description="Toy root.")
class ToyQuery:
    @strawberry.field(description="The first level.")
    def toy(self) -> Toy:
        return Toy()


def _deep(depth: int) -> str:
    """A query of operation depth ``depth`` as the limiter counts it (``toy`` is depth 0,
    so ``{ toy { leaf } }`` has depth 1)."""
    body = "leaf"
    for _ in range(depth - 1):
        body = f"child {{ {body} }}"
    return f"{{ toy {{ {body} }} }}"


async def test_depth_limit_allows_the_maximum_and_refuses_one_more():
    # the same hardening extensions as the live schema, on a schema deep enough to test
    schema = strawberry.Schema(query=ToyQuery, extensions=gql_schema.extension_factories())
    ok = await schema.execute(_deep(MAX_DEPTH))
    assert ok.errors is None, ok.errors
    refused = await schema.execute(_deep(MAX_DEPTH + 1))
    assert refused.data is None
    assert "exceeds maximum operation depth" in refused.errors[0].message


async def test_depth_limit_is_active_over_http(client):
    # aliases and fragments do not add depth; the live schema's deepest path is 3 levels
    body = await gql(client, "{ instance { contactAccount { username } } }")
    assert "errors" not in body


async def test_token_limit_refuses_huge_documents(client):
    fields = " ".join("title" for _ in range(MAX_TOKENS))
    refused = await gql(client, f"{{ instance {{ {fields} }} }}")
    assert refused.get("data") is None
    assert "more than 2000 tokens" in refused["errors"][0]["message"]
    small = await gql(client, "{ instance { title } }")
    assert small["data"]["instance"]["title"] == "Plenum Test"


async def test_alias_limit(client):
    def aliases(n: int) -> str:
        return "{ " + " ".join(f"a{i}: instance {{ title }}" for i in range(n)) + " }"

    ok = await gql(client, aliases(MAX_ALIASES))
    assert "errors" not in ok and len(ok["data"]) == MAX_ALIASES
    refused = await gql(client, aliases(MAX_ALIASES + 1))
    assert refused.get("data") is None
    assert "aliases" in refused["errors"][0]["message"].lower()


def test_limits_are_the_documented_values():
    assert (MAX_DEPTH, MAX_TOKENS, MAX_ALIASES, MAX_PAGE_SIZE) == (10, 2000, 15, 40)


def test_extensions_are_factories_not_instances():
    schema = build_schema()
    from strawberry.extensions import SchemaExtension

    assert not any(isinstance(ext, SchemaExtension) for ext in schema.extensions)
    made = [type(ext) for ext in schema.get_extensions()]
    assert MaxTokensLimiter in made and ParserCache in made and ValidationCache in made
    assert MaskInternalErrors in made
    names = {cls.__name__ for cls in made}
    assert {"QueryDepthLimiter", "MaxAliasesLimiter"} <= names


async def test_validation_and_parse_caches_hit_on_a_repeated_query():
    schema = build_schema()
    ctx = RequestContext(policy=InstancePolicy())
    query = "{ instance { title maxTootChars } }"
    first = await schema.execute(query, context_value=ctx)
    assert first.errors is None
    parse_cache = ParserCache(maxsize=gql_schema.CACHE_SIZE).cached_parse_document
    validate_cache = ValidationCache(maxsize=gql_schema.CACHE_SIZE).cached_validate_document
    parse_hits = parse_cache.cache_info().hits
    validate_hits = validate_cache.cache_info().hits
    second = await schema.execute(query, context_value=ctx)
    assert second.errors is None and second.data == first.data
    assert parse_cache.cache_info().hits == parse_hits + 1
    assert validate_cache.cache_info().hits == validate_hits + 1


async def test_internal_errors_are_masked_and_domain_errors_keep_code(monkeypatch, caplog):
    schema = build_schema()
    ctx = RequestContext(policy=InstancePolicy())

    async def boom(_ctx):
        raise RuntimeError("secret internals: password=hunter2")

    from schema.services import instance as instance_service

    monkeypatch.setattr(instance_service, "instance_stats", boom)
    with caplog.at_level(logging.ERROR, logger="plenum.graphql"):
        result = await schema.execute(
            "{ instance { title stats { userCount } } }", context_value=ctx
        )
    assert result.data is None or result.data["instance"] is None
    assert [e.message for e in result.errors] == ["Unexpected error."]
    assert "hunter2" not in str(result.errors[0].formatted)
    assert any("unexpected error" in r.message for r in caplog.records)

    async def not_found(_ctx):
        raise DomainError(NOT_FOUND, "Record not found")

    monkeypatch.setattr(instance_service, "instance_stats", not_found)
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        result = await schema.execute("{ instance { stats { userCount } } }", context_value=ctx)
    # a rule's refusal is the client's business: nothing logged at error level
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert result.errors[0].message == "Record not found"
    assert result.errors[0].extensions == {"code": "NOT_FOUND"}


async def test_internal_error_over_http_is_masked(client, monkeypatch):
    from schema.services import instance as instance_service

    async def boom(_ctx):
        raise ValueError("db password leaked")

    monkeypatch.setattr(instance_service, "instance_stats", boom)
    body = await gql(client, "{ instance { stats { userCount } } }")
    assert body["errors"][0]["message"] == "Unexpected error."
    assert "leaked" not in str(body)


@pytest.mark.parametrize(("first", "expected"), [(None, 20), (0, 1), (5, 5), (1000, 40)])
def test_page_size_is_capped(first, expected):
    assert page_size(first) == expected


def test_relay_connections_are_capped():
    assert build_schema().config.relay_max_results == MAX_PAGE_SIZE
