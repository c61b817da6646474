"""How the permission matrix acts: a client per role, and what a request answered and changed in what is stored."""

from __future__ import annotations

from django.apps import apps
from django.test import Client, TestCase
from rest_framework.test import APIClient

from tests.claims.api.clients import client_for
from tests.factories import UserFactory

LOGIN = "login"  # redirected to the login page
OK = "ok"  # answered (2xx, or a redirect that is not to the login page), and a write changed something
NOOP = "no-op"  # answered the same way, but nothing was stored


def user_for(role: str):
    return None if role == "anonymous" else UserFactory(role=None if role == "no role" else role)


def page_client(role: str) -> Client:
    client, user = Client(), user_for(role)
    if user is not None:
        client.force_login(user)
    return client


def api_client(role: str) -> APIClient:
    return client_for(user_for(role))


def stored() -> dict:
    """Every row the workbench keeps (claims, search, API tokens), to tell whether a request changed any."""
    labels = ("claims", "search", "authtoken")
    models = [m for label in labels for m in apps.get_app_config(label).get_models()]
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in models}


def outcome(response, changed: bool):
    if response.status_code in (301, 302, 303) and "/login/" in response["Location"]:
        return LOGIN
    if response.status_code in (200, 201, 204, 301, 302, 303):
        return OK if changed or response.request["REQUEST_METHOD"] == "GET" else NOOP
    return response.status_code


def act(client, method: str, url: str, data, **extra):
    """The request, and whether it changed what is stored once its transaction committed (queued tasks ran)."""
    before = stored()
    with TestCase.captureOnCommitCallbacks(execute=True):
        send = getattr(client, method)
        response = send(url, data, **extra) if data is not None else send(url)
    changed = stored() != before
    if method == "get" or response.status_code >= 400 or outcome(response, changed) == LOGIN:
        assert not changed, f"{method} {url} answered {response.status_code} but changed what is stored"
    return response, changed
