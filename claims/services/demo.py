"""The demo data set: shipped with the product, loaded by `manage.py load_demo`, safe to run again."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from claims import services
from claims.models import Claim, EvidenceCandidate, Verdict, VerdictStatus
from claims.roles import ADMIN, EDITOR, FACT_CHECKER, sync_roles
from claims.services.accounts import user_create_with_role
from search import services as search_services
from search.models import Source

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
SEARCH_DEMO_DIR = Path(__file__).resolve().parent.parent.parent / "search" / "demo"
DEMO_ARTICLE_URL = ""
DEMO_USERS = [
    ("factchecker", FACT_CHECKER, "factcheck-demo-1"),
    ("factchecker2", FACT_CHECKER, "factcheck-demo-2"),
    ("editor", EDITOR, "editor-demo-1"),
    ("admin", ADMIN, "admin-demo-1"),
]


def _date(value: str | None):
    return timezone.make_aware(datetime.fromisoformat(value)) if value else None


def demo_load(*, log=print) -> dict:
    sync_roles()
    User = get_user_model()
    for username, role, password in DEMO_USERS:
        if not User.objects.filter(username=username).exists():
            # Without the password validators, on purpose: these passwords are printed for anyone to use, and
            # "factcheck-demo-1" is refused only for being like "factchecker".
            user_create_with_role(
                username=username,
                role=role,
                password=password,
                email=f"{username}@example.org",
                validate=False,
            )
    for entry in json.loads((SEARCH_DEMO_DIR / "sources.json").read_text()):
        Source.objects.get_or_create(
            name=entry["name"], defaults={k: v for k, v in entry.items() if k != "name"}
        )
    sources = {s.name: s for s in Source.objects.all()}
    created = 0
    for line in (SEARCH_DEMO_DIR / "documents.jsonl").read_text().splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        _, was_created = search_services.document_save(
            source=sources[row["source"]],
            url=row["url"],
            title=row["title"],
            body=row["body"],
            published_at=_date(row.get("published_at")),
        )
        created += was_created
    log(f"{created} demo documents added ({len(sources)} sources).")

    fact_checker = User.objects.get(username="factchecker")
    editor = User.objects.get(username="editor")
    result = services.article_ingest(
        text=(DEMO_DIR / "article.txt").read_text(),
        url=DEMO_ARTICLE_URL,
        published_at=_date("2020-06-05"),
        submitted_by=fact_checker,
    )
    article = result.article
    published = Verdict.objects.filter(claim__article=article, status=VerdictStatus.PUBLISHED).first()
    if published is None:
        published = _publish_one(article, fact_checker, editor)
    return {
        "users": [(u, r, p) for u, r, p in DEMO_USERS],
        "article_id": article.id,
        "claims": article.claims.count(),
        "published_verdict_id": published.id if published else None,
    }


def _publish_one(article, fact_checker, editor) -> Verdict | None:
    claim = (
        Claim.objects.filter(article=article, text__contains="108").first()
        or Claim.objects.filter(article=article).order_by("-score").first()
    )
    if claim is None:
        return None
    services.claim_take(claim=claim, user=fact_checker)
    verdict = services.verdict_save(
        claim=claim,
        user=fact_checker,
        rating="true",
        explanation=(
            "The provisional incident count for April 2020 records 108 attacks attributed to Daesh in Iraq, "
            "concentrated in Diyala, Kirkuk and Salahaldin, which matches the figure the article reports."
        ),
        version=None,
    )
    candidate = (
        EvidenceCandidate.objects.filter(claim=claim).select_related("document").order_by("rank").first()
    )
    if candidate:
        services.citation_add(
            verdict=verdict, user=fact_checker, url="", quote=candidate.passage, document=candidate.document
        )
    else:
        services.citation_add(
            verdict=verdict,
            user=fact_checker,
            url="https://stats.example.org/security/incidents-2020-04",
            title="Monthly security incidents: April 2020",
            quote="In April 2020 the office recorded 108 attacks attributed to Daesh across Iraq.",
        )
    services.verdict_submit(verdict=verdict, user=fact_checker)
    return services.verdict_approve(verdict=verdict, editor=editor)
