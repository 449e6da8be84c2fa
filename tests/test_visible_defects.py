"""What a visitor sees, as the markup says it (Django's client): issue #10's visible defects."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0, skip_index=False)


def page_html(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def the_webinar_shows_its_replay_once_as_a_marked_demo(client):
    html = page_html(client, "/ressources/webconference-reflexe-had-tension-lits/")
    assert html.count('<figure class="fr-content-media') == 1
    assert "<iframe" not in html  # no external player that never loads
    assert "Vidéo de démonstration" in html and "Voir le replay (vidéo de démonstration)" in html
    assert "DemoAnapHAD" not in html
    assert not re.search(r"<figure[^>]*\brole=", html)
    # The slides: offered once (the callout), not again in a body block or the "Télécharger" list.
    assert len(re.findall(r'href="/documents/', html)) == 1


def test_a_real_replay_is_embedded_once(client, make_resource):
    from publications.models import WebconferencePage

    page = make_resource(
        model=WebconferencePage, title="Réflexe HAD", replay_url="https://www.youtube.com/watch?v=abcdef12"
    )
    html = page_html(client, page.url)
    assert html.count("<iframe") == 1 and "youtube-nocookie.com/embed/abcdef12" in html
    assert "démonstration" not in html


def one_download_per_document(client):
    html = page_html(client, "/ressources/admission-had-comment-etre-reactif/")
    links = re.findall(r'href="(/documents/[^"]+)"', html)
    assert links and len(links) == len(set(links))
    assert "La publication complète" in html


def the_kits_row_is_balanced_and_audiences_are_tags(client):
    home = page_html(client, "/")
    kits = home[home.index('id="kits-une"') : home.index("</section>", home.index('id="kits-une"'))]
    assert kits.count('class="fr-col-12 fr-col-md-6"') == 2  # two kits: two halves, no hole
    resource = page_html(client, "/ressources/admission-had-comment-etre-reactif/")
    audiences = resource[resource.index("Public cible") :]
    assert re.search(r'<p class="fr-tag fr-tag--sm hub-tag--static">Directeurs</p>', audiences)


FOOTER_PAGES = [
    ("/mentions-legales/", "Mentions légales"),
    ("/donnees-personnelles/", "Données personnelles"),
    ("/accessibilite/", "Accessibilité : partiellement conforme"),
    ("/plan-du-site/", "Plan du site"),
]


def the_footer_links_to_the_dsfr_mandatory_pages(client):
    footer = page_html(client, "/")
    footer = footer[footer.index('<footer class="fr-footer"') :]
    for path, title in FOOTER_PAGES:
        assert f'href="{path}"' in footer
        assert f"<h1>{title}</h1>" in page_html(client, path)


def the_accessibility_page_states_its_conformity_and_the_site_map_lists_the_sections(client):
    assert "<b>partiellement conforme</b>" in page_html(client, "/accessibilite/")
    site_map = page_html(client, "/plan-du-site/")
    for link in ("/ressources/", "/thematiques/", "/thematiques/urgences/", "/bonnes-pratiques/", "/actualites/"):
        assert f'href="{link}"' in site_map, link
    assert 'href="/mentions-legales/"' in site_map and 'href="/recherche/"' in site_map


def search_landmarks_have_unique_names_and_the_menu_modal_no_aria_labelledby(client):
    html = page_html(client, "/")
    names = re.findall(r'role="search" aria-label="([^"]+)"', html)
    assert len(names) == 2 and len(set(names)) == 2
    assert not re.search(r'<div[^>]*id="modal-menu"[^>]*aria-labelledby', html)
    search = page_html(client, "/recherche/?q=HAD")
    names = re.findall(r'role="search" aria-label="([^"]+)"', search)
    assert len(names) == 2 and len(set(names)) == 2


def the_resource_list_headings_follow_in_order(client):
    for path in ("/ressources/", "/bonnes-pratiques/"):
        levels = [int(level) for level in re.findall(r"<h([1-6])", page_html(client, path))]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)


def visitors_read_no_plumbing_in_search(client, settings):
    settings.SEARCH_URL = "http://127.0.0.1:9"  # an engine configured but down: the database answers
    settings.SEARCH_TIMEOUT = 0.5
    html = page_html(client, "/recherche/?q=HAD")
    assert "résultats pour « HAD »" in html
    assert "base de données" not in html and "moteur de recherche" not in html


def results_come_before_the_facets_in_the_page(client):
    html = page_html(client, "/recherche/?q=HAD")
    assert html.index('id="search-count"') < html.index('id="search-results"') < html.index('id="search-filters"')
    assert 'href="#search-filters"' in html


def test_the_demo_site_as_a_visitor_sees_it(client, demo, settings):
    """One demo load (a few seconds) for every check on it."""
    the_webinar_shows_its_replay_once_as_a_marked_demo(client)
    one_download_per_document(client)
    the_kits_row_is_balanced_and_audiences_are_tags(client)
    the_footer_links_to_the_dsfr_mandatory_pages(client)
    the_accessibility_page_states_its_conformity_and_the_site_map_lists_the_sections(client)
    search_landmarks_have_unique_names_and_the_menu_modal_no_aria_labelledby(client)
    the_resource_list_headings_follow_in_order(client)
    visitors_read_no_plumbing_in_search(client, settings)
    results_come_before_the_facets_in_the_page(client)
