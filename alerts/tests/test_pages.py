"""Manage and unsubscribe pages, and the entry points on theme and search pages."""

import html

import pytest
from django.test import Client

from alerts.models import Alert

from .conftest import EMAIL, HAD

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def test_one_click_unsubscribe_needs_no_cookie_nor_csrf_token(confirmed):
    alert = confirmed()
    browserless = Client(enforce_csrf_checks=True)
    path = f"/alertes/{alert.token}/desabonnement/"
    response = browserless.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "L'alerte est supprimée, et votre adresse avec elle." in text(response)
    assert not Alert.objects.exists()
    again = browserless.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert again.status_code == 200 and "Cette alerte n'existe plus" in text(again)


def test_the_unsubscribe_link_shows_one_button_and_a_get_deletes_nothing(client, confirmed):
    alert = confirmed()
    page = client.get(f"/alertes/{alert.token}/desabonnement/")
    assert page.status_code == 200 and "Me désabonner" in text(page)
    assert Alert.objects.filter(pk=alert.pk).exists()
    assert client.get("/alertes/inconnu/desabonnement/").status_code == 404


def test_the_manage_page_changes_the_frequency(client, confirmed):
    alert = confirmed()
    path = f"/alertes/{alert.token}/"
    page = client.get(path)
    assert page.status_code == 200 and EMAIL in text(page) and "Thème : Hospitalisation à domicile (HAD)" in text(page)
    assert page["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in page["Cache-Control"]
    bad = client.post(path, {"frequence": "horaire"})
    assert bad.status_code == 400 and "Choisissez « Chaque semaine » ou « Chaque jour »." in text(bad)
    assert Alert.objects.get().frequency == "hebdomadaire"
    response = client.post(path, {"frequence": "quotidienne"})
    assert response.status_code == 302
    changed = Alert.objects.get()
    assert changed.frequency == "quotidienne" and changed.next_digest_at <= alert.next_digest_at
    assert "La fréquence de votre alerte est enregistrée." in text(client.get(path))
    assert client.get("/alertes/inconnu/").status_code == 404


def test_the_bare_address_explains_how_to_make_an_alert(client, site_tree):
    response = client.get("/alertes/nouvelle/")
    assert response.status_code == 200
    assert "Une alerte reprend les filtres d'une recherche" in text(response)
    assert "Cette alerte ne peut pas être créée" not in text(response)
    assert not Alert.objects.exists()


def test_the_theme_page_has_the_form(client, site_tree):
    page = text(client.get(f"/thematiques/{HAD}/"))
    assert "Recevoir les nouveautés : Hospitalisation à domicile (HAD)" in page
    assert f'<input type="hidden" name="theme" value="{HAD}">' in page


def test_a_search_with_filters_links_to_its_alert(client, site_tree):
    assert "Recevoir les nouveautés" not in text(client.get("/recherche/", {"q": "had"}))
    page = text(client.get("/recherche/", {"q": "had", "theme": HAD, "type": "kit"}))
    assert f"/alertes/nouvelle/?type=kit&theme={HAD}&q=had" in page
