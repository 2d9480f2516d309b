"""The instance policy: what the rules need to know about this server.

``app.config`` reads the environment and builds one ``InstancePolicy``; services receive
it through the request context. It is immutable, so a request can never change it.
"""

from dataclasses import dataclass, field

PLENUM_VERSION = "0.1.0"
PLEROMA_COMPAT_VERSION = "2.7.2"
MASTODON_COMPAT_VERSION = "2.7.2"


#: Pleroma's default ``[Pleroma.User, :restricted_nicknames]``: names that are paths of the
#: web interface and the federation endpoints (``/users``, ``/api``, ``/relay`` ...), so a
#: person holding one could pass for the server or shadow a page.
DEFAULT_RESTRICTED_NICKNAMES: tuple[str, ...] = (
    ".well-known", "~", "about", "activities", "api", "auth", "dev", "friend-requests",
    "inbox", "internal", "main", "media", "nodeinfo", "notice", "oauth", "objects",
    "ostatus_subscribe", "pleroma", "proxy", "push", "registration", "relay", "settings",
    "status", "tag", "user-search", "users", "web",
)  # fmt: skip


@dataclass(frozen=True)
class InstancePolicy:
    """Instance-wide facts and limits, as configured by the admin."""

    public_url: str = "http://127.0.0.1:4000"
    name: str = "Plenum"
    description: str = "A Pleroma-compatible social server"
    admin_email: str = ""
    registrations_open: bool = True
    invites_required: bool = False
    account_activation_required: bool = False
    account_approval_required: bool = False
    captcha_enabled: bool = False
    captcha_seconds_valid: int = 300
    healthcheck: bool = True
    upload_limit: int = 16 * 1024 * 1024
    allow_private_network_fetch: bool = False
    max_toot_chars: int = 5000
    user_bio_length: int = 5000
    user_name_length: int = 100
    registration_reason_length: int = 500
    restricted_nicknames: frozenset[str] = frozenset(DEFAULT_RESTRICTED_NICKNAMES)
    email_blacklist: frozenset[str] = field(default_factory=frozenset)
    secret_key: str = ""
    #: Pleroma's ``[:admin_token]``: ``?admin_token=`` on an admin route acts as an admin.
    #: Empty (the default) turns it off.
    admin_token: str = field(default="", repr=False)
    access_token_lifetime: int = 600 * 24 * 365
    mail_enabled: bool = False
    db_pool_size: int = 10
    emoji_dir: str = ""
    # Limits shown by /api/v1/instance and nodeinfo; the services that take the input
    # (statuses, media, polls, profile updates) enforce them from here.
    avatar_upload_limit: int = 2 * 1024 * 1024
    background_upload_limit: int = 4 * 1024 * 1024
    banner_upload_limit: int = 4 * 1024 * 1024
    max_media_attachments: int = 4
    characters_reserved_per_url: int = 23
    poll_max_options: int = 20
    poll_max_option_chars: int = 200
    poll_min_expiration: int = 0
    poll_max_expiration: int = 365 * 24 * 60 * 60
    max_profile_fields: int = 10
    max_remote_profile_fields: int = 20
    profile_field_name_length: int = 512
    profile_field_value_length: int = 2048

    @property
    def host(self) -> str:
        """The host (and port, if any) of ``public_url``: the domain of local accounts."""
        rest = self.public_url.split("://", 1)[-1]
        return rest.split("/", 1)[0]

    @property
    def version(self) -> str:
        """The version string clients parse to detect a Pleroma API."""
        return (
            f"{MASTODON_COMPAT_VERSION} (compatible; Pleroma {PLEROMA_COMPAT_VERSION}; "
            f"Plenum {PLENUM_VERSION})"
        )

    def url(self, path: str) -> str:
        """An absolute URL on this instance for ``path`` (which starts with ``/``)."""
        return self.public_url.rstrip("/") + path
