"""Fixtures of the admin user API tests: the admin world (``aw``) and the real SMTP server
of the mail tests."""

from tests.accounts.conftest import smtp_server  # noqa: F401  (fixture re-export)
from tests.admin.world import aw  # noqa: F401  (fixture re-export)
