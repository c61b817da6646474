"""manage.py match_claims QUERIES.tsv --source NAME [--top 20] [--tag TAG]: a TREC run of earlier fact-checks."""

import sys

from django.core.management.base import BaseCommand, CommandError

from search.backends import SearchUnavailable
from search.selectors.matching import claims_match, read_claims, trec_line
from search.selectors.sources import source_by_name


class Command(BaseCommand):
    help = (
        "Read id<TAB>text lines (a header row is skipped) and print TREC run lines "
        "'id Q0 external_key rank score tag', ranked by the evidence task's own query and search."
    )

    def add_arguments(self, parser):
        parser.add_argument("queries", help="TSV file of id<TAB>text lines, or - for standard input.")
        parser.add_argument("--source", required=True, help="Name of the source to match against.")
        parser.add_argument("--top", type=int, default=20, help="Documents per claim (default 20).")
        parser.add_argument(
            "--tag", default="workbench", help="Run tag, the last column (default workbench)."
        )

    def handle(self, *args, queries, source, top, tag, **options):
        if top < 1:
            raise CommandError("--top must be at least 1.")
        if any(c.isspace() for c in tag) or not tag:
            raise CommandError("--tag must be one word.")
        found = source_by_name(name=source)
        if found is None:
            raise CommandError(f"No source named {source!r}; import one with manage.py import_documents.")
        try:
            handle = sys.stdin if queries == "-" else open(queries, encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            for match in claims_match(claims=read_claims(handle), source=found, top=top):
                self.stdout.write(trec_line(match, tag=tag))
        except SearchUnavailable as exc:
            raise CommandError(f"Search is unavailable: {exc}") from exc
        finally:
            if handle is not sys.stdin:
                handle.close()
