"""App config for search."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Sources and documents"

    def ready(self) -> None:
        from workbench import db  # noqa: F401 - registers the any_of lookup
