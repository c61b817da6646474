"""manage.py watch_claims: store every open claim's query, so a new document finds the claims it is evidence for."""

from django.core.management.base import BaseCommand, CommandError

from claims.services.claim_queries import claims_watch_open
from search.backends import SearchUnavailable


class Command(BaseCommand):
    help = (
        "Store every open claim's query with search, so new documents find the claims they may be evidence "
        "for. Each evidence search stores its claim's query; run this after `search_index --reset` (which "
        "empties them) or for claims last searched before new documents looked for their claims."
    )

    def handle(self, *args, **options):
        try:
            count = claims_watch_open()
        except SearchUnavailable as exc:
            raise CommandError(f"Search is unavailable: {exc}") from exc
        self.stdout.write(f"{count} open claims watched for new evidence.")
