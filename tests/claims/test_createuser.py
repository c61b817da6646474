"""manage.py createuser: a user with a role, and only with a password the password validators accept."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command


def test_createuser_refuses_the_password_password(db):
    with pytest.raises(CommandError, match="This password is too common"):
        call_command("createuser", "newcomer", "--role", "editor", "--password", "password")
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_createuser_refuses_a_password_like_the_username(db):
    with pytest.raises(CommandError, match="too similar to the username"):
        call_command("createuser", "newcomer", "--role", "editor", "--password", "newcomer1")


def test_createuser_refuses_a_taken_name(db, fact_checker):
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "createuser", fact_checker.username, "--role", "editor", "--password", "a fine passphrase"
        )


def test_createuser_makes_a_user_with_the_role(db, capsys):
    call_command("createuser", "newcomer", "--role", "admin", "--password", "a fine passphrase")
    user = get_user_model().objects.get(username="newcomer")
    assert user.check_password("a fine passphrase") and user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Admin"]


def test_createuser_prints_the_password_it_generated(db, capsys):
    call_command("createuser", "newcomer", "--role", "fact-checker")
    password = capsys.readouterr().out.split("Password: ")[1].strip()
    assert get_user_model().objects.get(username="newcomer").check_password(password)


def test_the_demo_users_keep_their_published_passwords(embedded_backend):
    """load_demo skips the password validators on purpose: its passwords are printed for anyone to use."""
    call_command("load_demo")
    assert get_user_model().objects.get(username="factchecker").check_password("factcheck-demo-1")
