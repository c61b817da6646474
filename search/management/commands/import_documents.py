"""manage.py import_documents FILE --source NAME [--format jsonl|csv|checkthat-vclaims] [--kind KIND]"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.models import SourceKind
from search.readers import FORMATS, ImportFormatError
from search.services.importing import documents_import

from ._import_report import report_end


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
        report_end(
            self,
            report,
            where=lambda line: f"line {line}: " if line else "",
            unsearchable=f"{report.not_indexed} documents are" if report.not_indexed else "",
            done="Done: the documents are searchable.",
        )
