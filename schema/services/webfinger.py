"""WebFinger: which local account a ``resource`` names.

Accepted resources: ``acct:nick@host`` (also without ``acct:`` and with a leading ``@``),
and the account's ActivityPub id or profile URL. Only local, active accounts answer;
anything else is 404 ``Couldn't find user`` as in Pleroma.
"""

from __future__ import annotations

from typing import Any

from models.accounts import Account
from schema.errors import BAD_REQUEST, NOT_FOUND, DomainError
from schema.services.accounts import find_local_by_nickname

USER_NOT_FOUND = "Couldn't find user"


def _not_found() -> DomainError:
    return DomainError(NOT_FOUND, USER_NOT_FOUND)


async def resolve_resource(ctx: Any, resource: Any) -> Account:
    """The local active account named by ``resource``.

    Raises 400 when ``resource`` is missing or not a string, 404 ``Couldn't find user``
    when it names nobody here (remote accounts included). Read-only.
    """
    if not isinstance(resource, str) or not resource.strip():
        raise DomainError(BAD_REQUEST, "Missing field: resource", field="resource")
    policy = ctx.policy
    text = resource.strip()
    account: Account | None
    if text.startswith(("http://", "https://")):
        account = await Account.filter(local=True).filter(uri=text).first()
        if account is None:
            account = await Account.filter(local=True, url=text).first()
    else:
        if text.startswith("acct:"):
            text = text[len("acct:") :]
        nickname, _, host = text.lstrip("@").partition("@")
        if not nickname or (host and host.lower() != policy.host.lower()):
            raise _not_found()
        account = await find_local_by_nickname(nickname)
    if account is None or not account.local or not account.is_active:
        raise _not_found()
    return account
