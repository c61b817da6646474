"""Creating workbench users with a role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from claims.roles import ADMIN, ROLE_PERMISSIONS, sync_roles


@transaction.atomic
def user_create_with_role(*, username: str, role: str, password: str, email: str = ""):
    if role not in ROLE_PERMISSIONS:
        raise ValueError(f"Unknown role {role!r}.")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValueError(f"A user called {username!r} already exists.")
    if not Group.objects.filter(name=role).exists():
        sync_roles()
    user = User.objects.create_user(username=username, email=email, password=password)
    user.is_staff = role == ADMIN
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=role))
    return user
