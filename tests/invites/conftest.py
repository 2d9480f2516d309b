"""Fixtures: the admin API world (``aw``), and a real SMTP server for the mail tests."""

from tests.accounts.conftest import smtp_server  # noqa: F401  (fixture re-export)
from tests.admin.world import aw  # noqa: F401  (fixture re-export)
from tests.invites.http import inbox  # noqa: F401  (fixture re-export)
