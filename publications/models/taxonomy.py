"""Curated vocabularies: themes and audiences are taggit tags editors manage.

`free_tagging = False` makes Wagtail's tag widget offer only existing tags,
so a resource can never carry a theme nobody curated.
"""

from django.db import models
from django.db.models import Count, Q
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, TaggedItemBase

SECTOR_CHOICES = [
    ("sanitaire", "Sanitaire"),
    ("medico-social", "Médico-social"),
    ("ville", "Ville"),
    ("transversal", "Transversal"),
]


class VocabularyQuerySet(models.QuerySet):
    def with_counts(self):
        """Terms used by at least one live resource, with that count (one query).

        Counted on the (term, resource) index, leaving out the few pages that are not live, rather
        than joining every tagged resource to its page: 40,000 page lookups at 20,000 resources.
        """
        from wagtail.models import Page

        not_live = Page.objects.filter(live=False).values("pk")
        live = ~Q(tagged_resources__content_object_id__in=not_live)
        return (
            self.annotate(resource_count=Count("tagged_resources", filter=live))
            .filter(resource_count__gt=0)
            .order_by("name")
        )


def themes_in_use():
    """Theme.objects.with_counts() as a list, counted once per change of content in each process.

    Kept under the content version (core/content_version.py, read by the middleware once a request),
    which every publish, unpublish, move, deletion and theme edit moves: exact, not a delay.
    """
    from core import content_version

    return content_version.cached("themes_in_use", lambda: list(Theme.objects.with_counts()))


class CuratedTag(TagBase):
    free_tagging = False
    description = models.TextField("Description", blank=True)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]


class Theme(CuratedTag):
    class Meta(CuratedTag.Meta):
        verbose_name = "thème"
        verbose_name_plural = "thèmes"


class Audience(CuratedTag):
    class Meta(CuratedTag.Meta):
        verbose_name = "public cible"
        verbose_name_plural = "publics cibles"


class ResourceTheme(TaggedItemBase):
    tag = models.ForeignKey(Theme, related_name="tagged_resources", on_delete=models.CASCADE)
    content_object = ParentalKey("publications.ResourcePage", related_name="theme_items", on_delete=models.CASCADE)

    class Meta:
        # Theme counts and related resources read (theme, resource) pairs from this index alone.
        indexes = [models.Index(fields=["tag", "content_object"], name="resourcetheme_tag_resource")]


class ResourceAudience(TaggedItemBase):
    tag = models.ForeignKey(Audience, related_name="tagged_resources", on_delete=models.CASCADE)
    content_object = ParentalKey("publications.ResourcePage", related_name="audience_items", on_delete=models.CASCADE)
