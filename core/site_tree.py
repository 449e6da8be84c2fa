"""The fixed skeleton of the site: home and its section index pages."""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.models import Page, Site

from .addresses import site_address

# By name: core imports no app above it (the tree names the apps that fill it).
HOME_PAGE = "home.HomePage"

SECTIONS = [
    # (model path, slug, title)
    ("publications.ResourceIndexPage", "ressources", "Ressources"),
    ("publications.ThemeIndexPage", "thematiques", "Thématiques"),
    ("bonnes_pratiques.BonnePratiqueIndexPage", "bonnes-pratiques", "Bonnes pratiques"),
    ("programmes.ProgrammeIndexPage", "appuis-terrain", "Appuis terrain"),
    ("home.ActualiteIndexPage", "actualites", "Actualités"),
]


@transaction.atomic
def ensure_site_tree():
    """Create the home page, the default site (at BASE_URL) and the section pages if missing.

    Returns a dict: {"home": HomePage, "ressources": ResourceIndexPage, ...}.
    Idempotent: existing pages are kept as editors left them.
    """
    HomePage = apps.get_model(HOME_PAGE)  # noqa: N806 - a model class
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        # Replace Wagtail's placeholder "Welcome" page, if any, by our home page.
        Page.objects.filter(depth=2, content_type__model="page").delete()
        root.refresh_from_db()
        home = root.add_child(instance=HomePage(title="Accueil", slug="accueil"))
    sync_default_site(root_page=home)

    pages = {"home": home}
    for model_path, slug, title in SECTIONS:
        model = apps.get_model(model_path)
        page = model.objects.child_of(home).first()
        if page is None:
            home.refresh_from_db()
            page = home.add_child(instance=model(title=title, slug=slug))
        pages[slug] = page
    return pages


def sync_default_site(root_page=None):
    """Give the default Wagtail Site BASE_URL's host and port, which every page's full URL
    (sitemap, canonical and og links, API html_url, .ics) is written with; create it if missing.
    Saved only when something changed (a save moves the content version)."""
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        if root_page is None:
            root_page = apps.get_model(HOME_PAGE).objects.first()
            if root_page is None:
                return None  # no home page yet: ensure_site_tree() creates both
        return Site.objects.create(
            hostname=hostname, port=port, root_page=root_page, is_default_site=True, site_name="Anap"
        )
    changes = {"hostname": hostname, "port": port}
    if root_page is not None:
        changes["root_page_id"] = root_page.pk
    if any(getattr(site, name) != value for name, value in changes.items()):
        other = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).first()
        if other is not None:
            raise ImproperlyConfigured(
                f"Le site « {other} » occupe déjà l'adresse de BASE_URL ({hostname}:{port}) : "
                "modifiez-le dans l'administration (Paramètres > Sites) ou changez BASE_URL."
            )
        for name, value in changes.items():
            setattr(site, name, value)
        site.save()
    return site
