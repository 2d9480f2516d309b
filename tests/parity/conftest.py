"""Parity tests reuse the GraphQL fixture world."""

from tests.graphql.conftest import world  # noqa: F401  (fixture)
