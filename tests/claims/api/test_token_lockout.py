"""/api/token/ under the login page's lockout (django-axes) and a per-address throttle deaf to X-Forwarded-For."""

from __future__ import annotations

from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.signin import PASSWORD, fail, fresh_address

TOKEN = "/api/token/"


def test_six_wrong_passwords_then_the_right_one_gets_no_token(db):
    user = UserFactory(role="Fact-checker")
    client = APIClient(REMOTE_ADDR=fresh_address())
    codes = fail(client, TOKEN, user.username, 6)
    assert codes == [400, 400, 400, 400, 429, 429], codes
    response = client.post(TOKEN, {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert "try again in 15 minutes" in response.json()["detail"]
    assert response["Retry-After"] == "900"
    assert not Token.objects.filter(user=user).exists()


def test_guesses_on_the_login_page_and_the_api_count_together(db):
    user = UserFactory(role="Editor")
    fail(Client(REMOTE_ADDR=fresh_address()), "/accounts/login/", user.username, 3)
    fail(APIClient(REMOTE_ADDR=fresh_address()), TOKEN, user.username, 2)
    another = APIClient(REMOTE_ADDR=fresh_address())
    assert another.post(TOKEN, {"username": user.username, "password": PASSWORD}).status_code == 429


def test_the_token_throttle_ignores_x_forwarded_for_without_trusted_proxies(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes": "100/min", "auth": "3/min"},
    }
    address = fresh_address()
    codes = [
        APIClient(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        .post(TOKEN, {"username": f"nobody-{n}", "password": "x"})
        .status_code
        for n in range(4)
    ]
    assert codes == [400, 400, 400, 429]
