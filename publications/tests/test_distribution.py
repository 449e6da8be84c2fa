"""Distribution: feeds, sitemap, robots.txt, API v2, OpenGraph, JSON-LD and .ics."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction

from publications.ics import escape_text, fold
from publications.models import FichePratiquePage, KitComponent, KitPage, PublicationPage, WebconferencePage
from publications.structured_data import iso_duration

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def rss_titles(root):
    return [item.findtext("title") for item in root.iter("item")]


@pytest.fixture
def catalogue(make_resource, make_document):
    had = make_resource(
        title="Admission en HAD",
        summary="Vingt conseils opérationnels.",
        themes=["hospitalisation-a-domicile-had", "urgences"],
        audiences=["urgentistes"],
        documents=[make_document(title="Guide HAD")],
        publication_date=datetime.date(2024, 6, 1),
    )
    fiche = make_resource(
        model=FichePratiquePage,
        title="Infirmier de liaison",
        themes=["urgences"],
        publication_date=datetime.date(2024, 3, 1),
    )
    draft = PublicationPage(title="Brouillon secret", slug="brouillon-secret", summary="Pas encore publié.")
    had.get_parent().add_child(instance=draft)
    draft.save_revision()
    draft.unpublish()
    return {"had": had, "fiche": fiche, "draft": draft}


# Feeds


def test_rss_feed_lists_live_resources_newest_first(client, catalogue):
    root = xml(client, "/flux/ressources/rss.xml")
    assert root.tag == "rss"
    assert rss_titles(root) == ["Admission en HAD", "Infirmier de liaison"]
    item = next(root.iter("item"))
    assert item.findtext("link").endswith(catalogue["had"].url)
    assert item.findtext("description") == "Vingt conseils opérationnels."
    assert "01 Jun 2024" in item.findtext("pubDate")
    assert sorted(c.text for c in item.findall("category")) == ["Hospitalisation à domicile (HAD)", "Urgences"]


def test_atom_feed(client, catalogue):
    root = xml(client, "/flux/ressources/atom.xml")
    assert root.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["Admission en HAD", "Infirmier de liaison"]


def test_feeds_per_theme_and_per_type(client, catalogue):
    assert rss_titles(xml(client, "/flux/thematiques/hospitalisation-a-domicile-had/rss.xml")) == ["Admission en HAD"]
    atom = xml(client, "/flux/thematiques/urgences/atom.xml")
    assert len(list(atom.iter(f"{ATOM}entry"))) == 2
    assert atom.findtext(f"{ATOM}title").startswith("Urgences")
    assert rss_titles(xml(client, "/flux/types/fiche-pratique/rss.xml")) == ["Infirmier de liaison"]
    assert rss_titles(xml(client, "/flux/types/kit/rss.xml")) == []


@pytest.mark.parametrize(
    "url",
    [
        "/flux/thematiques/inconnu/rss.xml",
        "/flux/thematiques/" + "a" * 500 + "/rss.xml",
        "/flux/thematiques/%3Cscript%3E/atom.xml",
        "/flux/types/inconnu/rss.xml",
        "/flux/types/fiche_pratique/rss.xml",
        "/flux/types/" + "b" * 500 + "/atom.xml",
    ],
)
def test_feeds_404_on_unknown_theme_or_type(client, site_tree, url):
    assert client.get(url).status_code == 404


def test_feed_keeps_the_newest_fifty_in_constant_queries(client, make_resource, django_assert_max_num_queries):
    for day in range(1, 56):
        make_resource(
            title=f"Ressource {day}",
            slug=f"ressource-{day}",
            themes=["urgences"],
            publication_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=day),
        )
    client.get("/flux/ressources/rss.xml")  # warm the site root paths cache
    with django_assert_max_num_queries(6):
        root = xml(client, "/flux/ressources/rss.xml")
    titles = rss_titles(root)
    assert len(titles) == 50
    assert titles[0] == "Ressource 55"


def test_pages_advertise_the_feeds(client, catalogue):
    content = client.get(catalogue["had"].url).content.decode()
    assert 'type="application/rss+xml"' in content
    assert 'href="/flux/ressources/rss.xml"' in content
    assert 'href="/flux/thematiques/urgences/rss.xml"' in content


# Sitemap and robots.txt


def test_sitemap_has_resources_with_lastmod_and_theme_pages_but_no_drafts(client, catalogue):
    root = xml(client, "/sitemap.xml")
    entries = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")}
    had_url = catalogue["had"].get_full_url()
    assert had_url in entries
    assert re.match(r"\d{4}-\d{2}-\d{2}", entries[had_url])
    assert "http://testserver/thematiques/urgences/" in entries
    assert entries["http://testserver/thematiques/urgences/"]
    assert "http://testserver/thematiques/hospitalisation-a-domicile-had/" in entries
    assert not any("finances" in loc for loc in entries)  # a theme without resources
    assert not any("brouillon" in loc for loc in entries)


def test_robots_txt(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


# API v2


def test_api_lists_resources_by_type_with_their_fields(client, catalogue):
    response = client.get(
        "/api/v2/pages/",
        {"type": "publications.PublicationPage", "fields": "kind,summary,sector,themes,audiences,documents"},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 1
    item = data["items"][0]
    assert item["title"] == "Admission en HAD"
    assert item["kind"] == "publication"
    assert {"name": "Urgences", "slug": "urgences"} in item["themes"]
    assert item["audiences"] == [{"name": "Urgentistes", "slug": "urgentistes"}]
    document = item["documents"][0]
    assert document["format"] == "PDF"
    assert document["page_count"] == 3
    assert document["size"] > 0
    assert document["url"].startswith("http://testserver/documents/")


def test_api_never_shows_drafts(client, catalogue):
    data = client.get("/api/v2/pages/", {"type": "publications.ResourcePage"}).json()
    titles = {item["title"] for item in data["items"]}
    assert titles == {"Admission en HAD", "Infirmier de liaison"}
    assert client.get(f"/api/v2/pages/{catalogue['draft'].pk}/").status_code == 404


def test_api_listing_in_constant_queries(client, make_resource, make_document, django_assert_max_num_queries):
    for number in range(12):
        make_resource(
            title=f"Ressource {number}",
            slug=f"ressource-{number}",
            themes=["urgences"],
            audiences=["urgentistes"],
            documents=[make_document(title=f"Doc {number}")],
        )
    params = {"type": "publications.PublicationPage", "fields": "*", "limit": 20}
    client.get("/api/v2/pages/", params)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v2/pages/", params)
    assert response.json()["meta"]["total_count"] == 12


def test_api_webconference_and_kit_fields(client, make_resource, make_document):
    start = timezone.now() + datetime.timedelta(days=10)
    webconf = make_resource(
        model=WebconferencePage, title="Réflexe HAD", slug="reflexe-had", event_start=start, duration_minutes=90
    )
    kit = KitPage(title="Kit HAD", slug="kit-had", summary="Le kit.")
    kit.components = [
        KitComponent(role="webconference", page=webconf),
        KitComponent(role="modele", document=make_document(title="Modèle")),
    ]
    webconf.get_parent().add_child(instance=kit)
    kit.save_revision().publish()
    data = client.get("/api/v2/pages/", {"type": "publications.WebconferencePage", "fields": "*"}).json()
    assert data["items"][0]["duration_minutes"] == 90
    assert data["items"][0]["event_start"]
    data = client.get("/api/v2/pages/", {"type": "publications.KitPage", "fields": "components"}).json()
    components = data["items"][0]["components"]
    assert components[0]["role"] == "webconference" and components[0]["page"]["title"] == "Réflexe HAD"
    assert components[1]["document"]["title"] == "Modèle"


def test_api_documents_hide_restricted_collections(client, make_resource, make_document):
    public = make_document(title="Document public")
    secret = make_document(title="Document confidentiel")
    restricted = Collection.get_first_root_node().add_child(name="Interne")
    CollectionViewRestriction.objects.create(collection=restricted, restriction_type=CollectionViewRestriction.LOGIN)
    secret.collection = restricted
    secret.save()
    make_resource(title="Avec pièces", documents=[public, secret])

    titles = {item["title"] for item in client.get("/api/v2/documents/").json()["items"]}
    assert "Document public" in titles
    assert "Document confidentiel" not in titles
    assert client.get(f"/api/v2/documents/{secret.pk}/").status_code == 404
    page = client.get("/api/v2/pages/", {"type": "publications.PublicationPage", "fields": "documents"}).json()
    assert [d["title"] for d in page["items"][0]["documents"]] == ["Document public"]


def test_api_images_endpoint(client, site_tree):
    assert client.get("/api/v2/images/").status_code == 200


# OpenGraph and JSON-LD


def json_ld(content):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_resource_page_has_opengraph_and_creative_work(client, catalogue):
    content = client.get(catalogue["had"].url).content.decode()
    assert '<meta property="og:title" content="Admission en HAD">' in content
    assert '<meta property="og:type" content="article">' in content
    assert 'property="og:url" content="http://testserver/ressources/admission-en-had/"' in content
    data = json_ld(content)
    assert data["@type"] == "CreativeWork"
    assert data["name"] == "Admission en HAD"
    assert data["inLanguage"] == "fr"
    assert data["datePublished"] == "2024-06-01"
    assert data["publisher"]["name"] == "Anap"
    assert {"@type": "Thing", "name": "Urgences"} in data["about"]
    assert data["audience"][0]["audienceType"] == "Urgentistes"
    assert data["associatedMedia"][0]["encodingFormat"] == "application/pdf"


def test_json_ld_cannot_be_closed_by_content(client, make_resource):
    page = make_resource(title="Piège </script><script>alert(1)</script>", slug="piege")
    content = client.get(page.url).content.decode()
    assert "</script><script>alert(1)" not in content
    assert json_ld(content)["name"] == "Piège </script><script>alert(1)</script>"


def test_webconference_is_an_event_with_a_calendar_link(client, make_resource):
    start = datetime.datetime(2030, 3, 14, 11, 0, tzinfo=datetime.UTC)
    page = make_resource(
        model=WebconferencePage,
        title="Favoriser le réflexe HAD",
        slug="reflexe",
        summary="Réduire la tension sur les lits, avec les équipes; en direct.",
        event_start=start,
        duration_minutes=90,
    )
    content = client.get(page.url).content.decode()
    data = json_ld(content)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2030-03-14T11:00:00+00:00"
    assert data["duration"] == "PT1H30M"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "http://testserver/ressources/reflexe/"}
    assert f'href="/webconferences/{page.pk}.ics"' in content
    assert "Ajouter à mon agenda" in content


def test_past_webconference_has_no_calendar_link(client, make_resource):
    page = make_resource(
        model=WebconferencePage, title="Passée", slug="passee", event_start=timezone.now() - datetime.timedelta(days=3)
    )
    assert "Ajouter à mon agenda" not in client.get(page.url).content.decode()
    assert client.get(f"/webconferences/{page.pk}.ics").status_code == 200


# iCalendar


def unfold(text):
    return text.replace("\r\n ", "")


def test_ics_is_valid_icalendar_in_utc(client, make_resource):
    start = datetime.datetime(2030, 3, 14, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    page = make_resource(
        model=WebconferencePage,
        title="Favoriser le réflexe HAD, pour les urgences; en direct",
        slug="reflexe",
        summary="Une session " + "très longue " * 20,
        event_start=start,
        duration_minutes=45,
    )
    response = client.get(f"/webconferences/{page.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    lines = unfold(raw.decode()).split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "BEGIN:VEVENT" in lines and "END:VEVENT" in lines
    fields = dict(line.split(":", 1) for line in lines if ":" in line)
    assert fields["UID"] == f"webconference-{page.pk}@testserver"
    assert re.fullmatch(r"\d{8}T\d{6}Z", fields["DTSTAMP"])
    assert fields["DTSTART"] == "20300314T110000Z"
    assert fields["DTEND"] == "20300314T114500Z"
    assert fields["SUMMARY"] == "Favoriser le réflexe HAD\\, pour les urgences\\; en direct"
    assert fields["URL"] == "http://testserver/ressources/reflexe/"
    assert fields["DESCRIPTION"].startswith("Une session très longue")


def test_ics_404s(client, make_resource, catalogue):
    undated = make_resource(model=WebconferencePage, title="Sans date", slug="sans-date")
    assert client.get(f"/webconferences/{undated.pk}.ics").status_code == 404
    assert client.get(f"/webconferences/{catalogue['had'].pk}.ics").status_code == 404
    assert client.get("/webconferences/999999.ics").status_code == 404


def test_ics_helpers():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("DESCRIPTION:" + "é" * 80)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "é" * 80
    assert iso_duration(90) == "PT1H30M"
    assert iso_duration(60) == "PT1H"
    assert iso_duration(30) == "PT30M"
