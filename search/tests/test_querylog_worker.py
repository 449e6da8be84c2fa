"""The query log on the worker: each search enqueues its record, the worker writes it."""

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from search import querylog
from search.models import QueryLog

pytestmark = pytest.mark.django_db


def record_tasks(status="READY"):
    return DBTaskResult.objects.filter(task_path=querylog.record_searches_task.module_path, status=status)


def test_each_search_is_a_task_row_at_once_and_the_worker_writes_the_log(site_tree, db_worker, make_resource):
    make_resource(title="Hospitalisation à domicile")
    client = Client()
    for query in ("domicile", "domicile", "xyzzy introuvable"):
        assert client.get("/recherche/", {"q": query}).status_code == 200
    # Stored before the worker runs, nothing left in the process: a crash now loses nothing.
    assert record_tasks().count() == 3
    assert querylog._log["pending"] == {}
    assert not QueryLog.objects.exists()
    assert {task.priority for task in record_tasks()} == {querylog.QUERYLOG_PRIORITY}

    db_worker()
    rows = {log.query: (log.searches, log.zero_results) for log in QueryLog.objects.all()}
    assert rows.keys() == {"domicile", "xyzzy introuvable"}
    assert rows["domicile"][0] == 2 and rows["xyzzy introuvable"] == (1, 1)
    assert record_tasks("SUCCESSFUL").count() == 3


def test_with_a_window_the_counts_are_enqueued_in_one_task(site_tree, db_worker, settings):
    settings.SEARCH_QUERYLOG_FLUSH_SECONDS = 3600
    for _ in range(3):
        querylog.log_query("urgences", 4)
    assert not record_tasks().exists()
    querylog.flush_log()  # at exit, or before the report
    (task,) = record_tasks()
    db_worker()
    assert QueryLog.objects.get(query="urgences").searches == 3


def test_a_search_still_answers_when_its_record_cannot_be_enqueued(site_tree, monkeypatch):
    class Unavailable:
        def enqueue(self, *args, **kwargs):
            raise RuntimeError("base de données indisponible")

    monkeypatch.setattr(querylog, "record_searches_task", Unavailable())
    assert Client().get("/recherche/", {"q": "domicile"}).status_code == 200
