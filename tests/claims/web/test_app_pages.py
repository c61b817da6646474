"""Pages outside the desk's own (not found, not allowed, an expired form, passwords) keep the app's layout and
say why, instead of Django's bare or admin-styled pages."""

from __future__ import annotations

import os
import subprocess

import pytest
from django.test import Client

from tests.factories import ClaimFactory
from tests.paths import ROOT

pytestmark = pytest.mark.django_db


def test_a_missing_claim_is_a_404_in_the_app_layout_with_a_way_back(checker_client):
    response = checker_client.get("/claims/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="topbar"' in html and "Not found" in html and "Back to the queue" in html


def test_a_page_outside_ones_role_is_a_403_that_says_why(checker_client):
    response = checker_client.get("/review/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="topbar"' in html and "Not allowed" in html and "Fact-checker" in html


def test_an_expired_form_is_refused_in_the_app_layout_and_changes_nothing(fact_checker):
    claim = ClaimFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(fact_checker)
    response = client.post(f"/claims/{claim.id}/take/")
    assert response.status_code == 403
    assert (
        "This form had expired" in response.content.decode()
        and "Nothing was changed" in response.content.decode()
    )
    claim.refresh_from_db()
    assert claim.assignee is None


def test_the_password_pages_are_the_apps_not_the_admins(checker_client):
    html = checker_client.get("/accounts/password_change/").content.decode()
    assert 'class="topbar"' in html and "Change your password" in html and "Django administration" not in html
    html = Client().get("/accounts/password_reset/").content.decode()
    assert "Reset your password" in html and "Django administration" not in html


def test_make_demo_on_another_port_links_its_public_pages_there():
    env = {key: value for key, value in os.environ.items() if key != "ORGANIZATION_URL"}
    printed = subprocess.run(
        ["make", "-n", "demo", "PORT=8123"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    runserver = next(line for line in printed.splitlines() if "runserver" in line)
    prefix = runserver.split(" .venv/bin/python")[0]
    url = subprocess.run(
        ["bash", "-c", f"{prefix} printenv ORGANIZATION_URL"], env=env, capture_output=True, text=True
    )
    assert url.stdout.strip() == "http://127.0.0.1:8123/"
