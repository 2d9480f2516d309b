"""REST handlers: meta (SCAFFOLD: being written)."""


async def openapi(request, ctx, params):
    raise NotImplementedError('meta:openapi')

