"""REST handlers: captcha (SCAFFOLD: being written)."""


async def new(request, ctx, params):
    raise NotImplementedError('captcha:new')

