"""Bulk writing of new pages into Wagtail's tree."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, PageLogEntry


class Children:
    """Appends pages under a parent, as treebeard's add_child does, in fewer queries.

    add_child locks the parent and asks for its last child on every call; here the
    next tree path is kept in memory (one query per parent per run, again after a
    failed line). The parent's `numchild` is still incremented within each line's
    transaction, so a rolled-back line leaves the tree consistent (a gap in the
    paths, as a deletion would).
    """

    def __init__(self, parent):
        self.parent = parent
        self.reset()

    def reset(self):
        # From the database, not treebeard's get_last_child(): it trusts the parent's in-memory numchild.
        children = Page.objects.filter(path__startswith=self.parent.path, depth=self.parent.depth + 1)
        last = children.order_by("-path").first()
        self.next_path = last._inc_path() if last else Page._get_path(self.parent.path, self.parent.depth + 1, 1)

    def add(self, page):
        page.depth = self.parent.depth + 1
        page.path = self.next_path
        page._cached_parent_obj = self.parent  # treebeard's get_parent() cache, read by Wagtail's save
        # Wagtail's full validation, less the uniqueness queries this importer already answers:
        # the slug is checked among siblings by Page.clean(), the path is new.
        page.full_clean(exclude=["content_type", "locale", "tool_file"], validate_unique=False)
        page._is_site_root = False  # Wagtail's hint: spares a query in save()
        page.save(clean=False, log_action=None)  # sets url_path
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + 1)
        # The "wagtail.create" entry save() would have logged, without its per-entry validation queries.
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    page_id=page.pk,
                    content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
                    label=page.get_admin_display_title(),
                    action="wagtail.create",
                    timestamp=timezone.now(),
                    data={},
                    content_changed=True,
                )
            ]
        )
        self.next_path = page._inc_path()
