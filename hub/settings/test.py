"""Fast, isolated settings for the test suite."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="anap-test-media-"))  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The test client's host, so that every URL a page writes can be fetched back by the client.
BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
# Off in tests (each test that checks them turns them on); the benchmarks set them through the environment.
SEARCH_RESULT_CACHE_SECONDS = float(os.environ.get("SEARCH_RESULT_CACHE_SECONDS", "0"))
DOWNLOAD_RANKING_CACHE_SECONDS = float(os.environ.get("DOWNLOAD_RANKING_CACHE_SECONDS", "0"))
# Each task runs at once, inside the test's transaction; the tests of the worker itself switch to
# the database backend (tests/conftest.py `durable_tasks`).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
