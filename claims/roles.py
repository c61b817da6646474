"""The workbench's roles as Django groups, and the permissions each one carries."""

from __future__ import annotations

FACT_CHECKER = "Fact-checker"
EDITOR = "Editor"
ADMIN = "Admin"

_FACT_CHECKER_PERMS = [
    "claims.check_claim",
    "claims.view_claim",
    "claims.view_article",
    "claims.add_article",
    "claims.view_verdict",
    "search.view_document",
    "search.view_source",
]
_EDITOR_PERMS = [*_FACT_CHECKER_PERMS, "claims.review_verdict"]
_ADMIN_PERMS = [
    *_EDITOR_PERMS,
    "search.add_source",
    "search.change_source",
    "search.delete_source",
    "search.add_document",
    "search.change_document",
    "search.delete_document",
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.view_group",
]

ROLE_PERMISSIONS = {FACT_CHECKER: _FACT_CHECKER_PERMS, EDITOR: _EDITOR_PERMS, ADMIN: _ADMIN_PERMS}
ROLES = (FACT_CHECKER, EDITOR, ADMIN)  # the only roles an admin gives (claims.services.accounts)
ROLE_BY_SLUG = {"fact-checker": FACT_CHECKER, "editor": EDITOR, "admin": ADMIN}


def sync_roles(apps=None) -> None:
    """Create the role groups and give each exactly its permissions (idempotent; used by a migration)."""
    from django.contrib.auth.management import create_permissions

    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def role_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    names = {g.name for g in user.groups.all()}
    for role in (ADMIN, EDITOR, FACT_CHECKER):
        if role in names:
            return role
    return "Admin" if user.is_superuser else None
