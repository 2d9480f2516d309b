"""The statuses REST world serves the conversation tests too."""

from tests.statuses.conftest import rw  # noqa: F401  (fixture re-export)
