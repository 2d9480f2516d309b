"""Profile editing at the service level: all or nothing, storage failures, the mascot."""

from __future__ import annotations

import pytest

from app.storage import LocalStorage
from models.accounts import Account
from models.media import MediaAttachment
from schema.errors import DomainError
from schema.services import profile
from schema.services.media import UploadInput
from schema.services.profile import RESET, ProfileChanges, ProfileField
from tests.profile.conftest import png
from tests.world import make_world


@pytest.fixture
async def svc(db, policy):
    return await make_world(policy)


class FlakyStorage(LocalStorage):
    """Fails the ``fail_at``-th save (1-based)."""

    def __init__(self, root, fail_at: int) -> None:
        super().__init__(root)
        self.fail_at = fail_at
        self.saves = 0

    async def save(self, relative: str, data: bytes) -> None:
        self.saves += 1
        if self.saves == self.fail_at:
            raise OSError("disk full")
        await super().save(relative, data)


def files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def ctx_for(world, account, storage, scopes=frozenset({"write:accounts", "read:accounts"})):
    ctx = world.ctx(account, scopes=scopes)
    ctx.extras["storage"] = storage
    return ctx


async def test_a_failing_store_leaves_no_file_and_no_change(svc, tmp_path):
    storage = FlakyStorage(tmp_path / "up", fail_at=2)
    ctx = ctx_for(svc, svc.alice, storage)
    changes = ProfileChanges(
        display_name="new",
        avatar=UploadInput("a.png", "image/png", png()),
        header=UploadInput("h.png", "image/png", png()),
    )
    with pytest.raises(OSError):
        await profile.update_profile(ctx, changes)
    row = await Account.get(id=svc.alice.id)
    assert (row.display_name, row.avatar_url, row.header_url) == ("alice", None, None)
    assert files(tmp_path / "up") == []


async def test_settings_merge_into_the_stored_row_not_the_stale_copy(svc, tmp_path):
    ctx = ctx_for(svc, svc.alice, LocalStorage(tmp_path / "up"))
    # another request stored something since alice's row was read
    fresh = await Account.get(id=svc.alice.id)
    fresh.settings = {"notification_settings": {"block_from_strangers": True}}
    await fresh.save(update_fields=["settings"])
    row = await profile.update_profile(ctx, ProfileChanges(skip_thread_containment=True))
    assert row.settings == {
        "notification_settings": {"block_from_strangers": True},
        "skip_thread_containment": True,
    }


async def test_bot_and_actor_type(svc, tmp_path):
    ctx = ctx_for(svc, svc.alice, LocalStorage(tmp_path / "up"))
    row = await profile.update_profile(ctx, ProfileChanges(bot=True))
    assert (row.actor_type, row.bot) == ("Service", True)
    row = await profile.update_profile(ctx, ProfileChanges(bot=True, actor_type="Person"))
    assert (row.actor_type, row.bot) == ("Person", False)


async def test_fields_and_reset_without_a_picture(svc, tmp_path):
    ctx = ctx_for(svc, svc.alice, LocalStorage(tmp_path / "up"))
    row = await profile.update_profile(
        ctx, ProfileChanges(fields=[ProfileField("a", "@bob")], avatar=RESET)
    )
    assert row.avatar_url is None
    assert row.fields_json[0]["value"] == "@bob"
    assert 'class="u-url mention"' in row.fields_json[0]["value_html"]
    assert profile.fields_from_params({"10": {"name": "b"}, "2": {"name": "a"}}) == [
        ProfileField("a", ""),
        ProfileField("b", ""),
    ]
    with pytest.raises(DomainError) as err:
        profile.fields_from_params("nope")
    assert err.value.status == 422


async def test_scope_is_checked_before_anything(svc, tmp_path):
    ctx = ctx_for(svc, svc.alice, LocalStorage(tmp_path / "up"), scopes=frozenset({"read"}))
    with pytest.raises(DomainError) as err:
        await profile.update_profile(ctx, ProfileChanges(display_name="x"))
    assert err.value.status == 403
    with pytest.raises(DomainError):
        await profile.set_mascot(ctx, UploadInput("m.png", "image/png", png()))
    assert (await profile.get_mascot(ctx)).is_default


async def test_mascot_falls_back_to_the_default_when_its_upload_is_gone(svc, tmp_path):
    ctx = ctx_for(svc, svc.alice, LocalStorage(tmp_path / "up"))
    mascot = await profile.set_mascot(ctx, UploadInput("m.png", "image/png", png()))
    assert not mascot.is_default
    # the next request authenticates with the row as stored now
    ctx.viewer.account.settings = (await Account.get(id=svc.alice.id)).settings
    assert (await profile.get_mascot(ctx)).id == mascot.id
    await MediaAttachment.filter(id=mascot.id).delete()
    assert await profile.get_mascot(ctx) == profile.DEFAULT_MASCOT
