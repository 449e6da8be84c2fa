import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Reconstruit l'index des ressources dans un nouvel index, puis bascule l'alias "
        "(la recherche reste disponible pendant la reconstruction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Sans barre de progression.")

    def handle(self, *args, **options):
        if not settings.SEARCH_URL:
            raise CommandError("SEARCH_URL n'est pas défini : aucun moteur de recherche à indexer.")
        start = time.monotonic()
        name, count = rebuild(progress=not options["no_progress"], stdout=self.stderr._out)
        self.stdout.write(f"{count} ressources indexées dans {name} en {time.monotonic() - start:.1f} s.")
