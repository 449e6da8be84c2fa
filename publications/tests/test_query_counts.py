"""No N+1 queries: page query counts stay flat with 30 resources carrying themes, covers and documents."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from publications.models import DownloadCount, FlyerPage, KitComponent, KitPage, PublicationPage
from publications.stats import months_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def computed_afresh(settings):
    """Count the queries of pages computed from the database: the page memo (core/content_version.py)
    would answer the measured request from the warm-up and hide an N+1."""
    settings.PAGE_MEMO = False


THEMES = ["urgences", "hospitalisation-a-domicile-had"]


def make_image(title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), (10, 20, 30)).save(buffer, "PNG")
    image = Image(title=title)
    image.file.save(f"{title}.png", ImageFile(buffer, name=f"{title}.png"), save=False)
    image.save()
    return image


@pytest.fixture
def catalogue(make_resource, make_document, site_tree):
    cover = make_image("couverture")
    resources = []
    for number in range(30):
        model = FlyerPage if number % 2 else PublicationPage
        page = make_resource(
            model=model,
            title=f"Ressource {number}",
            themes=THEMES,
            audiences=["urgentistes"],
            cover_image=cover,
            documents=[make_document(title=f"Guide {number}", pages=1)],
        )
        resources.append(page)
        DownloadCount.objects.create(document=page.ordered_documents[0].document, month=months_ago(0), count=number + 1)
    kit = make_resource(model=KitPage, title="Kit complet", themes=THEMES, cover_image=cover)
    kit.components = [KitComponent(role="flyer", page=page) for page in resources[:10]]
    kit.save_revision().publish()
    return {"resources": resources, "kit": kit, "site_tree": site_tree}


def warm_get(client, url):
    """First request warms caches (site root, renditions); the second is measured."""
    assert client.get(url).status_code == 200
    return url


@pytest.mark.parametrize(
    ("name", "limit"),
    [("home", 22), ("index", 15), ("theme", 18), ("kit", 22), ("resource", 20)],
)
def test_page_query_counts_do_not_grow_with_content(client, catalogue, django_assert_max_num_queries, name, limit):
    urls = {
        "home": catalogue["site_tree"]["home"].url,
        "index": catalogue["site_tree"]["ressources"].url,
        "theme": "/thematiques/urgences/",
        "kit": catalogue["kit"].url,
        "resource": catalogue["resources"][5].url,
    }
    url = warm_get(client, urls[name])
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
