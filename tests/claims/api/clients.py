"""API clients for the API tests: one that sends a real token, as a script would."""

from __future__ import annotations

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def client_for(user=None, *, token: bool = True) -> APIClient:
    client = APIClient()
    if user is not None:
        if token:
            client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=user).key)
        else:
            client.force_authenticate(user)
    return client
