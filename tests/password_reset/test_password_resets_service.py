"""The password reset rules without HTTP: asking for a link, using it once, the admin's
tools, and the login rule for accounts whose reset an admin forced."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest

from app.ratelimit import RateLimiter
from models.accounts import Account
from models.moderation import ModerationLogEntry, PasswordResetToken
from models.oauth import AuthorizationCode, Token
from schema.context import RequestContext
from schema.errors import DomainError
from schema.services import moderation_log, oauth, password_resets, tokens
from schema.services.accounts import create_local_account
from schema.services.passwords import verify_password
from schema.viewer import ADMIN_TOKEN_VIEWER, Viewer
from tests.accounts.conftest import make_app_row
from tests.mailbox import Mailbox

ADMIN = frozenset({"read", "write", "admin"})
LINK = re.compile(r"https://plenum\.example/api/pleroma/password_reset/([\w-]+)")


@pytest.fixture
async def people(db, policy):
    made = {}
    for nick, extra in (("boss", {"is_admin": True}), ("ann", {}), ("ben", {})):
        made[nick] = await create_local_account(
            policy, nickname=nick, email=f"{nick}@example.org", password=f"{nick}-old", **extra
        )
    return made


def admin_ctx(policy, people, scopes=ADMIN) -> RequestContext:
    return RequestContext(policy=policy, viewer=Viewer(account=people["boss"], scopes=scopes))


async def refusal(call) -> tuple[int, str]:
    with pytest.raises(DomainError) as info:
        await call
    return info.value.status, info.value.message


async def fresh(account) -> Account:
    return await Account.get(id=account.id)


async def issue(policy, people, nick="ann") -> str:
    return (await password_resets.admin_reset_link(admin_ctx(policy, people), nick)).token


# --- asking for a link -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "to"),
    [
        ({"email": "ANN@example.org"}, "ann@example.org"),
        ({"nickname": "ann"}, "ann@example.org"),
        ({"nickname": "@Ben"}, "ben@example.org"),
        ({"email": "ben@example.org", "nickname": "ann"}, "ben@example.org"),
        ({"email": "", "nickname": "ann"}, "ann@example.org"),
    ],
)
async def test_a_request_mails_a_link_that_opens_the_form(people, policy, fields, to):
    box = Mailbox()
    await password_resets.request_reset(RequestContext(policy=policy, mailer=box), **fields)
    [mail] = box.sent
    assert mail.to == to and mail.subject == "Password reset"
    raw = LINK.search(mail.text).group(1)
    row = await PasswordResetToken.get(account__email=to)
    assert row.token_hash == tokens.digest(raw) and raw not in row.token_hash
    assert not row.used
    lifetime = row.expires_at - row.created_at
    assert timedelta(hours=23, minutes=59) < lifetime <= timedelta(hours=24)
    found = await password_resets.find_valid(raw)
    assert found is not None and found.account.email == to


@pytest.mark.parametrize(
    "fields",
    [
        {"email": "nobody@example.org"},
        {"nickname": "nobody"},
        {},
        {"nickname": ""},
        {"nickname": ["ann"]},
        {"email": "x" * 500},
    ],
)
async def test_a_request_for_nobody_does_nothing_quietly(people, policy, fields):
    box = Mailbox()
    assert await password_resets.request_reset(
        RequestContext(policy=policy, mailer=box), **fields
    ) is None
    assert box.sent == [] and await PasswordResetToken.all().count() == 0


async def test_no_link_for_deactivated_remote_or_addressless_accounts(people, policy):
    ann, ben = people["ann"], people["ben"]
    await Account.filter(id=ann.id).update(is_active=False)
    await Account.filter(id=ben.id).update(email=None, email_lower=None)
    await Account.create(
        nickname="far", domain="remote.example", local=False, email="far@example.org",
        uri="https://remote.example/users/far", url="https://remote.example/@far",
    )
    box = Mailbox()
    ctx = RequestContext(policy=policy, mailer=box)
    for fields in ({"nickname": "ann"}, {"nickname": "ben"}, {"email": "far@example.org"}):
        await password_resets.request_reset(ctx, **fields)
    assert box.sent == [] and await PasswordResetToken.all().count() == 0


async def test_a_forced_account_may_still_ask_for_a_link(people, policy):
    await password_resets.force_reset(admin_ctx(policy, people), ["ann"])
    box = Mailbox()
    await password_resets.request_reset(RequestContext(policy=policy, mailer=box), nickname="ann")
    assert len(box.sent) == 1


async def test_without_mail_nothing_is_made(people, policy):
    await password_resets.request_reset(RequestContext(policy=policy), nickname="ann")
    assert await PasswordResetToken.all().count() == 0


async def test_a_refused_mail_is_not_an_error(people, policy):
    box = Mailbox(fail=True)
    await password_resets.request_reset(RequestContext(policy=policy, mailer=box), nickname="ann")
    assert box.sent == []


async def test_requests_spend_the_password_reset_budget(people, policy):
    limiter = RateLimiter()
    ctx = RequestContext(policy=policy, extras={"rate_limiter": limiter}, remote_ip="10.0.0.9")
    for _ in range(5):
        await password_resets.request_reset(ctx, nickname="nobody")
    assert await refusal(password_resets.request_reset(ctx, nickname="ann")) == (429, "Throttled")
    other = RequestContext(policy=policy, extras={"rate_limiter": limiter}, remote_ip="10.0.0.10")
    await password_resets.request_reset(other, nickname="nobody")


# --- using a link ------------------------------------------------------------------------


async def test_a_reset_sets_the_password_and_ends_every_session(people, policy):
    ann = people["ann"]
    await password_resets.force_reset(admin_ctx(policy, people), ["ann"])
    live = await tokens.issue_token(ann, None, ["read"])
    await AuthorizationCode.create(
        code="c" * 64, app=await make_app_row(), account=ann, scopes="read",
        redirect_uri="urn:ietf:wg:oauth:2.0:oob", expires_at=datetime.now(UTC) + timedelta(1),
    )
    first, second = await issue(policy, people), await issue(policy, people)
    other = await issue(policy, people, "ben")

    result = await password_resets.reset_password(
        RequestContext(policy=policy), first, "new secret", "new secret"
    )
    assert result.id == ann.id
    row = await fresh(ann)
    assert verify_password("new secret", row.password_hash)
    assert not verify_password("ann-old", row.password_hash)
    assert row.password_reset_pending is False
    assert await tokens.find_token(live.access_token) is None
    assert await Token.filter(account_id=ann.id, revoked=False).count() == 0
    assert await AuthorizationCode.filter(account_id=ann.id).count() == 0
    # every link of ann's is spent; ben's is not
    assert await password_resets.find_valid(first) is None
    assert await password_resets.find_valid(second) is None
    assert await password_resets.find_valid(other) is not None
    assert await refusal(
        password_resets.reset_password(RequestContext(policy=policy), second, "x", "x")
    ) == (400, "Invalid token")


@pytest.mark.parametrize(
    ("password", "confirmation", "status", "message"),
    [
        ("", "", 422, "Password can't be blank."),
        ("   ", "   ", 422, "Password can't be blank."),
        (None, None, 422, "Password can't be blank."),
        ("one", "two", 422, "Password does not match confirmation."),
        ("one", None, 422, "Password does not match confirmation."),
        ("x" * 5000, "x" * 5000, 422, "Password should be at most 4096 character(s)."),
    ],
)
async def test_a_refused_password_keeps_the_link_usable(
    people, policy, password, confirmation, status, message
):
    raw = await issue(policy, people)
    ctx = RequestContext(policy=policy)
    assert await refusal(
        password_resets.reset_password(ctx, raw, password, confirmation)
    ) == (status, message)
    assert verify_password("ann-old", (await fresh(people["ann"])).password_hash)
    await password_resets.reset_password(ctx, raw, "fine now", "fine now")


@pytest.mark.parametrize("token", ["", None, "nope", "x" * 500, ["list"]])
async def test_unknown_tokens(people, policy, token):
    assert await password_resets.find_valid(token) is None
    assert await refusal(
        password_resets.reset_password(RequestContext(policy=policy), token, "a", "a")
    ) == (400, "Invalid token")


async def test_an_expired_link_is_refused(people, policy):
    raw = await issue(policy, people)
    await PasswordResetToken.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert await password_resets.find_valid(raw) is None
    assert await refusal(
        password_resets.reset_password(RequestContext(policy=policy), raw, "a", "a")
    ) == (400, "Invalid token")


async def test_a_deactivated_account_cannot_use_its_link(people, policy):
    raw = await issue(policy, people)
    await Account.filter(id=people["ann"].id).update(is_active=False)
    assert await password_resets.find_valid(raw) is None


async def test_two_racing_resets_with_one_link_change_the_password_once(people, policy):
    raw = await issue(policy, people)
    ctx = RequestContext(policy=policy)
    outcomes = await asyncio.gather(
        password_resets.reset_password(ctx, raw, "first", "first"),
        password_resets.reset_password(ctx, raw, "second", "second"),
        return_exceptions=True,
    )
    won = [o for o in outcomes if isinstance(o, Account)]
    lost = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert lost[0].message == "Invalid token"
    row = await fresh(people["ann"])
    assert verify_password("first", row.password_hash) != verify_password(
        "second", row.password_hash
    )


# --- the admin's tools -------------------------------------------------------------------


async def test_an_admin_link_is_a_working_reset_link(people, policy):
    issued = await password_resets.admin_reset_link(admin_ctx(policy, people), "Ann")
    assert issued.account.id == people["ann"].id
    assert issued.link == f"https://plenum.example/api/pleroma/password_reset/{issued.token}"
    assert (await password_resets.find_valid(issued.token)).account.id == people["ann"].id
    assert await ModerationLogEntry.all().count() == 0


async def test_an_admin_link_for_nobody(people, policy):
    assert await refusal(
        password_resets.admin_reset_link(admin_ctx(policy, people), "nobody")
    ) == (404, "Not found")


async def test_forcing_flags_the_accounts_and_logs_it(people, policy):
    found = await password_resets.force_reset(admin_ctx(policy, people), ["ben", "@ANN", "ben"])
    assert [a.nickname for a in found] == ["ben", "ann"]
    assert (await fresh(people["ann"])).password_reset_pending is True
    assert (await fresh(people["ben"])).password_reset_pending is True
    assert (await fresh(people["boss"])).password_reset_pending is False
    [entry] = (await moderation_log.entries()).entries
    assert entry.action == "force_password_reset"
    assert entry.message == "@boss forced password reset for users: @ben, @ann"
    assert entry.actor_id == people["boss"].id
    assert [s["nickname"] for s in entry.data["subject"]] == ["ben", "ann"]


async def test_forcing_with_the_admin_token(people, policy):
    ctx = RequestContext(policy=policy, viewer=ADMIN_TOKEN_VIEWER)
    await password_resets.force_reset(ctx, "ann")
    [entry] = (await moderation_log.entries()).entries
    assert entry.message == "@admin_token forced password reset for users: @ann"


@pytest.mark.parametrize(
    ("nicknames", "status", "message"),
    [
        (["ann", "nobody"], 404, "Not found"),
        ([], 400, "Missing field: nicknames."),
        (None, 400, "Missing field: nicknames."),
        ([""], 400, "nicknames: expected nicknames"),
        ([["ann"]], 400, "nicknames: expected nicknames"),
    ],
)
async def test_forcing_is_all_or_nothing(people, policy, nicknames, status, message):
    assert await refusal(
        password_resets.force_reset(admin_ctx(policy, people), nicknames)
    ) == (status, message)
    assert await Account.filter(password_reset_pending=True).count() == 0
    assert await ModerationLogEntry.all().count() == 0


@pytest.mark.parametrize("who", ["anonymous", "ann", "boss without admin scope", "boss read"])
async def test_only_admins_with_write_accounts_use_the_tools(people, policy, who):
    viewer = {
        "anonymous": Viewer(),
        "ann": Viewer(account=people["ann"], scopes=ADMIN),
        "boss without admin scope": Viewer(
            account=people["boss"], scopes=frozenset({"read", "write"})
        ),
        "boss read": Viewer(account=people["boss"], scopes=frozenset({"admin:read"})),
    }[who]
    ctx = RequestContext(policy=policy, viewer=viewer)
    assert (await refusal(password_resets.admin_reset_link(ctx, "ann")))[0] == 403
    assert (await refusal(password_resets.force_reset(ctx, ["ann"])))[0] == 403
    assert await PasswordResetToken.all().count() == 0
    assert await Account.filter(password_reset_pending=True).count() == 0


# --- the login rule ----------------------------------------------------------------------


async def test_a_forced_account_may_not_log_in_until_it_resets(people, policy):
    ann = people["ann"]
    assert oauth.account_status(policy, ann) == "active"
    await password_resets.force_reset(admin_ctx(policy, people), ["ann"])
    row = await fresh(ann)
    assert oauth.account_status(policy, row) == "password_reset_pending"
    with pytest.raises(DomainError) as info:
        oauth.ensure_can_log_in(policy, row)
    assert info.value.status == 403
    assert info.value.body == {
        "error": "Password reset is required", "identifier": "password_reset_required",
    }
    # a deactivated account says so first, as in Pleroma
    row.is_active = False
    assert oauth.account_status(policy, row) == "deactivated"

    raw = await issue(policy, people)
    await password_resets.reset_password(RequestContext(policy=policy), raw, "np", "np")
    assert oauth.account_status(policy, await fresh(ann)) == "active"
