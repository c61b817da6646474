"""App config for claims."""

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and verdicts"

    def ready(self) -> None:
        from workbench.celery import app

        # Dispatch sends tasks by name; registering them here resolves those names in web processes too.
        app.autodiscover_tasks(["claims"], force=True)
