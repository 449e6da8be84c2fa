from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Ressources"

    def ready(self):
        from core.content_version import watch

        from . import signals
        from .catalogue import registry
        from .models import (
            Audience,
            FichePratiquePage,
            FlyerPage,
            KitPage,
            OutilPage,
            PublicationPage,
            Theme,
            WebconferencePage,
        )

        # Their labels are kept under the content version (search forms, cards, the home page).
        watch(Theme, Audience)
        signals.connect()
        # The catalogue's types, in the order its error messages list them.
        for page_class in (PublicationPage, FichePratiquePage, FlyerPage):
            registry.register(page_class)
        registry.register(WebconferencePage, "webinar")  # the catalogue's name for a webconference
        for page_class in (KitPage, OutilPage):
            registry.register(page_class)
