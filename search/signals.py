"""Index updates Wagtail's search signals do not cover: page moves (descendants' URLs change)
and view restrictions (a private section's resources leave the index, and come back)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import post_page_move


def reindex_section(page):
    """Reload a page and its descendants: their URLs or their visibility changed."""
    from publications.models import ResourcePage

    from .indexing import sync

    sync(set(ResourcePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)))


def page_moved(sender, instance, **kwargs):
    reindex_section(instance)


def restriction_changed(sender, instance, **kwargs):
    from wagtail.models import Page

    page = Page.objects.filter(pk=instance.page_id).first()  # gone when the page itself is deleted
    if page is not None:
        reindex_section(page)


def connect():
    post_page_move.connect(page_moved, dispatch_uid="search.page_moved")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search.restriction_saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search.restriction_deleted")
