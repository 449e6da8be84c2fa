"""Search behaviour, run on the database fallback and on the engine (see conftest.py)."""

import datetime

import pytest

from publications.models import FichePratiquePage, FlyerPage

pytestmark = pytest.mark.django_db


def titles(data):
    return [item["title"] for item in data["results"]]


# --- French relevance: one test per case from the issue -----------------------------------------


def test_hopitaux_without_accent_finds_hopitaux(search_backend, make_resource, api):
    make_resource(title="Programme d'appui aux hôpitaux de proximité")
    make_resource(title="Achats responsables")
    assert titles(api(q="hopitaux de proximite")) == ["Programme d'appui aux hôpitaux de proximité"]


def test_elided_acronym_finds_had_resources(search_backend, make_resource, api):
    make_resource(title="Admission en HAD : comment être réactif ?")
    make_resource(title="Achats responsables")
    assert titles(api(q="l'HAD")) == ["Admission en HAD : comment être réactif ?"]
    assert titles(api(q="l’HAD")) == ["Admission en HAD : comment être réactif ?"]


def test_expanded_form_finds_acronym_resources(search_backend, make_resource, api):
    make_resource(title="Admission en HAD : comment être réactif ?", summary="Quatre leviers.")
    make_resource(title="Recours à l'hospitalisation à domicile depuis le domicile", summary="Une fiche.")
    make_resource(title="Achats responsables")
    found = set(titles(api(q="hospitalisation a domicile")))
    assert found == {
        "Admission en HAD : comment être réactif ?",
        "Recours à l'hospitalisation à domicile depuis le domicile",
    }
    assert set(titles(api(q="HAD"))) == found


def test_one_letter_typo_finds_target_and_never_outranks_exact(engine, make_resource, api):
    make_resource(title="Hospitalisation à domicile : les chiffres clés", summary="Chiffres 2022.")
    assert titles(api(q="hospitalisation a domicle")) == ["Hospitalisation à domicile : les chiffres clés"]
    make_resource(title="Les parcours de soins coordonnés", summary="Une fiche.")
    make_resource(title="Les percours de soins coordonnés", summary="Une fiche.")
    assert titles(api(q="parcours"))[0] == "Les parcours de soins coordonnés"
    assert titles(api(q="percours"))[0] == "Les percours de soins coordonnés"


def test_pdf_only_phrase_finds_its_resource(engine, make_resource, make_document, api):
    document = make_document(title="Synthèse", text="Le dispositif expérimental zéphyrin a été évalué en Occitanie.")
    make_resource(title="Sorties directes des urgences", documents=[document])
    make_resource(title="Autre ressource")
    data = api(q="dispositif expérimental zéphyrin")
    assert titles(data) == ["Sorties directes des urgences"]
    assert "<mark>" in data["results"][0]["snippet"]


def test_plural_and_title_boost(engine, make_resource, api):
    make_resource(title="Urgence : le guide", summary="Un guide.")
    make_resource(title="Un guide", summary="Pour les services d'urgences et le reste.")
    assert titles(api(q="urgences"))[0] == "Urgence : le guide"


# --- Facets ---------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(search_backend, make_resource):
    make_resource(
        title="HAD et urgences", themes=["urgences"], sector="sanitaire", publication_date=datetime.date(2023, 1, 5)
    )
    make_resource(
        model=FlyerPage,
        title="Flyer HAD",
        themes=["urgences", "numerique"],
        sector="sanitaire",
        publication_date=datetime.date(2024, 2, 1),
    )
    make_resource(
        model=FichePratiquePage,
        title="Fiche HAD EHPAD",
        themes=["numerique"],
        sector="medico-social",
        publication_date=datetime.date(2024, 3, 1),
    )
    make_resource(
        model=FichePratiquePage,
        title="Achats",
        themes=["achats"],
        sector="ville",
        publication_date=datetime.date(2022, 6, 1),
    )
    return search_backend


def facet(data, name):
    return {item["value"]: item["count"] for item in data["facets"][name]}


def test_facet_counts_are_exact(catalogue, api):
    data = api(q="HAD")
    assert data["count"] == 3
    assert facet(data, "type") == {"publication": 1, "flyer": 1, "fiche_pratique": 1}
    assert facet(data, "theme") == {"urgences": 2, "numerique": 2}
    assert facet(data, "secteur") == {"sanitaire": 2, "medico-social": 1}
    assert facet(data, "annee") == {"2023": 1, "2024": 2}
    labels = {item["value"]: item["label"] for item in api()["facets"]["type"]}
    assert labels["fiche_pratique"] == "Fiche pratique"


def test_or_within_facet_and_across_facets_with_counts_from_other_facets(catalogue, api):
    data = api(theme=["urgences", "numerique"])  # OR inside the facet
    assert sorted(titles(data)) == ["Fiche HAD EHPAD", "Flyer HAD", "HAD et urgences"]
    data = api(theme=["urgences", "numerique"], secteur="sanitaire")  # AND across facets
    assert sorted(titles(data)) == ["Flyer HAD", "HAD et urgences"]
    # Each facet counts with the other facets' selections, not its own.
    assert facet(data, "theme") == {"urgences": 2, "numerique": 1}
    assert facet(data, "secteur") == {"sanitaire": 2, "medico-social": 1}
    assert facet(data, "type") == {"publication": 1, "flyer": 1}


def test_empty_query_lists_everything_newest_first(catalogue, api):
    data = api()
    assert data["count"] == 4
    assert titles(data) == ["Fiche HAD EHPAD", "Flyer HAD", "HAD et urgences", "Achats"]
    assert sum(facet(data, "type").values()) == 4


def test_sort_by_date(catalogue, api):
    assert titles(api(q="HAD", tri="date")) == ["Fiche HAD EHPAD", "Flyer HAD", "HAD et urgences"]


def test_year_filter(catalogue, api):
    assert sorted(titles(api(annee=2024))) == ["Fiche HAD EHPAD", "Flyer HAD"]


def test_pagination_twenty_per_page(search_backend, make_resource, api):
    for number in range(23):
        make_resource(
            title=f"Ressource {number:02d}",
            publication_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        )
    first, second = api(), api(page=2)
    assert first["count"] == 23 and len(first["results"]) == 20 and len(second["results"]) == 3
    assert first["results"][0]["title"] == "Ressource 22" and second["results"][-1]["title"] == "Ressource 00"
    assert api(page=5)["results"] == []


# --- API, page, suggestions ------------------------------------------------------------------------


def test_api_shape(catalogue, api):
    data = api(q="flyer")
    assert set(data) >= {"count", "results", "facets", "suggestion"}
    hit = data["results"][0]
    assert set(hit) == {"title", "url", "type", "date", "themes", "audiences", "sector", "snippet", "status"}
    assert hit["type"] == "flyer" and hit["date"] == "2024-02-01" and hit["sector"] == "sanitaire"
    assert hit["status"] is None  # a flyer has none (an appui terrain: tests/test_resource_card.py)
    assert hit["url"].startswith("/")
    assert set(data["facets"]) == {"type", "statut", "theme", "public", "secteur", "annee"}
    assert set(data["facets"]["theme"][0]) == {"value", "label", "count"}


def test_results_page(catalogue, client):
    response = client.get("/recherche/", {"q": "HAD"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>3</strong> résultats" in html and "Flyer HAD" in html and "<mark>" in html
    assert 'name="theme"' in html and "Appliquer les filtres" in html
    assert 'content="noindex"' not in html
    filtered = client.get("/recherche/", {"q": "HAD", "theme": "urgences"}).content.decode()
    assert 'content="noindex"' in filtered
    assert 'value="urgences" id="f-theme-' in filtered and "checked" in filtered


def test_did_you_mean(search_backend, make_resource, client, api):
    make_resource(title="Hôpitaux de proximité : programme d'appui", summary="Le programme national.")
    data = api(q="programe")
    assert data["suggestion"] == "programme"
    html = client.get("/recherche/", {"q": "programe"}).content.decode()
    assert "Vouliez-vous dire" in html


def test_no_did_you_mean_when_the_facets_narrowed_the_results(search_backend, make_resource, api):
    for n in range(2):
        make_resource(title=f"Hôpitaux de proximité n° {n}", sector="sanitaire")
    # The words matched (accents aside): two results listed, and no "Vouliez-vous dire hôpitaux".
    assert api(q="hopitaux")["suggestion"] is None
    make_resource(title="Hôpitaux de proximité : le programme", sector="sanitaire")
    narrowed = api(q="hopitaux", secteur="ville")
    assert narrowed["count"] == 0
    assert narrowed["suggestion"] is None  # the words match 3 resources: a facet emptied the list, not a typo


def test_did_you_mean_only_when_the_words_found_little(search_backend, make_resource, client, api):
    make_resource(title="Hôpitaux de proximité : programme d'appui", summary="Le programme national.")
    for query in ("hopitaux", "Hôpitaux", "programme d'appui"):  # words that match: results, no suggestion
        html = client.get("/recherche/", {"q": query}).content.decode()
        assert "<strong>1</strong> résultat" in html, query
        assert "Vouliez-vous dire" not in html, query
    html = client.get("/recherche/", {"q": "hopitaus"}).content.decode()  # a typo that finds nothing
    assert "Vouliez-vous dire" in html and "hôpitaux" in html


def test_autocomplete_suggestions(search_backend, make_resource, client):
    make_resource(title="Admission en HAD : comment être réactif ?")
    make_resource(title="Achats responsables")
    response = client.get("/api/recherche/suggestions/", {"q": "admis"})
    assert response.status_code == 200
    assert response.json() == ["Admission en HAD : comment être réactif ?"]
    assert client.get("/api/recherche/suggestions/", {"q": "a"}).json() == []


def test_synonym_edited_in_admin_applies_without_reindex(search_backend, make_resource, api):
    from search.models import Synonym

    make_resource(title="Prévention en addictologie : le CSAPA", summary="Un centre.")
    assert api(q="centre de soins en addictologie zzz")["count"] == 0
    assert api(q="csapa")["count"] == 1
    assert api(q="zorglub")["count"] == 0
    Synonym.objects.create(terms="CSAPA, zorglub")
    assert titles(api(q="zorglub")) == ["Prévention en addictologie : le CSAPA"]


def test_promotions_come_first(search_backend, make_resource, api, client):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    make_resource(title="HAD : le guide complet", summary="HAD HAD HAD.")
    promoted = make_resource(title="Chiffres clés 2022", summary="288 établissements.")
    SearchPromotion.objects.create(query=Query.get("had"), page=promoted, sort_order=0, description="À la une")
    data = api(q="HAD")
    assert titles(data)[0] == "Chiffres clés 2022"
    assert data["results"][0]["promoted"] is True
    html = client.get("/recherche/", {"q": "had"}).content.decode()
    assert html.index("Chiffres clés 2022") < html.index("HAD : le guide complet")


# --- Bad input: 200 or 400 with a French message, never 500 ---------------------------------------

BAD_INPUTS = [
    {"q": "x" * 10_000},
    {"type": "inconnu", "theme": "pas-un-theme", "public": "<script>", "secteur": "mars", "annee": "deux-mille"},
    {"page": "-1"},
    {"page": "abc"},
    {"page": "10**9"},
    {"page": "1000000000"},
    {"q": "title:*"},
    {"q": "\\"},
    {"q": '{"query": {"match_all": {}}}'},
    {"q": '(a OR b) AND c~2 [1 TO 5] "unterminated'},
    {"q": "\x00\x01"},
    {"tri": "hack"},
]


@pytest.mark.parametrize("params", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_input_never_500(search_backend, make_resource, client, params):
    make_resource(title="Admission en HAD")
    for url in ("/recherche/", "/api/recherche/"):
        response = client.get(url, params)
        assert response.status_code in (200, 400), (url, params, response.status_code)
        if response.status_code == 400:
            body = response.content.decode()
            assert "page" in body.lower()


def test_invalid_utf8_and_page_errors_are_explained(search_backend, client):
    assert client.get("/recherche/?q=%ff%fe%C3").status_code == 200
    assert client.get("/api/recherche/?q=%ff%fe").status_code == 200
    response = client.get("/api/recherche/", {"page": "abc"})
    assert response.status_code == 400 and "entier positif" in response.json()["error"]
    response = client.get("/recherche/", {"page": "-1"})
    assert response.status_code == 400 and "entier positif" in response.content.decode()


def test_long_query_is_truncated_with_a_notice(search_backend, client):
    response = client.get("/recherche/", {"q": "hôpital " * 2000})
    assert response.status_code == 200 and "200 premiers caractères" in response.content.decode()


# --- Editors' report -------------------------------------------------------------------------------


def test_report_lists_top_and_zero_result_queries(search_backend, make_resource, api, admin_client):
    make_resource(title="Admission en HAD")
    api(q="HAD")
    api(q="had")
    api(q="introuvablexyz")
    response = admin_client.get("/admin/reports/recherches/")
    html = response.content.decode()
    assert response.status_code == 200 and "Recherches les plus fréquentes" in html
    top = html[html.index('id="top-queries"') : html.index('id="zero-queries"')]
    zero = html[html.index('id="zero-queries"') :]
    assert "<td>had</td><td>2</td>" in top
    assert "introuvablexyz" in zero and "<td>had</td>" not in zero
