"""Test settings: fast hashing, in-memory mail, lexical search; services still come from the environment."""

import os

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests run tasks in-process; a real worker process started by a test (tests/workers.py) must not.
CELERY_TASK_ALWAYS_EAGER = not env_bool("TEST_WORKER_PROCESS", False)  # noqa: F405
SEARCH_BACKEND = {**SEARCH_BACKEND, "INDEX_PREFIX": f"{SEARCH_INDEX_PREFIX}-test"}  # noqa: F405
# A run's failed sign-ins and throttle counts are its own, even beside another run on the same Redis.
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": f"workbench-test-{os.getpid()}"}}  # noqa: F405
# Loading the MiniLM model and encoding every document costs seconds; only the tests of semantic ranking
# need it, and they switch it on with @pytest.mark.embeddings (tests/conftest.py).
SEARCH_EMBEDDINGS = False
