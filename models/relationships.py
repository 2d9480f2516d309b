"""Relationships between accounts: follows (and requests), blocks, mutes, subscriptions."""

from tortoise import fields
from tortoise.models import Model

from models.fields import id_field


class Follow(Model):
    """``account`` follows ``target``, and ``accepted`` is false while it is a follow request."""

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="following_rows", on_delete=fields.CASCADE
    )
    target = fields.ForeignKeyField(
        "models.Account", related_name="follower_rows", on_delete=fields.CASCADE
    )
    accepted = fields.BooleanField(default=True)
    show_reblogs = fields.BooleanField(default=True)
    notify = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "follows"
        unique_together = (("account", "target"),)
        indexes = (("target_id", "accepted", "id"),)


class Block(Model):
    """``account`` blocks ``target``."""

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="blocking_rows", on_delete=fields.CASCADE
    )
    target = fields.ForeignKeyField(
        "models.Account", related_name="blocked_by_rows", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "blocks"
        unique_together = (("account", "target"),)
        indexes = (("target_id", "account_id"),)


class Mute(Model):
    """``account`` mutes ``target``, and its notifications too when ``notifications``."""

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="muting_rows", on_delete=fields.CASCADE
    )
    target = fields.ForeignKeyField(
        "models.Account", related_name="muted_by_rows", on_delete=fields.CASCADE
    )
    notifications = fields.BooleanField(default=True)
    expires_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "mutes"
        unique_together = (("account", "target"),)


class Subscription(Model):
    """``account`` is notified of every new top-level status of ``target`` (Pleroma)."""

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="subscriptions", on_delete=fields.CASCADE
    )
    target = fields.ForeignKeyField(
        "models.Account", related_name="subscribers", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "subscriptions"
        unique_together = (("account", "target"),)
        indexes = (("target_id", "account_id"),)
