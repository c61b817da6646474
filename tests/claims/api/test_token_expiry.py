"""API tokens expire after API_TOKEN_TTL_HOURS and die with the password, however it is changed."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.signin import PASSWORD, fresh_address

TOKEN = "/api/token/"


def token_for(user, client=None) -> str:
    response = (client or APIClient(REMOTE_ADDR=fresh_address())).post(
        TOKEN, {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_an_expired_token_is_refused_with_a_reason(db, settings):
    user = UserFactory(role="Fact-checker")
    key = token_for(user)
    assert api_with(key).get("/api/claims/").status_code == 200
    ttl = timedelta(hours=settings.WORKBENCH.get("API_TOKEN_TTL_HOURS", 720))
    Token.objects.filter(key=key).update(created=timezone.now() - ttl - timedelta(minutes=1))
    response = api_with(key).get("/api/claims/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"] and "/api/token/" in response.json()["detail"]


def test_a_token_younger_than_its_limit_still_works(db, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "API_TOKEN_TTL_HOURS": 1}
    user = UserFactory(role="Fact-checker")
    key = token_for(user)
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(minutes=59))
    assert api_with(key).get("/api/claims/").status_code == 200


def test_asking_again_after_expiry_gives_a_new_token_that_works(db, settings):
    user = UserFactory(role="Fact-checker")
    old = token_for(user)
    assert token_for(user) == old, "a young token is handed out again"
    Token.objects.filter(key=old).update(created=timezone.now() - timedelta(days=365))
    new = token_for(user)
    assert new != old and Token.objects.filter(user=user).count() == 1
    assert api_with(new).get("/api/claims/").status_code == 200
    assert api_with(old).get("/api/claims/").status_code == 401


def test_changing_the_password_on_the_page_revokes_the_api_tokens(db):
    user = UserFactory(role="Fact-checker")
    key = token_for(user)
    page = Client()
    page.force_login(user)
    response = page.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase 42",
            "new_password2": "a new long passphrase 42",
        },
    )
    assert response.status_code == 302, response.content[:500]
    assert not Token.objects.filter(user=user).exists()
    assert api_with(key).get("/api/claims/").status_code == 401


def test_a_superuser_setting_a_password_in_the_admin_revokes_the_api_tokens(db):
    user = UserFactory(role="Fact-checker")
    key = token_for(user)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    admin = Client()
    admin.force_login(superuser)
    response = admin.post(
        f"/admin/auth/user/{user.pk}/password/",
        {
            "password1": "another long passphrase 7",
            "password2": "another long passphrase 7",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content[:500]
    assert api_with(key).get("/api/claims/").status_code == 401


def test_a_password_reset_by_email_revokes_the_api_tokens(db, mailoutbox):
    user = UserFactory(role="Fact-checker")
    key = token_for(user)
    page = Client()
    assert page.post("/accounts/password_reset/", {"email": user.email}).status_code == 302
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form = page.get(link, follow=True)
    new = "reset to something long 9"
    done = page.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"].endswith("/reset/done/")
    assert api_with(key).get("/api/claims/").status_code == 401


def test_signing_in_leaves_the_api_tokens_alone(db):
    user = UserFactory(role="Fact-checker")
    key = token_for(user)
    page = Client(REMOTE_ADDR=fresh_address())
    assert page.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    assert api_with(key).get("/api/claims/").status_code == 200
