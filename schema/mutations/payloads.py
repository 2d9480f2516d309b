"""What every mutation payload shares: its ``userErrors`` field, and one way to fill it.

A payload is declared with its result fields at their *refused* values as defaults
(``None``, ``[]``, ``False``, ``0``) and :func:`user_errors_field` last::

    @strawberry.type(description="The result of `thingUpdate`.")
    class ThingPayload:
        thing: Thing | None = strawberry.field(default=None, description="...")
        user_errors: list[UserError] = user_errors_field()

and a resolver hands the service call and the success payload to :func:`payload_of`::

    return await payload_of(
        ThingPayload,
        lambda: service.update(info.context, ...),
        lambda row: ThingPayload(thing=Thing.from_row(row)),
    )

A :class:`~schema.errors.DomainError` raised by the call becomes ``userErrors`` with the
other fields at their defaults; anything else (a bug, a lost database) still fails the
operation. Checks a resolver makes before calling :func:`payload_of` (``viewer.require``)
stay GraphQL errors, as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from inspect import isawaitable
from typing import Any, TypeVar

import strawberry

from schema.errors import DomainError
from schema.types.errors import user_errors

Result = TypeVar("Result")
Payload = TypeVar("Payload")

#: The description most payloads give their ``userErrors``.
NOTHING_DONE = "Why the mutation did nothing (empty on success)."


def user_errors_field(description: str = NOTHING_DONE) -> Any:
    """A payload's ``userErrors`` field, empty unless given; declare it as the last field
    (``user_errors: list[UserError] = user_errors_field(...)``)."""
    return strawberry.field(default_factory=list, description=description)


async def payload_of(
    payload: Callable[..., Payload],
    call: Callable[[], Awaitable[Result]],
    done: Callable[[Result], Payload | Awaitable[Payload]],
) -> Payload:
    """Await ``call()`` and answer ``done(result)`` (awaited when it is a coroutine).

    Everything ``call`` does, including evaluating its arguments inside the lambda, runs
    under the rule: a :class:`DomainError` answers ``payload(user_errors=...)`` with every
    other field at its default. ``done`` runs outside it. Idempotent as far as the service
    call is; any other exception propagates.
    """
    try:
        result = await call()
    except DomainError as error:
        return payload(user_errors=user_errors(error))
    answer = done(result)
    if isawaitable(answer):
        return await answer
    return answer
