"""Engine-only behaviour: the index stays true, rebuild swaps an alias, fallback and recovery."""

import datetime

import pytest
from django.core.files.base import ContentFile

from publications.models import ResourceIndexPage, ResourcePage
from publications.pdf import make_pdf

pytestmark = pytest.mark.django_db


def engine_titles(q):
    from django.http import QueryDict

    from search.backends import get_backend
    from search.forms import parse

    result = get_backend().search(parse(QueryDict(f"q={q}")))
    assert not result.fallback and result.backend == "engine"
    return [hit["title"] for hit in result.hits]


def test_publish_and_unpublish_update_the_index(engine, make_resource):
    page = make_resource(title="Webconférence réflexe HAD")
    assert engine_titles("réflexe") == ["Webconférence réflexe HAD"]
    page.title = "Webconférence tension sur les lits"
    page.save_revision().publish()
    assert engine_titles("tension lits") == ["Webconférence tension sur les lits"]
    assert engine_titles("réflexe") == []
    page.unpublish()
    assert engine_titles("tension lits") == []


def test_draft_changes_stay_out_of_the_index(engine, make_resource):
    page = make_resource(title="Version publiée")
    page.title = "Brouillon secret"
    page.save_revision()
    assert engine_titles("brouillon secret") == []
    assert engine_titles("version publiée") == ["Version publiée"]


def test_delete_removes_from_the_index(engine, make_resource):
    page = make_resource(title="Ressource à supprimer")
    assert engine_titles("supprimer") == ["Ressource à supprimer"]
    page.delete()
    assert engine_titles("supprimer") == []


def test_move_updates_the_url(engine, make_resource, site_tree):
    from django.conf import settings

    from search.indexing import transport

    page = make_resource(title="Ressource déplacée")
    other = ResourceIndexPage(title="Autres ressources", slug="autres")
    site_tree["home"].add_child(instance=other)
    other.save_revision().publish()
    page.move(other, pos="last-child")
    source = transport().search(f"{settings.SEARCH_INDEX_PREFIX}-resources", {"query": {"match_all": {}}})
    assert source["hits"]["hits"][0]["_source"]["url"].startswith("/autres/")


def test_a_private_section_leaves_the_index_and_comes_back(engine, make_resource, site_tree):
    from wagtail.models import PageViewRestriction

    from core import content_version

    make_resource(title="Protocole réservé aux adhérents")
    assert engine_titles("protocole adhérents") == ["Protocole réservé aux adhérents"]
    # As in the admin request that adds the restriction, in a worker that served pages before:
    # the private sections (none) are kept under the current version.
    content_version.validate()
    assert ResourcePage.objects.public().count() == 1
    restriction = PageViewRestriction.objects.create(
        page=site_tree["ressources"], restriction_type=PageViewRestriction.LOGIN
    )
    assert engine_titles("protocole adhérents") == []
    restriction.delete()
    assert engine_titles("protocole adhérents") == ["Protocole réservé aux adhérents"]


def test_document_replacement_reindexes_its_pages(engine, make_resource, make_document):
    document = make_document(title="Annexe", text="Ancien texte sans intérêt.")
    make_resource(title="Ressource avec annexe", documents=[document])
    assert engine_titles("quintessence") == []
    document.file.save(
        "annexe-v2.pdf", ContentFile(make_pdf("Annexe", ["La quintessence du parcours."], 1)), save=False
    )
    document.save()
    assert engine_titles("quintessence") == ["Ressource avec annexe"]


def test_rebuild_swaps_the_alias(engine, make_resource, settings):
    from search.indexing import rebuild, transport

    make_resource(title="Première", publication_date=datetime.date(2024, 1, 1))
    make_resource(title="Seconde")
    t = transport()
    alias = f"{settings.SEARCH_INDEX_PREFIX}-resources"
    before = t.indices_for_alias(alias)
    name, count = rebuild()
    assert count == 2
    assert t.indices_for_alias(alias) == [name] and name not in before
    assert t.list_indices(f"{alias}-*") == [name]  # the old index is gone
    assert sorted(engine_titles("première") + engine_titles("seconde")) == ["Première", "Seconde"]


def test_rebuild_command(engine, make_resource):
    from io import StringIO

    from django.core.management import call_command

    make_resource(title="Commande")
    out = StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=out)
    assert "1 ressources indexées" in out.getvalue()


def test_fallback_when_engine_down_then_recovery(engine, make_resource, client, admin_client, settings, caplog):
    from search.backends import reset_breaker

    make_resource(title="Admission en HAD")
    settings.SEARCH_URL = "http://127.0.0.1:9298"  # nothing listens there
    settings.SEARCH_TIMEOUT = 1.0
    settings.SEARCH_RETRY_AFTER = 60
    settings.SEARCH_BREAKER_FAILURES = 2  # the first failure falls back, the second opens the breaker
    response = client.get("/recherche/", {"q": "HAD", "theme": "urgences"})
    assert response.status_code == 200
    # Visitors read results, not plumbing; the staff and the log are told.
    assert 'id="search-count"' in response.content.decode()
    assert "base de données" not in response.content.decode()
    assert any("answered by the database" in record.getMessage() for record in caplog.records)
    staff_page = admin_client.get("/recherche/", {"q": "HAD"}).content.decode()
    assert "le moteur de recherche ne répond pas" in staff_page
    data = client.get("/api/recherche/", {"q": "HAD"}).json()
    assert data["fallback"] is True and [r["title"] for r in data["results"]] == ["Admission en HAD"]
    assert any("database fallback for 60" in record.getMessage() for record in caplog.records)
    # The breaker skips the dead engine until SEARCH_RETRY_AFTER has passed...
    settings.SEARCH_URL = engine
    assert client.get("/api/recherche/", {"q": "HAD"}).json()["fallback"] is True
    # ...then search returns to the engine by itself.
    reset_breaker()
    assert client.get("/api/recherche/", {"q": "HAD"}).json()["fallback"] is False


def test_timeout_falls_back(engine, make_resource, client, settings):
    """An engine that accepts the connection and never answers: the database answers after the timeout."""
    import socket

    from search import indexing

    make_resource(title="Admission en HAD")
    with socket.create_server(("127.0.0.1", 0)) as silent:  # listens, never accepts nor replies
        settings.SEARCH_URL = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings.SEARCH_TIMEOUT = 0.2
        indexing.forget_ensured()
        data = client.get("/api/recherche/", {"q": "HAD"}).json()
    assert data["fallback"] is True and data["count"] == 1
