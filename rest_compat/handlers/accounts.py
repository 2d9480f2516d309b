"""REST handlers: accounts (SCAFFOLD: being written)."""


async def register(request, ctx, params):
    raise NotImplementedError('accounts:register')


async def register_legacy(request, ctx, params):
    raise NotImplementedError('accounts:register_legacy')


async def verify_credentials(request, ctx, params):
    raise NotImplementedError('accounts:verify_credentials')


async def lookup(request, ctx, params):
    raise NotImplementedError('accounts:lookup')


async def show(request, ctx, params):
    raise NotImplementedError('accounts:show')

