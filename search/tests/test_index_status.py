"""The dashboard panel that tells editors what the resource index still has to apply."""

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

PANEL = "Recherche : index des ressources"
STUCK = "le moteur de recherche ou le worker ne répond pas"


@pytest.fixture
def queued(settings):
    """The production queue, and an index that is configured but never reached: a publish only records."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SEARCH_URL = "http://127.0.0.1:9"


def dashboard(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_publish_waiting_for_the_engine_is_counted(queued, admin_client, make_resource):
    make_resource(title="HAD : la permanence des soins")

    html = dashboard(admin_client)
    assert PANEL in html
    waiting = DBTaskResult.objects.filter(task_path="search.tasks.update_index", status=TaskResultStatus.READY).count()
    assert waiting >= 1
    assert f"{waiting} mise{'s' if waiting > 1 else ''} à jour en attente" in html
    assert STUCK not in html  # a moment ago: the worker has not had its chance yet


@pytest.mark.django_db
def test_updates_waiting_for_minutes_say_nothing_is_lost(queued, admin_client, make_resource):
    make_resource(title="Urgences : l'accueil de nuit")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=5))

    html = dashboard(admin_client)
    assert STUCK in html
    assert "Rien n'est perdu" in html


@pytest.mark.django_db
def test_applied_and_abandoned_updates(queued, admin_client, make_resource):
    make_resource(title="EHPAD : le circuit du médicament")
    rows = DBTaskResult.objects.filter(task_path="search.tasks.update_index")
    first = rows.first()
    rows.exclude(pk=first.pk).update(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())
    rows.filter(pk=first.pk).update(status=TaskResultStatus.FAILED, finished_at=timezone.now())

    html = dashboard(admin_client)
    assert "Aucune mise à jour en attente" in html
    assert "1 mise à jour abandonnée ces dernières 24 heures" in html


@pytest.mark.django_db
def test_no_panel_without_the_queue(admin_client, settings):
    settings.SEARCH_URL = "http://127.0.0.1:9"  # the tests' immediate backend: nothing ever waits
    assert PANEL not in dashboard(admin_client)
