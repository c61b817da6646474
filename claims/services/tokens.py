"""API tokens: issued for a password, refused once older than API_TOKEN_TTL_HOURS, revoked when the password changes."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token


def api_token_ttl() -> timedelta:
    return timedelta(hours=settings.WORKBENCH["API_TOKEN_TTL_HOURS"])


def api_token_expired(token: Token) -> bool:
    return token.created <= timezone.now() - api_token_ttl()


@transaction.atomic
def api_token_issue(*, user) -> Token:
    """The user's API token: the one they have while it is young enough, else a new one.

    Guarantees: one token per user (an expired one is deleted before its successor is made), and two
    requests at once get the same token.
    """
    current = Token.objects.select_for_update().filter(user=user).first()
    if current is not None and api_token_expired(current):
        current.delete()
    token, _ = Token.objects.get_or_create(user=user)
    return token


def api_tokens_revoke(*, user) -> int:
    """Delete the user's API tokens (password changed, account deactivated); returns how many there were."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted


class RevokeApiTokensOnPasswordChange:
    """Listed in AUTH_PASSWORD_VALIDATORS for Django's password_changed hook, which runs whenever a password
    set with set_password() is saved: the password change and reset pages, the admin, manage.py commands.
    It accepts every password; the other validators judge them.
    """

    def validate(self, password, user=None) -> None:
        return None

    def password_changed(self, password, user=None) -> None:
        if user is not None and user.pk is not None:
            api_tokens_revoke(user=user)

    def get_help_text(self) -> str:
        return "A new password revokes the account's API tokens."
