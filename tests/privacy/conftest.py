"""The statuses REST world serves the privacy sweep."""

from tests.statuses.conftest import rw  # noqa: F401  (fixture re-export)
