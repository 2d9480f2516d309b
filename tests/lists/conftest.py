"""The statuses REST world serves the list tests too (alice, bob, carol, eve, mallory;
bob follows alice; alice blocks mallory; full-scope tokens)."""

from tests.statuses.conftest import rw  # noqa: F401  (fixture re-export)
