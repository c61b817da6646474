"""The pages benchmark's seed: sources, documents, articles, claims and evidence candidates, by COPY."""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, datetime, timedelta

SUBJECTS = [
    "Unemployment",
    "Inflation",
    "Violent crime",
    "The health budget",
    "Exports",
    "House prices",
    "Carbon emissions",
    "School funding",
    "Hospital waiting time",
    "Net migration",
    "Child poverty",
    "Energy bills",
    "Rail fares",
    "The deficit",
    "Teacher numbers",
    "Police numbers",
    "Wind power output",
    "Food bank use",
    "Wages",
    "Rents",
]
VERBS = [
    "rose",
    "fell",
    "doubled",
    "halved",
    "grew",
    "dropped",
    "increased",
    "decreased",
    "climbed",
    "slumped",
]
WHO = [
    "the minister said",
    "the opposition claimed",
    "the statistics office said",
    "a campaign group said",
    "the mayor told reporters",
    "the report found",
    "officials said",
    "the chancellor told parliament",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SYLLABLES = [
    "ka",
    "lo",
    "mir",
    "sen",
    "ta",
    "vo",
    "ren",
    "dal",
    "ost",
    "bri",
    "gan",
    "tel",
    "mar",
    "qui",
    "zu",
    "pel",
]
FILLER = "Officials declined to comment further. The figures were published on Tuesday."
CLAIM_TYPES = [
    "quantity",
    "correlation_causation",
    "laws_rules",
    "prediction",
    "personal_experience",
    "other",
]
STATUSES = [
    ("queued", 70),
    ("in_progress", 10),
    ("returned", 5),
    ("submitted", 5),
    ("published", 5),
    ("dismissed", 5),
]


def _words(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    while len(seen) < n:
        seen.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize())
    return sorted(seen)


def _sentence(rng: random.Random, places: list[str]) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} by {rng.randint(2, 90)}% in {rng.choice(places)} "
        f"in {rng.choice(MONTHS)} {rng.randint(2015, 2026)}, {rng.choice(WHO)}."
    )


def copy_rows(model, attnames: list[str], rows) -> None:
    """COPY rows (tuples in the order of `attnames`) into the model's table. Every other column gets its field's
    default, so the seed keeps working when someone adds a field with one."""
    from django.db import connection

    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    missing = [f for name, f in by_attname.items() if name not in attnames and not f.primary_key]
    now = datetime.now(UTC)
    defaults = tuple(
        now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_db_prep_save(f.get_default(), connection)
        for f in missing
    )
    columns = ", ".join(
        connection.ops.quote_name(f.column) for f in [*(by_attname[n] for n in attnames), *missing]
    )
    raw = connection.cursor().cursor  # psycopg's own cursor, for COPY
    with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row((*row, *defaults))


def seed(*, claims: int, candidates: int, rng: random.Random) -> None:
    """Truncate and refill the bench database with COPY: sources, documents, articles, claims, candidates."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    from claims.models import Article, Claim, EvidenceCandidate
    from claims.roles import sync_roles
    from search.models import Document, Source

    started = time.perf_counter()
    per_article = 10
    n_articles = max(1, claims // per_article)
    n_documents = max(candidates * 4, min(50_000, claims // 2))
    n_sources = 40
    places = _words(rng, 600)
    now = datetime.now(UTC)

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_claim, claims_article, claims_evidencecandidate, search_document, search_source, "
            "claims_notification, claims_auditevent RESTART IDENTITY CASCADE"
        )
    sync_roles()
    User = get_user_model()
    checkers = []
    for i in range(12):
        user, _ = User.objects.get_or_create(username=f"bench-checker-{i}")
        user.groups.set([Group.objects.get(name="Fact-checker")])
        checkers.append(user.id)
    editor, _ = User.objects.get_or_create(username="bench-editor")
    editor.groups.set([Group.objects.get(name="Editor")])

    copy_rows(
        Source,
        ["id", "name", "domain", "reliability"],
        (
            (i, f"Bench source {i}", f"source{i}.example.org", round(rng.uniform(0.1, 0.95), 2))
            for i in range(1, n_sources + 1)
        ),
    )
    copy_rows(
        Document,
        ["id", "source_id", "title", "body", "url", "published_at"],
        (
            (
                i,
                rng.randint(1, n_sources),
                f"Document {i}",
                " ".join(_sentence(rng, places) for _ in range(4)),
                f"https://docs.example.org/{i}",
                now - timedelta(days=rng.randint(0, 400)),
            )
            for i in range(1, n_documents + 1)
        ),
    )
    print(f"  sources and {n_documents} documents: {time.perf_counter() - started:.0f} s")

    status_pool = [s for s, weight in STATUSES for _ in range(weight)]
    reasons = json.dumps([{"code": "quantity", "label": "States a quantity", "match": "%", "weight": 0.3}])
    article_rows, claim_rows = [], []
    for a in range(1, n_articles + 1):
        created = now - timedelta(seconds=rng.randint(0, 120 * 86400))
        parts, offset = [], 0
        for _ in range(per_article):
            sentence = _sentence(rng, places)
            status = rng.choice(status_pool)
            claim_created = created + timedelta(seconds=rng.randint(0, 3600))
            updated = claim_created + timedelta(hours=rng.choice([0, 1, 5, 30, 100, 200]))
            assignee = (
                rng.choice(checkers)
                if status in ("in_progress", "returned", "submitted", "published")
                else None
            )
            claim_rows.append(
                (
                    len(claim_rows) + 1,
                    a,
                    sentence,
                    sentence,
                    offset,
                    offset + len(sentence),
                    round(rng.uniform(0.35, 1.0), 4),
                    rng.choice(CLAIM_TYPES),
                    reasons,
                    status,
                    assignee,
                    updated if assignee else None,
                    "Bench: not check-worthy" if status == "dismissed" else "",
                    "done",
                    claim_created,
                    updated,
                )
            )
            parts.append(sentence + " " + FILLER)
            offset += len(sentence) + 1 + len(FILLER) + 1
        source = rng.randint(1, n_sources) if rng.random() > 0.1 else None
        article_rows.append(
            (
                a,
                f"Bench article {a}",
                " ".join(parts),
                f"https://news.example.org/{a}",
                source,
                created,
                f"{a:064x}",
                created,
            )
        )
    copy_rows(
        Article,
        ["id", "title", "text", "url", "source_id", "published_at", "content_hash", "created_at"],
        article_rows,
    )
    copy_rows(
        Claim,
        [
            "id",
            "article_id",
            "text",
            "original_text",
            "start",
            "end",
            "score",
            "claim_type",
            "reasons",
            "status",
            "assignee_id",
            "assigned_at",
            "dismissed_reason",
            "evidence_status",
            "created_at",
            "updated_at",
        ],
        claim_rows,
    )
    print(f"  {n_articles} articles and {len(claim_rows)} claims: {time.perf_counter() - started:.0f} s")

    passage = "A passage of the document that matched the claim's key terms, with a figure or two in it."
    copy_rows(
        EvidenceCandidate,
        ["claim_id", "document_id", "rank", "score", "passage", "passage_start", "passage_end", "highlights"],
        (
            (c, document, rank, round(10 - rank * 0.7, 3), passage, 0, 80, "[[2, 9]]")
            for c in range(1, len(claim_rows) + 1)
            for rank, document in enumerate(rng.sample(range(1, n_documents + 1), candidates), start=1)
        ),
    )
    print(f"  {len(claim_rows) * candidates} evidence candidates: {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        for model in (Source, Document, Article, Claim, EvidenceCandidate):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
    vacuum()
    print(f"seeded in {time.perf_counter() - started:.0f} s")


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (
            "search_source",
            "search_document",
            "claims_article",
            "claims_claim",
            "claims_evidencecandidate",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
