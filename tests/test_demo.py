"""`manage.py load_demo` gives a working workbench: users per role, claims, and a published fact-check."""

from django.core.management import call_command

from claims.models import Claim, VerdictStatus
from search.models import Document


def test_load_demo_carries_a_claim_to_a_published_verdict(embedded_backend, capsys, settings):
    settings.WORKBENCH = {
        **settings.WORKBENCH,
        "ORGANIZATION_URL": "http://127.0.0.1:8800/",
    }  # make demo PORT=8800
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "factchecker" in out and "editor" in out and "password" in out
    assert "Log in at http://127.0.0.1:8800/ with:" in out  # where the server answers, not always :8000
    assert Document.objects.count() >= 10
    assert Claim.objects.count() >= 5
    published = Claim.objects.filter(verdict__status=VerdictStatus.PUBLISHED)
    assert published.count() == 1
    assert published.get().verdict.citations.exists()
    call_command("load_demo")
    assert published.count() == 1, "running the demo again duplicates nothing"
