"""Sign-in settings: which address a request is from, and which cache and lockout store the settings pick."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import make_password
from django.test import RequestFactory

from tests.factories import UserFactory
from tests.paths import ROOT
from workbench.settings.base import redis_next_database
from workbench.signin import client_ip


def request(remote="192.0.2.10", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/accounts/login/", **extra)


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(forwarded="203.0.113.7")) == "192.0.2.10"


def test_behind_proxies_the_address_the_outermost_one_saw_is_used(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(forwarded="6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request(forwarded="6.6.6.6, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"
    assert client_ip(request(forwarded="203.0.113.7")) == "203.0.113.7", "fewer hops than proxies"
    assert client_ip(request()) == "192.0.2.10", "no header: the direct peer"


def test_drf_throttles_count_proxies_as_the_lockout_does(settings):
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.TRUSTED_PROXY_COUNT == 0


def test_the_cache_is_the_brokers_redis_one_database_up():
    assert redis_next_database("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/1"
    assert redis_next_database("redis://:pw@redis:6379") == "redis://:pw@redis:6379/1"
    assert redis_next_database("rediss://cache.example.org:6380/15") == "rediss://cache.example.org:6380/0"
    assert redis_next_database("amqp://guest@rabbit//") == ""
    assert redis_next_database("") == ""


def _settings_in_a_process(**env) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION', '-'), s.AXES_HANDLER)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "REDIS_CACHE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "workbench.settings.base", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_without_redis_failures_are_counted_in_the_database_every_process_shares():
    assert _settings_in_a_process() == (
        "django.core.cache.backends.locmem.LocMemCache - axes.handlers.database.AxesDatabaseHandler"
    )


def test_with_a_redis_broker_failures_are_counted_in_redis():
    assert _settings_in_a_process(CELERY_BROKER_URL="redis://127.0.0.1:6379/0") == (
        "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/1 axes.handlers.cache.AxesCacheHandler"
    )
    assert _settings_in_a_process(REDIS_CACHE_URL="redis://cache:6379/4").split()[1] == "redis://cache:6379/4"


PRODUCTION_HASHERS = [
    "workbench.signin.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.mark.django_db
def test_a_password_is_stored_with_argon2id_at_owasps_setting(settings):
    from workbench.settings import base

    assert base.PASSWORD_HASHERS[0] == "workbench.signin.Argon2idPasswordHasher"
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = UserFactory()
    user.set_password("a long pass phrase")
    user.save()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password("a long pass phrase")
    assert not user.check_password("a wrong one")


@pytest.mark.django_db
def test_someone_with_an_older_pbkdf2_password_still_signs_in_and_it_is_rewritten(client, settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = UserFactory(username="olga")
    user.password = make_password("a long pass phrase", hasher="pbkdf2_sha256")
    user.save()

    response = client.post("/accounts/login/", {"username": "olga", "password": "a long pass phrase"})

    assert response.status_code == 302, "signed in"
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$"), "rewritten with the current hasher at sign-in"
    assert client.post("/accounts/logout/").status_code == 302
    again = client.post("/accounts/login/", {"username": "olga", "password": "a long pass phrase"})
    assert again.status_code == 302, "the rewritten hash signs in too"
