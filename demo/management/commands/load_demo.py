from django.core.management.base import BaseCommand, CommandError

from demo.loader import DemoContentError, load_demo


class Command(BaseCommand):
    help = "Construit (ou met à jour) le site de démonstration à partir de contenus réels de l'Anap."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sans-index",
            "--skip-index",
            action="store_true",
            dest="skip_index",
            help="Ne pas reconstruire l'index de recherche à la fin.",
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 0

        def log(message):
            if verbose:
                self.stdout.write(message)

        try:
            summary = load_demo(log=log, update_index=not options["skip_index"])
        except DemoContentError as exc:
            raise CommandError(str(exc)) from exc

        if not verbose:
            return
        if options["verbosity"] > 1:
            for title in summary.created:
                self.stdout.write(f"  + {title}")
            for title in summary.updated:
                self.stdout.write(f"  ~ {title}")
        seconds = f"{summary.seconds:.1f}".replace(".", ",")
        self.stdout.write(
            self.style.SUCCESS(
                f"Site de démonstration prêt en {seconds} s : {summary.resources} ressources, "
                f"{summary.practices} bonnes pratiques, {summary.news} actualités."
            )
        )
        self.stdout.write(
            f"Pages : {len(summary.created)} créées, {len(summary.updated)} mises à jour. "
            f"Documents : {summary.documents} ({summary.documents_created} générés). "
            f"Images : {summary.images} ({summary.images_created} générées)."
        )
