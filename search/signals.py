"""Index updates Wagtail's search signals do not cover: page moves (descendants' URLs change)."""

from wagtail.signals import post_page_move


def page_moved(sender, instance, **kwargs):
    from publications.models import ResourcePage

    from .indexing import sync

    ids = set(ResourcePage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))
    sync(ids)


def connect():
    post_page_move.connect(page_moved, dispatch_uid="search.page_moved")
