"""Uploaded media attachments."""

from tortoise import fields
from tortoise.models import Model

from models.fields import id_field


class MediaAttachment(Model):
    """A file uploaded by ``account``, attached to at most one status, by its owner only."""

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="media", on_delete=fields.CASCADE
    )
    status = fields.ForeignKeyField(
        "models.Status", related_name="media_attachments", null=True, on_delete=fields.SET_NULL
    )
    position = fields.IntField(default=0)
    kind = fields.CharField(max_length=16, default="unknown")
    mime_type = fields.CharField(max_length=255)
    file_path = fields.CharField(max_length=1024)
    url = fields.CharField(max_length=2048)
    remote_url = fields.CharField(max_length=2048, null=True)
    description = fields.TextField(null=True)
    blurhash = fields.CharField(max_length=128, null=True)
    meta = fields.JSONField(default=dict)
    size = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "media_attachments"
        indexes = (("status_id", "position"),)
