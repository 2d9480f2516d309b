"""Settings, read once from ``PLENUM_*`` environment variables and an optional TOML file.

Precedence: environment over the TOML file (``PLENUM_CONFIG``) over defaults. A bad value
raises :class:`ConfigError` naming the setting, and the server refuses to start.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from schema.instance import DEFAULT_RESTRICTED_NICKNAMES, InstancePolicy


class ConfigError(ValueError):
    """A setting has a value the server cannot use."""


#: SQLite's durability levels Plenum accepts (``OFF`` could corrupt the file on power loss).
SQLITE_SYNCHRONOUS_MODES = ("NORMAL", "FULL", "EXTRA")

#: The shortest ``admin_token`` accepted: it is a password with every admin power.
ADMIN_TOKEN_MIN_LENGTH = 24

_TRUE = {"1", "true", "yes", "on", "t", "y"}
_FALSE = {"0", "false", "no", "off", "f", "n"}


@dataclass(frozen=True)
class Settings:
    """Every setting the server reads; see ``docs/configuration.md`` for each."""

    data_dir: Path = Path("./data")
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 4000
    public_url: str = ""
    instance_name: str = "Plenum"
    instance_description: str = "A Pleroma-compatible social server"
    admin_email: str = ""
    registrations_open: bool = True
    invites_required: bool = False
    account_activation_required: bool = False
    account_approval_required: bool = False
    captcha_enabled: bool = False
    healthcheck: bool = True
    upload_limit: int = 16 * 1024 * 1024
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = ""
    allow_private_network_fetch: bool = False
    rate_limits: bool = True
    trusted_proxies: tuple[str, ...] = ()
    max_toot_chars: int = 5000
    restricted_nicknames: tuple[str, ...] = DEFAULT_RESTRICTED_NICKNAMES
    email_blacklist: tuple[str, ...] = ()
    secret_key: str = ""
    admin_token: str = field(default="", repr=False)
    db_pool_size: int = 10
    sqlite_synchronous: str = "NORMAL"
    sqlite_inline_reads: bool = True
    event_loop: str = "uvloop"
    log_level: str = "INFO"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def effective_database_url(self) -> str:
        """The database URL, defaulting to SQLite in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite://{(self.data_dir / 'plenum.sqlite3').resolve()}"

    @property
    def effective_public_url(self) -> str:
        """The public URL, defaulting to ``http://HOST:PORT``."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def uploads_dir(self) -> Path:
        """Where uploaded files live."""
        return self.data_dir / "uploads"

    @property
    def emoji_dir(self) -> Path:
        """Where custom emoji packs live."""
        return self.data_dir / "emoji"

    def policy(self) -> InstancePolicy:
        """Build the immutable instance policy the services see."""
        return InstancePolicy(
            public_url=self.effective_public_url,
            name=self.instance_name,
            description=self.instance_description,
            admin_email=self.admin_email,
            registrations_open=self.registrations_open,
            invites_required=self.invites_required,
            account_activation_required=self.account_activation_required,
            account_approval_required=self.account_approval_required,
            captcha_enabled=self.captcha_enabled,
            healthcheck=self.healthcheck,
            upload_limit=self.upload_limit,
            allow_private_network_fetch=self.allow_private_network_fetch,
            max_toot_chars=self.max_toot_chars,
            restricted_nicknames=frozenset(n.lower() for n in self.restricted_nicknames),
            email_blacklist=frozenset(d.lower() for d in self.email_blacklist),
            secret_key=self.secret_key,
            admin_token=self.admin_token,
            mail_enabled=bool(self.smtp_host),
            db_pool_size=self.db_pool_size,
            emoji_dir=str(self.emoji_dir),
        )


def _parse_bool(name: str, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(f"PLENUM_{name.upper()}: expected true or false, got {raw!r}")


def _parse_int(name: str, raw: Any, minimum: int = 0, maximum: int | None = None) -> int:
    if isinstance(raw, bool):  # TOML ``true`` is an int to Python; never a number here
        raise ConfigError(f"PLENUM_{name.upper()}: expected a whole number, got {raw!r}")
    try:
        value = int(str(raw).strip()) if not isinstance(raw, int) else raw
    except ValueError:
        raise ConfigError(f"PLENUM_{name.upper()}: expected a whole number, got {raw!r}") from None
    if value < minimum or (maximum is not None and value > maximum):
        bound = f" between {minimum} and {maximum}" if maximum is not None else f" >= {minimum}"
        raise ConfigError(f"PLENUM_{name.upper()}: must be{bound}, got {value}")
    return value


def _parse_list(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, list | tuple):
        return tuple(str(x).strip() for x in raw if str(x).strip())
    return tuple(x.strip() for x in str(raw).split(",") if x.strip())


def _parse_url(name: str, raw: Any, schemes: tuple[str, ...]) -> str:
    text = str(raw).strip()
    if text and not text.startswith(tuple(s + "://" for s in schemes)):
        raise ConfigError(
            f"PLENUM_{name.upper()}: must start with one of {', '.join(s + '://' for s in schemes)}"
        )
    return text


_DB_SCHEMES = ("sqlite", "postgres", "postgresql", "asyncpg")


#: Every setting declared ``bool`` on :class:`Settings` is parsed with :func:`_parse_bool`.
_BOOL_SETTINGS = frozenset(f.name for f in fields(Settings) if f.type in ("bool", bool))


def _coerce(name: str, raw: Any) -> Any:
    """Turn a raw env/TOML value into the typed value of setting ``name``."""
    if name in _BOOL_SETTINGS:
        return _parse_bool(name, raw)
    if name == "port":
        return _parse_int(name, raw, 1, 65535)
    if name == "smtp_port":
        return _parse_int(name, raw, 1, 65535)
    if name == "upload_limit":
        return _parse_int(name, raw, 1024)
    if name == "max_toot_chars":
        return _parse_int(name, raw, 1)
    if name == "db_pool_size":
        return _parse_int(name, raw, 1, 1000)
    if name == "trusted_proxies":
        proxies = _parse_list(raw)
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise ConfigError(
                    f"PLENUM_TRUSTED_PROXIES: {proxy!r} is not an IP address or network"
                ) from None
        return proxies
    if name in {"restricted_nicknames", "email_blacklist"}:
        return _parse_list(raw)
    if name == "data_dir":
        return Path(str(raw))
    if name == "database_url":
        return _parse_url(name, raw, _DB_SCHEMES)
    if name == "public_url":
        return _parse_url(name, raw, ("http", "https"))
    if name == "sqlite_synchronous":
        mode = str(raw).strip().upper()
        if mode not in SQLITE_SYNCHRONOUS_MODES:
            raise ConfigError(
                f"PLENUM_SQLITE_SYNCHRONOUS: expected one of "
                f"{', '.join(SQLITE_SYNCHRONOUS_MODES)}, got {raw!r}"
            )
        return mode
    if name == "event_loop":
        loop = str(raw).strip().lower()
        if loop not in {"uvloop", "asyncio"}:
            raise ConfigError(f"PLENUM_EVENT_LOOP: expected uvloop or asyncio, got {raw!r}")
        return loop
    if name == "admin_token":
        token = str(raw).strip()
        if token and len(token) < ADMIN_TOKEN_MIN_LENGTH:
            raise ConfigError(
                f"PLENUM_ADMIN_TOKEN: must be at least {ADMIN_TOKEN_MIN_LENGTH} characters "
                "(it grants every admin power)"
            )
        return token
    if name == "log_level":
        level = str(raw).strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ConfigError(f"PLENUM_LOG_LEVEL: unknown level {raw!r}")
        return level
    return str(raw)


_NAMES = {f.name for f in fields(Settings)} - {"extra"}


def load_settings(
    env: dict[str, str] | None = None, overrides: dict[str, Any] | None = None
) -> Settings:
    """Read the settings from ``env`` (default ``os.environ``), the TOML file and overrides.

    Raises :class:`ConfigError` on a bad value, an unreadable file or an unknown TOML key.
    """
    env = dict(os.environ if env is None else env)
    values: dict[str, Any] = {}
    config_path = env.get("PLENUM_CONFIG")
    if config_path:
        try:
            with open(config_path, "rb") as fh:
                data = tomllib.load(fh)
        except OSError as exc:
            raise ConfigError(f"PLENUM_CONFIG: cannot read {config_path}: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"PLENUM_CONFIG: {config_path} is not valid TOML: {exc}") from None
        for key, raw in data.items():
            name = key.lower()
            if name not in _NAMES:
                raise ConfigError(f"PLENUM_CONFIG: unknown setting {key!r} in {config_path}")
            values[name] = _coerce(name, raw)
    for key, raw in env.items():
        if key.startswith("PLENUM_") and key != "PLENUM_CONFIG":
            name = key[len("PLENUM_") :].lower()
            if name in _NAMES:
                values[name] = _coerce(name, raw)
    for name, raw in (overrides or {}).items():
        values[name] = _coerce(name, raw) if name in _NAMES else raw
    return Settings(**values)


def ensure_secret_key(settings: Settings) -> Settings:
    """Return settings with a secret key: the configured one or one kept in the data dir.

    The key file is created once (mode 0600) so sessions survive restarts.
    """
    if settings.secret_key:
        return settings
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    key = path.read_text().strip()
    from dataclasses import replace

    return replace(settings, secret_key=key)
