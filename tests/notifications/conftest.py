"""Notification tests: the service world with the notification handlers installed.

``world`` is :mod:`tests.world` (alice, bob follows alice, carol locked, eve the
stranger) with the subscription fan-out and the notification handlers subscribed, as the
app subscribes them at startup. The REST world (``rw``) is the statuses one.
"""

from __future__ import annotations

import pytest

from schema.services import notifications, subscriptions
from tests.statuses.conftest import rw  # noqa: F401  (fixture re-export)
from tests.world import make_world


@pytest.fixture
async def world(db, policy):
    subscriptions.install()
    notifications.install()
    return await make_world(policy)
