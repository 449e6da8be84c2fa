"""Publication work on the worker, with the database task backend: scheduled publishing, kit ZIPs."""

import datetime
import io
import zipfile

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.background import ensure_periodic
from publications.models import FlyerPage, KitArchive, KitComponent, KitPage, PublicationPage
from publications.tasks import build_kit_archives_task, publish_scheduled_task

pytestmark = pytest.mark.django_db


def tasks_of(task, status="READY"):
    return DBTaskResult.objects.filter(task_path=task.module_path, status=status)


# --- Scheduled publishing -------------------------------------------------------------------


def test_a_page_whose_go_live_date_passed_goes_live_when_the_periodic_task_runs(
    site_tree, db_worker, let_go_live_pass, settings
):
    settings.PERIODIC_TASKS = {publish_scheduled_task.module_path: 60}
    page = PublicationPage(
        title="Rapport annuel programmé",
        summary="Publié plus tard.",
        publication_date=datetime.date(2024, 5, 1),
        live=False,
        go_live_at=timezone.now() + datetime.timedelta(hours=2),
    )
    site_tree["ressources"].add_child(instance=page)
    revision = page.save_revision(approved_go_live_at=page.go_live_at)
    ensure_periodic()  # what `manage.py worker` does first
    db_worker()
    page.refresh_from_db()
    assert not page.live, "not before its go-live date"

    let_go_live_pass(revision)
    tasks_of(publish_scheduled_task).update(run_after=timezone.now())  # its 60 s passed
    db_worker()
    page.refresh_from_db()
    assert page.live and page.live_revision_id == revision.pk
    # The next run waits 60 s: the chain goes on, one run at a time.
    (waiting,) = tasks_of(publish_scheduled_task)
    assert datetime.timedelta(seconds=55) < waiting.run_after - timezone.now() <= datetime.timedelta(seconds=60)


def test_a_page_whose_expiry_date_passed_is_unpublished_by_the_task(make_resource, db_worker):
    page = make_resource(title="Appel à projets clos")
    PublicationPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    publish_scheduled_task.enqueue()
    db_worker()
    page.refresh_from_db()
    assert not page.live and page.expired


# --- Kit ZIPs ------------------------------------------------------------------------------


def zip_names(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    content = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(content)
    return zipfile.ZipFile(io.BytesIO(content)).namelist()


@pytest.fixture
def published_kit(db_worker, make_resource, make_document):
    """A kit published with the database backend: its build is a task, not yet run."""
    flyer = make_resource(model=FlyerPage, title="Flyer en 5 étapes", documents=[make_document(title="Flyer HAD")])
    return make_resource(
        model=KitPage,
        title="Admissions directes en HAD",
        components=[
            KitComponent(role="flyer", page=flyer),
            KitComponent(role="modele", document=make_document(title="Modèle de convention")),
        ],
    )


def test_publishing_a_kit_enqueues_its_build_and_the_worker_builds_it(client, published_kit, db_worker):
    assert not KitArchive.objects.exists(), "the publish built nothing"
    assert tasks_of(build_kit_archives_task).count() == 1

    # Before the worker: the visitor gets the ZIP at once, made for the request, and nothing is stored.
    names = zip_names(client.get(published_kit.url + "telecharger/"))
    assert names == ["sommaire.txt", "01-flyer-flyer-had.pdf", "02-modele-modele-de-convention.pdf"]
    assert not KitArchive.objects.exists()
    # Published again, and a component too, before the worker ran: still the one build waiting.
    KitPage.objects.get(pk=published_kit.pk).save_revision().publish()
    FlyerPage.objects.get().save_revision().publish()
    assert tasks_of(build_kit_archives_task).count() == 1

    db_worker()
    archive = KitArchive.objects.get(kit=published_kit)
    assert archive.file_count == 2 and not tasks_of(build_kit_archives_task).exists()
    assert zip_names(client.get(published_kit.url + "telecharger/")) == names


def test_until_the_worker_rebuilds_it_an_outdated_zip_is_never_served(client, published_kit, db_worker, make_document):
    db_worker()
    before = KitArchive.objects.get(kit=published_kit)
    page = KitPage.objects.get(pk=published_kit.pk)
    page.components.add(KitComponent(role="synthese", document=make_document(title="Synthèse nationale")))
    page.save_revision().publish()

    names = zip_names(client.get(page.url + "telecharger/"))
    assert names[-1] == "03-synthese-synthese-nationale.pdf"
    assert KitArchive.objects.get(kit=page).content_hash == before.content_hash  # not rebuilt by the request
    db_worker()
    assert KitArchive.objects.get(kit=page).file_count == 3


def test_a_download_of_a_kit_with_no_build_waiting_enqueues_one(client, published_kit, db_worker):
    DBTaskResult.objects.all().delete()  # e.g. a build that failed on a broken file
    zip_names(client.get(published_kit.url + "telecharger/"))
    (task,) = tasks_of(build_kit_archives_task)
    assert task.args_kwargs["args"] == [[published_kit.pk]]
    zip_names(client.get(published_kit.url + "telecharger/"))
    assert tasks_of(build_kit_archives_task).count() == 1  # one is waiting: no second one
    db_worker()
    assert KitArchive.objects.filter(kit=published_kit).exists()


# --- The queue's housekeeping ----------------------------------------------------------------


def test_finished_task_rows_are_pruned_and_waiting_ones_kept(db_worker):
    from core.tasks import prune_task_results_task

    for _ in range(3):
        publish_scheduled_task.enqueue()
    db_worker()
    old = timezone.now() - datetime.timedelta(days=2)
    waiting = publish_scheduled_task.using(run_after=timezone.now() + datetime.timedelta(hours=1)).enqueue()
    DBTaskResult.objects.filter(status="SUCCESSFUL").update(finished_at=old)
    recent = publish_scheduled_task.enqueue()
    db_worker()  # runs `recent`: kept, finished today
    prune_task_results_task.enqueue()
    db_worker()
    assert not DBTaskResult.objects.filter(finished_at=old).exists()
    assert DBTaskResult.objects.filter(pk=recent.id).exists()
    assert DBTaskResult.objects.get(pk=waiting.id).status == "READY"


def test_a_stored_zip_that_vanished_is_served_on_the_fly_and_built_again(client, published_kit, db_worker):
    db_worker()
    archive = KitArchive.objects.get(kit=published_kit)
    archive.file.storage.delete(archive.file.name)
    assert len(zip_names(client.get(published_kit.url + "telecharger/"))) == 3
    db_worker()
    archive = KitArchive.objects.get(kit=published_kit)
    assert archive.file.storage.exists(archive.file.name)
