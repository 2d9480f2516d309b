"""``build_schema()``: the Strawberry schema with its hardening.

Hardening, in the order the extensions run:

* ``MaxTokensLimiter`` — a document over :data:`MAX_TOKENS` tokens is refused before it
  is parsed in full;
* ``ParserCache`` / ``ValidationCache`` — parsed documents and validation results are kept
  in bounded LRU caches shared by every request;
* ``QueryDepthLimiter`` (:data:`MAX_DEPTH`) and ``MaxAliasesLimiter`` (:data:`MAX_ALIASES`)
  — validation rules; their rule classes are built once so the validation cache can hit;
* :class:`MaskInternalErrors` — a :class:`~schema.errors.DomainError` keeps its message
  and gets ``extensions.code``; any other exception is answered as ``Unexpected error.``
  (and logged with its traceback by :class:`PlenumSchema`, which logs nothing else);
* :data:`MAX_PAGE_SIZE` caps every Relay connection (``first``/``last``).

Extensions are passed as factories (Strawberry makes fresh instances per operation).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from schema.errors import DomainError
from schema.mutations.root import Mutation
from schema.queries.root import Query
from schema.subscriptions.root import Subscription
from schema.types.scalars import SCALAR_MAP

log = logging.getLogger("plenum.graphql")

MAX_DEPTH = 10
MAX_TOKENS = 2000
MAX_ALIASES = 15
MAX_PAGE_SIZE = 40
CACHE_SIZE = 256


def page_size(first: int | None, default: int = 20) -> int:
    """A connection's page size: ``first`` clamped to 1..:data:`MAX_PAGE_SIZE`."""
    if first is None:
        return default
    return max(1, min(int(first), MAX_PAGE_SIZE))


def _is_internal(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, DomainError)


class MaskInternalErrors(MaskErrors):
    """Hide unexpected exceptions; give domain errors their stable ``code``."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_internal, error_message="Unexpected error.")

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        for error in errors:
            original = error.original_error
            if isinstance(original, DomainError):
                error.extensions = {**(error.extensions or {}), "code": original.code}
        return super()._process_errors(errors)


class PlenumSchema(strawberry.Schema):
    """Strawberry's schema, logging only what the operator must look at.

    Strawberry logs every error of every operation; a refusal by a rule (a
    :class:`DomainError`) or a client's malformed query is the client's business, so only
    unexpected exceptions are logged, with their traceback and field path (before
    :class:`MaskInternalErrors` hides them from the client).
    """

    def process_errors(self, errors: list[GraphQLError], execution_context: object = None) -> None:
        for error in errors:
            if _is_internal(error):
                log.error(
                    "unexpected error in GraphQL resolver at %s",
                    ".".join(str(p) for p in error.path or ()) or "(operation)",
                    exc_info=error.original_error,
                )


def _shared_rules(extension: AddValidationRules) -> Callable[[], SchemaExtension]:
    """A factory reusing ``extension``'s rule classes (so ValidationCache keys are stable)."""
    rules = list(extension.validation_rules)
    named = type(type(extension).__name__, (AddValidationRules,), {})

    def factory() -> SchemaExtension:
        return named(rules)

    return factory


def extension_factories() -> list[Callable[[], SchemaExtension]]:
    """The hardening extensions, as factories, in order."""
    return [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ParserCache(maxsize=CACHE_SIZE),
        _shared_rules(QueryDepthLimiter(max_depth=MAX_DEPTH)),
        _shared_rules(MaxAliasesLimiter(max_alias_count=MAX_ALIASES)),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        MaskInternalErrors,
    ]


@cache
def build_schema() -> strawberry.Schema:
    """The GraphQL schema: ``Query``, ``Mutation``, ``Subscription``, scalars, hardening.

    Built once per process and shared (Strawberry binds field extensions to the type
    classes, so the same classes cannot be turned into a second schema).
    """
    return PlenumSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extension_factories(),
        config=StrawberryConfig(relay_max_results=MAX_PAGE_SIZE, scalar_map=SCALAR_MAP),
    )


