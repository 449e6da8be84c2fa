"""Four workers run the digests at once: each alert gets one digest, each resource is listed once.

Real threads, each with its own database connection, on real rows: on PostgreSQL the test database
(SKIP LOCKED), on SQLite a file copy with the project's settings (one writer at a time), as in
bonnes_pratiques/tests/test_concurrency.py.
"""

import datetime
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.utils import timezone

from alerts import digest
from alerts.models import Alert, Delivery
from bonnes_pratiques.tests.test_concurrency import file_database
from bonnes_pratiques.tests.test_outbox_concurrency import in_thread
from core.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=connection.vendor != "sqlite", serialized_rollback=True)

HAD = "hospitalisation-a-domicile-had"
ALERTS = 12
RESOURCES = 3
WORKERS = 4


def fill():
    from core.site_tree import ensure_site_tree
    from publications.models import PublicationPage, Theme

    confirmed = timezone.now() - datetime.timedelta(days=8)
    for n in range(ALERTS):
        Alert.objects.create(
            email=f"cadre{n}@had-exemple.fr",
            filters={"theme": [HAD]},
            filters_key=f"k{n}",
            confirmed_at=confirmed,
            next_digest_at=timezone.now() - datetime.timedelta(minutes=1),
        )
    index = ensure_site_tree()["ressources"]
    for n in range(RESOURCES):
        page = index.add_child(instance=PublicationPage(title=f"Guide HAD n°{n}", summary="Guide."))
        page.themes.set([Theme.objects.get(slug=HAD)])
        page.save_revision().publish()


def state():
    digests = Counter(OutgoingEmail.objects.filter(subject__startswith="Nouveautés").values_list("to", flat=True))
    return digests, Delivery.objects.count(), Alert.objects.filter(next_digest_at__lte=timezone.now()).count()


def test_concurrent_workers_send_each_digest_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the e-mails wait in the queue
    results, errors = [], []

    def worker(barrier):
        try:
            barrier.wait(timeout=60)
            results.append(digest.send_digests())
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            errors.append(repr(exc))
        finally:
            connections["default"].close()

    with file_database(tmp_path):
        in_thread(fill)
        barrier = threading.Barrier(WORKERS)
        threads = [threading.Thread(target=worker, args=(barrier,)) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        digests, deliveries, still_due = in_thread(state)

    assert errors == []
    assert len(digests) == ALERTS and set(digests.values()) == {1}, digests.most_common(3)
    assert deliveries == ALERTS * RESOURCES
    assert still_due == 0
    assert sum(sent for _, sent in results) == ALERTS * RESOURCES
