"""The fixed skeleton of the site: home and its section index pages."""

from django.db import transaction
from wagtail.models import Page, Site

SECTIONS = [
    # (model path, slug, title)
    ("publications.ResourceIndexPage", "ressources", "Ressources"),
    ("publications.ThemeIndexPage", "thematiques", "Thématiques"),
    ("bonnes_pratiques.BonnePratiqueIndexPage", "bonnes-pratiques", "Bonnes pratiques"),
    ("home.ActualiteIndexPage", "actualites", "Actualités"),
]


@transaction.atomic
def ensure_site_tree():
    """Create the home page, the default site and the section pages if missing.

    Returns a dict: {"home": HomePage, "ressources": ResourceIndexPage, ...}.
    Idempotent: existing pages are kept as editors left them.
    """
    from django.apps import apps

    from home.models import HomePage

    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        # Replace Wagtail's placeholder "Welcome" page, if any, by our home page.
        Page.objects.filter(depth=2, content_type__model="page").delete()
        root.refresh_from_db()
        home = root.add_child(instance=HomePage(title="Accueil", slug="accueil"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Anap")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()

    pages = {"home": home}
    for model_path, slug, title in SECTIONS:
        model = apps.get_model(model_path)
        page = model.objects.child_of(home).first()
        if page is None:
            home.refresh_from_db()
            page = home.add_child(instance=model(title=title, slug=slug))
        pages[slug] = page
    return pages
