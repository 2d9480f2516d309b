"""Notifications: what happened to an account, shown in its notification list."""

from tortoise import fields
from tortoise.models import Model

from models.fields import id_field

#: The notification types Plenum makes (Mastodon's names, and Pleroma's ``pleroma:report``).
TYPES = (
    "mention", "status", "reblog", "favourite", "follow", "follow_request", "pleroma:report"
)


class Notification(Model):
    """``actor`` did something that concerns ``account`` (the recipient).

    ``status`` is the status it is about (the mentioning or new status, the favourited or
    reblogged original), null for follows. ``report`` is the report a ``pleroma:report``
    tells the staff about (null for the other types). The id is time-ordered, so the
    recipient's list is a keyset scan on ``(account_id, id)``. Deleting the status, the
    report or either account deletes the notification with it.
    """

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="notifications", on_delete=fields.CASCADE
    )
    actor = fields.ForeignKeyField(
        "models.Account", related_name="caused_notifications", on_delete=fields.CASCADE
    )
    type = fields.CharField(max_length=32)
    status = fields.ForeignKeyField(
        "models.Status", related_name="notifications", null=True, on_delete=fields.CASCADE
    )
    report = fields.ForeignKeyField(
        "models.Report",
        related_name="notifications",
        null=True,
        db_index=True,
        on_delete=fields.CASCADE,
    )
    seen = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "notifications"
        indexes = (
            ("account_id", "id"),
            ("account_id", "seen", "id"),
            ("status_id", "type", "actor_id"),
            ("actor_id", "account_id", "type"),
        )
