"""manage.py search_index [--create | --rebuild | --abandon-rebuild | --reset | --status]"""

from django.core.management.base import BaseCommand, CommandError

from search import services
from search.backends import RebuildInProgress, SearchUnavailable, get_backend


class Command(BaseCommand):
    help = "Create the search index, rebuild it into a new index and swap the read alias (no downtime), or show status."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--create", action="store_true", help="Create the index if there is none (default)."
        )
        group.add_argument(
            "--rebuild", action="store_true", help="Build a new index from the database, then swap the alias."
        )
        group.add_argument(
            "--abandon-rebuild",
            action="store_true",
            help="Drop the new index of a rebuild whose process died (the serving index keeps every write).",
        )
        group.add_argument(
            "--reset", action="store_true", help="Drop every index of this prefix and start empty."
        )
        group.add_argument("--status", action="store_true")

    def handle(self, *args, rebuild, abandon_rebuild, reset, status, **options):
        backend = get_backend()
        try:
            if rebuild:
                name = services.search_index_rebuild()
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Rebuilt into {name}; alias {backend.alias} now points at it ({backend.count()} documents)."
                    )
                )
            elif abandon_rebuild:
                name = services.search_index_abandon_rebuild()
                self.stdout.write(
                    self.style.SUCCESS(f"Dropped the unfinished index {name}.")
                    if name
                    else "No rebuild to abandon."
                )
            elif reset:
                services.search_index_reset()
                self.stdout.write(self.style.SUCCESS(f"Reset {backend.alias}: empty."))
            elif status:
                rebuilding = backend.rebuild_in_progress()
                self.stdout.write(
                    f"{backend.name} {backend.alias}: {backend.health()} documents={backend.count()}"
                    + (f" rebuilding={rebuilding}" if rebuilding else "")
                )
            else:
                backend.ensure_index()
                self.stdout.write(self.style.SUCCESS(f"Index {backend.alias} is ready ({backend.name})."))
        except SearchUnavailable as exc:
            raise CommandError(f"Search is unavailable: {exc}") from exc
        except RebuildInProgress as exc:
            raise CommandError(str(exc)) from exc
