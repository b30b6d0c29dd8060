"""Each mode's settings, read from a fresh interpreter with only the variables a user would set."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "mode": settings.PLENARIA_MODE,
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "layer_hosts": settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("hosts"),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "cache": settings.CACHES["default"]["BACKEND"],
    "email": settings.EMAIL_BACKEND,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "asgi": settings.ASGI_APPLICATION,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
}))
"""

CONFIG_VARS = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "EMAIL_HOST",
    "EMAIL_BACKEND",
    "SECURE_SSL_REDIRECT",
    "SQLITE_PATH",
    "PLENARIA_VAR_DIR",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def settings_with(tmp_path, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean.update({"DJANGO_SETTINGS_MODULE": "forum.settings", "PLENARIA_VAR_DIR": str(tmp_path)})
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_mode_needs_no_configuration(tmp_path):
    config = settings_with(tmp_path)
    assert config["mode"] == "embedded"
    assert config["debug"] is True
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["db_name"] == str(tmp_path / "plenaria.sqlite3")
    assert config["layer"] == "channels.layers.InMemoryChannelLayer"
    assert config["eager"] is True
    assert config["broker"] == "memory://"
    assert config["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert config["email"] == "django.core.mail.backends.console.EmailBackend"
    assert config["asgi"] == "forum.asgi.application"
    # A development key was written so that sessions survive restarts.
    assert (tmp_path / "secret_key").read_text()


def test_services_mode_reads_the_environment(tmp_path):
    config = settings_with(
        tmp_path,
        DATABASE_URL="postgres://forum:pw@db.internal:5433/plenaria",
        REDIS_URL="redis://cache.internal:6380/2",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="forum.example.org,www.forum.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    assert config["mode"] == "services"
    assert config["debug"] is False
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["db_name"] == "plenaria"
    assert config["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert config["layer_hosts"] == ["redis://cache.internal:6380/2"]
    assert config["eager"] is False
    assert config["broker"] == "redis://cache.internal:6380/2"
    assert config["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert config["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["allowed_hosts"] == ["forum.example.org", "www.forum.example.org"]
    assert config["session_cookie_secure"] is True


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false"}, "SECRET_KEY must be set"),
        ({"DATABASE_URL": "mysql://u@h/db", "SECRET_KEY": "k" * 50}, "must point at PostgreSQL"),
        ({"DEBUG": "perhaps"}, "DEBUG must be true or false"),
    ],
)
def test_bad_configuration_is_refused_with_a_clear_message(tmp_path, env, message):
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean.update({"PLENARIA_VAR_DIR": str(tmp_path), **env})
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "forum.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean.update(
        DEBUG="false",
        SECRET_KEY="k7#" + "z" * 60 + "Qp!2",
        ALLOWED_HOSTS="forum.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        REDIS_URL="redis://127.0.0.1:6379/1",
        PLENARIA_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
