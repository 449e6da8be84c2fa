"""`manage.py search_index_check [--repair]`: the index against the live public resources."""

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.indexing import check, transport

from .rebuild_search_index import reason_of

ENGINE_DOWN = (
    "Le moteur de recherche ne répond pas à {url} ({reason}) : {what}. Relancez la commande une fois le moteur démarré."
)


class Command(BaseCommand):
    help = (
        "Compare l'index de recherche aux ressources publiques en ligne (nombre et empreinte de chaque "
        "document) et signale les écarts : ressources absentes, en trop, périmées ; code de sortie 1 s'il y en a. "
        "Avec --repair, les corrige."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Corrige les écarts trouvés.")

    def handle(self, *args, repair, **options):
        if not check.engine_configured():
            raise CommandError("SEARCH_URL n'est pas défini : aucun index de recherche à vérifier.")
        start = time.monotonic()
        drift = self.run(check.compare, "l'index n'a pas été vérifié")
        for line in drift.report():
            self.stdout.write(line)
        if drift and repair:
            count = self.run(lambda: check.repair(drift), "la réparation est interrompue")
            written = "document réécrit ou supprimé" if count <= 1 else "documents réécrits ou supprimés"
            self.stdout.write(f"Réparation : {count} {written}. Nouvelle vérification :")
            drift = self.run(check.compare, "l'index réparé n'a pas été vérifié")
            for line in drift.report():
                self.stdout.write(line)
        self.stdout.write(f"Durée : {time.monotonic() - start:.1f} s.".replace(".", ",", 1))
        if drift:
            sys.exit(1)

    @staticmethod
    def run(step, what):
        try:
            return step()
        except transport().errors as exc:
            raise CommandError(ENGINE_DOWN.format(url=settings.SEARCH_URL, reason=reason_of(exc), what=what)) from exc
        except RuntimeError as exc:  # the engine refused documents (search.indexing.sync.bulk_write)
            raise CommandError(f"Le moteur de recherche a refusé des documents : {exc}") from exc
