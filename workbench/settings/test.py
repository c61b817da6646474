"""Test settings: fast hashing, in-memory mail; services still come from the environment."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests run tasks in-process unless a test starts a real worker (tests/test_worker.py) and says otherwise.
CELERY_TASK_ALWAYS_EAGER = True
SEARCH_BACKEND = {**SEARCH_BACKEND, "INDEX_PREFIX": f"{SEARCH_INDEX_PREFIX}-test"}  # noqa: F405
