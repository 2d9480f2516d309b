"""Timeline markers: where an account stopped reading its home timeline and notifications."""

from tortoise import fields
from tortoise.models import Model


class Marker(Model):
    """An account's read position in one timeline (Mastodon's Marker).

    ``timeline`` is ``home`` or ``notifications``, one row per account and timeline.
    ``last_read_id`` is the id of the newest item read, as the client sent it. ``version``
    starts at 0 and grows by one each time ``last_read_id`` changes, and ``updated_at``
    is the time of that change.
    """

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField(
        "models.Account", related_name="markers", on_delete=fields.CASCADE
    )
    timeline = fields.CharField(max_length=32)
    last_read_id = fields.CharField(max_length=64)
    version = fields.IntField(default=0)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "markers"
        unique_together = (("account", "timeline"),)
