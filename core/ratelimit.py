"""A per-client rate limit counted in the database, so it holds across every worker process.

`take()` checks and counts in one transaction, under a row lock: requests arriving together are
counted one after the other and cannot all pass. Windows are fixed (an hour from the top of the hour).
"""

import datetime
import hashlib
import ipaddress

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import RateLimitCounter

HOUR = datetime.timedelta(hours=1)


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client address.

    Behind reverse proxies, RATELIMIT_IP_HEADER names the header they append to (e.g.
    "HTTP_X_FORWARDED_FOR") and RATELIMIT_TRUSTED_PROXIES how many of them there are. Each proxy
    appends the address it received the request from, so the client's own is the one the farthest
    trusted proxy appended: the N-th from the right. Whatever the client wrote at the left is ignored.
    A header shorter than that (a request that bypassed a proxy) falls back to the connecting address.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    header = getattr(settings, "RATELIMIT_IP_HEADER", "")
    trusted = getattr(settings, "RATELIMIT_TRUSTED_PROXIES", 1)
    if not header or trusted < 1:
        return remote
    hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
    if len(hops) < trusted:
        return remote
    return _valid_ip(hops[-trusted]) or remote


def client_key(request):
    # Store a keyed hash, never the address itself.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()[:40]


def _window_start(now, window):
    seconds = int(window.total_seconds())
    return datetime.datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=datetime.UTC)


def take(request, scope, limit, window=HOUR):
    """Count one request of this client in `scope`; False, and nothing counted, once `limit` is reached."""
    now = timezone.now()
    start = _window_start(now, window)
    key = client_key(request)
    with transaction.atomic():
        counter = _locked_counter(scope, key, start)
        if counter.count >= limit:
            return False
        RateLimitCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    if counter.count == 0:  # a new window opened: drop the finished ones
        RateLimitCounter.objects.filter(window_start__lt=start - window).delete()
    return True


def is_limited(request, scope, limit, window=HOUR):
    """Whether `take()` would refuse, without counting (for a check before the real attempt)."""
    start = _window_start(timezone.now(), window)
    counter = RateLimitCounter.objects.filter(scope=scope, key=client_key(request), window_start=start).first()
    return counter is not None and counter.count >= limit


def _locked_counter(scope, key, start):
    lookup = {"scope": scope, "key": key, "window_start": start}
    counter = RateLimitCounter.objects.select_for_update().filter(**lookup).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            RateLimitCounter.objects.create(**lookup)
    except IntegrityError:
        pass  # created meanwhile by a concurrent request: lock that one
    return RateLimitCounter.objects.select_for_update().get(**lookup)
