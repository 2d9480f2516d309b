"""Moderation: reports about accounts and statuses, their notes, and the moderation log."""

from tortoise import fields
from tortoise.models import Model

from models.fields import id_field


class Report(Model):
    """A complaint about an account (and some of its statuses), sent to the moderators.

    ``state`` is Pleroma's ``open``, ``closed`` or ``resolved``. ``category`` is Mastodon's
    (``spam``, ``legal``, ``violation``, ``other``); ``rule_ids`` the instance rules named.
    """

    id = id_field()
    reporter = fields.ForeignKeyField(
        "models.Account", related_name="reports_made", on_delete=fields.CASCADE
    )
    target = fields.ForeignKeyField(
        "models.Account", related_name="reports_received", on_delete=fields.CASCADE
    )
    content = fields.TextField(default="")
    state = fields.CharField(max_length=16, default="open")
    category = fields.CharField(max_length=32, default="other")
    rule_ids = fields.JSONField(default=list)
    forward = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "reports"
        indexes = (("state", "id"), ("target_id", "id"))


class ReportStatus(Model):
    """A status a report points at. Deleting the status takes it out of the report."""

    id = fields.IntField(primary_key=True)
    report = fields.ForeignKeyField(
        "models.Report", related_name="status_rows", on_delete=fields.CASCADE
    )
    status = fields.ForeignKeyField(
        "models.Status", related_name="report_rows", on_delete=fields.CASCADE
    )

    class Meta:
        table = "report_statuses"
        unique_together = (("report", "status"),)


class ReportNote(Model):
    """A moderator's note on a report. The note stays when its author is deleted."""

    id = id_field()
    report = fields.ForeignKeyField(
        "models.Report", related_name="notes", on_delete=fields.CASCADE
    )
    author = fields.ForeignKeyField(
        "models.Account",
        related_name="report_notes",
        on_delete=fields.SET_NULL,
        null=True,
    )
    content = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "report_notes"


class ModerationLogEntry(Model):
    """One action taken through the admin API, as Pleroma's moderation log keeps it.

    ``actor`` is the admin who acted (``NULL`` for the configured ``admin_token`` or once
    the admin's account is gone; ``actor_nickname`` keeps the name). ``action`` is
    Pleroma's action name (``delete``, ``activate``, ``tag``, ``report_update`` ...),
    ``data`` what it acted on, and ``message`` the sentence shown to admins.
    """

    id = id_field()
    actor = fields.ForeignKeyField(
        "models.Account",
        related_name="moderation_actions",
        on_delete=fields.SET_NULL,
        null=True,
    )
    actor_nickname = fields.CharField(max_length=255)
    action = fields.CharField(max_length=64)
    data = fields.JSONField(default=dict)
    message = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "moderation_log"


class PasswordResetToken(Model):
    """A single-use token mailed (or handed to an admin) to set a new password."""

    id = id_field()
    token_hash = fields.CharField(max_length=64, unique=True)
    account = fields.ForeignKeyField(
        "models.Account", related_name="password_reset_tokens", on_delete=fields.CASCADE
    )
    used = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "password_reset_tokens"
