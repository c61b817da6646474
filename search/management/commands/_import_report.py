"""The end of an import command's report, shared by import_documents and import_claimreview."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from search.readers import ImportCounts

SHOW_FAILURES = 20


def report_end(
    command: BaseCommand,
    report: ImportCounts,
    *,
    where: Callable[[int | str], str],
    unsearchable: str,
    done: str,
) -> None:
    """List the first failures; then fail if saved items are not searchable yet (`unsearchable` says which)."""
    for place, reason in report.failed[:SHOW_FAILURES]:
        command.stdout.write(f"  {where(place)}{reason}")
    if len(report.failed) > SHOW_FAILURES:
        command.stdout.write(f"  ... and {len(report.failed) - SHOW_FAILURES} more")
    if unsearchable:
        raise CommandError(
            f"{unsearchable} saved but not searchable yet ({report.index_error or 'indexing failed'}); the periodic "
            "sweeper indexes them once search is back, or re-run this command."
        )
    command.stdout.write(command.style.SUCCESS(done))
