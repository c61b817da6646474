"""Hardening a person would notice: production refuses DEBUG, the demo's SQLite takes two writers, odd articles render."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from claims.models import ClaimStatus
from tests.factories import ArticleFactory, ClaimFactory
from tests.paths import ROOT

SECRET = "x" * 20 + "-production-secret-key-for-the-check-0123456789"


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_debug():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="workbench.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="factcheck.example.org",
        DEBUG="1",
    )
    assert result.returncode != 0 and "DEBUG=1" in result.stderr


SQLITE_WRITERS = """
import threading
import django
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
call_command("migrate", verbosity=0)
from search.models import Source
mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
errors = []
def write(n):
    try:
        for i in range(20):
            with transaction.atomic():
                Source.objects.create(name=f"writer {n} source {i}")
    except Exception as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
print(mode, Source.objects.filter(name__startswith="writer").count(), errors)
"""


def test_the_demo_database_takes_concurrent_writers_without_database_is_locked(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_WRITERS],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "workbench.settings.base",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
            "CELERY_BROKER_URL": "",
            "ELASTICSEARCH_URL": "",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[:2] == ["wal", "80"], result.stdout + result.stderr[-2000:]
    assert result.stdout.strip().endswith("[]")


@pytest.mark.django_db
@pytest.mark.parametrize("claims", ["none", "all dismissed"])
def test_an_article_without_open_claims_still_shows_its_page(client, fact_checker, claims):
    article = ArticleFactory()
    if claims == "all dismissed":
        ClaimFactory(article=article, status=ClaimStatus.DISMISSED, dismissed_reason="Not checkable")
    client.force_login(fact_checker)
    response = client.get(reverse("claims:article", args=[article.id]))
    assert response.status_code == 200
    assert article.title.encode() in response.content
