"""Production settings: `check --deploy` is clean; every variable comes from the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The variables the README's "Production settings" table asks a deployment to set.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3Jq9v-production-like-secret-Zr8xW2mN5bT7yHc4LpQ0sDfGhUe6",
    "ALLOWED_HOSTS": "desk.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://desk.example.org",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}

SHOWN = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CSRF_TRUSTED_ORIGINS",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_AGE",
    "SESSION_SAVE_EVERY_REQUEST",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_TIME",
    "AXES_LOCKOUT_PARAMETERS",
    "TRUSTED_PROXY_COUNT",
    "DATA_UPLOAD_MAX_MEMORY_SIZE",
    "DATA_UPLOAD_MAX_NUMBER_FIELDS",
]


def clean_environment(**env: str) -> dict[str, str]:
    """This process's environment without any project variable, plus the given ones."""
    ours = set(PRODUCTION) | set(SHOWN)
    ours |= {"DATABASE_URL", "DATABASE_REPLICA_URL", "CACHE_URL", "REDIS_URL"}
    ours.add("AXES_COOLOFF_MINUTES")
    # Set by the browser tests for Playwright; a deployment never has it.
    ours.add("DJANGO_ALLOW_ASYNC_UNSAFE")
    return {k: v for k, v in os.environ.items() if k not in ours} | env


def settings_under(names: list[str] = SHOWN, **env: str) -> dict:
    """The named settings as a fresh process computes them from the given environment."""
    code = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "from django.conf import settings as s;"
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("names", [list(PRODUCTION), ["DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"]])
def test_check_deploy_is_clean_with_the_production_variables(names):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_environment(**{name: PRODUCTION[name] for name in names}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_check_deploy_would_warn_under_development_settings():
    """The clean result above comes from the production block, not from a silenced check."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_environment(DEBUG="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_production_defaults_are_safe():
    prod = settings_under(**PRODUCTION)
    assert prod["DEBUG"] is False
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert prod["SECURE_HSTS_SECONDS"] == 31536000
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert prod["SESSION_COOKIE_SECURE"] is True and prod["CSRF_COOKIE_SECURE"] is True
    assert prod["CSRF_TRUSTED_ORIGINS"] == ["https://desk.example.org"]
    assert prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["SECURE_REFERRER_POLICY"] == "same-origin"
    assert prod["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    assert prod["SESSION_SAVE_EVERY_REQUEST"] is True
    assert prod["AXES_FAILURE_LIMIT"] == 5
    assert prod["AXES_COOLOFF_TIME"] == "0:30:00"
    assert prod["AXES_LOCKOUT_PARAMETERS"] == ["username", "ip_address"]
    assert prod["TRUSTED_PROXY_COUNT"] == 0
    assert prod["DATA_UPLOAD_MAX_MEMORY_SIZE"] == 2621440


def test_development_defaults_work_over_plain_http():
    dev = settings_under(DEBUG="1")
    assert dev["SECURE_SSL_REDIRECT"] is False
    assert dev["SECURE_HSTS_SECONDS"] == 0
    assert dev["SESSION_COOKIE_SECURE"] is False and dev["CSRF_COOKIE_SECURE"] is False
    assert dev["SECURE_PROXY_SSL_HEADER"] is None


def test_every_variable_is_read_from_the_environment():
    changed = settings_under(
        **PRODUCTION,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_HSTS_PRELOAD="0",
        SESSION_COOKIE_AGE="1800",
        AXES_FAILURE_LIMIT="10",
        AXES_COOLOFF_MINUTES="0",
        AXES_LOCKOUT_PARAMETERS="ip_address,username+ip_address",
        TRUSTED_PROXY_COUNT="1",
        DATA_UPLOAD_MAX_MEMORY_SIZE="1048576",
        DATA_UPLOAD_MAX_NUMBER_FIELDS="200",
    )
    assert changed["SECURE_SSL_REDIRECT"] is False
    assert changed["SECURE_HSTS_SECONDS"] == 3600
    assert changed["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert changed["SECURE_HSTS_PRELOAD"] is False
    assert changed["SESSION_COOKIE_AGE"] == 1800
    assert changed["AXES_FAILURE_LIMIT"] == 10
    assert changed["AXES_COOLOFF_TIME"] is None  # locked until an admin unlocks
    assert changed["AXES_LOCKOUT_PARAMETERS"] == ["ip_address", ["username", "ip_address"]]
    assert changed["TRUSTED_PROXY_COUNT"] == 1
    assert changed["DATA_UPLOAD_MAX_MEMORY_SIZE"] == 1048576
    assert changed["DATA_UPLOAD_MAX_NUMBER_FIELDS"] == 200


def test_malformed_proxy_header_refuses_to_start():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean_environment(**PRODUCTION | {"SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER must be a header and a value" in result.stderr
