"""A programme under the site tree's index, and the form data of a valid application."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from programmes.models import ProgrammeIndexPage, ProgrammePage, ProgrammeSession
from publications.pdf import make_pdf

DAY = datetime.timedelta(days=1)
VALID_FINESS = "010780195"  # the CLINIQUE CONVERT's, in the open FINESS data


def make_programme(title="Appui terrain HAD", opens=-10, closes=30, places=100, slug=None, **fields):
    """A live programme whose call opened `opens` days from now and closes `closes` days from now."""
    index = ProgrammeIndexPage.objects.get()
    now = timezone.now()
    page = ProgrammePage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        summary="Six mois d'accompagnement pour les HAD.",
        objectives="<p>Développer l'activité.</p>",
        target_structures="Établissements d'HAD de tout statut",
        format="4 jours sur site et un suivi à distance.",
        duration="6 mois",
        places=places,
        applications_open=now + opens * DAY,
        applications_close=now + closes * DAY,
        programme_end=(now + (closes + 180) * DAY).date(),
        **{
            "activity_question": "Nombre de patients pris en charge par jour",
            "contact_name": "Équipe HAD",
            "contact_email": "appui-had@anap.fr",
            **fields,
        },
    )
    page.sessions = [
        ProgrammeSession(date=(now + (closes + 15) * DAY).date(), region="pays-de-la-loire", place="Nantes")
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def letter(name="lettre-engagement.pdf", content=None):
    return SimpleUploadedFile(
        name, content if content is not None else make_pdf("Lettre d'engagement", ["Signée."], 1), "application/pdf"
    )


def application_data(**overrides):
    data = {
        "structure_name": "HAD Lauragais",
        "finess": VALID_FINESS,
        "structure_status": "espic",
        "region": "occitanie",
        "activity_figure": "42",
        "director_name": "Anne Durand",
        "director_email": "direction@had-lauragais.fr",
        "physician_name": "Dr Paul Martin",
        "physician_email": "medecin@had-lauragais.fr",
        "cadre_name": "Claire Petit",
        "cadre_email": "cadre@had-lauragais.fr",
        "motivation": "Développer les admissions directes depuis les urgences.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
