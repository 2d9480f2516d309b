"""OAuth2 clients, authorization codes and tokens."""

from tortoise import fields
from tortoise.models import Model

from models.fields import id_field


class App(Model):
    """A registered OAuth client (``POST /api/v1/apps``)."""

    id = id_field()
    client_id = fields.CharField(max_length=64, unique=True)
    client_secret = fields.CharField(max_length=128)
    name = fields.CharField(max_length=255)
    website = fields.CharField(max_length=2048, null=True)
    redirect_uris = fields.TextField()
    scopes = fields.CharField(max_length=1024, default="read")
    trusted = fields.BooleanField(default=False)
    owner = fields.ForeignKeyField(
        "models.Account", related_name="owned_apps", null=True, on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "oauth_apps"


class AuthorizationCode(Model):
    """A one-time code issued by ``/oauth/authorize`` and redeemed at ``/oauth/token``."""

    id = id_field()
    code = fields.CharField(max_length=64, unique=True)
    app = fields.ForeignKeyField("models.App", related_name="codes", on_delete=fields.CASCADE)
    account = fields.ForeignKeyField(
        "models.Account", related_name="auth_codes", on_delete=fields.CASCADE
    )
    scopes = fields.CharField(max_length=1024)
    redirect_uri = fields.TextField()
    code_challenge = fields.CharField(max_length=128, null=True)
    code_challenge_method = fields.CharField(max_length=16, null=True)
    used = fields.BooleanField(default=False)
    expires_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "oauth_authorization_codes"


class Token(Model):
    """An access token (and its refresh token).

    ``account`` is null for app-only tokens from the ``client_credentials`` grant.
    Only the SHA-256 of the token strings is stored, so a leaked database does not leak
    usable tokens.
    """

    id = id_field()
    token_hash = fields.CharField(max_length=64, unique=True)
    refresh_hash = fields.CharField(max_length=64, unique=True, null=True)
    app = fields.ForeignKeyField(
        "models.App", related_name="tokens", null=True, on_delete=fields.CASCADE
    )
    account = fields.ForeignKeyField(
        "models.Account", related_name="tokens", null=True, on_delete=fields.CASCADE
    )
    scopes = fields.CharField(max_length=1024)
    valid_until = fields.DatetimeField(null=True)
    revoked = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "oauth_tokens"
