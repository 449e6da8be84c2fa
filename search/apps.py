from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Recherche"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache
        from .indexing import signals

        # The version first: index updates read public() pages, whose private sections are
        # kept under it, so a restriction must move it before its pages are reindexed.
        cache.connect()
        signals.connect()
