from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Appuis terrain"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import page_sections
        from search import facets

        from .facets import STATUS_FACET
        from .sections import open_calls

        page_sections.register("home", "open_calls", "programmes/includes/home_open_calls.html", open_calls)
        facets.register(STATUS_FACET, after="type")
