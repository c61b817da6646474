"""Roles cannot climb: the Django admin and the people page give only the three roles, and never superuser."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from claims import services
from claims.models import AuditEvent
from tests.factories import UserFactory

ROLES = {"Fact-checker", "Editor", "Admin"}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def groups_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def admin_change_form(user, **changes) -> dict:
    """What the Django admin's user change form posts, with the given fields changed."""
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "_save": "Save",
    }
    data.update(changes)
    return data


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


# The Django admin


def test_an_admin_ticking_is_superuser_on_themselves_is_refused(admin_user):
    before = groups_of(admin_user)
    client = signed_in(admin_user)
    client.post(
        f"/admin/auth/user/{admin_user.pk}/change/",
        admin_change_form(
            admin_user,
            is_superuser="on",
            is_staff="on",
            groups=[g.pk for g in Group.objects.all()],
            user_permissions=["1", "2"],
        ),
    )
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser
    assert groups_of(admin_user) == before and not admin_user.user_permissions.exists()
    page = client.get(f"/admin/auth/user/{admin_user.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page, "shown read-only"


def test_an_admin_cannot_give_someone_a_group_in_the_django_admin(admin_user, fact_checker):
    admin_group = Group.objects.get(name="Admin")
    signed_in(admin_user).post(
        f"/admin/auth/user/{fact_checker.pk}/change/",
        admin_change_form(fact_checker, groups=[admin_group.pk], is_staff="on", first_name="Renamed"),
    )
    fact_checker.refresh_from_db()
    assert fact_checker.first_name == "Renamed", "the other fields still save"
    assert groups_of(fact_checker) == {"Fact-checker"} and not fact_checker.is_staff


def test_an_admin_can_neither_change_nor_reset_the_password_of_a_superuser(admin_user, superuser):
    client = signed_in(admin_user)
    assert client.get(f"/admin/auth/user/{superuser.pk}/password/").status_code == 403
    client.post(
        f"/admin/auth/user/{superuser.pk}/password/",
        {"password1": "taken over 12345", "password2": "taken over 12345", "usable_password": "true"},
    )
    client.post(
        f"/admin/auth/user/{superuser.pk}/change/", admin_change_form(superuser, email="x@evil.example")
    )
    superuser.refresh_from_db()
    assert not superuser.check_password("taken over 12345") and superuser.email != "x@evil.example"


def test_a_superuser_still_grants_superuser_in_the_django_admin(superuser, admin_user):
    signed_in(superuser).post(
        f"/admin/auth/user/{admin_user.pk}/change/",
        admin_change_form(admin_user, is_superuser="on", is_staff="on"),
    )
    admin_user.refresh_from_db()
    assert admin_user.is_superuser


# The people page


def role_options(html: str) -> list[set[str]]:
    """The option values of each role <select> on the page."""
    return [
        set(re.findall(r'<option value="([^"]*)"', select))
        for select in re.findall(r'<select name="role"[^>]*>(.*?)</select>', html, flags=re.S)
    ]


def test_the_people_page_offers_exactly_the_three_roles(admin_user, fact_checker, editor):
    page = signed_in(admin_user).get("/people/")
    assert page.status_code == 200
    html = page.content.decode()
    assert fact_checker.username in html and editor.username in html
    selects = role_options(html)
    assert len(selects) == 3, "one per other person, and the add form's"
    assert all(options == ROLES for options in selects), selects


def test_the_nav_links_the_people_page_for_admins_only(admin_user, editor):
    assert 'href="/people/"' in signed_in(admin_user).get("/").content.decode()
    assert 'href="/people/"' not in signed_in(editor).get("/").content.decode()


@pytest.mark.parametrize("role", ["Fact-checker", "Editor"])
def test_only_admins_open_the_people_page(db, role):
    assert signed_in(UserFactory(role=role)).get("/people/").status_code == 403


def test_the_people_page_runs_the_same_queries_for_more_people(admin_user):
    client = signed_in(admin_user)
    client.get("/people/")
    UserFactory.create_batch(2, role="Editor")
    with CaptureQueriesContext(connection) as few:
        client.get("/people/")
    UserFactory.create_batch(8, role="Fact-checker")
    with CaptureQueriesContext(connection) as many:
        client.get("/people/")
    # 9: the header's counts (unread notifications; for an editor or admin, the verdicts waiting) are two.
    assert len(many) == len(few) <= 9, [q["sql"] for q in many]


def test_an_admin_sets_a_role_and_staff_follows_it(admin_user, fact_checker):
    client = signed_in(admin_user)
    client.post(f"/people/{fact_checker.pk}/role/", {"role": "Admin"})
    fact_checker.refresh_from_db()
    assert groups_of(fact_checker) == {"Admin"} and fact_checker.is_staff and not fact_checker.is_superuser
    client.post(f"/people/{fact_checker.pk}/role/", {"role": "Fact-checker"})
    fact_checker.refresh_from_db()
    assert groups_of(fact_checker) == {"Fact-checker"} and not fact_checker.is_staff
    event = AuditEvent.objects.filter(action="user.role_changed").first()
    assert (
        event.actor == admin_user
        and event.data["before"] == "Admin"
        and event.data["after"] == "Fact-checker"
    )


def test_a_role_outside_the_three_is_refused(admin_user, fact_checker):
    Group.objects.create(name="Superusers")
    for role in ("Superusers", "superuser", ""):
        signed_in(admin_user).post(f"/people/{fact_checker.pk}/role/", {"role": role})
    assert groups_of(fact_checker) == {"Fact-checker"}


def test_an_admin_cannot_change_their_own_role_or_deactivate_themselves(admin_user):
    client = signed_in(admin_user)
    response = client.post(f"/people/{admin_user.pk}/role/", {"role": "Editor"}, follow=True)
    assert "cannot change your own role" in response.content.decode()
    client.post(f"/people/{admin_user.pk}/deactivate/")
    admin_user.refresh_from_db()
    assert groups_of(admin_user) == {"Admin"} and admin_user.is_active


def test_an_admin_cannot_change_or_deactivate_a_superuser(admin_user, superuser):
    client = signed_in(admin_user)
    response = client.post(f"/people/{superuser.pk}/role/", {"role": "Fact-checker"}, follow=True)
    assert "Only a superuser changes a superuser." in response.content.decode()
    client.post(f"/people/{superuser.pk}/deactivate/")
    superuser.refresh_from_db()
    assert superuser.is_active and not groups_of(superuser)


def test_deactivating_someone_stops_their_sign_in_and_their_api_token(admin_user, editor):
    token = Token.objects.create(user=editor)
    signed_in(admin_user).post(f"/people/{editor.pk}/deactivate/")
    editor.refresh_from_db()
    assert not editor.is_active and not Token.objects.filter(key=token.key).exists()
    assert AuditEvent.objects.filter(action="user.deactivated", actor=admin_user).exists()


def test_an_admin_adds_someone_with_a_role(admin_user):
    password = "a long new passphrase"
    response = signed_in(admin_user).post(
        "/people/new/",
        {"username": "newcomer", "role": "Editor", "password1": password, "password2": password},
    )
    assert response.status_code == 302
    newcomer = get_user_model().objects.get(username="newcomer")
    assert groups_of(newcomer) == {"Editor"} and not newcomer.is_staff and not newcomer.is_superuser
    assert newcomer.check_password(password)
    assert AuditEvent.objects.filter(action="user.created", actor=admin_user).exists()


def test_a_weak_password_is_refused_when_adding_someone(admin_user):
    response = signed_in(admin_user).post(
        "/people/new/",
        {"username": "newcomer", "role": "Editor", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 400 and "This password is too common." in response.content.decode()
    assert not AuditEvent.objects.filter(action="user.created").exists()


# The services, for every other caller


def test_nobody_without_auth_change_user_sets_a_role(editor, fact_checker):
    with pytest.raises(PermissionDenied):
        services.user_set_role(actor=editor, user=fact_checker, role="Admin")
    with pytest.raises(PermissionDenied):
        services.user_set_role(actor=editor, user=editor, role="Admin")
    assert groups_of(editor) == {"Editor"}


def test_a_superuser_may_change_a_superuser(superuser):
    other = UserFactory(is_superuser=True, is_staff=True)
    services.user_set_role(actor=superuser, user=other, role="Editor")
    other.refresh_from_db()
    assert groups_of(other) == {"Editor"} and other.is_staff, "a superuser stays staff"
