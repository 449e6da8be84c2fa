"""One card (templates/includes/resource_card.html) for the listings and the search results."""

import datetime

import pytest

pytestmark = pytest.mark.django_db


def test_the_listing_and_the_search_show_the_same_card(make_resource, client, settings):
    settings.SEARCH_URL = ""
    page = make_resource(
        title="Admission <directe> en HAD",
        summary="Le guide & ses annexes.",
        themes=["urgences"],
        publication_date=datetime.date(2024, 3, 7),
    )
    theme = page.theme_tags[0].name
    listing = client.get("/ressources/").content.decode()
    results = client.get("/recherche/", {"q": "admission"}).content.decode()
    link = f'<a href="{page.url}">Admission &lt;directe&gt; en HAD</a>'
    assert f'<h3 class="fr-card__title">{link}</h3>' in listing
    assert f'<h2 class="fr-card__title fr-h5">{link}</h2>' in results
    for html in (listing, results):
        assert f'<p class="fr-badge fr-badge--sm fr-badge--blue-ecume">{page.get_kind_display()}</p>' in html
        assert f'<p class="fr-card__detail">{theme}</p>' in html
    assert '<p class="fr-card__desc">Le guide &amp; ses annexes.</p>' in listing
    assert '<p class="fr-card__detail">Publié le 7 mars 2024</p>' in listing
    # The search card: the highlighted snippet, the sector and the date.
    assert '<p class="fr-card__desc"><mark>Admission</mark> &lt;directe&gt; en HAD</p>' in results
    assert f'<p class="fr-card__detail">{page.get_sector_display()} · Publié le 7 mars 2024</p>' in results
    assert 'class="fr-card fr-enlarge-link fr-card--horizontal fr-card--no-icon"' in results
    assert 'class="fr-card fr-enlarge-link">' in listing
