"""App config for claims."""

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and verdicts"

    def ready(self) -> None:
        from workbench.celery import app

        # Dispatch sends tasks by name; registering them here resolves those names in web processes too.
        app.autodiscover_tasks(["claims"], force=True)

        from search.signals import documents_indexed

        from .services import dispatch

        # A new or changed document finds the open claims it may be evidence for (claims/services/new_evidence.py).
        documents_indexed.connect(dispatch.on_documents_indexed, dispatch_uid="claims.new_evidence")

        from search import embeddings

        from .extraction import vectors

        # Check-worthiness reads sentence vectors from the same MiniLM encoder as evidence search (None when
        # it is off or not installed, and the model variant without vectors scores instead).
        vectors.use_encoder(embeddings.embed)
