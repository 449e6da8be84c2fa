"""The end-to-end journeys on production settings (`TEST_STACK=production` in scripts/test.sh).

Everything hub/settings/production.py chooses (DEBUG off, WhiteNoise serving the manifest of
collected static files, the French error pages of templates/) is kept; only what a test run
needs is added. PostgreSQL comes from DATABASE_URL; the OpenSearch test node (SEARCH_TEST_URL)
and the moto S3 server are switched on for the session by tests/e2e/conftest.py.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-key")
# The live server speaks plain HTTP: secure-only cookies (session, CSRF) would never come back,
# and the redirect to https would lead nowhere (HSTS stays on: browsers ignore it over HTTP).
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from .production import *  # noqa: E402, F403

# collectstatic has filled this folder with the same settings (scripts/test.sh).
STATIC_ROOT = Path(os.environ["TEST_STATIC_ROOT"])  # noqa: F405
# As hub/settings/test.py: fast hashes, mail kept in memory, throwaway local files.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="anap-test-media-"))  # noqa: F405
SEARCH_RESULT_CACHE_SECONDS = 0
DOWNLOAD_RANKING_CACHE_SECONDS = 0
# TASKS stays production's database backend: tests/e2e/conftest.py runs the worker beside the live server.
