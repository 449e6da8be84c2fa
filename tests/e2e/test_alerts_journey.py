"""A cadre de santé's alert in Chromium: subscribe on a theme page, confirm by the e-mail's link, receive a
digest from the worker once a resource is published, unsubscribe by the message's link; a second alert,
from a search with filters, is ended by the mail client's one-click POST (RFC 8058).

The e-mails go through Django's SMTP backend to a real SMTP server (tests/e2e/mail.py). The pages are
used without JavaScript. On the production stack the e-mails and the digest are the worker's.
"""

import re
import urllib.request

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Alert
from alerts.tasks import send_digests_task
from tests.engine_nodes import wait_for_background_work

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrations_data"),
]

HAD = "hospitalisation-a-domicile-had"
VISITOR = "cadre.sante@had-lauragais.fr"
NEW_TITLE = "Sortie d'hospitalisation vers l'HAD : la check-list"


@pytest.fixture
def hub(settings, live_server, site_tree, smtp):
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    return live_server


def link(body, live_server, pattern):
    match = re.search(re.escape(live_server.url) + pattern, body)
    assert match, body
    return match.group(0)


def body_of(message):
    return message.get_body(("plain",)).get_content()


def test_a_theme_alert_from_subscription_to_unsubscription(hub, browser, smtp, make_resource, tmp_path):
    page = browser.new_page(locale="fr-FR", viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page.goto(f"{hub.url}/thematiques/{HAD}/")
    form = page.locator("form", has=page.get_by_role("button", name="M'abonner aux nouveautés"))
    form.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "theme-form-desktop.png", full_page=True)
    form.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    form.get_by_role("button", name="M'abonner aux nouveautés").click()
    expect(page.get_by_text("Indiquez une adresse électronique valide").first).to_be_visible()
    assert not Alert.objects.exists()

    page.get_by_label("Votre adresse électronique").fill(VISITOR)
    expect(page.get_by_label("Chaque semaine")).to_be_checked()
    page.get_by_role("button", name="M'abonner aux nouveautés").click()
    expect(page.get_by_role("heading", name="Vérifiez votre messagerie")).to_be_visible()

    confirmation = smtp.wait_for_message(VISITOR, "Confirmez votre alerte")
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<" + re.escape(hub.url) + r"/alertes/[\w-]+/desabonnement/>", confirmation["List-Unsubscribe"].strip()
    )
    page.goto(link(body_of(confirmation), hub, r"/alertes/confirmer/[\w:-]+/"))
    page.get_by_role("button", name="Confirmer mon alerte").click()
    expect(page.get_by_text("Votre alerte est confirmée.")).to_be_visible()
    expect(page.get_by_text("Thème : Hospitalisation à domicile (HAD)")).to_be_visible()
    page.screenshot(path=tmp_path / "manage-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=tmp_path / "manage-390.png", full_page=True)
    page.goto(f"{hub.url}/thematiques/{HAD}/")
    page.screenshot(path=tmp_path / "theme-form-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # A week later: a resource on the theme is published, the worker's periodic run sends the digest.
    resource = make_resource(title=NEW_TITLE, themes=[HAD])
    Alert.objects.filter(email=VISITOR).update(next_digest_at=timezone.now())
    send_digests_task.enqueue()
    wait_for_background_work()
    digest = smtp.wait_for_message(VISITOR, "Nouveautés de l'Anap : 1 ressource")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = body_of(digest)
    page.goto(link(text, hub, re.escape(resource.url)))
    expect(page.get_by_role("heading", level=1, name=NEW_TITLE)).to_be_visible()
    send_digests_task.enqueue()  # the next run finds nothing new: no second digest
    wait_for_background_work()
    assert len([m for m in smtp.messages_for(VISITOR) if "Nouveautés" in m["Subject"]]) == 1

    page.goto(link(text, hub, r"/alertes/[\w-]+/desabonnement/"))
    page.get_by_role("button", name="Me désabonner").click()
    expect(page.get_by_text("L'alerte est supprimée, et votre adresse avec elle.")).to_be_visible()
    assert not Alert.objects.filter(email=VISITOR).exists()


def test_a_search_alert_ends_with_the_mail_clients_one_click_post(hub, browser, smtp):
    page = browser.new_page(locale="fr-FR", java_script_enabled=False)
    page.goto(f"{hub.url}/recherche/?q=parcours&theme={HAD}&type=publication")
    page.get_by_role("link", name="Recevoir les nouveautés de ces filtres par courriel").click()
    expect(page.get_by_text("Les mots recherchés (« parcours ») ne font pas partie de l'alerte")).to_be_visible()
    expect(page.get_by_text("Type : Publication")).to_be_visible()
    page.get_by_label("Votre adresse électronique").fill(VISITOR)
    page.locator("label", has_text="Chaque jour").click()  # a DSFR radio: its label covers it
    expect(page.get_by_label("Chaque jour")).to_be_checked()
    page.get_by_role("button", name="M'abonner aux nouveautés").click()
    expect(page.get_by_role("heading", name="Vérifiez votre messagerie")).to_be_visible()
    alert = Alert.objects.get(email=VISITOR)
    assert alert.filters == {"type": ["publication"], "theme": [HAD]} and alert.frequency == "quotidienne"

    message = smtp.wait_for_message(VISITOR, "Confirmez votre alerte")
    url = message["List-Unsubscribe"].strip().strip("<>")
    # What a mail provider sends: no cookie, no CSRF token, no page to confirm.
    request = urllib.request.Request(url, data=b"List-Unsubscribe=One-Click", method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the live server
        assert response.status == 200
    assert not Alert.objects.filter(email=VISITOR).exists()
