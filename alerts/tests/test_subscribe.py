"""Subscribing: the filters, the e-mail, the double opt-in, the same answer for every address."""

import html
import time

import pytest
from django.core import mail, signing
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from alerts import links
from alerts.models import Alert, Delivery
from core.models import OutgoingEmail

from .conftest import EMAIL, HAD, SUBSCRIBE, link_in

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def nothing_saved():
    assert not Alert.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_the_form_shows_the_filters_and_leaves_the_words_out(client, site_tree):
    response = client.get(SUBSCRIBE, {"theme": HAD, "type": "publication", "q": "admission directe"})
    html = text(response)
    assert response.status_code == 200
    assert "Thème : Hospitalisation à domicile (HAD)" in html
    assert "Type : Publication" in html
    assert "Les mots recherchés (« admission directe ») ne font pas partie de l'alerte" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_request_sends_only_the_confirmation(subscribe, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe()
    assert response.status_code == 302 and response["Location"] == "/alertes/nouvelle/envoyee/"
    alert = Alert.objects.get()
    assert alert.email == EMAIL and alert.filters == {"theme": [HAD]} and alert.confirmed_at is None
    assert alert.next_digest_at is None  # nothing but the confirmation before it
    assert [m.subject for m in mail.outbox] == ["Confirmez votre alerte sur les nouveautés de l'Anap"]
    body = mail.outbox[0].body
    assert "Thème : Hospitalisation à domicile (HAD)" in body
    link_in(body, r"/alertes/confirmer/[\w:-]+/")
    unsubscribe = link_in(body, r"/alertes/[\w-]+/desabonnement/")
    assert mail.outbox[0].extra_headers == {
        "List-Unsubscribe": f"<http://testserver{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert OutgoingEmail.objects.get().related == alert


def test_the_one_click_address_is_https_where_the_site_is(subscribe, settings, django_capture_on_commit_callbacks):
    settings.BASE_URL = "https://ressources.anap.fr"
    with django_capture_on_commit_callbacks(execute=True):
        subscribe()
    alert = Alert.objects.get()
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    assert header == f"<https://ressources.anap.fr/alertes/{alert.token}/desabonnement/>"
    assert f"https://ressources.anap.fr/alertes/{alert.token}/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Indiquez votre adresse électronique."),
        ("pas-une-adresse", "Indiquez une adresse électronique valide"),
        ("a@b", "Indiquez une adresse électronique valide"),
        ("x" * 250 + "@exemple.fr", "trop longue"),
    ],
)
def test_a_bad_address_gets_a_french_message_and_saves_nothing(subscribe, email, message):
    response = subscribe(email=email)
    assert response.status_code == 400
    assert message in text(response)
    nothing_saved()


def test_a_bad_frequency_is_refused(subscribe):
    response = subscribe(frequence="chaque-heure")
    assert response.status_code == 400
    assert "Choisissez « Chaque semaine » ou « Chaque jour »." in text(response)
    nothing_saved()


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({}, "Choisissez au moins un filtre"),
        ({"theme": "theme-inconnu"}, "Le filtre « Thème » n'a pas de valeur « theme-inconnu »."),
        ({"theme": HAD, "type": "<script>"}, "Le filtre « Type » n'a pas de valeur « <script> »."),
        ({"annee": "1850"}, "Le filtre « Année » n'a pas de valeur « 1850 »."),
        ({"theme": [HAD] * 21}, "Trop de valeurs pour le filtre « Thème »"),
    ],
)
def test_unknown_or_forged_filters_get_a_french_message_and_save_nothing(client, site_tree, filters, message):
    data = {"email": EMAIL, "frequence": "hebdomadaire", **filters}
    if not filters:
        data["q"] = "urgences"  # words alone are no alert
    response = client.post(SUBSCRIBE, data)
    assert response.status_code == 400
    assert message in text(response)
    assert "<script>" not in response.content.decode().split("<main")[1].split("</main>")[0]  # escaped
    nothing_saved()


FACET_PARAMS = ["type", "theme", "public", "secteur", "annee", "q", "autre"]


@hypothesis_settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(FACET_PARAMS),
        st.lists(
            st.one_of(
                st.sampled_from([HAD, "urgences", "publication", "kit", "2024", "ehpad", "sanitaire", " 2023 "]),
                st.text(max_size=30),
            ),
            max_size=4,
        ),
        max_size=4,
    )
)
def test_any_filters_give_a_french_answer_and_save_only_a_valid_alert(client, site_tree, settings, params):
    settings.ALERTS_SUBSCRIBE_LIMIT = 10_000  # the limit has its own test
    from django.http import QueryDict

    from alerts import filters as alert_filters

    data = QueryDict(mutable=True)
    for name, values in params.items():
        data.setlist(name, [value.replace("\x00", "") for value in values])
    data["email"] = EMAIL
    data["frequence"] = "quotidienne"
    before = Alert.objects.count()
    response = client.post(SUBSCRIBE, dict(data.lists()))  # every value (a QueryDict would post the last)
    try:
        expected = alert_filters.canonical(data)
    except alert_filters.FilterError as exc:
        assert response.status_code == 400
        assert "Cette alerte ne peut pas être créée" in text(response)
        assert str(exc)[:20] in text(response)
        assert Alert.objects.count() == before
    else:
        assert response.status_code == 302
        assert Alert.objects.get(email=EMAIL, filters_key=alert_filters.key(expected)).filters == expected
    Alert.objects.all().delete()
    OutgoingEmail.objects.all().delete()


def test_the_answer_is_the_same_for_a_known_address(client, confirmed, subscribe, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = subscribe(email="nouvelle@exemple.fr")
    page_new = client.get(first["Location"]).content
    alert = confirmed()
    mail.outbox.clear()
    Alert.objects.filter(pk=alert.pk).update(notice_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        again = subscribe()
    assert (again.status_code, again["Location"]) == (first.status_code, first["Location"])
    assert client.get(again["Location"]).content == page_new
    # The address's owner learns it is active already, with the link to manage it; nobody else learns anything.
    assert [m.subject for m in mail.outbox] == ["Votre alerte sur les nouveautés de l'Anap est déjà active"]
    assert Alert.objects.filter(email=EMAIL).count() == 1


def test_repeated_requests_send_one_email_per_cooldown(subscribe, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert subscribe(email=EMAIL.upper()).status_code == 302
    assert len(mail.outbox) == 1
    assert Alert.objects.get().email == EMAIL


def test_subscription_attempts_are_rate_limited(subscribe, settings):
    settings.ALERTS_SUBSCRIBE_LIMIT = 2
    assert subscribe(email="a@exemple.fr").status_code == 302
    assert subscribe(email="pas-valable").status_code == 400  # an attempt too
    response = subscribe(email="b@exemple.fr")
    assert response.status_code == 429
    assert "Trop de demandes d'alerte" in text(response)
    assert response["Retry-After"] == "3600"
    assert list(Alert.objects.values_list("email", flat=True)) == ["a@exemple.fr"]


def confirmation_path():
    return link_in(mail.outbox[-1].body, r"/alertes/confirmer/[\w:-]+/")


def test_the_link_confirms_once(client, subscribe, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe()
    path = confirmation_path()
    page = client.get(path)
    assert page.status_code == 200 and "Confirmer mon alerte" in text(page)
    assert Alert.objects.get().confirmed_at is None  # a GET (a link scanner) confirms nothing
    response = client.post(path)
    alert = Alert.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/alertes/{alert.token}/"
    assert alert.confirmed_at is not None and alert.next_digest_at > alert.confirmed_at
    assert "Votre alerte est confirmée." in text(client.get(response["Location"]))
    for method in (client.get, client.post):  # replayed
        replay = method(path)
        assert replay.status_code == 400
        assert "Ce lien de confirmation a déjà servi" in text(replay)
    assert Alert.objects.get().nonce == alert.nonce


def test_an_expired_or_forged_link_confirms_nothing(client, subscribe, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe()
    alert = Alert.objects.get()
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - links.CONFIRM_SECONDS - 60)
    old = links.confirm_path(alert)
    monkeypatch.setattr(signing.time, "time", lambda: now)
    response = client.post(old)
    assert response.status_code == 400
    assert "Ce lien de confirmation a expiré : il est valable 3 jours." in text(response)
    forged = signing.dumps([alert.pk, alert.nonce], salt="autre")
    for path in (f"/alertes/confirmer/{forged}/", confirmation_path()[:-6] + "AAAAA/", "/alertes/confirmer/x/"):
        response = client.post(path)
        assert response.status_code == 400, path
        assert "Ce lien de confirmation n'est pas valable." in text(response)
    assert Alert.objects.get().confirmed_at is None
    assert not Delivery.objects.exists()


def test_unconfirmed_alerts_are_erased_when_their_link_expires(subscribe, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from alerts import services

    with django_capture_on_commit_callbacks(execute=True):
        subscribe()
        subscribe(email="autre@exemple.fr")
    later = datetime.timedelta(seconds=links.CONFIRM_SECONDS + 60)
    Alert.objects.filter(email=EMAIL).update(notice_sent_at=timezone.now() - later, created_at=timezone.now() - later)
    assert services.purge_unconfirmed() == 1
    assert list(Alert.objects.values_list("email", flat=True)) == ["autre@exemple.fr"]
    assert not OutgoingEmail.objects.filter(to=EMAIL).exists()
