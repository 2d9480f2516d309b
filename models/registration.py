"""Registration: invites (used when registrations are closed) and spent captchas."""

from tortoise import fields
from tortoise.models import Model

from models.fields import id_field


class Invite(Model):
    """An invite token: one-time, reusable up to ``max_use``, and/or date-limited."""

    id = id_field()
    token = fields.CharField(max_length=64, unique=True)
    max_use = fields.IntField(null=True)
    uses = fields.IntField(default=0)
    expires_at = fields.DateField(null=True)
    used = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "invites"


class UsedCaptcha(Model):
    """A captcha token already redeemed, kept until it would have expired anyway."""

    token = fields.CharField(max_length=64, primary_key=True)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "used_captchas"
