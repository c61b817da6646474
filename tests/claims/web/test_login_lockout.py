"""Sign-in lockout on /accounts/login/: per account and per address, shared by every client, deaf to X-Forwarded-For."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client

from tests.factories import UserFactory
from tests.signin import PASSWORD, fail, fresh_address

LOGIN = "/accounts/login/"


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_six_wrong_passwords_then_the_right_one_is_refused(db):
    user = UserFactory(role="Fact-checker")
    client = Client(REMOTE_ADDR=fresh_address())
    codes = fail(client, LOGIN, user.username, 6)
    assert codes[:4] == [200] * 4 and codes[4:] == [429, 429], codes
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert "Too many attempts" in page and "try again in 15 minutes" in page
    assert response["Retry-After"] == "900"


def test_the_lockout_page_says_the_configured_wait(db, settings):
    settings.AXES_COOLOFF_TIME = settings.AXES_COOLOFF_TIME / 15  # one minute
    user = UserFactory(role="Fact-checker")
    client = Client(REMOTE_ADDR=fresh_address())
    fail(client, LOGIN, user.username, 5)
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429 and "try again in 1 minute." in response.content.decode()
    assert response["Retry-After"] == "60"


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(db):
    user = UserFactory(role="Fact-checker")
    client = Client(REMOTE_ADDR=fresh_address())
    assert fail(client, LOGIN, user.username, 4) == [200] * 4
    assert client.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 302
    assert signed_in(client)


def test_an_account_locked_from_one_client_is_locked_for_another(db):
    user = UserFactory(role="Editor")
    fail(Client(REMOTE_ADDR=fresh_address()), LOGIN, user.username, 5)
    elsewhere = Client(REMOTE_ADDR=fresh_address())
    assert elsewhere.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 429
    assert not signed_in(elsewhere)


def test_an_address_locked_guessing_several_accounts_is_locked_for_every_account(db):
    address = fresh_address()
    guesser = Client(REMOTE_ADDR=address)
    for n in range(5):
        fail(guesser, LOGIN, f"nobody-{n}", 1)
    user = UserFactory(role="Fact-checker")
    second = Client(REMOTE_ADDR=address)
    assert second.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 429
    assert not signed_in(second)
    assert (
        Client(REMOTE_ADDR=fresh_address())
        .post(LOGIN, {"username": user.username, "password": PASSWORD})
        .status_code
        == 302
    ), "another address is not locked"


def test_x_forwarded_for_is_ignored_without_trusted_proxies(db, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    address = fresh_address()
    for n in range(5):
        Client(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}").post(
            LOGIN, {"username": f"nobody-{n}", "password": "x"}
        )
    user = UserFactory(role="Fact-checker")
    client = Client(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert client.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 429


def test_behind_one_trusted_proxy_the_address_it_saw_is_counted(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = fresh_address()
    guesser, other = fresh_address(), fresh_address()
    for n in range(5):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {guesser}").post(
            LOGIN, {"username": f"nobody-{n}", "password": "x"}
        )
    user = UserFactory(role="Fact-checker")
    locked = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {guesser}")
    assert locked.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 429
    free = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=other)
    assert free.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 302


@pytest.mark.redis
def test_the_lockout_is_kept_in_redis_where_a_second_cache_client_sees_it(db):
    from axes.helpers import get_client_cache_keys
    from axes.models import AccessAttempt

    from workbench.signin import lockout_username

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings.AXES_HANDLER == "axes.handlers.cache.AxesCacheHandler"
    user = UserFactory(role="Fact-checker")
    address = fresh_address()
    fail(Client(REMOTE_ADDR=address), LOGIN, user.username, 5)

    second = caches.create_connection("default")  # its own connection pool, as another process has
    try:
        assert second is not caches["default"]
        counted = AccessAttempt(
            username=lockout_username(None, {"username": user.username}), ip_address=address
        )
        for key in get_client_cache_keys(counted):
            assert second.get(key) == 5, key
        elsewhere = Client(REMOTE_ADDR=fresh_address())
        assert elsewhere.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 429
    finally:
        second.close()


@pytest.mark.redis
def test_a_username_spelled_like_an_address_does_not_lock_that_address_out(db):
    address = fresh_address()
    fail(Client(REMOTE_ADDR=fresh_address()), LOGIN, address, 5)
    user = UserFactory(role="Fact-checker")
    assert (
        Client(REMOTE_ADDR=address).post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code
        == 302
    )
