"""The database fallback's French matching (search/backends/french.py, fulltext.py), on SQLite and
PostgreSQL alike: forms and accents, one-letter typos, one extra word, PDF text, "Vouliez-vous dire"."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.backends import french, reset_breaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def fallback(settings, db):
    settings.SEARCH_URL = ""
    reset_breaker()
    yield
    reset_breaker()


def titles(data):
    return [hit["title"] for hit in data["results"]]


def test_forms_and_accents_match_both_ways(fallback, make_resource, api):
    make_resource(title="Une ligne d'avis dédiée aux médecins de ville")
    make_resource(title="Les hôpitaux de proximité en région")
    make_resource(title="Achats responsables")
    assert titles(api(q="ligne d'avis dedie"))[:1] == ["Une ligne d'avis dédiée aux médecins de ville"]
    assert titles(api(q="Hôpital de proximite"))[:1] == ["Les hôpitaux de proximité en région"]
    assert titles(api(q="lignes d’avis dédiés")) == ["Une ligne d'avis dédiée aux médecins de ville"]


def test_one_letter_typos_find_their_word_and_never_outrank_it(fallback, make_resource, api):
    make_resource(title="Hospitalisation à domicile : les chiffres clés", summary="Chiffres 2022.")
    make_resource(title="Organiser un exercice de crise cyber", summary="Une fiche.")
    assert titles(api(q="hospitalisation a domicle")) == ["Hospitalisation à domicile : les chiffres clés"]
    assert titles(api(q="exercice de crsie")) == ["Organiser un exercice de crise cyber"]  # a swap
    assert titles(api(q="chifres")) == ["Hospitalisation à domicile : les chiffres clés"]  # a letter missing
    make_resource(title="Les parcours de soins coordonnés", summary="Une fiche.")
    make_resource(title="Les percours de soins coordonnés", summary="Une fiche.")
    assert titles(api(q="parcours")) == ["Les parcours de soins coordonnés"]  # a known word is not corrected
    assert titles(api(q="percours")) == ["Les percours de soins coordonnés"]
    assert api(q="abc")["count"] == 0 and api(q="xzqwvk")["count"] == 0  # short or far from every word


def test_a_long_query_with_an_extra_word_ranks_the_all_words_match_first(fallback, make_resource, api):
    make_resource(title="Déployer un dossier usager informatisé en six étapes")
    make_resource(title="Déployer un dossier usager informatisé")
    make_resource(title="Dossier de presse")
    data = api(q="déployer un dossier usager informatisé six étapes")
    assert titles(data)[:1] == ["Déployer un dossier usager informatisé en six étapes"]
    # The shorter title would rank first on the words alone: it lacks one, so it comes second.
    assert titles(api(q="déployer dossier usager informatisé étapes")) == [
        "Déployer un dossier usager informatisé en six étapes",
        "Déployer un dossier usager informatisé",
    ]
    assert api(q="dossier nouveau")["count"] == 0  # two words: both needed


def test_pdf_only_phrase_finds_its_resource_with_a_marked_snippet(fallback, make_resource, make_document, api):
    document = make_document(title="Synthèse", text="Le dispositif expérimental zéphyrin a été évalué en Occitanie.")
    make_resource(title="Sorties directes des urgences", documents=[document])
    make_resource(title="Autre ressource")
    data = api(q="dispositif experimental zephyrin")
    assert titles(data) == ["Sorties directes des urgences"]
    assert "<mark>zéphyrin</mark>" in data["results"][0]["snippet"]


def test_did_you_mean_spells_every_word_with_its_accents(fallback, make_resource, api, client):
    make_resource(title="Hôpitaux de proximité : programme d'appui")
    assert api(q="hopitaus de proximite")["suggestion"] == "hôpitaux de proximité"
    assert api(q="Hôpitaux de proximité")["suggestion"] is None  # the words match: nothing to suggest
    assert api(q="Programe d’apui")["suggestion"] == "Programme d’appui"  # capitals and apostrophe kept
    html = client.get("/recherche/", {"q": "programe"}).content.decode()
    assert "Vouliez-vous dire" in html and "programme" in html


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_forms_and_groups_never_fail_and_stay_quotable(word):
    """Whatever a visitor types, the groups quote safely (no quote, no operator) in FTS5 and tsquery."""
    from search.synonyms import normalise

    vocabulary = french.Vocabulary(["Hôpitaux de proximité", "Crise cyber", "L'HAD de Laval"])
    for alternatives, stems in french.groups(normalise(word), vocabulary):
        for term in [*alternatives, *stems]:
            assert term and "'" not in term and '"' not in term and " " not in term


def test_collection_privacy_reaches_the_fallback_index(fallback, make_resource, make_document, api):
    """A PDF's text leaves the fallback's index when its collection becomes private, or when the
    document moves into a private one, and comes back when the restriction goes."""
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Études")
    document = make_document(title="Étude", text="Une espèce xérophile des garrigues.")
    document.collection = collection
    document.save()
    make_resource(title="Étude des garrigues", documents=[document])
    assert api(q="xerophile")["count"] == 1

    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert api(q="xerophile")["count"] == 0
    restriction.delete()
    assert api(q="xerophile")["count"] == 1

    private = Collection.get_first_root_node().add_child(name="Privé")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    document.collection = private
    document.save()
    assert api(q="xerophile")["count"] == 0
    data = api(q="garrigues")
    assert data["count"] == 1 and "xérophile" not in data["results"][0]["snippet"]
