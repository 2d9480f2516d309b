"""Accounts: local users and (later) remote actors, one row each."""

from tortoise import fields
from tortoise.models import Model

from models.fields import id_field


class Account(Model):
    """An actor on the network.

    Local accounts have a password hash and an email; remote ones (federation, later) have
    ``domain`` set and no credentials. ``nickname`` is unique per domain, compared
    case-insensitively through ``nickname_lower``. Counters are kept in the row and changed
    in the same transaction as the facts they count.

    ``acct_key`` (``nick`` for local accounts, ``nick@domain`` for remote ones, lower-case)
    is derived on every save and unique, so two local accounts can never share a nickname
    even when registrations race (a unique pair with a NULL domain would not stop that).
    """

    id = id_field()
    nickname = fields.CharField(max_length=255)
    nickname_lower = fields.CharField(max_length=255)
    domain = fields.CharField(max_length=255, null=True)
    acct_key = fields.CharField(max_length=511, unique=True)
    local = fields.BooleanField(default=True)
    email = fields.CharField(max_length=320, null=True)
    email_lower = fields.CharField(max_length=320, null=True, unique=True)
    password_hash = fields.CharField(max_length=512, null=True)
    display_name = fields.CharField(max_length=255, default="")
    bio = fields.TextField(default="")
    bio_html = fields.TextField(default="")
    fields_json = fields.JSONField(default=list)
    avatar_url = fields.CharField(max_length=2048, null=True)
    header_url = fields.CharField(max_length=2048, null=True)
    background_url = fields.CharField(max_length=2048, null=True)
    locked = fields.BooleanField(default=False)
    bot = fields.BooleanField(default=False)
    discoverable = fields.BooleanField(default=False)
    is_admin = fields.BooleanField(default=False)
    is_moderator = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    is_confirmed = fields.BooleanField(default=True)
    is_approved = fields.BooleanField(default=True)
    confirmation_token = fields.CharField(max_length=64, null=True)
    registration_reason = fields.TextField(null=True)
    hide_followers = fields.BooleanField(default=False)
    hide_follows = fields.BooleanField(default=False)
    hide_followers_count = fields.BooleanField(default=False)
    hide_follows_count = fields.BooleanField(default=False)
    hide_favorites = fields.BooleanField(default=True)
    default_scope = fields.CharField(max_length=16, default="public")
    no_rich_text = fields.BooleanField(default=False)
    show_role = fields.BooleanField(default=True)
    actor_type = fields.CharField(max_length=32, default="Person")
    uri = fields.CharField(max_length=2048, unique=True)
    url = fields.CharField(max_length=2048)
    inbox_url = fields.CharField(max_length=2048, null=True)
    shared_inbox_url = fields.CharField(max_length=2048, null=True)
    public_key_pem = fields.TextField(null=True)
    private_key_pem = fields.TextField(null=True)
    followers_count = fields.IntField(default=0)
    following_count = fields.IntField(default=0)
    statuses_count = fields.IntField(default=0)
    settings = fields.JSONField(default=dict)
    #: The admin-set tags (Pleroma's user tags), a copy of this account's ``AccountTag``
    #: rows kept in the same transaction, so rendering an account needs no extra read.
    tags = fields.JSONField(default=list, db_default=[])
    #: Set by an admin's ``force_password_reset``: the account must choose a new password
    #: (through a reset link) before it can sign in again.
    password_reset_pending = fields.BooleanField(default=False, db_default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    last_status_at = fields.DatetimeField(null=True)

    class Meta:
        table = "accounts"
        indexes = (("nickname_lower", "domain"),)

    async def save(self, *args, **kwargs) -> None:
        """Derive ``nickname_lower`` and ``acct_key`` from nickname and domain, then save."""
        self.nickname_lower = self.nickname.lower()
        self.acct_key = account_key(self.nickname, self.domain)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "nickname" in update_fields:
            kwargs["update_fields"] = [*update_fields, "nickname_lower", "acct_key"]
        await super().save(*args, **kwargs)


def account_key(nickname: str, domain: str | None) -> str:
    """The unique key of an account: ``nick`` when local, ``nick@domain`` when remote."""
    nickname = nickname.lower()
    return f"{nickname}@{domain.lower()}" if domain else nickname


class AccountTag(Model):
    """One admin-set tag of an account (``mrf_tag:media-force-nsfw``, ``verified``, ...).

    The rows are what the admin user list filters on; ``Account.tags`` carries the same
    set for rendering. Both change together in :mod:`schema.services.admin_users`.
    """

    id = fields.IntField(primary_key=True)
    account = fields.ForeignKeyField(
        "models.Account", related_name="tag_rows", on_delete=fields.CASCADE
    )
    tag = fields.CharField(max_length=255, db_index=True)

    class Meta:
        table = "account_tags"
        unique_together = (("account", "tag"),)
