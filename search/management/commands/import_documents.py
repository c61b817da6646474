"""manage.py import_documents FILE --source NAME [--format jsonl|csv|checkthat-vclaims] [--kind KIND]"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.importing import FORMATS, ImportFormatError, documents_import
from search.models import SourceKind

SHOW_FAILURES = 20


def _count_lines(path: str) -> int | None:
    try:
        with open(path, "rb") as handle:
            return sum(1 for _ in handle)
    except OSError:
        return None


class Command(BaseCommand):
    help = (
        "Import documents from a file into a source (created if missing) and index them. Safe to re-run: "
        "a document's identity is its URL, or the source and its external key."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", required=True, help="Source name; created if it does not exist.")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="jsonl")
        parser.add_argument(
            "--kind",
            choices=SourceKind.values,
            help="Kind of a new source (default: fact_checker for checkthat-vclaims, else news).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, file, source, fmt, kind, no_progress, **options):
        bar = tqdm(total=_count_lines(file), unit=" rows", disable=no_progress, file=sys.stderr)
        try:
            report = documents_import(
                path=file, source_name=source, fmt=fmt, kind=kind, on_progress=bar.update
            )
        except (OSError, ImportFormatError) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        made = " (new source)" if report.source_created else ""
        self.stdout.write(
            f"{report.source}{made}: {report.read} rows read, {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.duplicates} duplicate rows, {len(report.failed)} failed; "
            f"{report.indexed} indexed."
        )
        for line, reason in report.failed[:SHOW_FAILURES]:
            self.stdout.write(f"  line {line}: {reason}" if line else f"  {reason}")
        if len(report.failed) > SHOW_FAILURES:
            self.stdout.write(f"  ... and {len(report.failed) - SHOW_FAILURES} more")
        if report.not_indexed:
            raise CommandError(
                f"{report.not_indexed} documents are saved but not searchable yet ({report.index_error or 'indexing failed'}); "
                "the periodic sweeper indexes them once search is back, or re-run this command."
            )
        self.stdout.write(self.style.SUCCESS("Done: the documents are searchable."))
