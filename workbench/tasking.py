"""Queue a Celery task by name once the current transaction commits; a broker outage is logged, never raised.

The apps' `dispatch` modules are the only callers. Tasks are named, not imported, so no module that a task
runs has to import the tasks module back (tasks are registered by `autodiscover_tasks` in each app's ready()).
"""

from __future__ import annotations

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def send_now(task_name: str, *args) -> bool:
    """Send the task at once; False (logged) when the broker is down, so a sweeper can catch up later."""
    try:
        current_app.tasks[task_name].delay(*args)
    except Exception as exc:  # noqa: BLE001 - kombu raises many transport errors; all mean "not queued yet"
        logger.warning("Could not queue %s%r (%s); its sweeper will retry", task_name, args, exc)
        return False
    return True


def send_on_commit(task_name: str, *args) -> None:
    """Send the task after the surrounding transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_now(task_name, *args))
