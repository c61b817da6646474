"""The Django admin's user pages, where roles cannot climb: only a superuser grants privileges or edits a superuser.

The Admin role has auth.change_user, so with Django's stock UserAdmin an admin could tick is_superuser on
themselves. Here, for anyone but a superuser, superuser and staff status, groups and user permissions are
read-only (the form leaves them out, so a posted value is never read), a save that would change them
anyway is refused, and superusers can be neither changed (their password included) nor deleted. Roles are
set on the workbench's people page (claims/web/people.py), which offers exactly the three roles.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied

PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")
PRIVILEGE_FLAGS = ("is_staff", "is_superuser")


class WorkbenchUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return readonly + tuple(field for field in PRIVILEGE_FIELDS if field not in readonly)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            self._refuse_privilege_change(obj, form)
        super().save_model(request, obj, form, change)

    def _refuse_privilege_change(self, obj, form) -> None:
        """A second line behind the read-only fields: whatever reached the form, no privilege changes."""
        if any(field in form.cleaned_data for field in PRIVILEGE_FIELDS):
            raise PermissionDenied(
                "Only a superuser changes staff or superuser status, groups or permissions."
            )
        stored = (
            self.model._default_manager.filter(pk=obj.pk).values(*PRIVILEGE_FLAGS).first() if obj.pk else None
        )
        before = stored or dict.fromkeys(PRIVILEGE_FLAGS, False)
        if any(getattr(obj, flag) != before[flag] for flag in PRIVILEGE_FLAGS):
            raise PermissionDenied("Only a superuser changes staff or superuser status.")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, WorkbenchUserAdmin)
