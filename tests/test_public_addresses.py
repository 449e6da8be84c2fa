"""Every URL the site writes answers, as written, on a server started as `make run` starts it.

A real `manage.py runserver` in a subprocess (dev settings, its own SQLite file and media), with
BASE_URL at 127.0.0.1 while the pages are asked for at localhost: an absolute URL taken from the
request's host instead of BASE_URL shows up as a wrong address.
"""

import html
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

# Addresses the site writes that are not its own: namespaces, schema.org, the State's sites in
# the DSFR footer, the licence. Not fetched (no network here); any other host fails the test.
EXTERNAL_HOSTS = {
    "schema.org",
    "www.sitemaps.org",
    "www.w3.org",
    "www.legifrance.gouv.fr",
    "www.gouvernement.fr",
    "www.service-public.fr",
    "www.data.gouv.fr",
    "github.com",
    "anap.fr",
    "www.anap.fr",
    "videos.anap.example",  # the demo replay's marked stand-in (API replay_url): .example never answers
}
ABSOLUTE_URL = re.compile(r"https?://[^\s\"'<>\\)]+")
LINK_ATTRIBUTE = re.compile(r"""\b(?:href|src|action)="([^"]*)\"""")


def fetch(url):
    """GET over real HTTP: (status, final URL after redirects, content type, body text)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the local test server
            body = response.read()
            content_type = response.headers.get("Content-Type", "")
            return response.status, response.url, content_type, body.decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, url, error.headers.get("Content-Type", ""), ""


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def absolute_urls(content_type, body):
    """Every absolute URL written in a response, unescaped as its format requires."""
    if "json" in content_type:
        text = "\n".join(strings_in(json.loads(body)))
    elif "calendar" in content_type:
        text = re.sub(r"\r\n[ \t]", "", body)  # unfold RFC 5545 lines
    else:
        text = html.unescape(body)
    return {url.rstrip(".,;") for url in ABSOLUTE_URL.findall(text)}


def site_links(page_url, body):
    """The site's own relative links and sources in an HTML page, made absolute."""
    links = set()
    for value in LINK_ATTRIBUTE.findall(body):
        value = html.unescape(value)
        if value.startswith("/") and not value.startswith("//"):
            links.add(urljoin(page_url, value.split("#")[0]))
    return links


def test_every_generated_url_answers_at_base_url(served_site):
    base_url, asked_at = served_site
    seeds = [
        "/sitemap.xml",
        "/robots.txt",
        "/flux/ressources/rss.xml",
        "/flux/ressources/atom.xml",
        "/flux/thematiques/hospitalisation-a-domicile-had/rss.xml",
        "/flux/thematiques/urgences/atom.xml",
        "/flux/types/publication/rss.xml",
        "/flux/types/webconference/atom.xml",
        "/api/v2/pages/?type=publications.KitPage&fields=*",
        "/api/recherche/?q=HAD",
    ]
    # API listings, every item (20 an answer at most).
    for offset in range(0, 60, 20):
        seeds += [
            f"/api/v2/pages/?limit=20&offset={offset}",
            f"/api/v2/pages/?type=publications.ResourcePage&fields=*&limit=20&offset={offset}",
            f"/api/v2/documents/?limit=20&offset={offset}",
            f"/api/v2/images/?limit=20&offset={offset}",
        ]
    written = {}  # absolute URL -> where it was found
    pages = []
    for path in seeds:
        status, _final, content_type, body = fetch(asked_at + path)
        assert status == 200, path
        for url in absolute_urls(content_type, body):
            written.setdefault(url, path)

    sitemap = ET.fromstring(fetch(asked_at + "/sitemap.xml")[3])
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) > 20
    assert all(location.startswith(base_url + "/") for location in locations)

    api = json.loads(fetch(asked_at + "/api/v2/pages/?type=publications.WebconferencePage")[3])
    webconference_ids = [item["id"] for item in api["items"]]
    assert webconference_ids, "la démonstration a une webconférence"
    for page_id in webconference_ids:
        status, _final, content_type, body = fetch(f"{asked_at}/webconferences/{page_id}.ics")
        assert status == 200
        assert f"UID:webconference-{page_id}@127.0.0.1" in body
        for url in absolute_urls(content_type, body):
            written.setdefault(url, f"/webconferences/{page_id}.ics")
    api_item = json.loads(fetch(f"{asked_at}/api/v2/pages/{webconference_ids[0]}/")[3])
    assert api_item["meta"]["detail_url"] == f"{base_url}/api/v2/pages/{webconference_ids[0]}/"
    assert api_item["meta"]["html_url"].startswith(base_url + "/ressources/")

    # Each page of the sitemap, asked for at the other address: its canonical and og links, and every
    # other absolute URL and site link it writes.
    relative = {}
    for location in locations:
        page_path = urlsplit(location).path
        status, _final, content_type, body = fetch(asked_at + page_path)
        assert status == 200, location
        pages.append((location, body))
        for url in absolute_urls(content_type, body):
            written.setdefault(url, page_path)
        for url in site_links(base_url + page_path, body):
            relative.setdefault(url, page_path)

    resource_pages = [(location, body) for location, body in pages if "/ressources/" in location and "og:url" in body]
    assert len(resource_pages) >= 10
    for location, body in resource_pages:
        assert f'<link rel="canonical" href="{location}">' in body
        assert f'<meta property="og:url" content="{location}">' in body
        og_image = re.search(r'<meta property="og:image" content="([^"]+)">', body)
        assert og_image and og_image.group(1).startswith(base_url + "/media/"), location

    ours = {url: origin for url, origin in written.items() if urlsplit(url).hostname not in EXTERNAL_HOSTS}
    elsewhere = {url: origin for url, origin in ours.items() if not url.startswith(base_url + "/")}
    assert not elsewhere, f"adresses hors de BASE_URL : {elsewhere}"
    assert len(ours) > 100

    broken = {}
    for url, origin in sorted({**relative, **ours}.items()):
        status, final, _type, _body = fetch(url)
        if status != 200 or not final.startswith(base_url + "/"):
            broken[url] = (status, final, origin)
    assert not broken, f"adresses qui ne répondent pas : {broken}"
