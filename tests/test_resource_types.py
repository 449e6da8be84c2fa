"""The resource types come from the page classes: every list of types reads publications.resource_types."""

from types import SimpleNamespace

import pytest
from django.http import QueryDict

from bonnes_pratiques.models import BonnePratiquePage
from catalogue import registry
from publications import feeds, resource_types
from publications.models import ResourceIndexPage, ResourcePage, WebconferencePage
from search.forms import load_vocabularies, parse

KNOWN = [
    ("publication", "Publication"),
    ("fiche_pratique", "Fiche pratique"),
    ("flyer", "Flyer"),
    ("webconference", "Webconférence"),
    ("outil", "Outil"),
    ("kit", "Kit"),
    ("bonne_pratique", "Bonne pratique"),
]


def test_the_types_are_the_resource_page_classes_with_their_labels():
    # These, in this order (a type added since may stand among them).
    assert [choice for choice in ResourcePage.KIND_CHOICES if choice in KNOWN] == KNOWN
    assert resource_types.by_kind("bonne_pratique") is BonnePratiquePage
    assert resource_types.by_kind("webconference") is WebconferencePage
    with pytest.raises(KeyError):
        resource_types.by_kind("podcast")
    field = ResourcePage._meta.get_field("kind")
    assert list(field.choices) == resource_types.kind_choices()


def test_the_resource_index_holds_the_types_whose_parents_name_it():
    expected = [
        model for model in resource_types.resource_types() if ResourceIndexPage in model.allowed_parent_page_models()
    ]
    assert ResourceIndexPage.allowed_subpage_models() == expected
    names = {model.__name__ for model in expected}
    assert names >= {"PublicationPage", "FichePratiquePage", "FlyerPage", "WebconferencePage", "OutilPage", "KitPage"}
    assert BonnePratiquePage not in expected


class Podcast:
    """A page class as the registry reads it (a real one needs a migration)."""

    kind_key = "podcast"
    _meta = SimpleNamespace(verbose_name="Podcast", app_label="publications", abstract=False)


@pytest.fixture
def podcast(monkeypatch):
    monkeypatch.setitem(resource_types._cache, "types", (*resource_types.resource_types(), Podcast))
    return Podcast


@pytest.mark.django_db
def test_a_new_type_reaches_every_list(podcast, client, site_tree):
    assert ResourcePage.KIND_CHOICES[-1] == ("podcast", "Podcast")
    assert load_vocabularies()["type"]["podcast"] == "Podcast"  # the search facet's labels
    assert parse(QueryDict("type=podcast")).filters["type"] == ["podcast"]
    assert feeds.kind_by_slug()["podcast"] == ("podcast", "Podcast")
    assert registry.names()[-1] == "podcast" and registry.get("podcast").page_class is Podcast
    listing = client.get(site_tree["ressources"].url)
    assert '<option value="podcast">Podcast</option>' in listing.content.decode()
    assert client.get("/flux/types/podcast/rss.xml").status_code == 200
