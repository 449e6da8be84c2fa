"""Issue 13: property-based tests over the parameters of every public endpoint.

Any text, any Unicode digit (superscripts, Arabic-Indic, fullwidth…), repeated
keys, NUL, lone surrogates and invalid UTF-8 as percent-encoding, huge numbers:
never a 5xx. The query string is built by hand (Django's test client would
encode it for us, and could not send invalid UTF-8), and a server error raises
in the test client, so a crash fails the example with its traceback.

Each test builds a small hub once (the `hub` fixture) and its examples share it:
the endpoints read only, and the form's POSTs add submissions, which is harmless.
"""

import re
from urllib.parse import quote, quote_from_bytes

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonnes_pratiques.forms import SubmissionForm
from publications.models import FichePratiquePage, FlyerPage, KitComponent, KitPage, Theme

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Characters int() or str.isdigit() disagree about, and digits of other scripts.
UNICODE_DIGITS = "²³¹⁰⁴⁹₀₁₂①⑩٠١٢٣٤٥٦٧٨٩۰۱۲०१२३০১২๐๑๒０１２３４５６７８９𝟎𝟏𝟐"
SURROGATES = st.integers(0xD800, 0xDFFF).map(lambda code: quote(chr(code), encoding="utf-8", errors="surrogatepass"))


def encoded_text(text):
    return quote(text, safe="")


@st.composite
def hostile_value(draw):
    """One percent-encoded value of a query string."""
    kind = draw(
        st.sampled_from(
            ["text", "digits", "number", "huge", "bytes", "surrogate", "nul", "known", "mixed", "empty", "spaces"]
        )
    )
    if kind == "text":
        return encoded_text(draw(st.text(max_size=300)))
    if kind == "digits":
        return encoded_text(draw(st.text(alphabet=UNICODE_DIGITS + "0123456789-+ .,", min_size=1, max_size=12)))
    if kind == "number":
        return str(draw(st.integers(min_value=-(10**6), max_value=10**7)))
    if kind == "huge":
        return draw(st.sampled_from(["9" * 400, "1e309", "-0", "0" * 50 + "1", str(2**64), "NaN", "inf", "0x10"]))
    if kind == "bytes":
        return quote_from_bytes(draw(st.binary(max_size=40)), safe="")
    if kind == "surrogate":
        return draw(SURROGATES) + draw(st.sampled_from(["", "1", "%ff", "%C2%B2"]))
    if kind == "nul":
        return draw(st.sampled_from(["%00", "1%00", "%00%00abc", "urgences%00"]))
    if kind == "known":
        return draw(st.sampled_from(KNOWN_VALUES))
    if kind == "mixed":
        return encoded_text(draw(st.sampled_from(KNOWN_VALUES)) + draw(st.sampled_from(UNICODE_DIGITS)))
    if kind == "spaces":
        return draw(st.sampled_from(["+", "%20%20", "%09", "%0A", "%E2%80%83", "%C2%A0"]))
    return ""


KNOWN_VALUES = [
    "1",
    "2",
    "2024",
    "1899",
    "2101",
    "had",
    "urgences",
    "kit",
    "fiche_pratique",
    "sanitaire",
    "medico-social",
    "date",
    "pertinence",
    "publications.KitPage",
    "publications.ResourcePage",
    "wagtailcore.Page",
    "*",
    "-title",
    "title,-summary",
    "_,title",
    "components(*)",
    "random",
    "or",
    "and",
    "occitanie",
    "had",
]


@st.composite
def query_string(draw, names):
    """A query string over the endpoint's parameter names (and others), with repeated keys."""
    key = st.one_of(st.sampled_from(names), st.text(max_size=20).map(encoded_text), SURROGATES)
    pairs = draw(st.lists(st.tuples(key, hostile_value()), max_size=8))
    if draw(st.booleans()):  # one key repeated many times
        name = draw(st.sampled_from(names))
        pairs += [(name, draw(hostile_value()))] * draw(st.integers(2, 120))
    parts = [f"{name}={value}" if draw(st.booleans()) or value else name for name, value in pairs]
    return "&".join(parts)


@pytest.fixture
def hub(site_tree, make_resource, make_document):
    """A few resources, one of each listing's kind, and a kit with two components."""
    fiche = make_resource(FichePratiquePage, title="Fiche HAD", themes=["urgences"], documents=[make_document()])
    flyer = make_resource(FlyerPage, title="Flyer HAD", themes=["urgences"])
    make_resource(title="Publication sur les achats", themes=["achats"], sector="sanitaire")
    kit = KitPage(title="Kit urgences", summary="Un kit.", publication_date=fiche.publication_date)
    kit.themes.set([Theme.objects.get(slug="urgences")])
    kit.components = [KitComponent(role="fiche", page=fiche), KitComponent(role="flyer", page=flyer)]
    site_tree["ressources"].add_child(instance=kit)
    kit.save_revision().publish()
    return site_tree


def assert_no_server_error(client, path, qs, method="get", **extra):
    response = getattr(client, method)(path, QUERY_STRING=qs, **extra)
    assert response.status_code < 500, (path, qs, response.status_code)
    return response


SEARCH_PARAMS = ["q", "page", "tri", "type", "statut", "theme", "public", "secteur", "annee"]
ENDPOINTS = {
    "/recherche/": SEARCH_PARAMS,
    "/api/recherche/": SEARCH_PARAMS,
    "/api/recherche/suggestions/": ["q"],
    "/ressources/": ["type", "secteur", "theme", "page"],
    "/thematiques/": ["page"],
    "/thematiques/urgences/": ["page"],
    "/actualites/": ["page"],
    "/bonnes-pratiques/": ["theme", "region", "structure", "page"],
    "/api/v2/pages/": [
        "type",
        "fields",
        "limit",
        "offset",
        "order",
        "search",
        "search_operator",
        "child_of",
        "descendant_of",
        "ancestor_of",
        "translation_of",
        "locale",
        "slug",
        "id",
        "title",
        "show_in_menus",
        "has_children",
        "site",
    ],
    "/api/v2/documents/": ["fields", "limit", "offset", "order", "search", "search_operator", "id", "title"],
    "/api/v2/images/": ["fields", "limit", "offset", "order", "search", "search_operator", "id", "title"],
    "/flux/ressources/rss.xml": ["page", "theme"],
    "/flux/ressources/atom.xml": ["page", "type"],
}


def test_query_parameters_never_give_a_server_error(hub):
    # One test over every endpoint, not one per endpoint: building the hub costs more than the examples.
    client = Client()
    for path, names in ENDPOINTS.items():
        fuzz_query(client, path, names)


def fuzz_query(client, path, names):
    @FUZZ
    @given(qs=query_string(names))
    def check(qs):
        response = assert_no_server_error(client, path, qs)
        assert response.status_code in (200, 400, 404), (path, qs, response.status_code)

    check()


def path_segment():
    return st.one_of(
        st.text(min_size=1, max_size=120).map(encoded_text),
        SURROGATES,
        st.binary(min_size=1, max_size=30).map(lambda raw: quote_from_bytes(raw, safe="")),
        st.sampled_from(["urgences", "fiche-pratique", "kit", "%C2%B2", "%00", "a" * 300, ".."]),
    )


PATH_TEMPLATES = [
    "/flux/thematiques/{}/rss.xml",
    "/flux/thematiques/{}/atom.xml",
    "/flux/types/{}/rss.xml",
    "/flux/types/{}/atom.xml",
    "/thematiques/{}/",
    "/webconferences/{}.ics",
    "/bonnes-pratiques/suivi/{}/",
    "/api/v2/pages/{}/",
    "/api/v2/documents/{}/",
]


def test_path_segments_never_give_a_server_error(hub):
    client = Client()
    for template in PATH_TEMPLATES:
        fuzz_path(client, template)


def fuzz_path(client, template):
    @FUZZ
    @given(segment=path_segment(), qs=query_string(["page", "fields"]))
    def check(segment, qs):
        response = assert_no_server_error(client, template.format(segment), qs)
        assert response.status_code in (200, 301, 302, 400, 404), (template, segment, response.status_code)

    check()


# The form's fields, its honeypot and fill-time token, and the files it keeps or drops.
FORM_FIELDS = [*SubmissionForm.Meta.fields, "website", "started", "remove_files"]


def test_proposal_form_post_never_gives_a_server_error(hub, settings):
    from bonnes_pratiques.models import Submission
    from bonnes_pratiques.tests.factories import PROPOSE_URL, form_data

    settings.BONNES_PRATIQUES_SUBMIT_LIMIT = 10_000  # the fuzzing must reach the form's validation
    client = Client()
    valid = form_data()

    @FUZZ
    @given(
        changes=st.dictionaries(
            st.sampled_from(FORM_FIELDS),
            st.one_of(
                st.text(max_size=400),
                st.text(alphabet=UNICODE_DIGITS + "0123456789", min_size=1, max_size=12),
                st.lists(st.text(max_size=30), max_size=60),
                st.sampled_from(["\x00", "9" * 400, "-1", "\ud800".encode("utf-8", "surrogatepass").decode("latin-1")]),
            ),
            max_size=6,
        ),
        dropped=st.lists(st.sampled_from(FORM_FIELDS), max_size=4),
    )
    def check(changes, dropped):
        data = {**valid, **changes}
        for name in dropped:
            data.pop(name, None)
        before = Submission.objects.count()
        response = client.post(PROPOSE_URL, data)
        assert response.status_code in (200, 302, 400, 429), response.status_code
        if response.status_code != 302:
            assert Submission.objects.count() == before  # refused: nothing saved

    check()


# --- The requests the attack report found, as plain regression tests ------------------------------

PAGE_ERROR = "Le numéro de page doit être un nombre entier positif."


@pytest.mark.parametrize("digit", ["%C2%B2", "%C2%B9", "%D9%A3", "%EF%BC%93", "%E2%91%A0", "1%C2%B2"])
def test_unicode_digits_in_page_are_a_french_400(hub, client, digit):
    response = client.get("/recherche/", QUERY_STRING=f"q=had&page={digit}")
    assert response.status_code == 400
    assert PAGE_ERROR in response.content.decode()
    response = client.get("/api/recherche/", QUERY_STRING=f"page={digit}")
    assert response.status_code == 400
    assert response.json() == {"error": PAGE_ERROR}


@pytest.mark.parametrize("digit", ["%C2%B2", "%D9%A2%D9%A0%D9%A2%D9%A4", "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94"])
def test_unicode_digits_in_year_are_ignored(hub, client, digit):
    response = client.get("/api/recherche/", QUERY_STRING=f"annee={digit}")
    assert response.status_code == 200
    assert response.json()["count"] == client.get("/api/recherche/").json()["count"] > 0


@pytest.mark.parametrize("endpoint", ["pages", "documents"])
@pytest.mark.parametrize("query", ['"', 'a"b', '"suivi'])
def test_an_api_search_the_database_refuses_is_a_french_400(hub, client, endpoint, query):
    from django.db import connection

    response = client.get(f"/api/v2/{endpoint}/", {"search": query})
    if connection.vendor == "sqlite":  # FTS5 refuses an unbalanced quote; PostgreSQL searches it
        assert response.status_code == 400
        assert response.json()["message"].startswith("Recherche impossible : retirez les guillemets")
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("endpoint", ["pages", "documents", "images"])
def test_api_offsets_and_limits(hub, client, endpoint):
    # Found by Hypothesis on PostgreSQL: an offset past 2**63 was `bigint out of range`, a 500.
    url = f"/api/v2/{endpoint}/"
    total = client.get(url).json()["meta"]["total_count"]
    for offset in ("9" * 25, str(total)):
        response = client.get(url, {"offset": offset})
        assert response.status_code == 200 and response.json()["items"] == []
        assert response.json()["meta"]["total_count"] == total
    for name, value, message in [
        ("offset", "-1", "« offset » est un nombre entier positif."),
        ("offset", "٣", "« offset » est un nombre entier positif."),
        ("limit", "x", "« limit » est un nombre entier positif."),
        ("limit", "9" * 40, "« limit » est un nombre entier positif."),
        ("limit", "500", "« limit » vaut au plus 20."),
    ]:
        response = client.get(url, {name: value})
        assert (response.status_code, response.json()["message"]) == (400, message)
    assert len(client.get(url, {"offset": "1", "limit": "1"}).json()["items"]) == min(1, max(total - 1, 0))


@pytest.mark.parametrize("endpoint", ["pages", "documents", "images"])
@pytest.mark.parametrize("query", [" ", "  ", "\t"])
def test_a_blank_api_search_lists_everything(hub, client, endpoint, query):
    # Found by Hypothesis (`search=+`): SQLite's search backend compiled a blank query to None, a 500.
    response = client.get(f"/api/v2/{endpoint}/", {"search": query})
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == client.get(f"/api/v2/{endpoint}/").json()["meta"]["total_count"]


@pytest.mark.parametrize("endpoint", ["pages", "documents", "images"])
def test_an_api_search_operator_other_than_and_or_is_a_french_400(hub, client, endpoint):
    # Found by Hypothesis: the search backend raised ValueError (a 500) on `search_operator=0`.
    response = client.get(f"/api/v2/{endpoint}/", {"search": "had", "search_operator": "0"})
    assert response.status_code == 400
    assert response.json()["message"] == "« search_operator » vaut « and » ou « or »."
    for operator in ("and", "or"):
        assert client.get(f"/api/v2/{endpoint}/", {"search": "had", "search_operator": operator}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/ressources/?theme=%00",
        "/ressources/?theme=urgences%00&type=%00fiche_pratique",
        "/bonnes-pratiques/?theme=%00&region=%00",
        "/api/v2/pages/?slug=%00",
        "/api/v2/pages/?title=a%00b",
        "/api/v2/documents/?title=%00",
        "/recherche/?q=%00had%00",
        "/api/recherche/?theme=%00urgences",
    ],
)
def test_nul_in_a_parameter_is_dropped(hub, client, url):
    """PostgreSQL refuses NUL in text (a 500 there): core.middleware drops it, the parameter is read without it."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == client.get(url.replace("%00", "")).content


@pytest.mark.parametrize(
    "path",
    [
        "/thematiques/%00/",
        "/flux/thematiques/urgences%00/rss.xml",
        "/bonnes-pratiques/suivi/%00/",
        "/ressources/%00/",
        "/%00",
    ],
)
def test_nul_in_a_path_is_a_404(hub, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "introuvable" in response.content.decode().lower()


def test_ascii_year_still_filters(hub, client):
    everything = client.get("/api/recherche/").json()["count"]
    assert client.get("/api/recherche/", QUERY_STRING="annee=2024").json()["count"] == everything
    assert client.get("/api/recherche/", QUERY_STRING="annee=1999").json()["count"] == 0


def test_finess_takes_ascii_digits_only(hub, client):
    from bonnes_pratiques.models import Submission
    from bonnes_pratiques.tests.factories import PROPOSE_URL, form_data

    response = client.post(PROPOSE_URL, form_data(finess="²²²²²²²²²"))
    assert response.status_code == 200
    assert "Le numéro FINESS comporte exactement 9 chiffres." in response.content.decode()
    assert not Submission.objects.exists()


def test_no_isdigit_left_in_the_code():
    """The class of bug, not only its instances: isdigit() accepts what int() refuses."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.glob("*/**/*.py")
        if ".venv" not in path.parts and "tests" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\.isdigit\(\)|\.isnumeric\(\)|\.isdecimal\(\)", line)
    ]
    assert offenders == []
