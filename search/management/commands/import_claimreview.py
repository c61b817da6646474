"""manage.py import_claimreview FILE_OR_URL [--source NAME] [--no-follow] [--max-pages N]"""

from django.core.management.base import BaseCommand, CommandError

from search.claimreview import MAX_FOLLOWED_PAGES, ClaimReviewSourceError
from search.services.claimreview_import import claimreviews_import

from ._import_report import report_end


class Command(BaseCommand):
    help = (
        "Import other organisations' ClaimReview as fact-checker documents, so new claims are matched against "
        'them: a JSON-LD file (one object, a list or an @graph), a page carrying <script type="application/ld+json">, '
        "or a feed (JSON Feed, or a JSON list). URLs are fetched through the address guard. Safe to re-run: a "
        'fact-check\'s identity is its URL. Ratings are mapped by WORKBENCH["CLAIMREVIEW_RATING_MAP"].'
    )

    def add_arguments(self, parser):
        parser.add_argument("location", metavar="FILE_OR_URL")
        parser.add_argument(
            "--source", help="Put every fact-check in this source (default: each review's publisher)."
        )
        parser.add_argument(
            "--no-follow", action="store_true", help="Do not fetch the pages a feed only links to."
        )
        parser.add_argument(
            "--max-pages", type=int, default=MAX_FOLLOWED_PAGES, help="Most linked pages to fetch."
        )

    def handle(self, *args, location, source, no_follow, max_pages, **options):
        try:
            report = claimreviews_import(
                location=location, source_name=source, follow=not no_follow, max_pages=max_pages
            )
        except ClaimReviewSourceError as exc:
            raise CommandError(str(exc)) from exc
        sources = ", ".join(sorted(report.sources)) or "no source"
        self.stdout.write(
            f"{sources}: {report.read} ClaimReview read, {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.duplicates} repeated, {len(report.failed)} not imported; "
            f"{report.pages_followed} linked pages fetched; {report.indexed} indexed."
        )
        if report.ratings:
            self.stdout.write(
                "  ratings: " + ", ".join(f"{r} {n}" for r, n in sorted(report.ratings.items()))
            )
        report_end(
            self,
            report,
            where=lambda place: f"{place}: ",
            unsearchable="The fact-checks are" if report.index_error else "",
            done="Done: the imported fact-checks are searchable.",
        )
