"""The statuses REST world serves the streaming tests too."""

from tests.statuses.conftest import rw  # noqa: F401  (fixture re-export)
