"""/healthz and the production settings: a secret key and no DEBUG required, check --deploy clean."""

import os
import subprocess
import sys

import pytest

from search.backends import reset_backend_cache
from tests.paths import ROOT

SECRET = "x" * 20 + "-production-secret-key-for-the-check-0123456789"


def test_healthz_is_ok_on_the_configured_services(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ok"


def test_healthz_is_503_when_search_is_down(client, db, settings):
    settings.SEARCH_BACKEND = {
        **settings.SEARCH_BACKEND,
        "BACKEND": "elasticsearch",
        "URL": "http://127.0.0.1:9",
        "TIMEOUT": 1,
    }
    reset_backend_cache()
    try:
        response = client.get("/healthz")
    finally:
        reset_backend_cache()
    assert response.status_code == 503
    assert response.json()["search"] == {"ok": False}  # anonymous: no backend, no error naming the host
    assert b"127.0.0.1" not in response.content


def test_healthz_is_503_when_the_broker_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == {"ok": False}
    assert b"127.0.0.1" not in response.content


def _run_production(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "workbench.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_the_development_secret_key():
    result = _run_production("check", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_pass_check_deploy():
    result = _run_production(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="factcheck.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.postgres
def test_the_database_is_postgresql(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


def test_production_refuses_debug():
    result = _run_production("check", SECRET_KEY=SECRET, ALLOWED_HOSTS="factcheck.example.org", DEBUG="1")
    assert result.returncode != 0 and "DEBUG=1" in result.stderr
