"""API token authentication with an age limit: a token older than API_TOKEN_TTL_HOURS is refused."""

from __future__ import annotations

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from claims.services.tokens import api_token_expired, api_token_ttl


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing (401) a token past its age; POST /api/token/ issues a new one."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if api_token_expired(token):
            hours = api_token_ttl().total_seconds() / 3600
            raise AuthenticationFailed(
                f"This API token has expired (tokens last {hours:g} hours). "
                "Ask for a new one: POST your username and password to /api/token/."
            )
        return user, token
