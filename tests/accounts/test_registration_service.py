"""The registration service without HTTP: transactions, races and the GraphQL-facing errors."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from models.accounts import Account
from models.registration import Invite
from schema.context import RequestContext
from schema.errors import DomainError
from schema.services import registration
from schema.services.registration import RegistrationInput
from tests.accounts.conftest import make_app_row


def data(nickname="lain", **changes) -> RegistrationInput:
    return RegistrationInput(nickname=nickname, password="wired-123", **changes)


async def test_field_errors_are_structured_for_graphql(db, policy):
    ctx = RequestContext(policy=policy)
    with pytest.raises(DomainError) as caught:
        await registration.register(ctx, data("bad name", email="nope", confirm="x"))
    exc = caught.value
    assert exc.status == 400
    assert exc.extra["field_errors"] == {
        "email": ["has invalid format"],
        "nickname": ["has invalid format"],
        "password_confirmation": ["does not match confirmation"],
    }
    assert exc.message == (
        '{"email":["has invalid format"],"nickname":["has invalid format"],'
        '"password_confirmation":["does not match confirmation"]}'
    )


async def test_without_app_no_token_is_issued(db, policy):
    result = await registration.register(RequestContext(policy=policy), data())
    assert result.issued is None and result.identifier is None
    assert result.account.nickname == "lain"


async def test_with_app_the_token_carries_the_app_scopes(db, policy):
    app = await make_app_row(scopes="read write")
    result = await registration.register(RequestContext(policy=policy), data(), app=app)
    assert result.issued is not None
    assert result.issued.token.scopes == "read write"


async def test_a_failed_invite_update_rolls_the_account_back(db, policy, monkeypatch):
    closed = dataclasses.replace(policy, registrations_open=False)
    await Invite.create(token="once")

    async def broken(invite, legacy):
        raise DomainError(registration.BAD_REQUEST, "Expired token")

    monkeypatch.setattr(registration, "_spend_invite", broken)
    with pytest.raises(DomainError):
        await registration.register(RequestContext(policy=closed), data(invite_token="once"))
    assert not await Account.exists()


async def test_concurrent_use_of_a_one_time_invite_admits_one(db, policy):
    closed = dataclasses.replace(policy, registrations_open=False)
    await Invite.create(token="once")
    results = await asyncio.gather(
        *(
            registration.register(RequestContext(policy=closed), data(f"user{i}",
                                                                      invite_token="once"))
            for i in range(3)
        ),
        return_exceptions=True,
    )
    ok = [r for r in results if isinstance(r, registration.RegistrationResult)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(ok) == 1 and len(refused) == 2, results
    assert {r.message for r in refused} == {"Expired token"}
    assert await Account.all().count() == 1
    invite = await Invite.get(token="once")
    assert (invite.uses, invite.used) == (1, True)
