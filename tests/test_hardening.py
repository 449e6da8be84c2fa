"""Headers and error pages, through Django's client: French DSFR error pages for every status,
a CSP on every HTML page, HSTS and the SSL redirect in production, and `check --deploy` clean."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import path

from bonnes_pratiques.tests.factories import PROPOSE_URL, form_data

BASE_DIR = Path(__file__).resolve().parent.parent


def refused(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("boom")


def plain(request):
    return HttpResponse("<!DOCTYPE html><title>t</title>")


urlpatterns = [
    path("refuse/", refused),
    path("casse/", broken),
    path("https/", plain),
]


def assert_french_error_page(response, status, heading):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert '<html lang="fr"' in content
    assert f"Erreur {status}" in content
    assert f"<h1>{heading}</h1>" in content
    assert "fr-artwork" in content and "dsfr" in content  # the DSFR error-page layout
    for english in ("Bad Request", "Forbidden", "Not Found", "Server Error", "CSRF verification failed"):
        assert english not in content
    assert "Content-Security-Policy" in response
    for mandatory in (
        "Plan du site",
        "Accessibilité : partiellement conforme",
        "Mentions légales",
        "Données personnelles",
    ):
        assert mandatory in content  # the DSFR footer's mandatory links, on error pages too


# --- Error pages -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_page_gets_the_french_404(site_tree):
    response = Client().get("/cette-page-n-existe-pas/")
    assert_french_error_page(response, 404, "Page introuvable")
    assert 'action="/recherche/"' in response.content.decode()


@pytest.mark.django_db
def test_missing_csrf_token_gets_the_french_403(site_tree):
    response = Client(enforce_csrf_checks=True).post(PROPOSE_URL, form_data())
    assert_french_error_page(response, 403, "Le formulaire n'a pas pu être vérifié")
    assert "pas envoyé le cookie de sécurité" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_permission_denied_gets_the_french_403():
    assert_french_error_page(Client().get("/refuse/"), 403, "Accès refusé")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(lambda: {"lessons": "x" * (3 * 1024 * 1024)}, id="a 3 MB field"),
        pytest.param(
            lambda: {f"champ{n}": "x" for n in range(10_001)}, id="more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS"
        ),
        pytest.param(
            lambda: {"attachments": [SimpleUploadedFile(f"f{n}.txt", b"x") for n in range(101)]}, id="101 files"
        ),
    ],
)
def test_too_large_requests_get_the_french_400(site_tree, payload):
    from bonnes_pratiques.models import Submission

    # As a browser sends it: CSRF cookie and token from the form, so the middleware reads the body.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(PROPOSE_URL)
    token = client.cookies["csrftoken"].value
    response = client.post(PROPOSE_URL, {**form_data(), "csrfmiddlewaretoken": token, **payload()})
    assert_french_error_page(response, 400, "Requête incorrecte")
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_a_foreign_host_gets_the_french_400(settings):
    settings.ALLOWED_HOSTS = ["ressources.anap.fr"]
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert_french_error_page(response, 400, "Requête incorrecte")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_gets_the_french_500():
    response = Client(raise_request_exception=False).get("/casse/")
    assert_french_error_page(response, 500, "Erreur inattendue")


def test_the_500_page_renders_without_database_or_context():
    """No django_db mark: any query would fail this test. Django's handler500 passes no context."""
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert_french_error_page_body(response.content.decode(), 500)


def assert_french_error_page_body(content, status):
    assert "Erreur inattendue" in content and f"Erreur {status}" in content
    assert "/static/dsfr/" in content


# --- Headers ---------------------------------------------------------------------------------


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_public_pages_get_a_strict_csp(site_tree, make_resource):
    page = make_resource(title="Une ressource")
    for url in ("/", page.url, "/recherche/?q=HAD", PROPOSE_URL, "/api/recherche/suggestions/?q=ha"):
        response = Client().get(url)
        assert response.status_code == 200, url
        directives = csp_directives(response)
        assert directives["default-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in directives["script-src"], url
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'self'"]
        assert directives["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_gets_its_own_policy_and_nothing_from_elsewhere(site_tree):
    directives = csp_directives(Client().get("/admin/login/"))
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["default-src"] == ["'self'"]
    assert all(source.startswith("'") or source in ("data:", "blob:") for source in directives["img-src"])


@pytest.mark.django_db
def test_media_on_s3_are_allowed_by_the_csp(site_tree, settings):
    settings.AWS_STORAGE_BUCKET_NAME = "anap-media"
    settings.AWS_S3_ENDPOINT_URL = "http://127.0.0.1:9000/"
    directives = csp_directives(Client().get("/"))
    assert "http://127.0.0.1:9000" in directives["img-src"]
    assert "http://127.0.0.1:9000" not in directives["script-src"]


@pytest.mark.django_db
@override_settings(
    ROOT_URLCONF=__name__,
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_https_redirect_and_hsts_behind_the_configured_proxy():
    client = Client()
    redirect = client.get("/https/")
    assert redirect.status_code == 301 and redirect["Location"] == "https://testserver/https/"
    assert "Strict-Transport-Security" not in redirect
    secure = client.get("/https/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def production_env(**extra):
    # Not DJANGO_ALLOW_ASYNC_UNSAFE either: the browser tests' conftest sets it in this process.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC"))}
    env.update(DJANGO_SETTINGS_MODULE="hub.settings.production", SECRET_KEY=secrets.token_urlsafe(50), **extra)
    return env


def run_production(code, **extra):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=production_env(**extra), capture_output=True, text=True
    )


def test_check_deploy_is_clean_on_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_switches():
    show = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.SECURE_PROXY_SSL_HEADER, s.DEBUG)"
    )
    assert run_production(show).stdout.split() == ["True", "True", "None", "False"]
    assert run_production(show, SECURE_PROXY_SSL_HEADER="1", SECURE_SSL_REDIRECT="0").stdout.split() == [
        "False",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "False",
    ]


def test_dev_settings_show_the_french_pages_and_still_serve_files():
    code = (
        "import django; django.setup(); from django.conf import settings as s; from django.urls import resolve; "
        "print(s.DEBUG, 'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE, "
        "resolve('/media/x.png').func.__name__)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "hub.settings.dev"
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["False", "True", "serve"], result.stderr
