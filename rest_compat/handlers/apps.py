"""REST handlers: apps (SCAFFOLD: being written)."""


async def create(request, ctx, params):
    raise NotImplementedError('apps:create')


async def verify(request, ctx, params):
    raise NotImplementedError('apps:verify')

