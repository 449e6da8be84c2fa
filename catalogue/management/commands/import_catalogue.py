import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.writer import CatalogueImporter


def children_cpu():
    """CPU seconds used by finished child processes (the PDF workers); 0 where unsupported."""
    try:
        import resource
    except ImportError:  # not on Unix
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def decimal(seconds):
    return f"{seconds:.1f}".replace(".", ",")


def plural(count, singular, plural):
    """French agreement: 0 and 1 take the singular."""
    return f"{count} {singular if count <= 1 else plural}"


class Command(BaseCommand):
    help = (
        "Importe un catalogue de ressources au format JSON lines (une ressource par ligne). "
        "Réimporter le même fichier met à jour les ressources existantes (même slug) sans les dupliquer."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier .jsonl à importer")
        parser.add_argument("--quiet", action="store_true", help="Sans barre de progression")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="N'importe rien si une ligne est invalide ; échoue si une ligne est rejetée",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="Nombre de processus qui génèrent les PDF (par défaut : un par cœur ; 1 : aucun)",
        )

    def handle(self, *args, file, quiet, strict, jobs, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Fichier introuvable : {path}")
        if not path.is_file():
            raise CommandError(f"« {path} » n'est pas un fichier")
        start, cpu_start, workers_start = time.monotonic(), time.process_time(), children_cpu()
        importer = CatalogueImporter(
            jobs=jobs,
            progress=not quiet,
            progress_file=getattr(self.stderr, "_out", None),  # the raw stream: the bar rewrites its line
            strict=strict,
            on_error=lambda error: self.stderr.write(str(error)),
        )
        try:
            result = importer.run(path)
        except OSError as exc:
            raise CommandError(f"Lecture impossible de {path} : {exc.strerror or exc}") from exc

        if result.aborted:
            raise CommandError(
                f"{plural(result.rejected, 'ligne invalide', 'lignes invalides')} : rien n'a été importé (--strict)."
            )
        elapsed = decimal(time.monotonic() - start)
        self.stdout.write(
            f"Import terminé en {elapsed} s : "
            f"{plural(result.imported, 'ressource importée', 'ressources importées')} "
            f"({plural(result.created, 'créée', 'créées')}, {plural(result.updated, 'mise à jour', 'mises à jour')}, "
            f"{plural(result.unchanged, 'inchangée', 'inchangées')}), "
            f"{plural(result.rejected, 'ligne rejetée', 'lignes rejetées')}."
        )
        if options["verbosity"] >= 2:  # for benchmarks (scripts/bench_import.py)
            self.stdout.write(
                f"Temps processeur : {decimal(time.process_time() - cpu_start)} s dans le processus principal "
                f"(pages, index), {decimal(children_cpu() - workers_start)} s dans ceux qui génèrent les PDF."
            )
        if strict and result.rejected:
            raise CommandError(f"{plural(result.rejected, 'ligne rejetée', 'lignes rejetées')} (--strict).")
