"""GET /healthz: is each configured dependency answering? 503 when one is down.

Anyone may ask, so anonymous callers get only the status and each check's ok flag: the details (database
vendor, broker mode, search backend, and errors that name hosts and ports) are for staff, or for a monitor
that sends `Authorization: Bearer <HEALTHZ_TOKEN>` when that setting is set.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from search import embeddings
from search.backends import get_backend
from workbench.celery import app


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except DatabaseError as exc:
        return {"ok": False, "vendor": connection.vendor, "error": str(exc)}


def _broker() -> dict:
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"ok": True, "mode": "in-process"}
    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "mode": "broker"}
    except Exception as exc:  # noqa: BLE001 - kombu raises many transport-specific errors; all mean "down"
        return {"ok": False, "mode": "broker", "error": str(exc)}


def may_see_details(request) -> bool:
    """Staff, or a request carrying the configured HEALTHZ_TOKEN as a bearer token."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    token = getattr(settings, "HEALTHZ_TOKEN", "")
    sent = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


def _search_model() -> dict:
    """This process's sentence encoder. Not ready only while it loads: switched off, or not installed, search
    still answers (by BM25 alone)."""
    state = embeddings.status()
    return {"ok": state != "loading", "state": state}


@never_cache
def healthz(request):
    checks = {"database": _database(), "broker": _broker(), "search": get_backend().health()}
    ok = all(check["ok"] for check in checks.values())
    model = _search_model()
    status = "unavailable" if not ok else "starting" if not model["ok"] else "ok"
    if not may_see_details(request):
        checks = {name: {"ok": check["ok"]} for name, check in checks.items()}
    checks["search_model"] = model  # its state names nothing about the deployment
    return JsonResponse({"status": status, **checks}, status=200 if status == "ok" else 503)
