"""Reads of the people who use the workbench: by name, and the people page's list for those who may see it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404

from claims.roles import role_of


def user_get_by_username(*, username: str):
    """The user with that name, or None."""
    return get_user_model().objects.filter(username=username).first()


@dataclass(frozen=True)
class Person:
    """One row of the people page: the user, their role, and whether the viewer may change them."""

    user: object
    role: str | None
    manageable: bool


def _manageable(viewer, user) -> bool:
    """The rule the account services enforce, said ahead so the page offers only what will be allowed."""
    return (
        viewer.has_perm("auth.change_user")
        and user.pk != viewer.pk
        and (viewer.is_superuser or not user.is_superuser)
    )


def people_for_user(*, user) -> list[Person]:
    """Everyone, active first and then by name, for a viewer with auth.view_user (else PermissionDenied).
    A fixed number of queries, whatever the number of people."""
    if not user.has_perm("auth.view_user"):
        raise PermissionDenied("You do not have permission to see the people of the workbench.")
    users = get_user_model().objects.order_by("-is_active", "username").prefetch_related("groups")
    return [
        Person(user=person, role=role_of(person), manageable=_manageable(user, person)) for person in users
    ]


def person_get_for_user(*, user, person_id: int):
    """The user with that id for a viewer with auth.view_user; one 404 for missing and not allowed."""
    if not user.has_perm("auth.view_user"):
        raise Http404("No such person.")
    person = get_user_model().objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person.")
    return person
