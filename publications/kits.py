"""The kit ZIP ("Télécharger le kit"): one archive of the kit's files plus a sommaire.txt.

Built by the worker (publications.tasks) once a kit is published, and stored as a KitArchive in
the default storage (S3 when configured), so a click never rebuilds it. The build is enqueued in the
transaction of the change; until the worker has run it, a download gets the current files zipped
on the fly (serve_kit_archive), never an outdated or missing archive. It is rebuilt when a
component changes (the kit or a component page republished, a component
document saved, a view restriction or a collection changed: publications.signals); a hash
of the inputs skips the rebuild when nothing changed. The archive holds what every visitor
of the kit may open (publications.privacy): for a public kit, public pages and documents only;
never a document in a restricted collection.
"""

import hashlib
import json
import logging
import tempfile
import zipfile

from django.core.files import File
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify

from .models.resource import in_sort_order
from .privacy import Privacy, sections_of

logger = logging.getLogger("hub")

SUMMARY_NAME = "sommaire.txt"
KIT_DEMAND_PRIORITY = 10  # a visitor asked for a kit whose archive is missing: before other builds


class ArchiveEntry:
    def __init__(self, position, component, document, page):
        self.component = component
        self.document = document
        self.page = page  # the component resource page, or None for a component document
        base, dot, extension = document.filename.rpartition(".")
        stem = slugify(document.title)[:60] or slugify(base.replace("_", " "))[:60] or f"document-{document.pk}"
        self.name = get_valid_filename(f"{position:02d}-{component.role}-{stem}{dot}{extension.lower()}")

    def fingerprint(self):
        return [self.document.pk, self.document.file_hash, self.document.title, self.component.role, self.name]


def page_documents(page):
    """The downloadable documents of a component resource page, in page order."""
    # in_sort_order: rows added in code have no sort_order, and PostgreSQL returns equal ones in any order.
    documents = [item.document for item in in_sort_order(page.documents.select_related("document"))]
    specific = page.specific
    for extra in (getattr(specific, "tool_file", None), getattr(specific, "slides", None)):
        if extra is not None:
            documents.append(extra)
    return documents


def archive_entries(kit, privacy=None):
    """The files of the kit's ZIP, in component order, each document once: those every visitor
    of the kit may open, so a component page or a document restricted beyond the kit stays out."""
    from core.models.base import private_section_paths

    privacy = privacy or Privacy.compute()  # afresh: rebuilt right after a restriction changed
    private_paths = private_section_paths()
    kit_sections = set(sections_of(kit.path, private_paths))
    entries, seen = [], set()
    for component in kit.ordered_components():
        if component.page_id:
            page = component.page
            if not page.live or not kit_sections.issuperset(sections_of(page.path, private_paths)):
                continue
            candidates = [(document, page) for document in page_documents(page)]
        else:
            candidates = [(component.document, None)]
        for document, page in candidates:
            if document.pk in seen or not document.file or not privacy.shown_with(document, kit_sections):
                continue
            seen.add(document.pk)
            entries.append(ArchiveEntry(len(entries) + 1, component, document, page))
    return entries


def content_hash(kit, entries):
    payload = {
        "kit": [kit.pk, kit.title, kit.url_path],
        "entries": [entry.fingerprint() + [entry.page.url_path if entry.page else ""] for entry in entries],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _page_url(page):
    try:
        return page.get_full_url() or page.url_path
    except Exception:  # noqa: BLE001 - a page outside any site still gets a line in the summary
        return page.url_path


def summary_text(kit, entries, built_at):
    """sommaire.txt: the kit, its date and every file with its role, title, format, size and pages."""
    lines = [
        f"Kit : {kit.title}",
        f"Publié le : {kit.publication_date:%d/%m/%Y}",
        f"Archive générée le : {timezone.localtime(built_at):%d/%m/%Y à %H:%M}",
        f"Adresse : {_page_url(kit)}",
        "",
        f"Contenu ({len(entries)} fichier{'s' if len(entries) > 1 else ''}) :",
    ]
    for entry in entries:
        document = entry.document
        details = [document.format_label, filesizeformat(document.get_file_size() or 0).replace("\xa0", " ")]
        if document.page_count:
            details.append(f"{document.page_count} page{'s' if document.page_count > 1 else ''}")
        lines += [
            "",
            entry.name,
            f"  Rôle : {entry.component.get_role_display()}",
            f"  Titre : {document.title}",
            f"  Format : {' – '.join(details)}",
        ]
        if entry.page is not None:
            lines.append(f"  Ressource : {entry.page.title} – {_page_url(entry.page)}")
    return "\n".join(lines) + "\n"


def write_zip(kit, entries, built_at, buffer):
    """Write the kit's ZIP (sommaire.txt, then each entry) into a binary file object."""
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zip_file:
        zip_file.writestr(SUMMARY_NAME, summary_text(kit, entries, built_at))
        for entry in entries:
            with entry.document.file.open("rb") as source, zip_file.open(entry.name, "w") as target:
                for chunk in iter(lambda: source.read(1024 * 1024), b""):  # noqa: B023
                    target.write(chunk)
    return buffer.tell()


def build_kit_archive(kit, force=False):
    """Build and store the kit ZIP unless an archive with the same inputs exists. Returns the KitArchive."""
    from .models import KitArchive

    entries = archive_entries(kit)
    digest = content_hash(kit, entries)
    archive = KitArchive.objects.filter(kit=kit).first()
    if archive is not None and archive.content_hash == digest and not force and archive.file:
        return archive

    built_at = timezone.now()
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as buffer:
        size = write_zip(kit, entries, built_at, buffer)
        buffer.seek(0)
        old_name = archive.file.name if archive is not None and archive.file else None
        archive = archive or KitArchive(kit=kit)
        archive.file.save(f"kit-{kit.pk}-{digest[:12]}.zip", File(buffer), save=False)
    archive.file_size = size
    archive.file_count = len(entries)
    archive.content_hash = digest
    archive.built_at = built_at
    archive.save()
    if old_name and old_name != archive.file.name:
        archive.file.storage.delete(old_name)
    logger.info("Kit archive %s built (%s files, %s bytes)", archive.file.name, len(entries), size)
    return archive


def rebuild_kits(kits):
    """Enqueue the build of these live kits' archives (a no-op for those whose inputs did not change),
    in the current transaction: the worker builds them once it commits."""
    from core.background import enqueue_on_commit

    from .tasks import build_kit_archives_task

    kit_ids = {kit.pk for kit in kits}
    if kit_ids:
        kit_ids -= kits_with_a_build_waiting()  # a build not started yet reads the kit when it runs
    if kit_ids:
        enqueue_on_commit(build_kit_archives_task, sorted(kit_ids))


def kits_using_document(document):
    """Live kits that put this document in their ZIP, directly or through a component page."""
    return kits_using_documents([document.pk])


def kits_using_documents(document_ids):
    from django.db.models import Q

    from .models import KitComponent, KitPage

    kit_ids = KitComponent.objects.filter(
        Q(document__in=document_ids)
        | Q(page__documents__document__in=document_ids)
        | Q(page__outilpage__tool_file__in=document_ids)
        | Q(page__webconferencepage__slides__in=document_ids)
    ).values("kit_id")
    return KitPage.objects.live().filter(pk__in=kit_ids)


def kits_affected_by_section(page):
    """Live kits whose ZIP may change when the page and its descendants become private or public:
    the kits among them, the kits listing one of them, and the kits holding a document they use."""
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast
    from wagtail.models import Page, ReferenceIndex

    from .models import HubDocument, KitPage

    section = Page.objects.descendant_of(page, inclusive=True)
    used = ReferenceIndex.objects.filter(
        base_content_type=ReferenceIndex._get_base_content_type(Page),
        to_content_type=ReferenceIndex._get_base_content_type(HubDocument),
        object_id__in=section.values_list(Cast("pk", output_field=CharField()), flat=True),
    ).values_list("to_object_id", flat=True)
    document_ids = {int(pk) for pk in used}
    by_documents = kits_using_documents(document_ids).values("pk") if document_ids else KitPage.objects.none()
    return (
        KitPage.objects.live()
        .filter(Q(pk__in=section.values("pk")) | Q(components__page__in=section.values("pk")) | Q(pk__in=by_documents))
        .distinct()
    )


def kits_affected_by_collection(collection):
    """Live kits holding a document of this collection or of one below it."""
    from wagtail.models import Collection

    from .models import HubDocument

    subtree = Collection.objects.descendant_of(collection, inclusive=True)
    return kits_using_documents(HubDocument.objects.filter(collection__in=subtree).values("pk"))


def kits_using_page(page):
    from .models import KitPage

    return KitPage.objects.live().filter(components__page=page).distinct()


def kits_with_a_build_waiting():
    """The ids of the kits whose build is enqueued and not started (the database backend; else none)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from core.background import defers

    from .tasks import build_kit_archives_task

    if not defers(build_kit_archives_task):
        return set()
    rows = DBTaskResult.objects.filter(task_path=build_kit_archives_task.module_path, status=TaskResultStatus.READY)
    return {kit_id for args_kwargs in rows.values_list("args_kwargs", flat=True) for kit_id in args_kwargs["args"][0]}


def serve_kit_archive(kit, request):
    """Stream the stored ZIP when it holds the kit's current files, and count the download.

    Not built yet, or built before the last change (the worker has not run its build): the same
    ZIP is made for this request, so the visitor gets the current files at once, and a build is
    enqueued unless one is waiting."""
    from . import privacy
    from .models import KitArchive
    from .stats import record_kit_download
    from .tasks import build_kit_archives_task

    if not kit.live:
        raise Http404("Kit non publié")
    entries = archive_entries(kit, privacy.current(request))
    if not entries:  # a ZIP holding only sommaire.txt is not offered
        raise Http404("Ce kit ne contient aucun fichier à télécharger")
    digest = content_hash(kit, entries)

    def stored():
        archive = KitArchive.objects.filter(kit=kit, content_hash=digest).exclude(file="").first()
        if archive is None:
            return None, 0
        try:
            return archive.file.open("rb"), archive.file_size
        except FileNotFoundError:  # the stored file vanished: as if never built, so the worker builds it
            KitArchive.objects.filter(pk=archive.pk).update(file="")
            return None, 0

    stream, size = stored()
    if stream is None and kit.pk not in kits_with_a_build_waiting():
        build_kit_archives_task.using(priority=KIT_DEMAND_PRIORITY).enqueue([kit.pk])
        stream, size = stored()  # built already by a backend that runs tasks at once
    if stream is None:
        stream = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
        size = write_zip(kit, entries, timezone.now(), stream)
        stream.seek(0)
    if request.method == "GET":
        record_kit_download(kit)
    response = FileResponse(stream, as_attachment=True, filename=f"kit-{kit.slug}.zip", content_type="application/zip")
    response["Content-Length"] = size
    return response
