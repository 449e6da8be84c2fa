"""Wagtail's reference index and database search index are written in the change's transaction,
on the production task backend, before any worker runs (core/in_transaction.py)."""

import pytest
from django_tasks_db.models import DBTaskResult
from wagtail.models import ReferenceIndex

from publications.models import PublicationPage


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_a_publish_writes_the_reference_index_at_once(database_tasks, make_resource, make_document):
    document = make_document("Guide HAD")
    page = make_resource(title="Guide HAD en EHPAD", documents=[document])

    assert ReferenceIndex.get_references_to(document).filter(object_id=str(page.pk)).exists()
    library_tasks = DBTaskResult.objects.filter(
        task_path__in=["wagtail.tasks.update_reference_index_task", "modelsearch.tasks.insert_or_update_object_task"]
    )
    assert not library_tasks.exists()


@pytest.mark.django_db
def test_a_publish_is_found_by_the_database_search_at_once(database_tasks, make_resource):
    make_resource(title="Hospitalisation à domicile : la coordination de nuit")

    found = PublicationPage.objects.live().search("coordination de nuit", backend="default")
    assert [page.title for page in found] == ["Hospitalisation à domicile : la coordination de nuit"]


@pytest.mark.django_db
def test_the_index_record_is_a_row_of_the_publish(database_tasks, settings, make_resource):
    settings.SEARCH_URL = "http://127.0.0.1:9"  # configured, never reached: the publish only records
    page = make_resource(title="Urgences : le circuit court")

    records = DBTaskResult.objects.filter(task_path="search.tasks.update_index")
    assert any(page.pk in row.args_kwargs["args"][0] for row in records)
    assert not DBTaskResult.objects.filter(task_path="modelsearch.tasks.insert_or_update_object_task").exists()
