"""manage.py cluster_claims CLAIMS.tsv: `id<TAB>text` lines in arrival order in, `id<TAB>cluster_id` out."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.selectors.accounts import user_get_by_username
from claims.services.claim_lists import claim_list_import
from claims.services.clusters import claims_cluster
from search.backends import SearchUnavailable


class Command(BaseCommand):
    help = (
        "Add the listed claims to the workbench and place each in a cluster of repeated claims, one after "
        "the other as if they arrived in that order (the path every new claim takes); prints id<TAB>cluster."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="A file of id<TAB>text lines; a header line `id<TAB>text` is skipped."
        )
        parser.add_argument("--user", help="Who lists the claims (default: nobody).")
        parser.add_argument(
            "--batch",
            type=int,
            default=1,
            help="Claims placed per step (default 1); a batch is compared within itself too, as a task's is.",
        )

    def handle(self, *args, path, user, batch, **options):
        owner = None
        if user:
            owner = user_get_by_username(username=user)
            if owner is None:
                raise CommandError(f"No user called {user!r}; create one with manage.py createuser.")
        items = []
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip() or (number == 1 and line.lower().startswith("id\t")):
                continue
            key, tab, text = line.partition("\t")
            if not tab or not text.strip():
                raise CommandError(f"line {number}: expected id<TAB>text")
            items.append((key, text))
        try:
            claims = claim_list_import(name=Path(path).name, items=items, user=owner)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        keys = {claim.id: claim.provenance["id"] for claim in claims}
        step = max(1, batch)
        for start in range(0, len(claims), step):
            ids = [claim.id for claim in claims[start : start + step]]
            try:
                placed = claims_cluster(claim_ids=ids)
            except SearchUnavailable as exc:
                raise CommandError(
                    f"Search is unavailable after {start} of {len(claims)} claims: {exc}. The rest are in the "
                    "queue and the sweeper clusters them once search is back."
                ) from exc
            for claim_id in ids:
                self.stdout.write(f"{keys[claim_id]}\t{placed.get(claim_id, '')}")
