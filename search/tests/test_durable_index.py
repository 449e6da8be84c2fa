"""Durable index updates: a change records its update in its own transaction, the worker applies it,
retries while the engine is down, and search_index_check finds and repairs any drift."""

import datetime
import importlib

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus

from search.indexing import check, forget_ensured, sync, transport
from search.indexing.sync import actions_for, alias_name, bulk_write, live_pages, new_version, record

pytestmark = pytest.mark.django_db

UNUSED_URL = "http://127.0.0.1:9"  # nothing listens on the discard port: connection refused at once
UPDATE = "search.tasks.update_index"


@pytest.fixture
def durable_tasks(db_worker, monkeypatch):
    """The real queue (the root conftest's db_worker: call it to run the worker), with the worker's
    pause after an engine failure off (test_a_failure_pauses_the_worker_s_engine_calls)."""
    from search import tasks

    monkeypatch.setattr(tasks, "ENGINE_PAUSE", 0.0)
    monkeypatch.setitem(tasks._paused, "until", 0.0)
    return db_worker


def rows(status=None):
    from django_tasks_db.models import DBTaskResult

    qs = DBTaskResult.objects.filter(task_path=UPDATE).order_by("enqueued_at")
    return list(qs.filter(status=status) if status else qs)


def make_due():
    """The retries' backoff has passed."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def indexed():
    transport().refresh(alias_name())
    return check.indexed_hashes()


def titles():
    transport().refresh(alias_name())
    body = {"query": {"match_all": {}}, "_source": ["title"]}
    return {int(hit["_id"]): hit["_source"]["title"] for hit in transport().scan(alias_name(), body)}


def test_the_record_commits_and_rolls_back_with_the_change(durable_tasks, settings, make_resource):
    settings.SEARCH_URL = UNUSED_URL
    page = make_resource(title="Ressource enregistrée")
    before = len(rows())
    with pytest.raises(RuntimeError), transaction.atomic():
        record({page.pk})
        page.delete()  # Wagtail's delete signal: the bridge records it too
        raise RuntimeError("rolled back")
    assert len(rows()) == before
    with transaction.atomic():
        page.delete()
    assert [[page.pk]] in [row.args_kwargs["args"] for row in rows(TaskResultStatus.READY)]


def test_updates_made_while_the_engine_is_down_reach_it_once_it_is_back(
    durable_tasks, engine, settings, make_resource, monkeypatch
):
    from core import background

    # A backoff longer than any slow machine's worker batch: the retries stay waiting until make_due().
    monkeypatch.setattr(background, "backoff", lambda attempt: 600)
    kept = make_resource(title="Ressource retitrée")
    gone = make_resource(title="Ressource dépubliée")
    durable_tasks()
    assert set(titles()) == {kept.pk, gone.pk}

    settings.SEARCH_URL = UNUSED_URL
    kept.title = "Nouveau titre pendant la panne"
    kept.save_revision().publish()
    gone.unpublish()
    added = make_resource(title="Publiée pendant la panne")
    durable_tasks()  # fails on the engine: every update is enqueued again, none lost
    waiting = rows(TaskResultStatus.READY)
    assert {pk for row in waiting for pk in row.args_kwargs["args"][0]} >= {kept.pk, gone.pk, added.pk}
    assert all(row.args_kwargs["kwargs"]["attempt"] == 2 and row.run_after > timezone.now() for row in waiting)

    settings.SEARCH_URL = engine
    make_due()
    durable_tasks()
    assert titles() == {kept.pk: "Nouveau titre pendant la panne", added.pk: "Publiée pendant la panne"}
    assert not rows(TaskResultStatus.READY) and not rows(TaskResultStatus.FAILED)


def test_retries_back_off_then_fail_visibly(durable_tasks, settings, make_resource):
    from core.background import RETRY_CAP_SECONDS
    from search.tasks import update_index

    settings.SEARCH_URL = UNUSED_URL
    settings.SEARCH_INDEX_ATTEMPTS = 7
    update_index.enqueue([424242])
    delays = []
    for _attempt in range(7):
        start = timezone.now()
        durable_tasks()
        waiting = rows(TaskResultStatus.READY)
        if not waiting:
            break
        delays.append(round((waiting[0].run_after - start).total_seconds()))
        make_due()
    assert delays == [1, 2, 4, 8, 16, RETRY_CAP_SECONDS]
    failed = rows(TaskResultStatus.FAILED)
    assert len(failed) == 1 and failed[0].args_kwargs["kwargs"]["attempt"] == 7
    assert "ConnectionError" in failed[0].traceback
    assert len(rows(TaskResultStatus.SUCCESSFUL)) == 6  # each failed attempt handed over to the next


def test_a_failure_pauses_the_worker_s_engine_calls(durable_tasks, settings, monkeypatch):
    """A frozen engine costs the worker one write timeout, not one per waiting task."""
    from search import tasks

    monkeypatch.setattr(tasks, "ENGINE_PAUSE", 60.0)
    calls = []
    module = importlib.import_module("search.indexing.sync")  # the package's `sync` is the function
    monkeypatch.setattr(module, "sync", lambda ids, **kw: calls.append(ids) or 1 / 0)
    for pk in (1, 2, 3):
        tasks.update_index.enqueue([pk])
    durable_tasks()
    assert calls == [[1]]  # the two others were enqueued again without a call
    waiting = rows(TaskResultStatus.READY)
    assert sorted(row.args_kwargs["args"][0] for row in waiting) == [[1], [2], [3]]
    assert {row.args_kwargs["kwargs"]["attempt"] for row in waiting} == {2}


def test_with_the_immediate_backend_an_engine_failure_is_logged_not_raised(engine, settings, make_resource, caplog):
    settings.SEARCH_URL = UNUSED_URL
    page = make_resource(title="Publiée sans moteur")  # no exception reaches the editor
    assert page.live
    assert "Search index update failed" in caplog.text


def test_the_worker_bounds_its_writes_with_the_short_timeout(engine, settings, monkeypatch):
    seen = {}
    original = type(transport()).bulk

    def spy(self, actions, refresh=False, threads=1, timeout=None):
        seen["timeout"] = timeout
        return original(self, actions, refresh=refresh, threads=threads, timeout=timeout)

    monkeypatch.setattr(type(transport()), "bulk", spy)
    settings.SEARCH_WRITE_TIMEOUT = 3.5
    sync([1])
    assert seen["timeout"] == 3.5


def test_a_stale_read_written_last_loses_to_the_newer_one(engine, make_resource):
    page = make_resource(title="Titre lu en premier")
    old_version = new_version()  # worker A reads the page…
    stale = list(actions_for(live_pages([page.pk]), alias_name(), old_version))
    page.title = "Titre lu ensuite"
    page.save_revision().publish()  # …worker B reads and writes the newer state (immediate backend)
    bulk_write(stale, refresh=True)  # A writes last: the engine answers 409, ignored
    assert titles() == {page.pk: "Titre lu ensuite"}


def run_check(*args):
    from io import StringIO

    out = StringIO()
    try:
        call_command("search_index_check", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_search_index_check_reports_and_repairs_each_kind_of_drift(engine, make_resource, site_tree):
    from search.indexing.wagtail_backend import ResourceIndexBridge

    pages = [make_resource(title=f"Ressource {n}") for n in range(4)]
    code, out = run_check()
    assert code == 0 and "L'index de recherche est à jour." in out
    assert "en ligne : 4 ; documents dans l'index : 4" in out

    missing, stale, extra = pages[0], pages[1], pages[2]
    transport().delete(alias_name(), str(missing.pk), refresh=True)
    bulk_write([{"_index": alias_name(), "_id": str(stale.pk), "_source": {"title": "Ancien titre"}}], refresh=True)
    bridge = ResourceIndexBridge.delete
    ResourceIndexBridge.delete = lambda self, obj: None  # a deletion whose update was lost
    try:
        extra.delete()
    finally:
        ResourceIndexBridge.delete = bridge

    code, out = run_check()
    assert code == 1
    assert f"Absentes de l'index : 1 ({missing.pk} « Ressource 0 »)." in out
    assert f"Périmées dans l'index : 1 ({stale.pk} « Ressource 1 »)." in out
    assert f"En trop dans l'index (dépubliées, supprimées ou privées) : 1 (id {extra.pk})." in out

    code, out = run_check("--repair")
    assert code == 0 and "Réparation : 3 documents réécrits ou supprimés." in out and out.rstrip().endswith("s.")
    assert titles() == {p.pk: p.title for p in (pages[0], pages[1], pages[3])}
    assert run_check()[0] == 0


def test_an_index_built_before_the_hash_is_all_stale_and_repaired(engine, make_resource, settings):
    from search.indexing.documents import index_body

    pages = [make_resource(title=f"Ancienne ressource {n}") for n in range(3)]
    t = transport()
    old = f"{alias_name()}-before-hash"
    body = index_body()
    del body["mappings"]["properties"]["content_hash"]
    t.create_index(old, body)
    actions = [
        {**action, "_index": old, "_source": {k: v for k, v in action["_source"].items() if k != "content_hash"}}
        for action in actions_for(live_pages(), old)
    ]
    bulk_write(actions, refresh=True)
    current = t.indices_for_alias(alias_name())
    t.update_aliases(
        [{"remove": {"index": name, "alias": alias_name()}} for name in current]
        + [{"add": {"index": old, "alias": alias_name()}}]
    )
    forget_ensured()

    code, out = run_check()
    assert code == 1 and "Périmées dans l'index : 3" in out and "Absentes" not in out
    code, out = run_check("--repair")
    assert code == 0, out
    assert set(indexed().values()) == {a["_source"]["content_hash"] for a in actions_for(live_pages(), old)}
    assert len(pages) == len(indexed())


def test_the_periodic_check_repairs_the_drift(engine, make_resource, settings):
    from search.tasks import check_index

    assert "search.tasks.check_index" in settings.PERIODIC_TASKS
    page = make_resource(title="Perdue en route", publication_date=datetime.date(2024, 1, 2))
    transport().delete(alias_name(), str(page.pk), refresh=True)
    result = check_index.enqueue()
    assert result.return_value["missing"] == 1
    assert titles() == {page.pk: "Perdue en route"}
    assert check_index.enqueue().return_value["missing"] == 0


def test_every_kind_of_change_reaches_the_index_through_the_queue(
    durable_tasks, engine, settings, make_resource, make_document
):
    """Move, view restriction, collection privacy, document replacement, deletion: rows while the
    engine is out of reach, the index right once the worker has run, whatever it held before."""
    from django.core.files.base import ContentFile
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from publications.models import ResourceIndexPage
    from publications.pdf import make_pdf

    collection = Collection.get_first_root_node().add_child(name="Études")
    shared = make_document(title="Étude", text="Texte public.")
    shared.collection = collection
    shared.save()
    moved = make_resource(title="Déplacée")
    restricted = make_resource(title="Restreinte")
    studied = make_resource(title="Avec étude", documents=[shared])
    deleted = make_resource(title="Supprimée")
    durable_tasks()
    assert not check.compare()

    def changed_while_down(change):
        settings.SEARCH_URL = UNUSED_URL
        before = len(rows(TaskResultStatus.READY))
        change()
        durable_tasks()  # the Wagtail search task runs, the index update fails and waits
        assert len(rows(TaskResultStatus.READY)) > before
        settings.SEARCH_URL = engine
        make_due()
        durable_tasks()
        assert not check.compare(), change.__name__

    def move():
        other = ResourceIndexPage(title="Autres ressources", slug="autres")
        moved.get_parent().get_parent().add_child(instance=other)
        other.save_revision().publish()
        moved.move(other, pos="last-child")

    def restrict():
        PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)

    def make_collection_private():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )

    def replace_document():
        shared.file.save("etude-v2.pdf", ContentFile(make_pdf("Étude", ["Texte nouveau."], 1)), save=False)
        shared.save()

    def delete():
        deleted.delete()

    for change in (move, restrict, make_collection_private, replace_document, delete):
        changed_while_down(change)
    assert set(titles()) == {moved.pk, studied.pk}
    assert titles()[moved.pk] == "Déplacée"
