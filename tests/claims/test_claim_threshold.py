"""One check-worthiness threshold: extract_claims, the article page and the API all queue what CLAIM_THRESHOLD lets in."""

import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from claims.models import Article
from claims.services.demo import DEMO_DIR
from tests.claims.api.clients import client_for

DEMO_ARTICLE = DEMO_DIR / "article.txt"


def command_claims(*args) -> list[str]:
    out = StringIO()
    call_command("extract_claims", str(DEMO_ARTICLE), "--format", "json", *args, stdout=out)
    return [claim["text"] for claim in json.loads(out.getvalue())["claims"]]


def test_extract_claims_lists_the_claims_the_web_and_the_api_queue_for_the_demo_article(
    client, fact_checker, embedded_backend, settings
):
    assert settings.WORKBENCH["CLAIM_THRESHOLD"] == 0.35
    text = DEMO_ARTICLE.read_text(encoding="utf-8")
    client.force_login(fact_checker)
    response = client.post(reverse("claims:article_new"), {"text": text})
    assert response.status_code == 302, response.content
    web = list(Article.objects.get().claims.order_by("start").values_list("text", flat=True))

    Article.objects.all().delete()
    api = client_for(fact_checker).post("/api/articles/", {"text": text}, format="json")
    assert api.status_code == 201, api.content

    listed = command_claims()
    assert (
        listed == web == [claim["text"] for claim in sorted(api.json()["claims"], key=lambda c: c["start"])]
    )
    assert listed == command_claims("--threshold", "0.35") != command_claims("--threshold", "0.9")


def test_extract_claims_follows_the_setting(settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "CLAIM_THRESHOLD": 0.9}
    assert command_claims() == command_claims("--threshold", "0.9")
    assert len(command_claims()) < len(command_claims("--threshold", "0.35"))
