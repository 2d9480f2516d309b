"""REST handlers: captcha challenges (``GET /api/pleroma/captcha``)."""

from __future__ import annotations

from typing import Any

from rest_compat.params import Params
from schema.context import RequestContext
from schema.services import captcha


async def new(request: Any, ctx: RequestContext, params: Params) -> dict[str, Any]:
    """A new challenge, or ``{"type": "none"}`` when captchas are off."""
    return await captcha.new_captcha(ctx)
