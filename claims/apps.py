"""App config for claims."""

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and verdicts"

    def ready(self) -> None:
        from workbench.celery import app

        # Dispatch sends tasks by name; registering them here resolves those names in web processes too.
        app.autodiscover_tasks(["claims"], force=True)

        from search.signals import documents_indexed, monitored_feed_items

        from .services import dispatch, monitoring

        # A new or changed document finds the open claims it may be evidence for (claims/services/new_evidence.py).
        documents_indexed.connect(dispatch.on_documents_indexed, dispatch_uid="claims.new_evidence")
        # A monitored source's feed items become articles, their claims queued (claims/services/monitoring.py).
        monitored_feed_items.connect(monitoring.on_monitored_feed_items, dispatch_uid="claims.monitoring")

        from search import embeddings

        from .extraction import vectors

        # Check-worthiness reads sentence vectors from the same MiniLM encoder as evidence search (None when
        # it is off or not installed, and the model variant without vectors scores instead).
        vectors.use_encoder(embeddings.embed)
