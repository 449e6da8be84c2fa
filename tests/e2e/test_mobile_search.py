"""/recherche/ on a 390-px phone, in Chromium, with and without JavaScript: the count and the first
result on the first screen, the facets behind a DSFR button that works without JavaScript."""

import pytest

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_phone_search_shows_results_first_and_facets_behind_a_button(served_site, browser, javascript):
    _base_url, asked_at = served_site
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, locale="fr-FR")
    page = context.new_page()
    page.goto(asked_at + "/recherche/?q=HAD")
    count = page.locator("#search-count")
    first_result = page.locator("#search-results > li").first
    assert "résultats pour « HAD »" in count.inner_text()
    for element in (count, first_result):
        box = element.bounding_box()
        assert box is not None and box["y"] < PHONE["height"], box  # on the first screen, not after the facets
    filters = page.locator("#search-filters")
    assert filters.bounding_box()["y"] > PHONE["height"]  # the facets wait below, behind the button

    button = page.get_by_role("link", name="Filtrer les résultats")
    assert button.is_visible()
    button.click()
    page.wait_for_url("**#search-filters")
    assert filters.bounding_box()["y"] < 10 + PHONE["height"] / 2  # the button brought them to the screen
    page.locator("#search-filters label[for^='f-type-']").first.click()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**type=**")
    assert "résultat" in page.locator("#search-count").inner_text()
    context.close()


def test_desktop_search_keeps_the_facets_on_the_left(served_site, browser):
    _base_url, asked_at = served_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(asked_at + "/recherche/?q=HAD")
    filters, results = page.locator("#search-filters").bounding_box(), page.locator("#search-results").bounding_box()
    assert filters["x"] < results["x"] and filters["y"] < 900
    assert not page.get_by_role("link", name="Filtrer les résultats").is_visible()
    context.close()


def test_rows_of_cards_and_figures_leave_no_hole(served_site, browser):
    """The home page's featured kits and key figures: every row ends at the right edge of the grid."""
    _base_url, asked_at = served_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(asked_at + "/")
    for items in ("section[aria-labelledby=kits-une] .fr-grid-row > li", ".key-figures__item"):
        boxes = [item.bounding_box() for item in page.locator(items).all()]
        assert len(boxes) >= 2, items
        right_edges = {round(box["x"] + box["width"]) for box in boxes}
        assert len(right_edges) > 1 and max(right_edges) - min(right_edges) > 100  # several columns
        rows = {}
        for box in boxes:
            rows.setdefault(round(box["y"]), []).append(round(box["x"] + box["width"]))
        assert len({max(edges) for edges in rows.values()}) == 1, (items, rows)  # each row ends at the edge
    context.close()
