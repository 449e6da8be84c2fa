"""Kits: components are slugs of earlier lines or of resources already in the hub."""

from django.db import transaction

from publications.models import KitArchive, KitComponent, ResourcePage
from publications.resource_types import by_kind

from .planning import document_storage
from .records import LineError, _quote


def component_role(kind):
    """A kit component's role, from its resource's type (`kit_role`)."""
    try:
        return by_kind(kind).kit_role
    except KeyError:  # a kind no page class declares any more
        return "autre"


class KitComponents:
    """The importer's handling of kits' `components` (a mixin of `CatalogueImporter`)."""

    def _known_components(self, records, seen):
        """The records whose components all exist (earlier in the catalogue, or in the hub); the others rejected."""
        wanted = {slug for record in records for slug in record.components or ()}
        in_hub = set(ResourcePage.objects.filter(slug__in=wanted).values_list("slug", flat=True)) if wanted else set()
        kept = []
        for record in records:
            unknown = [
                slug
                for slug in record.components or ()
                if slug not in in_hub and not (slug in seen and seen[slug] < record.line)
            ]
            if unknown:
                names = ", ".join(_quote(slug) for slug in unknown)
                self._reject(
                    LineError(
                        record.line,
                        f"composant{'s' if len(unknown) > 1 else ''} {names} introuvable"
                        f"{'s' if len(unknown) > 1 else ''} : ni une ligne précédente du catalogue, "
                        "ni une ressource du hub",
                    )
                )
            else:
                kept.append(record)
        return kept

    def _component_pages(self, slugs):
        """{slug: (page id, kind)}: the page written by this import first, else the hub's (under its parent first)."""
        found = {}
        pages = ResourcePage.objects.filter(slug__in=slugs).values_list("slug", "pk", "kind", "path")
        ressources = self.parents["ressources"].path
        for slug, pk, kind, _path in sorted(pages, key=lambda row: not row[3].startswith(ressources)):
            found.setdefault(slug, (pk, kind))
        for slug in slugs:
            if slug in self.slug_pages:
                found[slug] = self.slug_pages[slug]
        return found

    def _set_components(self, page, record):
        """Give the kit its components in the catalogue's order; True when they changed."""

        pages = self._component_pages(record.components)
        missing = [slug for slug in record.components if slug not in pages]
        if missing:  # its line was rejected
            raise LineError(record.line, f"composant {_quote(missing[0])} introuvable (sa ligne a été rejetée)")
        wanted = [pages[slug][0] for slug in record.components]
        current = list(
            KitComponent.objects.filter(kit_id=page.pk).order_by("sort_order", "pk").values_list("page_id", flat=True)
        )
        if current == wanted:
            return False
        KitComponent.objects.filter(kit_id=page.pk).delete()
        KitComponent.objects.bulk_create(
            KitComponent(
                kit_id=page.pk,
                page_id=pages[slug][0],
                role=component_role(pages[slug][1]),
                sort_order=position,
            )
            for position, slug in enumerate(record.components)
        )
        # Its ZIP is stale: dropped, the next download builds it again.
        for archive in KitArchive.objects.filter(kit_id=page.pk):
            name = archive.file.name
            archive.delete()
            if name:
                transaction.on_commit(lambda name=name: document_storage().delete(name))
        return True

    def _components_current(self, page_id, record, current_components):
        if record.components is None:
            return True
        pages = self._component_pages(record.components)
        wanted = [pages.get(slug, (None,))[0] for slug in record.components]
        return current_components.get(page_id, []) == wanted

    @staticmethod
    def _kit_rows(page_ids):
        rows = KitComponent.objects.filter(kit_id__in=page_ids).order_by("kit_id", "sort_order", "pk")
        return rows.values_list("kit_id", "page_id")
