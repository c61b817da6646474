"""The people who use the workbench: creating them with a role, changing their role, deactivating them.

Roles cannot climb: these give only the three roles (Fact-checker, Editor, Admin), never superuser, and
`is_staff` follows the role (Admins use the Django admin). Only a superuser changes a superuser, nobody
changes their own role or deactivates themselves, and each change is in the audit trail.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from claims.roles import ADMIN, ROLE_PERMISSIONS, ROLES, role_of, sync_roles

from .common import require
from .records import audit
from .tokens import api_tokens_revoke


def _role_group(role: str) -> Group:
    if role not in ROLE_PERMISSIONS:
        raise ValidationError(f"Unknown role {role!r}; the roles are {', '.join(ROLES)}.", code="role")
    if not Group.objects.filter(name=role).exists():
        sync_roles()
    return Group.objects.get(name=role)


@transaction.atomic
def user_create_with_role(*, username: str, role: str, password: str, email: str = "", validate: bool = True):
    """A new active user with one role. Raises ValidationError (a taken name, an unknown role, or, unless
    validate=False, a password Django's AUTH_PASSWORD_VALIDATORS refuse) and then creates nothing.

    For callers with no signed-in person behind them (manage.py createuser, the demo); pages call user_create.
    """
    User = get_user_model()
    group = _role_group(role)
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"A user called {username!r} already exists.", code="username")
    if validate:
        validate_password(password, user=User(username=username, email=email))
    user = User.objects.create_user(username=username, email=email, password=password)
    user.is_staff = role == ADMIN
    user.save(update_fields=["is_staff"])
    user.groups.add(group)
    return user


@transaction.atomic
def user_create(*, actor, username: str, role: str, password: str, email: str = ""):
    """What an admin does on the people page: user_create_with_role with the password validated, if the
    actor may add users (auth.add_user); audited as `user.created`."""
    require(actor, "auth.add_user")
    user = user_create_with_role(username=username, role=role, password=password, email=email)
    _audit(actor=actor, action="user.created", user=user, role=role)
    return user


def _audit(*, actor, action: str, user, **data) -> None:
    audit(actor=actor, action=action, user_id=user.pk, username=user.username, **data)


def _require_manage(actor, user) -> None:
    require(actor, "auth.change_user")
    if user.pk == actor.pk:
        raise PermissionDenied("You cannot change your own role or deactivate yourself; ask another admin.")
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied("Only a superuser changes a superuser.")


@transaction.atomic
def user_set_role(*, actor, user, role: str):
    """Give the user exactly one of the three roles in place of the one they had, and staff status with
    the Admin role only (a superuser stays staff). Other groups are left alone: only a superuser assigns
    those, in the Django admin. Audited as `user.role_changed` with both roles."""
    _require_manage(actor, user)
    group = _role_group(role)
    before = role_of(user)
    user.groups.remove(*Group.objects.filter(name__in=ROLES).exclude(pk=group.pk))
    user.groups.add(group)
    user.is_staff = role == ADMIN or user.is_superuser
    user.save(update_fields=["is_staff"])
    _audit(actor=actor, action="user.role_changed", user=user, before=before, after=role)
    return user


@transaction.atomic
def user_deactivate(*, actor, user):
    """The user can no longer sign in, and their API tokens are deleted; their work stays, with their name.
    Audited as `user.deactivated`."""
    _require_manage(actor, user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoked = api_tokens_revoke(user=user)
    _audit(actor=actor, action="user.deactivated", user=user, tokens_revoked=revoked)
    return user
