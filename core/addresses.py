"""The site's one public address, settings.BASE_URL, read at call time (tests override it)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"http": 80, "https": 443}


def absolute_url(path):
    """A site path ("/sitemap.xml") as the absolute URL the site publishes; absolute URLs pass through."""
    if not path or not path.startswith("/") or path.startswith("//"):
        return path
    return settings.BASE_URL.rstrip("/") + path


def site_address():
    """(hostname, port) of BASE_URL, as Wagtail's Site stores them.

    Wagtail writes a Site's root URL as http://host:port, except on port 80 (http) and 443 (https):
    an https address on another port cannot be expressed, so it is refused here rather than
    published wrong.
    """
    parts = urlsplit(settings.BASE_URL)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        raise ImproperlyConfigured(
            "BASE_URL doit être une adresse http(s) sans chemin, par exemple http://127.0.0.1:8000 "
            f"(reçu : {settings.BASE_URL!r})."
        )
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    if parts.scheme == "https" and port != 443:
        raise ImproperlyConfigured(f"BASE_URL en https doit utiliser le port 443 (reçu : {settings.BASE_URL!r}).")
    return parts.hostname, port
