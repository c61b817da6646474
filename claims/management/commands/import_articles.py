"""manage.py import_articles FILE.jsonl --user NAME: one article per line ({"text"|"url", "title", ...})."""

import json
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime
from tqdm import tqdm

from claims import services
from claims.selectors.accounts import user_get_by_username
from search.selectors.sources import sources_by_name


class Command(BaseCommand):
    help = "Import articles from a JSON Lines file, with a progress bar and a summary of what happened to each line."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--user", required=True, help="Who submits the articles (needs the Fact-checker role)."
        )

    def handle(self, *args, path, user, **options):
        submitter = user_get_by_username(username=user)
        if submitter is None:
            raise CommandError(f"No user called {user!r}; create one with manage.py createuser.")
        try:
            lines = open(path, encoding="utf-8").read().splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        counts, failures = Counter(), []
        sources = sources_by_name()
        for number, line in enumerate(tqdm(lines, desc="articles", unit="article", disable=None), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("each line must be a JSON object")
                if not (row.get("text") or "").strip() and not row.get("url"):
                    raise ValueError("the line has neither text nor url")
                result = services.article_submit(
                    submitted_by=submitter,
                    text=row.get("text") or "",
                    url=row.get("url") or "",
                    html=row.get("html"),
                    title=row.get("title") or "",
                    source=sources.get(row.get("source") or ""),
                    published_at=parse_datetime(row["published_at"]) if row.get("published_at") else None,
                )
            except (ValueError, services.ArticleRejected) as exc:
                counts["failed"] += 1
                failures.append((number, getattr(exc, "message", None) or str(exc)))
                continue
            counts["created" if result.created else "duplicates"] += 1
            counts["claims"] += len(result.claims) if result.created else 0
        self.stdout.write(
            f"created {counts['created']} articles ({counts['claims']} claims), duplicates {counts['duplicates']}, failed {counts['failed']}"
        )
        for number, reason in failures:
            self.stdout.write(f"  line {number}: {reason}")
