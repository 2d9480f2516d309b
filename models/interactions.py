"""What an account does to a status: favourite, bookmark, pin, mute its thread."""

from tortoise import fields
from tortoise.models import Model

from models.fields import id_field


class Favourite(Model):
    """One favourite. The id is time-ordered, so the favourites timeline pages by it."""

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="favourites", on_delete=fields.CASCADE
    )
    status = fields.ForeignKeyField(
        "models.Status", related_name="favourites", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "favourites"
        unique_together = (("account", "status"),)
        indexes = (("status_id", "id"),)


class Bookmark(Model):
    """One bookmark, paged by its own time-ordered id."""

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="bookmarks", on_delete=fields.CASCADE
    )
    status = fields.ForeignKeyField(
        "models.Status", related_name="bookmarks", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "bookmarks"
        unique_together = (("account", "status"),)


class Pin(Model):
    """A status pinned to its author's profile."""

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="pins", on_delete=fields.CASCADE
    )
    status = fields.ForeignKeyField("models.Status", related_name="pins", on_delete=fields.CASCADE)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "pins"
        unique_together = (("account", "status"),)


class ThreadMute(Model):
    """An account muted a whole thread (by conversation id)."""

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField(
        "models.Account", related_name="thread_mutes", on_delete=fields.CASCADE
    )
    conversation_id = fields.CharField(max_length=18)

    class Meta:
        table = "thread_mutes"
        unique_together = (("account", "conversation_id"),)
