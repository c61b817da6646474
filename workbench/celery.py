"""The Celery app: routes and periodic tasks live here and nowhere else."""

import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.base")

app = Celery("workbench")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["claims", "search"])

app.conf.beat_schedule = {
    "sweep-claims-waiting-for-evidence": {
        "task": "claims.tasks.sweep_claims_waiting_for_evidence",
        "schedule": 60.0,
    },
    "poll-due-source-feeds": {
        "task": "search.tasks.poll_due_sources",
        "schedule": 60.0,
    },
    "sweep-unindexed-documents": {
        "task": "search.tasks.sweep_unindexed_documents",
        "schedule": 60.0,
    },
    "prune-source-polls": {
        "task": "search.tasks.prune_source_polls",
        "schedule": 24 * 3600.0,
    },
}


@worker_process_init.connect
def _load_search_model(**_kwargs) -> None:
    """Each worker process loads the sentence encoder as it starts, in the background, so its first evidence
    search does not pay for it (a task that needs the model meanwhile waits for that one load)."""
    from search import embeddings

    embeddings.warm_up()


@worker_ready.connect
def _load_search_model_in_the_worker(sender=None, **_kwargs) -> None:
    """A threads (or gevent, eventlet) pool runs its tasks in the worker's own process, which no
    worker_process_init reaches; a prefork worker's main process runs none, so it does not load the model."""
    pool = getattr(sender, "pool", None)
    if pool is None or type(pool).__module__ == "celery.concurrency.prefork":
        return
    from search import embeddings

    embeddings.warm_up()
