"""REST handlers: instance (SCAFFOLD: being written)."""


async def v1(request, ctx, params):
    raise NotImplementedError('instance:v1')


async def v2(request, ctx, params):
    raise NotImplementedError('instance:v2')


async def nodeinfo_index(request, ctx, params):
    raise NotImplementedError('instance:nodeinfo_index')


async def nodeinfo_20(request, ctx, params):
    raise NotImplementedError('instance:nodeinfo_20')


async def nodeinfo_21(request, ctx, params):
    raise NotImplementedError('instance:nodeinfo_21')


async def host_meta(request, ctx, params):
    raise NotImplementedError('instance:host_meta')


async def webfinger(request, ctx, params):
    raise NotImplementedError('instance:webfinger')


async def healthcheck(request, ctx, params):
    raise NotImplementedError('instance:healthcheck')

