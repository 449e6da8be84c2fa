"""Every resource type renders in French, with its key content visible."""

import datetime

import pytest
from django.utils import timezone

from publications.models import (
    FichePratiquePage,
    FlyerPage,
    KitComponent,
    KitPage,
    OutilPage,
    PublicationPage,
    WebconferencePage,
)

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    content = response.content.decode()
    assert '<html lang="fr"' in content
    return content


@pytest.mark.parametrize("model", [PublicationPage, FichePratiquePage, FlyerPage])
def test_simple_resource_page_shows_its_content(client, make_resource, make_document, model):
    document = make_document(title="Guide complet", pages=12)
    page = make_resource(
        model=model,
        title="Admission en HAD : comment être réactif ?",
        summary="Quatre leviers organisationnels et vingt conseils.",
        themes=["hospitalisation-a-domicile-had"],
        audiences=["urgentistes"],
        sector="sanitaire",
        documents=[document],
        body=[("paragraph", "<p>Le premier levier est l'anticipation.</p>")],
    )
    content = html(client, page.url)
    for expected in [
        "Admission en HAD : comment être réactif ?",
        "Quatre leviers organisationnels",
        "Le premier levier est l'anticipation.",
        "Hospitalisation à domicile (HAD)",
        "Urgentistes",
        "Sanitaire",
        "Publié le",
        "1er mai 2024",
        model._meta.verbose_name,
        "Télécharger",
        "PDF",
        "12 pages",
        document.url,
    ]:
        assert expected in content, expected


def test_body_blocks_render(client, make_resource, make_document):
    document = make_document(title="Synthèse")
    page = make_resource(
        body=[
            ("key_figures", {"heading": "En 2022", "figures": [{"value": "288", "label": "établissements d'HAD"}]}),
            ("quote", {"text": "L'HAD est une chance.", "author": "Une directrice", "role": "HAD"}),
            ("document", {"document": document, "title": "La synthèse", "description": ""}),
            ("video", {"url": "https://www.youtube.com/watch?v=abc123xyz", "title": "Présentation", "transcript": ""}),
            (
                "call_to_action",
                {"title": "Proposer", "text": "", "button_label": "Je propose", "url": "https://anap.fr"},
            ),
        ]
    )
    content = html(client, page.url)
    for expected in [
        "288",
        "établissements d&#x27;HAD",
        "L&#x27;HAD est une chance.",
        "La synthèse",
        "youtube-nocookie.com/embed/abc123xyz",
        "Je propose",
    ]:
        assert expected in content, expected


def test_webconference_shows_session_replay_and_slides(client, make_resource, make_document):
    page = make_resource(
        model=WebconferencePage,
        title="Favoriser le réflexe HAD",
        event_start=timezone.make_aware(datetime.datetime(2024, 3, 14, 11, 0)),
        duration_minutes=60,
        replay_url="https://www.youtube.com/watch?v=reflexeHAD1",
        slides=make_document(title="Support"),
    )
    content = html(client, page.url)
    assert "jeudi 14 mars 2024 à 11h00" in content
    assert "60 minutes" in content
    assert "Voir le replay" in content and "youtube-nocookie.com/embed/reflexeHAD1" in content
    assert "Support de présentation" in content


def test_tool_shows_its_kind_and_link(client, make_resource):
    page = make_resource(model=OutilPage, title="Dataviz", tool_kind="dataviz", tool_url="https://dataviz.anap.fr/hp")
    content = html(client, page.url)
    assert "Data-visualisation" in content and "https://dataviz.anap.fr/hp" in content and "Ouvrir l'outil" in content


def test_kit_lists_components_and_components_show_their_kit(client, make_resource, make_document):
    flyer = make_resource(model=FlyerPage, title="Flyer en 5 étapes")
    kit = make_resource(model=KitPage, title="Admissions directes en HAD depuis les urgences")
    kit.components = [
        KitComponent(role="flyer", page=flyer),
        KitComponent(role="modele", document=make_document(title="Modèle de convention")),
    ]
    kit.save_revision().publish()
    content = html(client, kit.url)
    assert "Contenu du kit" in content and "Flyer en 5 étapes" in content and "Modèle de convention" in content
    assert "Fait partie du kit" in html(client, flyer.url)
    assert "Admissions directes en HAD depuis les urgences" in html(client, flyer.url)


def test_related_resources_appear(client, make_resource):
    make_resource(title="Voisine", themes=["urgences"])
    page = make_resource(title="Page", themes=["urgences"])
    content = html(client, page.url)
    assert "Ressources liées" in content and "Voisine" in content


def test_resource_index_lists_and_filters(client, make_resource, site_tree):
    make_resource(model=FlyerPage, title="Un flyer", sector="ville", themes=["urgences"])
    make_resource(model=PublicationPage, title="Une publication", sector="sanitaire")
    url = site_tree["ressources"].url
    content = html(client, url)
    assert "Un flyer" in content and "Une publication" in content and "2 ressources" in content
    filtered = html(client, url + "?type=flyer")
    assert "Un flyer" in filtered and "Une publication" not in filtered and 'content="noindex"' in filtered
    assert "Une publication" not in html(client, url + "?theme=urgences")
    assert "Un flyer" not in html(client, url + "?secteur=sanitaire")


@pytest.mark.parametrize(
    "query", ["?type=inconnu", "?secteur=%00", "?page=abc", "?page=-1", "?page=999999999", "?theme=" + "x" * 5000]
)
def test_resource_index_survives_bad_parameters(client, make_resource, site_tree, query):
    make_resource(title="Toujours là")
    assert client.get(site_tree["ressources"].url + query).status_code == 200


def test_theme_page_lists_kits_first_then_resources_newest_first(client, make_resource, site_tree):
    make_resource(title="Ancienne", themes=["urgences"], publication_date=datetime.date(2021, 1, 1))
    make_resource(title="Récente", themes=["urgences"], publication_date=datetime.date(2025, 1, 1))
    make_resource(model=KitPage, title="Le kit urgences", themes=["urgences"])
    make_resource(title="Hors thème", themes=["achats"])
    content = html(client, "/thematiques/urgences/")
    assert content.index("Le kit urgences") < content.index("Récente") < content.index("Ancienne")
    assert "Hors thème" not in content
    assert "Urgences" in html(client, "/thematiques/")


def test_theme_page_shows_the_latest_kits_and_links_to_all(client, make_resource, site_tree):
    for number in range(8):
        make_resource(
            model=KitPage,
            title=f"Kit urgences {number}",
            themes=["urgences"],
            publication_date=datetime.date(2024, 1, number + 1),
        )
    make_resource(model=KitPage, title="Kit achats", themes=["achats"])
    content = html(client, "/thematiques/urgences/")
    kits = content.split('id="kits"', 1)[1].split("</section>", 1)[0]
    assert [f"Kit urgences {n}" in kits for n in range(8)] == [False, False] + [True] * 6
    link = 'href="/ressources/?type=kit&amp;theme=urgences"'
    assert link in kits and "Tous les kits sur le thème Urgences" in kits
    listing = html(client, "/ressources/?type=kit&theme=urgences")
    assert all(f"Kit urgences {n}" in listing for n in range(8)) and "Kit achats" not in listing

    make_resource(model=KitPage, title="Kit achats 2", themes=["achats"])
    assert "Tous les kits" not in html(client, "/thematiques/achats/")  # two kits: all shown


def test_unknown_theme_is_a_french_404(client, site_tree):
    response = client.get("/thematiques/inconnu/")
    assert response.status_code == 404 and "Page introuvable" in response.content.decode()


def test_draft_resources_are_not_listed(client, make_resource, site_tree):
    page = make_resource(title="Brouillon secret", themes=["urgences"])
    page.unpublish()
    assert "Brouillon secret" not in html(client, site_tree["ressources"].url)
    assert "Brouillon secret" not in html(client, "/thematiques/urgences/")
    assert client.get("/ressources/brouillon-secret/").status_code == 404
