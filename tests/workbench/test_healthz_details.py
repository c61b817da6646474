"""/healthz tells anyone whether each service is up, and only staff (or a monitor's token) what and where."""

from __future__ import annotations

import pytest

from search.backends import reset_backend_cache
from tests.factories import UserFactory

DOWN = {"BACKEND": "elasticsearch", "URL": "http://127.0.0.1:9", "TIMEOUT": 1}


@pytest.fixture
def search_down(settings):
    settings.SEARCH_BACKEND = {**settings.SEARCH_BACKEND, **DOWN}
    reset_backend_cache()
    yield
    reset_backend_cache()


def test_anonymous_callers_get_the_status_and_each_ok_flag_only(client, db):
    body = client.get("/healthz").json()
    assert body == {
        "status": "ok",
        "database": {"ok": True},
        "broker": {"ok": True},
        "search": {"ok": True},
        "search_model": {"ok": True, "state": "off"},  # tests run without it unless marked
    }


def test_an_outage_names_no_host_to_anonymous_callers(client, db, search_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": {"ok": True},
        "broker": {"ok": True},
        "search": {"ok": False},
        "search_model": {"ok": True, "state": "off"},
    }


def test_staff_see_what_failed_and_where(client, db, search_down):
    client.force_login(UserFactory(role="Admin"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["search"]["backend"] == "elasticsearch"
    assert "127.0.0.1" in response.json()["search"]["error"]
    assert response.json()["database"]["vendor"]


def test_signed_in_people_who_are_not_staff_get_the_anonymous_answer(client, db, search_down):
    client.force_login(UserFactory(role="Editor"))
    assert client.get("/healthz").json()["search"] == {"ok": False}


def test_a_monitor_with_the_configured_token_sees_the_details(client, db, settings, search_down):
    settings.HEALTHZ_TOKEN = "monitor-secret"
    assert "error" in client.get("/healthz", HTTP_AUTHORIZATION="Bearer monitor-secret").json()["search"]
    assert client.get("/healthz", HTTP_AUTHORIZATION="Bearer guess").json()["search"] == {"ok": False}


def test_without_a_configured_token_no_bearer_token_opens_the_details(client, db, settings):
    settings.HEALTHZ_TOKEN = ""
    assert client.get("/healthz", HTTP_AUTHORIZATION="Bearer ").json()["database"] == {"ok": True}


def test_a_broker_outage_names_no_host_to_anonymous_callers(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == {"ok": False} and b"127.0.0.1" not in response.content
