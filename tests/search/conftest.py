"""The statuses REST world serves the search tests too."""

from tests.statuses.conftest import rw  # noqa: F401  (fixture re-export)
