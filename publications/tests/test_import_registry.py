"""The catalogue's resource types come from a registry each app fills from its AppConfig.ready()."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from bonnes_pratiques.catalogue import prepare_imported_practice
from bonnes_pratiques.models import BonnePratiquePage
from publications.catalogue import registry
from publications.models import FlyerPage, KitPage, WebconferencePage


def test_each_app_registers_its_types_in_the_catalogues_order():
    assert registry.names() == (
        "publication",
        "fiche_pratique",
        "flyer",
        "webinar",
        "kit",
        "outil",
        "bonne_pratique",
    )
    assert registry.get("webinar").page_class is WebconferencePage
    assert registry.get("bonne_pratique").page_class is BonnePratiquePage
    assert registry.get("bonne_pratique").prepare is prepare_imported_practice
    assert registry.get("kit").prepare is None
    with pytest.raises(KeyError):
        registry.get("podcast")


def test_the_name_comes_from_the_page_class_and_a_name_holds_one_class(monkeypatch):
    monkeypatch.setattr(registry, "_types", dict(registry._types))
    with pytest.raises(ImproperlyConfigured, match="'flyer' is already FlyerPage"):
        registry.register(KitPage, "flyer")
    registry.register(FlyerPage)  # again, the same class: no change
    assert registry.get("flyer").page_class is FlyerPage

    class Brochure:
        catalogue_type = "brochure"
        kind_key = "publication"

    registry.register(Brochure)
    assert registry.get("brochure").page_class is Brochure
    assert registry.names()[-1] == "brochure"  # its catalogue_type, not its kind_key


@pytest.mark.django_db
def test_the_parent_section_comes_from_the_page_classs_parent_page_types(site_tree):
    assert registry.get("flyer").parent_key(site_tree) == "ressources"
    assert registry.get("bonne_pratique").parent_key(site_tree) == "bonnes-pratiques"
    without_sections = {"home": site_tree["home"]}
    with pytest.raises(ImproperlyConfigured, match="FlyerPage"):
        registry.get("flyer").parent_key(without_sections)


def test_the_importer_does_not_import_bonnes_pratiques():
    """publications sits below bonnes_pratiques: the practice type registers itself."""
    imported = set()
    for path in (Path(settings.BASE_DIR) / "publications" / "catalogue").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module)
    assert imported and not {name for name in imported if name.split(".")[0] == "bonnes_pratiques"}
