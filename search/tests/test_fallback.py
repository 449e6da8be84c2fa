"""The database fallback on its own: facet counts against a brute-force reference, the candidate cap, cost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications.models import FichePratiquePage, FlyerPage, KitPage, PublicationPage
from search.backends import database, reset_breaker
from search.backends.fulltext import match_expression

pytestmark = pytest.mark.django_db

# title, model, sector, year, themes, audiences
CATALOGUE = [
    ("HAD et urgences", PublicationPage, "sanitaire", 2023, ["urgences"], ["directeurs"]),
    ("Flyer HAD", FlyerPage, "sanitaire", 2024, ["urgences", "numerique"], ["medecins", "directeurs"]),
    ("Fiche HAD EHPAD", FichePratiquePage, "medico-social", 2024, ["numerique"], []),
    ("Kit HAD numérique", KitPage, "medico-social", 2022, ["numerique", "achats"], ["medecins"]),
    ("Achats", FichePratiquePage, "ville", 2022, ["achats"], ["directeurs"]),
    ("Urgences de ville", PublicationPage, "ville", 2024, ["urgences"], []),
    ("HAD en ville", FlyerPage, "ville", 2023, [], ["medecins"]),
]
KINDS = {PublicationPage: "publication", FlyerPage: "flyer", FichePratiquePage: "fiche_pratique", KitPage: "kit"}


@pytest.fixture
def fallback(settings, db):
    settings.SEARCH_URL = ""
    reset_breaker()
    yield
    reset_breaker()


@pytest.fixture
def catalogue(fallback, make_resource):
    for title, model, sector, year, themes, audiences in CATALOGUE:
        make_resource(
            model=model,
            title=title,
            sector=sector,
            publication_date=datetime.date(year, 3, 1),
            themes=themes,
            audiences=audiences,
        )


def facet_values(entry):
    title, model, sector, year, themes, audiences = entry
    return {"type": [KINDS[model]], "secteur": [sector], "annee": [str(year)], "theme": themes, "public": audiences}


def expected(selection, words=()):
    """(titles, {facet: {value: count}}) worked out by hand from CATALOGUE."""
    entries = [e for e in CATALOGUE if all(w in e[0].lower() for w in words)]

    def keeps(entry, skip=None):
        values = facet_values(entry)
        return all(set(values[name]) & set(wanted) for name, wanted in selection.items() if name != skip)

    counts = {}
    for name in ("type", "theme", "public", "secteur", "annee"):
        counts[name] = {}
        for entry in entries:
            if keeps(entry, skip=name):
                for value in facet_values(entry)[name]:
                    counts[name][value] = counts[name].get(value, 0) + 1
        for value in selection.get(name, []):  # selected values are always listed
            counts[name].setdefault(value, 0)
    return sorted(e[0] for e in entries if keeps(e)), counts


SELECTIONS = [
    {},
    {"theme": ["urgences", "numerique"]},
    {"theme": ["numerique"], "public": ["medecins"]},
    {"type": ["flyer", "kit"], "annee": ["2024", "2022"]},
    {"secteur": ["ville"], "public": ["directeurs", "medecins"], "annee": ["2023", "2022"]},
    {"type": ["fiche_pratique", "publication", "flyer"], "theme": ["achats", "urgences"], "secteur": ["ville"]},
    {"type": ["kit"], "theme": ["urgences"]},  # nothing left, counts still computed
]


@pytest.mark.parametrize("selection", SELECTIONS, ids=range(len(SELECTIONS)))
@pytest.mark.parametrize("q", ["", "HAD"])
def test_facet_counts_match_a_brute_force_reference(catalogue, api, selection, q):
    data = api(q=q, **selection)
    titles, counts = expected(selection, words=["had"] if q else [])
    assert sorted(item["title"] for item in data["results"]) == titles
    assert data["count"] == len(titles)
    for name, values in counts.items():
        assert {item["value"]: item["count"] for item in data["facets"][name]} == values, name


def test_count_and_facets_cover_the_best_candidates_only(fallback, make_resource, api, monkeypatch):
    monkeypatch.setattr(database, "MAX_CANDIDATES", 2)
    make_resource(title="Cardiologie : le guide", summary="Un guide.", sector="ville")
    make_resource(title="Un guide", summary="Le service de cardiologie.", sector="sanitaire")
    make_resource(title="Un autre guide", summary="La cardiologie.", sector="sanitaire")
    data = api(q="cardiologie")
    assert data["count"] == 2 and len(data["results"]) == 2
    assert data["results"][0]["title"] == "Cardiologie : le guide"  # the title weighs more than the summary
    assert sum(item["count"] for item in data["facets"]["secteur"]) == 2


def test_unpublished_pages_take_no_candidate_slot(fallback, make_resource, api, monkeypatch):
    monkeypatch.setattr(database, "MAX_CANDIDATES", 1)
    draft = make_resource(title="Cardiologie, cardiologie : tout sur la cardiologie")
    draft.unpublish()
    make_resource(title="Une fiche", summary="La cardiologie de ville.")
    assert [item["title"] for item in api(q="cardiologie")["results"]] == ["Une fiche"]


def queries_for(client, **params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/recherche/", params).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "params", [{}, {"q": "guide"}, {"q": "guide", "theme": "urgences", "tri": "date"}], ids=["empty", "q", "facets"]
)
def test_queries_do_not_grow_with_the_catalogue(fallback, make_resource, client, params):
    for number in range(3):
        make_resource(title=f"Guide {number}", themes=["urgences"], audiences=["medecins"])
    queries_for(client, **params)  # the first request reads content types, labels (core/content_version.py)...
    few = queries_for(client, **params)
    for number in range(3, 25):
        make_resource(title=f"Guide {number}", themes=["urgences", "achats"], audiences=["directeurs"])
    queries_for(client, **params)  # ... and so does the first one after an edit
    assert queries_for(client, **params) == few <= 15  # with the query log, written at once in tests


def test_suggestion_vocabulary_is_read_once_per_cache_version(fallback, make_resource, django_assert_num_queries):
    make_resource(title="Programme d'appui aux hôpitaux de proximité")
    backend = database.DatabaseBackend()
    assert backend.spelling("programe") == "programme"
    with django_assert_num_queries(0):
        assert backend.spelling("proximitee") == "proximité"
    make_resource(title="Cardiologie de ville")  # an index write: a new cache version
    assert backend.spelling("cardiolgie") == "cardiologie"


def test_match_expression_ors_the_clauses_of_anded_words():
    hopitaux = (["hopital", "hopitaux"], ["hopital"])
    assert match_expression([[hopitaux, (["proximite"], ["proxim"])], [(["had"], ["had"])]]) == (
        '{title body} : ((("hopital" OR "hopitaux") AND ("proximite" OR "proxim"*)) OR (("had")))'
    )
