"""REST handlers: documents about the REST layer itself."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from rest_compat.docs import openapi_document
from rest_compat.params import Params
from schema.context import RequestContext


async def openapi(request: web.Request, ctx: RequestContext, params: Params) -> Any:
    """``GET /api/openapi.json``: the OpenAPI 3.1 document generated from the route table."""
    return openapi_document(ctx.policy)
