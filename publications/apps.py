from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Ressources"

    def ready(self):
        from core.content_version import watch

        from . import signals
        from .models import Audience, Theme

        # Their labels are kept under the content version (search forms, cards, the home page).
        watch(Theme, Audience)
        signals.connect()
