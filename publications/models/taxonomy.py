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
        """Terms used by at least one live resource, with that count (one query)."""
        live = Q(tagged_resources__content_object__live=True)
        return (
            self.annotate(resource_count=Count("tagged_resources", filter=live, distinct=True))
            .filter(resource_count__gt=0)
            .order_by("name")
        )


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


class ResourceAudience(TaggedItemBase):
    tag = models.ForeignKey(Audience, related_name="tagged_resources", on_delete=models.CASCADE)
    content_object = ParentalKey("publications.ResourcePage", related_name="audience_items", on_delete=models.CASCADE)
