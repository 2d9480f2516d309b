"""REST handlers: oauth (SCAFFOLD: being written)."""


async def authorize_form(request, ctx, params):
    raise NotImplementedError('oauth:authorize_form')


async def authorize_submit(request, ctx, params):
    raise NotImplementedError('oauth:authorize_submit')


async def token(request, ctx, params):
    raise NotImplementedError('oauth:token')


async def revoke(request, ctx, params):
    raise NotImplementedError('oauth:revoke')


async def metadata(request, ctx, params):
    raise NotImplementedError('oauth:metadata')

