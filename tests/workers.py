"""Start real Celery worker processes for tests, pointed at the test database and a private queue."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

from tests.paths import ROOT


def database_url() -> str:
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )


def start_worker(queue: str, log: Path, **env) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings.test",
        "DATABASE_URL": database_url(),
        "CELERY_QUEUE": queue,
        "TEST_WORKER_PROCESS": "1",
        **{key: str(value) for key, value in env.items()},
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "workbench",
            "worker",
            "-Q",
            queue,
            "-P",
            "solo",
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def services(*args: str) -> None:
    """Stop or start one of the real services through the project's own script."""
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "services.sh"), *args],
        check=True,
        cwd=ROOT,
        timeout=180,
        stdout=subprocess.DEVNULL,
    )


def wait_for(condition, *, timeout: float, interval: float = 0.5, message: str = "") -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s: {message}")
