from django.apps import AppConfig


class BonnesPratiquesConfig(AppConfig):
    name = "bonnes_pratiques"
    verbose_name = "Bonnes pratiques"
