"""Every row of the route table is reachable: a request for its path reaches its handler.

aiohttp prefers the longest static prefix and otherwise matches in registration order, so
a dynamic path (``/admin/users/{nickname}``) registered before a static sibling of the
same shape could swallow it. This resolves a sample of every path through the real router.
"""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import make_mocked_request

from app.config import Settings
from app.main import create_app
from rest_compat.routes import ROUTES


def _sample(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x0sample", path)


@pytest.fixture(scope="module")
def router(tmp_path_factory):
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("routes"), secret_key="k" * 32))
    return app.router


@pytest.mark.parametrize(
    ("method", "path", "handler"),
    [(r.method, p, r.handler) for r in ROUTES for p in r.paths()],
    ids=lambda v: v if isinstance(v, str) else None,
)
async def test_every_route_reaches_its_handler(router, method, path, handler):
    request = make_mocked_request(method, _sample(path))
    match = await router.resolve(request)
    assert match.http_exception is None, f"{method} {path} does not resolve"
    view = match.handler.__name__
    assert view == f"view_{handler.replace(':', '_')}", (
        f"{method} {_sample(path)} reached {view}, not {handler}"
    )
