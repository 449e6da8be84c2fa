import os
from urllib.parse import urlsplit

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG")  # noqa: F405
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", urlsplit(BASE_URL).hostname]  # noqa: F405
# WhiteNoise serves the collected static files right after SecurityMiddleware.
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
# HTTPS. Behind a reverse proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=1 only if that
# proxy sets X-Forwarded-Proto itself (and strips the client's): otherwise a client could claim https.
if env_bool("SECURE_PROXY_SSL_HEADER"):  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# SECURE_SSL_REDIRECT=0 and SECURE_COOKIES=0 for a plain-HTTP local run of these settings.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)  # noqa: F405
# The preload directive is inert until the domain owner submits the domain to the browsers' list.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # noqa: F405
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)  # noqa: F405
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)  # noqa: F405

if os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)  # noqa: F405
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ne-pas-repondre@anap.fr")
