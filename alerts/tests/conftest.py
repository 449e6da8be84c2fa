import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from alerts.models import Alert

SUBSCRIBE = "/alertes/nouvelle/"
EMAIL = "cadre.had@exemple.fr"
HAD = "hospitalisation-a-domicile-had"


def link_in(body, pattern):
    match = re.search(r"http://testserver(" + pattern + r")", body)
    assert match, body
    return match.group(1)


@pytest.fixture
def subscribe(client, site_tree):
    def run(email=EMAIL, frequence="hebdomadaire", **filters):
        data = {"email": email, "frequence": frequence, **(filters or {"theme": HAD})}
        return client.post(SUBSCRIBE, data)

    return run


@pytest.fixture
def confirmed(client, subscribe, django_capture_on_commit_callbacks):
    """A confirmed weekly alert on the HAD theme, through the pages and the confirmation e-mail."""

    def run(email=EMAIL, **filters):
        with django_capture_on_commit_callbacks(execute=True):
            subscribe(email=email, **filters)
        path = link_in(mail.outbox[-1].body, r"/alertes/confirmer/[\w:-]+/")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(path)
        alert = Alert.objects.get(email=email)
        assert alert.confirmed_at is not None
        return alert

    return run


def make_due(alert):
    """As if its period had passed: the alert's digest is due now."""
    Alert.objects.filter(pk=alert.pk).update(next_digest_at=timezone.now() - datetime.timedelta(seconds=1))
    alert.refresh_from_db()
    return alert
