"""``UserError``: a refusal a mutation reports in its payload instead of failing."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry

from schema.errors import DomainError


@strawberry.type(description="Why a mutation did not do what was asked, for one input field.")
class UserError:
    """One refusal: a stable code, the input field at fault (if any), a readable message."""

    code: str = strawberry.field(
        description="A stable machine-readable code such as `VALIDATION` or `NOT_FOUND`."
    )
    field: str | None = strawberry.field(
        description="The input field at fault (snake_case as in the REST API), if any."
    )
    message: str = strawberry.field(description="A human-readable explanation.")


def user_errors(error: DomainError) -> list[UserError]:
    """The userErrors of a :class:`DomainError`.

    A validation failure carrying ``extra["field_errors"] = {field: [messages]}`` gives one
    entry per message; any other error gives one entry with its code, field and message.
    """
    field_errors = error.extra.get("field_errors") if error.extra else None
    if field_errors:
        return list(_flatten(error.code, field_errors.items()))
    return [UserError(code=error.code, field=error.field, message=error.message)]


def _flatten(code: str, items: Iterable[tuple[str, object]]) -> Iterable[UserError]:
    for name, messages in items:
        if isinstance(messages, str):
            messages = [messages]
        for message in messages or ():
            yield UserError(code=code, field=name, message=str(message))
