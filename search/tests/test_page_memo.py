"""The page memo (core/content_version.py) is exact: what pages keep under the content version changes
with the next request after any publish, unpublish, view restriction, site or home page edit."""

import datetime

import pytest
from wagtail.models import PageViewRestriction, Site

from core import content_version
from publications.models import KitComponent, KitPage, ResourcePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def memo_on(settings):
    settings.PAGE_MEMO = True


def related_section(client, page):
    html = client.get(page.url).content.decode()
    return html.split('id="ressources-liees"', 1)[1] if 'id="ressources-liees"' in html else ""


def latest_section(client):
    html = client.get("/").content.decode()
    return html.split('id="dernieres"', 1)[1].split("</section>", 1)[0]


def test_related_resources_follow_publish_and_unpublish(client, make_resource):
    page = make_resource(title="Page lue", themes=["urgences"])
    neighbour = make_resource(title="Voisine en urgences", themes=["urgences"])
    assert "Voisine en urgences" in related_section(client, page)
    assert "Voisine en urgences" in related_section(client, page)  # from the memo

    neighbour.unpublish()
    assert "Voisine en urgences" not in related_section(client, page)
    make_resource(title="Nouvelle en urgences", themes=["urgences"], publication_date=datetime.date(2025, 1, 1))
    assert "Nouvelle en urgences" in related_section(client, page)


def test_a_private_section_leaves_the_pages_at_once(client, make_resource, site_tree):
    page = make_resource(title="Page publique", themes=["urgences"])
    make_resource(title="Protocole interne", themes=["urgences"], publication_date=datetime.date(2025, 1, 1))
    assert "Protocole interne" in related_section(client, page)
    assert "Protocole interne" in latest_section(client)

    restriction = PageViewRestriction.objects.create(
        page=site_tree["ressources"], restriction_type=PageViewRestriction.LOGIN
    )
    assert "Protocole interne" not in latest_section(client)
    assert client.get(page.url).status_code == 302  # to the login page: the memo keeps no page open
    restriction.delete()
    assert "Protocole interne" in latest_section(client)


def test_the_kits_a_resource_belongs_to_follow_the_kit(client, make_resource):
    flyer = make_resource(title="Flyer du kit")
    kit = make_resource(model=KitPage, title="Kit parcours")
    assert "Fait partie du kit" not in client.get(flyer.url).content.decode()
    kit.components = [KitComponent(role="flyer", page=flyer)]
    kit.save_revision().publish()
    assert "Kit parcours" in client.get(flyer.url).content.decode()
    kit.unpublish()
    assert "Kit parcours" not in client.get(flyer.url).content.decode()


def test_the_home_page_follows_its_own_edits(client, make_resource, site_tree):
    from home.models import HomeFeaturedKit

    make_resource(model=KitPage, title="Kit le plus récent", publication_date=datetime.date(2025, 1, 1))
    chosen = make_resource(model=KitPage, title="Kit choisi", publication_date=datetime.date(2020, 1, 1))
    first = client.get("/").content.decode().split('id="kits-une"', 1)[1].split("</section>", 1)[0]
    assert "Kit le plus récent" in first and "Kit choisi" in first  # the 3 latest, without a choice

    home = site_tree["home"]
    home.featured_kits = [HomeFeaturedKit(kit=chosen)]
    home.save_revision().publish()
    second = client.get("/").content.decode().split('id="kits-une"', 1)[1].split("</section>", 1)[0]
    assert "Kit choisi" in second and "Kit le plus récent" not in second


def test_breadcrumbs_follow_a_renamed_section(client, make_resource, site_tree):
    page = make_resource(title="Page du fil")
    assert ">Ressources</a>" in client.get(page.url).content.decode()
    section = site_tree["ressources"]
    section.title = "Toutes les ressources"
    section.save_revision().publish()
    assert ">Toutes les ressources</a>" in client.get(page.url).content.decode()


def test_a_new_site_for_a_host_name_is_served_at_once(client, site_tree):
    assert client.get("/", HTTP_HOST="partenaires.example").context["page"].pk == site_tree["home"].pk
    Site.objects.create(hostname="partenaires.example", port=80, root_page=site_tree["ressources"])
    assert client.get("/", HTTP_HOST="partenaires.example").context["page"].pk == site_tree["ressources"].pk


def test_a_preview_never_fills_the_memo(rf, make_resource):
    """The related resources of a draft (its own hand-picked links) are not kept for the live page."""
    from publications.models import RelatedResource

    page = make_resource(title="Page en relecture", themes=["urgences"])
    picked = make_resource(title="Choix du brouillon")
    content_version.validate()
    draft = ResourcePage.objects.get(pk=page.pk)
    draft.related_links = [RelatedResource(resource=picked)]
    request = rf.get(page.url)
    request.is_preview = True
    assert [r.title for r in draft.get_context(request)["related"]] == ["Choix du brouillon"]

    live_request = rf.get(page.url)
    live = ResourcePage.objects.get(pk=page.pk)
    assert [r.title for r in live.get_context(live_request)["related"]] == []


def test_the_memo_can_be_turned_off(client, make_resource, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = make_resource(title="Page calculée", themes=["urgences"])
    make_resource(title="Voisine", themes=["urgences"])

    def queries():
        client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            assert "Voisine" in client.get(page.url).content.decode()
        return len(captured)

    kept = queries()
    settings.PAGE_MEMO = False
    assert queries() >= kept + 5  # site, related resources (3+), kits, breadcrumbs: computed again


def test_listing_counts_follow_publish_unpublish_and_filters(client, make_resource):
    import re

    def count(url):
        return int(re.search(r'<p role="status">(\d+) ressource', client.get(url).content.decode()).group(1))

    make_resource(title="Fiche urgences", themes=["urgences"])
    second = make_resource(title="Fiche achats", themes=["achats"])
    assert (count("/ressources/"), count("/ressources/?theme=urgences"), count("/thematiques/urgences/")) == (2, 1, 1)
    assert count("/ressources/?theme=urgences") == 1  # from the memo

    make_resource(title="Deuxième fiche urgences", themes=["urgences"])
    assert (count("/ressources/"), count("/ressources/?theme=urgences"), count("/thematiques/urgences/")) == (3, 2, 2)
    second.unpublish()
    assert count("/ressources/") == 2
    assert count("/ressources/?theme=theme-inconnu") == 0  # not kept: a made-up theme
