"""Lists: named sets of accounts an account reads as a timeline of their own (Mastodon's)."""

from tortoise import fields
from tortoise.models import Model

from models.fields import id_field


class AccountList(Model):
    """A list owned by ``account`` (Mastodon's List entity).

    ``replies_policy`` (``followed``, ``list`` or ``none``) and ``exclusive`` are
    Mastodon's settings, stored and shown as the client set them. Only the owner ever
    reads or changes a list.
    """

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="lists", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=255)
    replies_policy = fields.CharField(max_length=16, default="list")
    exclusive = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "lists"
        indexes = (("account_id", "id"),)


class ListMember(Model):
    """``account`` is a member of ``list``: its statuses show in that list's timeline.

    One row per list and account. The id is time-ordered, so the members of a list page
    by when they were added.
    """

    id = id_field()
    list = fields.ForeignKeyField(
        "models.AccountList", related_name="members", on_delete=fields.CASCADE
    )
    account = fields.ForeignKeyField(
        "models.Account", related_name="list_memberships", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "list_members"
        unique_together = (("list", "account"),)
        indexes = (("account_id", "list_id"),)
