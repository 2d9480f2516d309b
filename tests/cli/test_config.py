"""app.config: environment, TOML file, precedence, and a clear error for every bad value."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.config import ConfigError, Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_without_environment():
    settings = load_settings(env={})
    assert settings == Settings()
    assert settings.port == 4000
    assert settings.effective_public_url == "http://127.0.0.1:4000"
    assert settings.effective_database_url.startswith("sqlite://")
    assert settings.effective_database_url.endswith("/data/plenum.sqlite3")


def test_environment_is_parsed_into_typed_values():
    settings = load_settings(
        env={
            "PLENUM_PORT": " 8080 ",
            "PLENUM_REGISTRATIONS_OPEN": "no",
            "PLENUM_CAPTCHA_ENABLED": "ON",
            "PLENUM_TRUSTED_PROXIES": "10.0.0.1, 10.0.0.0/8,,",
            "PLENUM_RESTRICTED_NICKNAMES": "Admin,root",
            "PLENUM_DATA_DIR": "/tmp/plenum-data",
            "PLENUM_DATABASE_URL": "postgres://u@db:5432/plenum",
            "PLENUM_PUBLIC_URL": "https://social.example/",
            "PLENUM_LOG_LEVEL": "debug",
            "PLENUM_DB_POOL_SIZE": "25",
            "PLENUM_INSTANCE_NAME": "My place",
            "PLENUM_UNRELATED": "ignored",
            "OTHER": "ignored",
        }
    )
    assert settings.port == 8080
    assert settings.registrations_open is False
    assert settings.captcha_enabled is True
    assert settings.trusted_proxies == ("10.0.0.1", "10.0.0.0/8")
    assert settings.restricted_nicknames == ("Admin", "root")
    assert settings.data_dir == Path("/tmp/plenum-data")
    assert settings.database_url == "postgres://u@db:5432/plenum"
    assert settings.effective_public_url == "https://social.example"
    assert settings.log_level == "DEBUG"
    assert settings.db_pool_size == 25
    assert settings.instance_name == "My place"
    policy = settings.policy()
    assert policy.db_pool_size == 25
    assert policy.restricted_nicknames == frozenset({"admin", "root"})
    assert policy.host == "social.example"


def test_restricted_nicknames_default_to_pleromas_and_can_be_emptied():
    from schema.instance import DEFAULT_RESTRICTED_NICKNAMES

    default = load_settings(env={})
    assert default.restricted_nicknames == DEFAULT_RESTRICTED_NICKNAMES
    assert {"users", "relay", "api", "nodeinfo", "media"} <= default.policy().restricted_nicknames
    emptied = load_settings(env={"PLENUM_RESTRICTED_NICKNAMES": ""})
    assert emptied.restricted_nicknames == ()
    assert emptied.policy().restricted_nicknames == frozenset()


def test_toml_file_and_environment_precedence(tmp_path):
    config = tmp_path / "plenum.toml"
    config.write_text(
        'instance_name = "From TOML"\n'
        "port = 5000\n"
        "registrations_open = false\n"
        'trusted_proxies = ["127.0.0.1", "::1"]\n'
        'PUBLIC_URL = "https://toml.example"\n'
    )
    from_file = load_settings(env={"PLENUM_CONFIG": str(config)})
    assert from_file.instance_name == "From TOML"
    assert from_file.port == 5000
    assert from_file.registrations_open is False
    assert from_file.trusted_proxies == ("127.0.0.1", "::1")
    assert from_file.public_url == "https://toml.example"
    env_wins = load_settings(
        env={"PLENUM_CONFIG": str(config), "PLENUM_PORT": "6000", "PLENUM_INSTANCE_NAME": "Env"}
    )
    assert env_wins.port == 6000
    assert env_wins.instance_name == "Env"
    assert env_wins.registrations_open is False  # still from the file


BAD_VALUES = [
    ("PORT", "eighty"),
    ("PORT", "0"),
    ("PORT", "70000"),
    ("SMTP_PORT", "-1"),
    ("UPLOAD_LIMIT", "12"),
    ("MAX_TOOT_CHARS", "0"),
    ("DB_POOL_SIZE", "0"),
    ("DB_POOL_SIZE", "many"),
    ("REGISTRATIONS_OPEN", "maybe"),
    ("INVITES_REQUIRED", "2"),
    ("ACCOUNT_ACTIVATION_REQUIRED", "sure"),
    ("ACCOUNT_APPROVAL_REQUIRED", "nah"),
    ("CAPTCHA_ENABLED", "x"),
    ("HEALTHCHECK", "x"),
    ("ALLOW_PRIVATE_NETWORK_FETCH", "x"),
    ("RATE_LIMITS", "x"),
    ("DATABASE_URL", "mysql://localhost/db"),
    ("PUBLIC_URL", "ftp://example.org"),
    ("PUBLIC_URL", "example.org"),
    ("LOG_LEVEL", "chatty"),
    ("TRUSTED_PROXIES", "10.0.0.1,proxy.local"),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_every_bad_environment_value_names_the_setting(name, value):
    with pytest.raises(ConfigError) as caught:
        load_settings(env={f"PLENUM_{name}": value})
    assert str(caught.value).startswith(f"PLENUM_{name}:")


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("port = true", "PORT"),
        ("port = 4000.5", "PORT"),
        ('healthcheck = "perhaps"', "HEALTHCHECK"),
    ],
)
def test_bad_toml_values_name_the_setting(tmp_path, line, name):
    config = tmp_path / "bad.toml"
    config.write_text(line + "\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(env={"PLENUM_CONFIG": str(config)})
    assert str(caught.value).startswith(f"PLENUM_{name}:")


def test_unknown_toml_key_missing_file_and_invalid_toml(tmp_path):
    config = tmp_path / "plenum.toml"
    config.write_text('instance_nmae = "typo"\n')
    with pytest.raises(ConfigError, match="unknown setting 'instance_nmae'"):
        load_settings(env={"PLENUM_CONFIG": str(config)})
    with pytest.raises(ConfigError, match="PLENUM_CONFIG: cannot read"):
        load_settings(env={"PLENUM_CONFIG": str(tmp_path / "missing.toml")})
    config.write_text("this is = = not toml\n")
    with pytest.raises(ConfigError, match=r"PLENUM_CONFIG: .* is not valid TOML"):
        load_settings(env={"PLENUM_CONFIG": str(config)})


def test_serve_with_a_bad_value_exits_1_with_the_message(run_cli, cli_env):
    done = run_cli("serve", env=dict(cli_env, PLENUM_PORT="not-a-port"))
    assert done.returncode == 1
    assert "PLENUM_PORT" in done.stderr
    assert "not-a-port" in done.stderr
    assert done.stdout == ""


def test_every_setting_is_documented():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for field in dataclasses.fields(Settings):
        if field.name == "extra":
            continue
        assert f"`PLENUM_{field.name.upper()}`" in text, field.name
