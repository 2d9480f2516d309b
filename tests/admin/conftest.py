"""Fixtures of the admin API tests."""

from tests.admin.world import aw  # noqa: F401  (fixture re-export)
