"""Reads of the people who use the workbench."""

from __future__ import annotations

from django.contrib.auth import get_user_model


def user_get_by_username(*, username: str):
    """The user with that name, or None."""
    return get_user_model().objects.filter(username=username).first()
