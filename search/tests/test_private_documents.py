"""Search never shows a private document (publications.privacy): no hit, no snippet, on the engine
and on the database fallback, and collection privacy changes reach the index at once."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from conftest import COLLECTION_WORD, MEMBERS_WORD, PASSWORD_WORD

pytestmark = pytest.mark.django_db

WORD = "xerophile"  # only in the PDF of a public page


def test_private_text_gives_no_hit_and_no_snippet(search_backend, private_content, api, client):
    pages = private_content["pages"]
    for word in (MEMBERS_WORD, PASSWORD_WORD, COLLECTION_WORD, "Compte rendu du bureau", "Fiche tarifaire"):
        data = api(q=word)
        assert data["count"] == 0, (search_backend, word)
    # The public page's own words still find it, and no result or snippet names the private ones.
    data = api(q="Guide public")
    assert [hit["title"] for hit in data["results"]][:1] == ["Guide public"]
    everything = str(api(q="")) + client.get("/recherche/", {"q": "guide"}).content.decode()
    for word in (MEMBERS_WORD, PASSWORD_WORD, COLLECTION_WORD):
        assert word not in everything
    for name in ("members", "password"):
        assert pages[name].url not in everything


def test_the_text_of_a_shared_document_is_found_through_the_public_page(engine, private_content, api):
    """Used by a public and a restricted page: public, found through the public page only."""
    assert [hit["title"] for hit in api(q="commun")["results"]] == ["Guide public"]


def test_collection_privacy_reaches_the_index(engine, make_resource, make_document, api):
    collection = Collection.get_first_root_node().add_child(name="Études")
    document = make_document(title="Étude", text=f"Une espèce {WORD} des garrigues.")
    document.collection = collection
    document.save()
    make_resource(title="Étude des garrigues", documents=[document])
    assert api(q=WORD)["count"] == 1

    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    assert api(q=WORD)["count"] == 0
    restriction.delete()
    assert api(q=WORD)["count"] == 1

    # Moving the document into a private collection.
    private = Collection.get_first_root_node().add_child(name="Privé")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    document.collection = private
    document.save()
    assert api(q=WORD)["count"] == 0
    assert api(q="garrigues")["results"][0]["snippet"].count(WORD) == 0
