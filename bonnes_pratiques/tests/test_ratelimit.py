"""The rate limit: the client address behind proxies, and a check-and-count that concurrency cannot beat."""

import pytest
from django.test import RequestFactory

from bonnes_pratiques.models import Submission
from core import ratelimit
from core.models import RateLimitCounter

from .factories import PROPOSE_URL, form_data

# The concurrent test is in test_concurrency.py, with the other transactional one.
pytestmark = pytest.mark.django_db

LIMIT = 5


def request_from(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


@pytest.mark.parametrize(
    ("forwarded", "trusted", "expected"),
    [
        (None, 1, "10.0.0.1"),  # no header: the connecting address
        ("203.0.113.7", 1, "203.0.113.7"),
        ("1.2.3.4, 203.0.113.7", 1, "203.0.113.7"),  # the client's own left-most value is ignored
        ("1.2.3.4, 5.6.7.8, 203.0.113.7", 1, "203.0.113.7"),
        ("1.2.3.4, 203.0.113.7, 192.168.0.2", 2, "203.0.113.7"),  # two proxies: second from the right
        ("203.0.113.7", 2, "10.0.0.1"),  # too short: the request did not come through both proxies
        ("1.2.3.4, pas-une-adresse", 1, "10.0.0.1"),
        ("2001:db8::1", 1, "2001:db8::1"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, forwarded, trusted, expected):
    settings.RATELIMIT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.RATELIMIT_TRUSTED_PROXIES = trusted
    assert ratelimit.client_ip(request_from(forwarded=forwarded)) == expected


def test_without_the_setting_the_header_is_not_trusted(settings):
    settings.RATELIMIT_IP_HEADER = ""
    assert ratelimit.client_ip(request_from(forwarded="203.0.113.7")) == "10.0.0.1"


def test_a_spoofed_left_most_address_does_not_escape_the_limit(client, site_tree, settings):
    settings.RATELIMIT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.RATELIMIT_TRUSTED_PROXIES = 1
    statuses = [
        client.post(
            PROPOSE_URL, form_data(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7"
        ).status_code
        for n in range(LIMIT + 2)
    ]
    assert statuses == [302] * LIMIT + [429, 429]
    assert Submission.objects.count() == LIMIT
    # Another client behind the same proxy still gets through.
    other = client.post(PROPOSE_URL, form_data(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 302


def test_a_refused_request_is_not_counted(site_tree):
    request = request_from()
    assert [ratelimit.take(request, "essai", 2) for _ in range(4)] == [True, True, False, False]
    assert RateLimitCounter.objects.get(scope="essai").count == 2
    assert ratelimit.is_limited(request, "essai", 2)
    assert not ratelimit.is_limited(request_from("10.0.0.2"), "essai", 2)
