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


# --- A status of the moment (an appui terrain's call) on the same card -------------------------

HAD = "hospitalisation-a-domicile-had"
OPEN_BADGE = '<p class="fr-badge fr-badge--sm fr-badge--success">Candidatures ouvertes</p>'


def open_programme(title="Appui terrain HAD", **dates):
    """An open programme (opened 10 days ago, closes in 30 days) on the HAD theme."""
    from programmes.tests.factories import make_programme
    from publications.models import Theme

    page = make_programme(title=title, **dates)
    page.themes.set([Theme.objects.get(slug=HAD)])
    page.save_revision().publish()
    return page


CARD = '<div class="fr-card fr-enlarge-link'


def card_of(html, title):
    """The card whose link reads `title`, from its opening tag to the next card's."""
    start = html.rindex(CARD, 0, html.index(f">{title}</a>"))
    end = html.find(CARD, start + 1)
    return html[start : end if end != -1 else len(html)]


def test_a_programme_card_shows_its_status_in_listings_search_theme_pages_and_related(make_resource, client, settings):
    settings.SEARCH_URL = ""  # the database backend
    programme = open_programme()
    publication = make_resource(title="Guide de l'HAD", themes=[HAD])
    pages = {
        "listing": client.get("/ressources/"),
        "filtered listing": client.get("/ressources/", {"type": "appui_terrain"}),
        "search": client.get("/recherche/", {"q": "appui terrain"}),
        "search by type": client.get("/recherche/", {"type": "appui_terrain"}),
        "theme": client.get(f"/thematiques/{HAD}/"),
        "related": client.get(publication.url),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        card = card_of(html, programme.title)
        assert '<p class="fr-badge fr-badge--sm fr-badge--blue-ecume">Appui terrain</p>' in card, name
        assert OPEN_BADGE in card, name
        if f">{publication.title}</a>" in html:  # a publication has no status badge
            assert "fr-badge--success" not in card_of(html, publication.title), name


@pytest.fixture
def clock(monkeypatch):
    """Move timezone.now() by some days: time passes, no content changes (no cache is told)."""
    from django.utils import timezone

    real_now = timezone.now

    def move(days):
        moment = real_now() + datetime.timedelta(days=days)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move


@pytest.mark.parametrize(
    ("days", "badge"),
    [
        (-20, '<p class="fr-badge fr-badge--sm fr-badge--info">À venir</p>'),
        (0, OPEN_BADGE),
        (31, '<p class="fr-badge fr-badge--sm fr-badge--new">En cours</p>'),
        (400, '<p class="fr-badge fr-badge--sm">Terminé</p>'),
    ],
)
def test_the_card_follows_the_clock_through_the_page_memo_and_the_search_caches(
    site_tree, client, settings, clock, days, badge
):
    settings.SEARCH_URL = ""
    settings.SEARCH_RESULT_CACHE_SECONDS = 300  # the results and the cards' fragments are kept
    settings.PAGE_MEMO = True
    programme = open_programme()
    urls = ["/recherche/?q=appui", "/ressources/?type=appui_terrain", f"/thematiques/{HAD}/"]
    for url in urls:  # seen once now: kept in the caches with today's status
        assert OPEN_BADGE in card_of(client.get(url).content.decode(), programme.title), url
    clock(days)
    for url in urls:
        card = card_of(client.get(url).content.decode(), programme.title)
        assert badge in card, url
        assert card.count("fr-badge--sm") == 2, url  # the type and one status


def test_new_dates_published_reach_the_cards_at_once(site_tree, client, settings):
    """The cards read the programmes' dates kept under the content version: a publish moves it."""
    from django.utils import timezone

    settings.SEARCH_URL = ""
    settings.PAGE_MEMO = True
    programme = open_programme()
    urls = ["/", "/ressources/", f"/thematiques/{HAD}/", "/recherche/?q=appui"]
    for url in urls:
        assert OPEN_BADGE in card_of(client.get(url).content.decode(), programme.title), url
    programme.applications_open = timezone.now() + datetime.timedelta(days=5)
    programme.save_revision().publish()
    for url in urls:
        card = card_of(client.get(url).content.decode(), programme.title)
        assert '<p class="fr-badge fr-badge--sm fr-badge--info">À venir</p>' in card, url


def test_the_search_asks_the_statuses_once_and_other_cards_ask_nothing(make_resource, client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SEARCH_URL = ""
    make_resource(title="Appui aux urgences, la publication", themes=[HAD])

    def programme_queries(*args):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(*args).content.decode()
        return html, [q["sql"] for q in queries if 'FROM "programmes_programmepage"' in q["sql"]]

    for url in ("/ressources/", f"/thematiques/{HAD}/"):
        html, queries = programme_queries(url)
        assert "Appui aux urgences" in html and queries == [], url
    html, queries = programme_queries("/recherche/", {"q": "appui"})
    assert "Appui aux urgences" in html and queries == []

    for title in ("Appui terrain HAD", "Appui terrain hôpitaux de proximité", "Appui terrain expérience patient"):
        open_programme(title=title)
    html, queries = programme_queries("/recherche/", {"q": "appui"})
    assert html.count(OPEN_BADGE) == 3 and len(queries) == 1


def test_the_statuses_come_from_the_types_that_have_one(site_tree, django_assert_num_queries):
    from publications.resource_types import CardStatus, card_statuses

    programme = open_programme()
    with django_assert_num_queries(0):
        assert card_statuses([("publication", programme.pk), ("kit", 1), ("type supprimé", 2)]) == {}
    with django_assert_num_queries(1):
        statuses = card_statuses([("appui_terrain", programme.pk), ("publication", 3), ("appui_terrain", 999_999)])
    assert statuses == {programme.pk: CardStatus("candidatures_ouvertes", "Candidatures ouvertes", "fr-badge--success")}


def test_the_search_api_gives_the_status(make_resource, client, settings):
    settings.SEARCH_URL = ""
    programme = open_programme()
    make_resource(title="Appui aux urgences, la publication")
    results = {hit["title"]: hit for hit in client.get("/api/recherche/", {"q": "appui"}).json()["results"]}
    assert results[programme.title]["status"] == {"key": "candidatures_ouvertes", "label": "Candidatures ouvertes"}
    assert results["Appui aux urgences, la publication"]["status"] is None
