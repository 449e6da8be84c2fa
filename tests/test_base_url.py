"""BASE_URL: parsed once into the Wagtail Site's host and port, and prefixed to the site's paths."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Page, Site

from core.addresses import absolute_url, site_address


@pytest.mark.parametrize(
    ("base_url", "address"),
    [
        ("http://127.0.0.1:8404", ("127.0.0.1", 8404)),
        ("http://localhost", ("localhost", 80)),
        ("https://ressources.anap.fr", ("ressources.anap.fr", 443)),
        ("https://ressources.anap.fr:443/", ("ressources.anap.fr", 443)),
    ],
)
def test_site_address(settings, base_url, address):
    settings.BASE_URL = base_url
    assert site_address() == address


@pytest.mark.parametrize(
    "base_url", ["ressources.anap.fr", "ftp://anap.fr", "http://anap.fr/hub", "https://anap.fr:8443", "http://"]
)
def test_an_address_wagtail_cannot_write_is_refused_in_french(settings, base_url):
    settings.BASE_URL = base_url
    with pytest.raises(ImproperlyConfigured, match="BASE_URL"):
        site_address()


def test_absolute_url(settings):
    settings.BASE_URL = "http://127.0.0.1:8404"
    assert absolute_url("/sitemap.xml") == "http://127.0.0.1:8404/sitemap.xml"
    assert absolute_url("https://cdn.example/a.png") == "https://cdn.example/a.png"
    assert absolute_url("//cdn.example/a.png") == "//cdn.example/a.png"
    assert absolute_url("") == ""


@pytest.mark.django_db
def test_the_default_site_follows_base_url(settings, client):
    from core.site_tree import ensure_site_tree

    settings.BASE_URL = "http://127.0.0.1:8301"
    pages = ensure_site_tree()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_page_id) == ("127.0.0.1", 8301, pages["home"].pk)
    assert pages["ressources"].get_full_url() == "http://127.0.0.1:8301/ressources/"
    settings.BASE_URL = "https://ressources.anap.fr"
    ensure_site_tree()
    assert Site.objects.count() == 1
    assert Page.objects.get(pk=pages["ressources"].pk).get_full_url() == "https://ressources.anap.fr/ressources/"
    # Asked for at another host, robots.txt still points at BASE_URL.
    assert "Sitemap: https://ressources.anap.fr/sitemap.xml" in client.get("/robots.txt").content.decode()
