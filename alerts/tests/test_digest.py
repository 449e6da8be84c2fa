"""The digests: new public matching resources only, each once, through the outbox."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import PageViewRestriction

from alerts import digest, outbox, services
from alerts.models import Alert, Delivery
from core.models import OutgoingEmail
from publications.models import PublicationPage, ResourceIndexPage, Theme

from .conftest import EMAIL, HAD, make_due

pytestmark = pytest.mark.django_db


def run_digests(capture):
    with capture(execute=True):
        return digest.send_digests()


def digests():
    return [m for m in mail.outbox if m.subject.startswith("Nouveautés de l'Anap")]


@pytest.fixture
def alert(confirmed):
    alert = confirmed()
    mail.outbox.clear()
    return alert


def test_nothing_is_sent_before_the_alerts_turn(alert, make_resource, django_capture_on_commit_callbacks):
    make_resource(title="Guide HAD", themes=[HAD])
    assert run_digests(django_capture_on_commit_callbacks) == (0, 0)
    assert not digests()


def test_a_digest_lists_the_new_public_matching_resources_once(
    alert, make_resource, site_tree, django_capture_on_commit_callbacks
):
    make_due(alert)
    old = make_resource(title="Ancien guide HAD", themes=[HAD])
    PublicationPage.objects.filter(pk=old.pk).update(first_published_at=alert.confirmed_at - datetime.timedelta(days=1))
    new = make_resource(title="Nouveau guide HAD", themes=[HAD])
    make_resource(title="Guide des urgences", themes=["urgences"])
    members = site_tree["home"].add_child(instance=ResourceIndexPage(title="Espace adhérents", slug="adherents"))
    members.save_revision().publish()
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    make_resource(title="Note HAD réservée", themes=[HAD], parent=members)
    draft = PublicationPage(title="Brouillon HAD", summary="x", live=False)
    site_tree["ressources"].add_child(instance=draft)
    draft.themes.set([Theme.objects.get(slug=HAD)])
    draft.save_revision()
    unpublished = make_resource(title="Guide HAD retiré", themes=[HAD])
    unpublished.unpublish()

    assert run_digests(django_capture_on_commit_callbacks) == (1, 1)
    [message] = digests()
    assert message.to == [EMAIL]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.subject.startswith("Nouveautés de l'Anap : 1 ressource (Thème : Hospitalisation à domicile (HAD))")
    assert "Nouveau guide HAD" in message.body and f"http://testserver{new.url}" in message.body
    for absent in ("Ancien", "urgences", "réservée", "Brouillon", "retiré"):
        assert absent not in message.body
    assert f"http://testserver/alertes/{alert.token}/" in message.body
    assert f"http://testserver/alertes/{alert.token}/desabonnement/" in message.body
    alert.refresh_from_db()
    assert alert.next_digest_at > timezone.now() + datetime.timedelta(days=6)

    # Edited and republished, then a week later: not again. A newer resource: only it.
    new.title = "Nouveau guide HAD (édition 2)"
    new.save_revision().publish()
    make_due(alert)
    assert run_digests(django_capture_on_commit_callbacks) == (1, 0)
    newer = make_resource(title="Fiche HAD de la semaine", themes=[HAD])
    make_due(alert)
    run_digests(django_capture_on_commit_callbacks)
    assert len(digests()) == 2
    assert "Fiche HAD de la semaine" in digests()[-1].body and "Nouveau guide" not in digests()[-1].body
    assert set(Delivery.objects.values_list("page_id", flat=True)) == {new.pk, newer.pk}


def test_the_filters_mean_what_the_search_meant(confirmed, make_resource, django_capture_on_commit_callbacks):
    alert = make_due(confirmed(theme=[HAD, "urgences"], type="publication", annee="2024"))
    mail.outbox.clear()
    make_resource(title="Publication HAD 2024", themes=[HAD])
    make_resource(title="Publication urgences 2024", themes=["urgences"])
    make_resource(title="Publication HAD 2023", themes=[HAD], publication_date=datetime.date(2023, 3, 1))
    assert run_digests(django_capture_on_commit_callbacks) == (1, 2)
    body = digests()[0].body
    assert "Publication HAD 2024" in body and "Publication urgences 2024" in body
    assert "Publication HAD 2023" not in body
    assert alert.filters == {"type": ["publication"], "theme": sorted([HAD, "urgences"]), "annee": [2024]}


def test_two_workers_build_one_digest(alert, make_resource, django_capture_on_commit_callbacks):
    make_due(alert)
    make_resource(title="Guide HAD", themes=[HAD])
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.send_digest(alert.pk, now) == 1
        assert digest.send_digest(alert.pk, now) == 0  # the second one finds its turn moved
    assert len(digests()) == 1


def test_a_crash_while_building_keeps_nothing_and_the_next_run_sends(
    alert, make_resource, monkeypatch, django_capture_on_commit_callbacks
):
    make_due(alert)
    make_resource(title="Guide HAD", themes=[HAD])
    real = outbox.queue

    def crash(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(outbox, "queue", crash)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        digest.send_digests()
    assert not Delivery.objects.exists() and not OutgoingEmail.objects.filter(subject__startswith="Nouveautés").exists()
    assert Alert.objects.get(pk=alert.pk).next_digest_at < timezone.now()
    monkeypatch.setattr(outbox, "queue", real)
    assert run_digests(django_capture_on_commit_callbacks) == (1, 1)
    assert len(digests()) == 1


def test_a_long_digest_is_cut_and_the_rest_comes_next(
    alert, make_resource, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(digest, "DIGEST_SIZE", 2)
    make_due(alert)
    for number in range(3):
        make_resource(title=f"Guide HAD {number}", themes=[HAD])
    run_digests(django_capture_on_commit_callbacks)
    assert "D'autres ressources sont parues" in digests()[0].body
    make_due(alert)
    run_digests(django_capture_on_commit_callbacks)
    assert "Guide HAD 2" in digests()[1].body and Delivery.objects.count() == 3


def test_the_digest_task_is_periodic(settings):
    from alerts.tasks import send_digests_task
    from core.background import periodic_tasks

    assert periodic_tasks()["alerts.tasks.send_digests_task"][0] is send_digests_task


def test_unsubscribing_erases_the_address(client, alert, make_resource, django_capture_on_commit_callbacks):
    make_due(alert)
    make_resource(title="Guide HAD", themes=[HAD])
    run_digests(django_capture_on_commit_callbacks)
    assert Delivery.objects.exists() and OutgoingEmail.objects.filter(to=EMAIL).count() == 2
    assert services.delete_alert(alert.token)
    assert not Alert.objects.exists() and not Delivery.objects.exists()
    assert not OutgoingEmail.objects.filter(to__contains=EMAIL).exists()
