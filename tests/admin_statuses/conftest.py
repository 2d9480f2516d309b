"""Fixtures of the admin statuses / moderation log / stats / OAuth app tests."""

from tests.admin.world import aw  # noqa: F401  (fixture re-export)
