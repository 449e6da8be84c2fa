"""The "Statut" facet of the appuis terrain (programmes/facets.py), on both backends: its counts, its
filter, and a status that moves with the clock (programmes.tasks.refresh_statuses_task)."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import content_version
from programmes.facets import status_expression, status_q
from programmes.models import ProgrammePage, Status
from programmes.tasks import refresh_statuses_task
from programmes.tests.factories import make_programme
from publications.models import ResourcePage

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def statuses(data):
    return [(item["value"], item["label"], item["count"]) for item in data["facets"]["statut"]]


@pytest.fixture
def four_programmes(search_backend, site_tree, make_resource, django_capture_on_commit_callbacks):
    """One programme in each status, and a publication (which has none)."""
    with django_capture_on_commit_callbacks(execute=True):
        pages = {
            Status.UPCOMING: make_programme(title="Appui terrain à venir", opens=5, closes=60),
            Status.OPEN: make_programme(title="Appui terrain ouvert", opens=-10, closes=30),
            Status.RUNNING: make_programme(title="Appui terrain en cours", opens=-60, closes=-10),
            Status.FINISHED: make_programme(title="Appui terrain terminé", opens=-400, closes=-300),
        }
        make_resource(title="Appui aux équipes d'HAD : la publication")
    assert {status: page.status for status, page in pages.items()} == {status: status for status in pages}
    return pages


def test_the_facet_counts_each_status_in_the_calls_order(four_programmes, api):
    assert statuses(api()) == [
        ("a_venir", "À venir", 1),
        ("candidatures_ouvertes", "Candidatures ouvertes", 1),
        ("en_cours", "En cours", 1),
        ("termine", "Terminé", 1),
    ]
    assert [facet for facet in api()["facets"]][:2] == ["type", "statut"]  # next to the type it belongs to
    # Words that match no appui terrain: the facet has nothing to offer (and the page hides it).
    assert statuses(api(q="publication")) == []


def test_the_facet_filters_and_the_other_facets_count_under_it(four_programmes, api):
    data = api(statut="candidatures_ouvertes")
    assert [hit["title"] for hit in data["results"]] == ["Appui terrain ouvert"]
    assert {item["value"]: item["count"] for item in data["facets"]["type"]} == {"appui_terrain": 1}
    # The status facet's own counts ignore its own selection (OR within a facet).
    assert [count for _value, _label, count in statuses(data)] == [1, 1, 1, 1]
    both = api(statut=["a_venir", "termine"], tri="date")
    assert sorted(hit["title"] for hit in both["results"]) == ["Appui terrain terminé", "Appui terrain à venir"]
    assert api(statut="termine", type="publication")["count"] == 0


def test_an_unknown_status_is_dropped_from_the_search(four_programmes, api):
    assert api(statut="ferme")["count"] == api()["count"] == 5


def test_a_status_that_moves_with_the_clock_moves_the_facet(
    search_backend, site_tree, api, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_programme(title="Appui terrain HAD", opens=-10, closes=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert refresh_statuses_task.call() == [page.pk]  # the first run notes every programme's status
    assert refresh_statuses_task.call() == []  # nothing moved since
    assert statuses(api()) == [("candidatures_ouvertes", "Candidatures ouvertes", 1)]

    later = timezone.now() + 3 * DAY  # the call has closed
    monkeypatch.setattr(timezone, "now", lambda: later)
    if search_backend == "engine":  # its document holds the status it was indexed with, until the task runs
        assert statuses(api()) == [("candidatures_ouvertes", "Candidatures ouvertes", 1)]
    else:  # the database computes it in the query
        assert statuses(api()) == [("en_cours", "En cours", 1)]

    content_version.validate()
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        assert refresh_statuses_task.call() == [page.pk]
    content_version.validate()
    assert content_version.current() != before  # every worker's cached results and pages are dropped
    assert statuses(api()) == [("en_cours", "En cours", 1)]
    assert [hit["title"] for hit in api(statut="en_cours")["results"]] == ["Appui terrain HAD"]
    assert ProgrammePage.objects.get(pk=page.pk).indexed_status == "en_cours"
    assert refresh_statuses_task.call() == []


def test_the_task_leaves_draft_and_unpublished_programmes_alone(site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        live = make_programme(title="Appui terrain HAD", slug="had")
        gone = make_programme(title="Appui terrain EHPAD", slug="ehpad")
        gone.unpublish()
    assert refresh_statuses_task.call() == [live.pk]


OFFSETS = st.integers(min_value=-900 * 24 * 60, max_value=900 * 24 * 60)  # minutes from now


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    opens=OFFSETS,
    length=st.integers(min_value=1, max_value=200 * 24 * 60),
    end_days=st.integers(min_value=-30, max_value=400),
    on_a_bound=st.sampled_from([None, "open", "close"]),
)
def test_the_database_decides_each_status_as_the_page_does(site_tree, opens, length, end_days, on_a_bound):
    """Whatever the dates (an end before the close included), the query's status and filter agree
    with ProgrammePage.status_at(), at the very instant of an opening or a closing too."""
    programme = ProgrammePage.objects.first() or make_programme(slug="propriete")
    now = timezone.now().replace(microsecond=0)
    applications_open = now + datetime.timedelta(minutes=opens)
    applications_close = applications_open + datetime.timedelta(minutes=length)
    if on_a_bound == "open":
        now = applications_open
    elif on_a_bound == "close":
        now = applications_close
    programme_end = timezone.localdate(applications_close) + end_days * DAY
    ProgrammePage.objects.filter(pk=programme.pk).update(
        applications_open=applications_open, applications_close=applications_close, programme_end=programme_end
    )
    programme.refresh_from_db()
    expected = str(programme.status_at(now))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: now)
        rows = ResourcePage.objects.filter(pk=programme.pk).annotate(status=status_expression())
        assert list(rows.values_list("status", flat=True)) == [expected]
        for status in Status:
            found = ResourcePage.objects.filter(status_q([str(status)]), pk=programme.pk).exists()
            assert found == (str(status) == expected), status


def test_an_index_built_before_the_status_facet_gets_its_field_through_the_check(
    engine, site_tree, api, monkeypatch, django_capture_on_commit_callbacks
):
    """An existing index (strict mapping) lacks programme_status: ensure_index() adds it, the check
    finds the documents stale (their content now carries the status) and writes them again."""
    from programmes.facets import FIELD
    from search import facets
    from search.indexing import check, documents, forget_ensured, transport
    from search.indexing.sync import actions_for, alias_name, bulk_write, live_pages

    with django_capture_on_commit_callbacks(execute=True):
        make_programme(title="Appui terrain HAD")
    t = transport()
    old = f"{alias_name()}-before-status"
    with monkeypatch.context() as before:  # the index and its documents as they were before the facet
        before.setattr(
            facets, "_facets", {param: facet for param, facet in facets._facets.items() if param != "statut"}
        )
        t.create_index(old, documents.index_body())
        bulk_write(list(actions_for(live_pages(), old)), refresh=True)
    assert FIELD not in t.get_mapping(old)[old]["mappings"]["properties"]
    t.update_aliases(
        [{"remove": {"index": name, "alias": alias_name()}} for name in t.indices_for_alias(alias_name())]
        + [{"add": {"index": old, "alias": alias_name()}}]
    )
    forget_ensured()
    assert statuses(api()) == []

    drift = check.compare()
    assert len(drift.stale) == 1
    check.repair(drift)
    assert t.get_mapping(old)[old]["mappings"]["properties"][FIELD] == {
        "type": "keyword",
        "eager_global_ordinals": True,
    }
    assert statuses(api()) == [("candidatures_ouvertes", "Candidatures ouvertes", 1)]
    assert not check.compare()
