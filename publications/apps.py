from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Ressources"

    def ready(self):
        from . import signals
        from .catalogue import registry
        from .models import FichePratiquePage, FlyerPage, KitPage, OutilPage, PublicationPage, WebconferencePage

        signals.connect()
        # The catalogue's types, in the order its error messages list them.
        for page_class in (PublicationPage, FichePratiquePage, FlyerPage):
            registry.register(page_class)
        registry.register(WebconferencePage, "webinar")  # the catalogue's name for a webconference
        for page_class in (KitPage, OutilPage):
            registry.register(page_class)
