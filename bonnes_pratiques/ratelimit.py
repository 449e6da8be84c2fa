"""A per-client rate limit counted in the database, so it holds across every worker process."""

import datetime
import hashlib

from django.conf import settings
from django.utils import timezone

from .models import RateLimitHit

HOUR = datetime.timedelta(hours=1)


def client_ip(request):
    """The client address. Behind a proxy, set RATELIMIT_IP_HEADER (e.g. "HTTP_X_FORWARDED_FOR")."""
    header = getattr(settings, "RATELIMIT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_key(request):
    # Store a keyed hash, never the address itself.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:40]


def is_limited(request, scope, limit, window=HOUR):
    since = timezone.now() - window
    return RateLimitHit.objects.filter(scope=scope, key=client_key(request), created_at__gte=since).count() >= limit


def record_hit(request, scope, window=HOUR):
    now = timezone.now()
    RateLimitHit.objects.filter(scope=scope, created_at__lt=now - window).delete()
    RateLimitHit.objects.create(scope=scope, key=client_key(request), created_at=now)
