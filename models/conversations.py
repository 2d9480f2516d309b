"""Direct conversations: one participation per account and context, with its recipients."""

from tortoise import fields
from tortoise.models import Model

from models.fields import id_field


class Participation(Model):
    """An account's place in a direct conversation (Pleroma's participation).

    ``conversation_id`` is the context (the thread root's id, as on ``Status``).
    ``last_activity_id`` is the newest direct status that touched it: the list of an
    account's conversations is ordered and paged by it. Its id is the conversation id
    the REST API shows.
    """

    id = id_field()
    account = fields.ForeignKeyField(
        "models.Account", related_name="participations", on_delete=fields.CASCADE
    )
    conversation_id = fields.CharField(max_length=18)
    read = fields.BooleanField(default=False)
    last_activity_id = fields.CharField(max_length=18)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "participations"
        unique_together = (("account", "conversation_id"),)
        indexes = (("account_id", "last_activity_id"), ("conversation_id", "account_id"))


class ParticipationRecipient(Model):
    """One account in a participation's recipient set (only PATCH changes the set)."""

    id = fields.IntField(primary_key=True)
    participation = fields.ForeignKeyField(
        "models.Participation", related_name="recipients", on_delete=fields.CASCADE
    )
    account = fields.ForeignKeyField(
        "models.Account", related_name="conversation_recipient_of", on_delete=fields.CASCADE
    )

    class Meta:
        table = "participation_recipients"
        unique_together = (("participation", "account"),)
        indexes = (("account_id", "participation_id"),)
