"""App config for search."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Sources and documents"

    def ready(self) -> None:
        from workbench import db  # noqa: F401 - registers the any_of lookup
        from workbench.celery import app

        # Dispatch sends tasks by name; registering them here resolves those names in web processes too.
        app.autodiscover_tasks(["search"], force=True)
