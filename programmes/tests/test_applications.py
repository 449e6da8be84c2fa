"""Applications through Django's client: stored with their e-mails at once, or refused in French, nothing saved."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.models import OutgoingEmail
from programmes.models import Application, Status

from .factories import VALID_FINESS, application_data, letter, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(site_tree):
    return make_programme()


def apply(client, programme, data=None, upload="default"):
    payload = dict(data if data is not None else application_data())
    if upload == "default":
        upload = letter()
    if upload is not None:
        payload["letter"] = upload
    return client.post(programme.apply_url(), payload)


def nothing_saved():
    return not Application.objects.exists() and not OutgoingEmail.objects.exists()


def test_an_application_is_stored_with_its_reference_and_the_trio_is_told(
    client, programme, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, programme)
    assert response.status_code == 302 and response["Location"] == "/appuis-terrain/candidature/merci/"
    application = Application.objects.get()
    assert application.reference == f"AT-{timezone.now():%Y}-{application.pk:06d}"
    assert (application.finess, application.activity_figure, application.decision) == (VALID_FINESS, 42, "en_attente")
    assert application.letter.read().startswith(b"%PDF")
    received = client.get(response["Location"]).content.decode()
    assert application.reference in received and application.get_status_url() in received
    acknowledgement = next(m for m in mail.outbox if "direction@had-lauragais.fr" in m.to)
    assert sorted(acknowledgement.to) == sorted(application.recipients)
    assert application.reference in acknowledgement.subject
    assert "http://testserver" + application.get_status_url() in acknowledgement.body
    assert any(m.to == ["appui-had@anap.fr"] for m in mail.outbox)
    assert set(OutgoingEmail.objects.filter(application=application).values_list("status", flat=True)) == {"sent"}
    status = client.get(application.get_status_url())
    assert status.status_code == 200 and "En cours d&#x27;examen" in status.content.decode()
    assert status["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in status["Cache-Control"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"finess": "12345"}, "finess", "Le numéro FINESS comporte 9 caractères"),
        ({"finess": "010780196"}, "finess", "la clé de contrôle"),
        ({"finess": "200000000"}, "finess", "Le numéro FINESS comporte 9 caractères"),
        ({"director_email": "direction@"}, "director_email", "Saisissez une adresse électronique valide"),
        ({"physician_name": None}, "physician_name", "Ce champ est obligatoire."),
        ({"cadre_email": None}, "cadre_email", "Ce champ est obligatoire."),
        ({"cadre_email": "direction@had-lauragais.fr"}, "cadre_email", "le même courriel est saisi plusieurs fois"),
        ({"activity_figure": "beaucoup"}, "activity_figure", "Saisissez un nombre entier"),
        ({"structure_status": "associatif"}, "structure_status", "Statut inconnu."),
        ({"consent": None}, "consent", "Le consentement au traitement des données est nécessaire"),
    ],
)
def test_bad_input_gets_a_french_message_and_saves_nothing(client, programme, overrides, field, message):
    response = apply(client, programme, application_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Le formulaire contient" in response.content.decode()
    assert nothing_saved()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Joignez la lettre d'engagement signée, au format PDF."),
        (letter("lettre.pdf", b"<html>pas un PDF</html>"), "refusé"),
        (letter("lettre.pdf", b""), "Le fichier soumis est vide."),
    ],
)
def test_a_missing_or_wrong_letter_is_refused(client, programme, upload, message):
    response = apply(client, programme, upload=upload)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["letter"])
    assert nothing_saved()


def test_an_image_is_not_a_letter(client, programme):
    from bonnes_pratiques.tests.factories import image_bytes

    response = apply(client, programme, upload=letter("lettre.png", image_bytes()))
    assert "doit être un PDF" in " ".join(response.context["form"].errors["letter"])
    assert nothing_saved()


def test_the_same_structure_applies_once(client, programme):
    assert apply(client, programme).status_code == 302
    response = apply(client, programme)  # the same form sent again (a replay)
    assert "déjà été déposée" in " ".join(response.context["form"].errors["finess"])
    assert Application.objects.count() == 1


@pytest.mark.parametrize(("opens", "closes", "says"), [(5, 30, "pas encore ouvertes"), (-40, -1, "sont closes")])
def test_outside_the_window_the_form_says_so_and_accepts_nothing(client, site_tree, opens, closes, says):
    programme = make_programme(opens=opens, closes=closes)
    page = client.get(programme.apply_url())
    assert (
        page.status_code == 200
        and says in page.content.decode()
        and "Envoyer la candidature" not in page.content.decode()
    )
    response = apply(client, programme)
    assert response.status_code == 410 and says in response.content.decode()
    assert nothing_saved()


def test_a_form_opened_before_the_close_and_sent_after_it_saves_nothing(client, programme):
    assert "Envoyer la candidature" in client.get(programme.apply_url()).content.decode()
    type(programme).objects.filter(pk=programme.pk).update(
        applications_close=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = apply(client, programme)
    assert response.status_code == 410 and "sont closes" in response.content.decode()
    assert nothing_saved()


def test_the_window_is_read_again_inside_the_transaction(programme, monkeypatch):
    """Between the view's check and the write, the close passes: the service refuses."""
    from programmes import services
    from programmes.forms import ApplicationForm

    form = ApplicationForm(application_data(), {"letter": letter()}, programme=programme)
    assert form.is_valid(), form.errors
    type(programme).objects.filter(pk=programme.pk).update(applications_close=timezone.now())
    with pytest.raises(services.WindowClosed):
        services.create_application(
            programme, form.application_data(), form.cleaned_data["letter"], form.checked_letter
        )
    assert nothing_saved()


def stored_letters(storage, folder="candidatures"):
    """Every file under `folder` of the private storage."""
    if not storage.exists(folder):
        return []
    folders, files = storage.listdir(folder)
    return [f"{folder}/{name}" for name in files] + [
        path for sub in folders for path in stored_letters(storage, f"{folder}/{sub}")
    ]


@pytest.mark.parametrize("failure", ["outbox", "replay"])
def test_a_rolled_back_application_leaves_no_letter_behind(programme, monkeypatch, failure):
    """The file is written before the row; when the transaction rolls back, the file goes too."""
    from core.storage import get_private_storage
    from programmes import services
    from programmes.forms import ApplicationForm

    def valid_form():
        form = ApplicationForm(application_data(), {"letter": letter()}, programme=programme)
        assert form.is_valid(), form.errors
        return form

    def submit(form):
        return services.create_application(
            programme, form.application_data(), form.cleaned_data["letter"], form.checked_letter
        )

    storage = get_private_storage()
    before = set(stored_letters(storage))  # other tests' letters may be there
    if failure == "replay":  # two sends of the same form, both checked before either was stored
        first, second = valid_form(), valid_form()
        kept = submit(first)
        assert set(stored_letters(storage)) - before == {kept.letter.name}
        with pytest.raises(services.AlreadyApplied):
            submit(second)
        assert set(stored_letters(storage)) - before == {kept.letter.name} and Application.objects.count() == 1
        return

    def broken(*args, **kwargs):
        raise OSError("outbox unavailable")

    monkeypatch.setattr(services, "queue_template", broken)
    with pytest.raises(OSError):
        submit(valid_form())
    assert set(stored_letters(storage)) == before
    assert nothing_saved()


def test_an_unknown_or_altered_private_link_is_not_found(client, programme):
    assert apply(client, programme).status_code == 302
    token = Application.objects.get().token
    assert client.get(f"/appuis-terrain/candidature/suivi/{token}x/").status_code == 404
    assert client.get("/appuis-terrain/candidature/suivi/inconnu/").status_code == 404
    from django.test import Client

    assert Client().get("/appuis-terrain/candidature/merci/").status_code == 404  # another session


def test_the_honeypot_drops_the_application_silently(client, programme):
    response = apply(client, programme, application_data(website="http://spam.example"))
    assert response.status_code == 200 and "bien enregistrée" in response.content.decode()
    assert nothing_saved()


def test_applications_are_rate_limited(client, programme, settings):
    settings.PROGRAMMES_POST_LIMIT = 2
    for _ in range(2):
        assert apply(client, programme, application_data(finess="123")).status_code == 200
    response = apply(client, programme)
    assert response.status_code == 429 and "Trop de tentatives" in response.content.decode()
    assert nothing_saved()


def test_the_status_follows_the_clock(site_tree):
    programme = make_programme(opens=1, closes=10)
    now = timezone.now()
    day = datetime.timedelta(days=1)
    assert programme.status_at(now) == Status.UPCOMING
    assert programme.status_at(now + 2 * day) == Status.OPEN
    assert programme.status_at(now + 11 * day) == Status.RUNNING
    assert programme.status_at(now + 400 * day) == Status.FINISHED


def test_the_home_block_shows_open_calls_only_while_they_are_open(client, site_tree, monkeypatch):
    programme = make_programme(title="Appui terrain expérience patient", closes=3)
    home = client.get("/").content.decode()
    block = home[home.index('id="candidatures-ouvertes"') :].split("</section>")[0]
    assert f'href="{programme.url}"' in block and "Candidatures jusqu" in block
    # Time passes (no page is saved, nothing is republished): the block and every card's badge
    # change at once.
    later = timezone.now() + datetime.timedelta(days=4)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Candidatures ouvertes" not in client.get("/").content.decode()
    page = client.get(programme.url).content.decode()
    assert "En cours" in page and "Candidater</a>" not in page
