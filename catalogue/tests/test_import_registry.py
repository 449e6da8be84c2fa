"""The catalogue's resource types come from the type registry: the page classes say what the importer needs."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from bonnes_pratiques.models import BonnePratiquePage
from catalogue import registry
from publications.models import FlyerPage, KitPage, WebconferencePage
from publications.resource_types import resource_types


def test_the_types_are_the_resource_types_under_their_catalogue_names():
    known = ("publication", "fiche_pratique", "flyer", "webinar", "outil", "kit", "bonne_pratique")
    assert tuple(name for name in registry.names() if name in known) == known  # a new type may stand among them
    assert [kind.page_class for kind in registry.types()] == list(resource_types())
    assert registry.get("webinar").page_class is WebconferencePage
    assert registry.get("bonne_pratique").page_class is BonnePratiquePage
    assert registry.get("bonne_pratique").prepare is BonnePratiquePage.prepare_import
    assert registry.get("kit").prepare is None
    with pytest.raises(KeyError):
        registry.get("podcast")


def test_a_new_resource_type_is_importable_under_its_catalogue_type(monkeypatch):
    class Brochure:
        catalogue_type = "brochure"
        kind_key = "publication"

        def prepare_import(self, record):
            pass

    monkeypatch.setattr(registry, "resource_types", lambda: (*resource_types(), Brochure))
    assert registry.get("brochure").page_class is Brochure
    assert registry.names()[-1] == "brochure"  # its catalogue_type, not its kind_key
    assert registry.get("brochure").prepare is Brochure.prepare_import


def test_a_catalogue_name_holds_one_class(monkeypatch):
    class Leaflet:
        kind_key = "flyer"

    monkeypatch.setattr(registry, "resource_types", lambda: (FlyerPage, KitPage, Leaflet))
    with pytest.raises(ImproperlyConfigured, match="'flyer' is already FlyerPage"):
        registry.names()


@pytest.mark.django_db
def test_the_parent_section_comes_from_the_page_classs_parent_page_types(site_tree):
    assert registry.get("flyer").parent_key(site_tree) == "ressources"
    assert registry.get("bonne_pratique").parent_key(site_tree) == "bonnes-pratiques"
    without_sections = {"home": site_tree["home"]}
    with pytest.raises(ImproperlyConfigured, match="FlyerPage"):
        registry.get("flyer").parent_key(without_sections)


def test_the_importer_does_not_import_bonnes_pratiques():
    """The practice type declares what its import needs on its page class: the importer names no content app
    but publications, whose type registry it reads."""
    imported = set()
    root = Path(settings.BASE_DIR) / "catalogue"
    for path in [*root.glob("*.py"), *(root / "management").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module)
    assert imported and not {name for name in imported if name.split(".")[0] == "bonnes_pratiques"}
