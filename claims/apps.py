"""App config for claims."""

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and verdicts"

    def ready(self) -> None:
        from workbench.celery import app

        # Dispatch sends tasks by name; registering them here resolves those names in web processes too.
        app.autodiscover_tasks(["claims"], force=True)

        from search import embeddings

        from .extraction import vectors

        # Check-worthiness reads sentence vectors from the same MiniLM encoder as evidence search (None when
        # it is off or not installed, and the model variant without vectors scores instead).
        vectors.use_encoder(embeddings.embed)
