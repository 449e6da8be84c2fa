from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Recherche"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion

        from core.content_version import watch

        from .indexing import signals
        from .models import Synonym

        # Every search reads the synonym groups and the promoted queries under the version.
        watch(Synonym, SearchPromotion)
        # After core's receivers (core is first in INSTALLED_APPS): index updates read public()
        # pages, whose private sections are kept under the version, so a restriction must move
        # it before its pages are reindexed.
        signals.connect()
