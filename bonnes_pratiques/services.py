"""What happens to a submission: every state change, its history line and its e-mails, in one transaction."""

import secrets

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from core.filecheck import safe_filename
from publications.models import ResourceDocument

from .emails import moderator_recipients, queue_email
from .models import BonnePratiqueIndexPage, BonnePratiquePage, Submission, SubmissionEvent, SubmissionFile

Status = Submission.Status
Kind = SubmissionEvent.Kind

PRIVATE_COLLECTION_NAME = "Propositions (privé)"
PRIVATE_COLLECTION_GROUPS = ["Modérateurs", "Éditeurs"]
RESERVED_SLUGS = BonnePratiquePage.RESERVED_SLUGS
SUBMITTER = "Déposant"

ALLOWED_TRANSITIONS = {
    Status.NEW: {Status.CHANGES_REQUESTED, Status.ACCEPTED, Status.REJECTED},
    Status.CHANGES_REQUESTED: {Status.NEW, Status.ACCEPTED, Status.REJECTED},
    Status.ACCEPTED: set(),
    Status.REJECTED: set(),
}


class InvalidTransition(Exception):
    pass


# Files


def store_file(upload, checked, submission=None, draft_key=""):
    """Save a checked upload to private storage as a SubmissionFile (of a submission or of a form draft)."""
    name = safe_filename(upload.name, checked.extension)
    item = SubmissionFile(
        submission=submission,
        draft_key=draft_key,
        original_name=(upload.name or "")[:255],
        name=name,
        content_type=checked.content_type,
        kind=checked.kind,
        size=upload.size,
    )
    upload.seek(0)
    item.file.save(name, upload, save=False)
    item.save()
    return item


def draft_files(draft_key):
    if not draft_key:
        return SubmissionFile.objects.none()
    return SubmissionFile.objects.filter(submission__isnull=True, draft_key=draft_key)


def discard_files(files):
    for item in files:
        item.file.delete(save=False)
        item.delete()


# Submission


def _event(submission, kind, actor=None, from_status="", to_status="", message="", visible=True, label=None):
    if label is None:
        label = SUBMITTER if actor is None else (actor.get_full_name() or actor.get_username())
    return SubmissionEvent.objects.create(
        submission=submission,
        kind=kind,
        actor=actor,
        actor_label=label,
        from_status=from_status,
        to_status=to_status,
        message=message,
        visible_to_submitter=visible,
    )


def create_submission(data, themes=(), audiences=(), uploads=(), draft_key=""):
    """Store a submission with its files, its first history line and its two e-mails, all or nothing.

    `data` holds the Submission fields; `uploads` is a list of (UploadedFile, CheckedFile);
    files already kept against `draft_key` are attached too.
    """
    with transaction.atomic():
        now = timezone.now()
        submission = Submission(**data, created_at=now)
        if submission.consent_publication:
            submission.consent_publication_at = now
        if submission.consent_contact:
            submission.consent_contact_at = now
        submission.save()
        # The reference derives from the primary key, unique by construction, even under concurrency.
        submission.reference = Submission.make_reference(submission.pk, now)
        Submission.objects.filter(pk=submission.pk).update(reference=submission.reference)
        submission.themes.set(themes)
        submission.audiences.set(audiences)
        draft_files(draft_key).update(submission=submission, draft_key="")
        for upload, checked in uploads:
            store_file(upload, checked, submission=submission)
        _event(submission, Kind.SUBMITTED, to_status=Status.NEW)
        context = {"submission": submission, "status_url": submission.get_absolute_status_url()}
        queue_email([submission.contact_email], "acknowledgement", context, submission)
        queue_email(moderator_recipients(), "moderators_new", _moderator_context(submission), submission)
    return submission


def _moderator_context(submission, message=""):
    from django.conf import settings
    from django.urls import reverse

    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "bonnes_pratiques_submission:inspect", args=[submission.pk]
    )
    return {"submission": submission, "admin_url": admin_url, "message": message}


def _transition(submission, to_status, kind, actor=None, message="", visible=True):
    """Move a submission to another status, checking the move from the locked, fresh row."""
    current = Submission.objects.select_for_update().get(pk=submission.pk)
    if to_status not in ALLOWED_TRANSITIONS[current.status]:
        raise InvalidTransition(
            f"Impossible de passer de « {current.get_status_display()} » à « {Status(to_status).label} »."
        )
    from_status = current.status
    Submission.objects.filter(pk=submission.pk).update(status=to_status, updated_at=timezone.now())
    submission.status = to_status
    _event(submission, kind, actor, from_status, to_status, message, visible)


def request_changes(submission, user, message):
    with transaction.atomic():
        _transition(submission, Status.CHANGES_REQUESTED, Kind.CHANGES_REQUESTED, user, message)
        context = {"submission": submission, "message": message, "status_url": submission.get_absolute_status_url()}
        queue_email([submission.contact_email], "changes_requested", context, submission)


def reject(submission, user, reason):
    with transaction.atomic():
        _transition(submission, Status.REJECTED, Kind.REJECTED, user, reason)
        context = {"submission": submission, "message": reason, "status_url": submission.get_absolute_status_url()}
        queue_email([submission.contact_email], "rejected", context, submission)


def submitter_reply(submission, message, uploads=()):
    """The submitter answers a request for changes: back to "nouvelle", moderators notified."""
    with transaction.atomic():
        _transition(submission, Status.NEW, Kind.SUBMITTER_REPLY, None, message)
        for upload, checked in uploads:
            store_file(upload, checked, submission=submission)
        queue_email(moderator_recipients(), "moderators_reply", _moderator_context(submission, message), submission)


# Acceptance: a draft page, prefilled


def get_private_collection():
    """The collection holding documents and images of pages not yet published, viewable by staff groups only."""
    from django.contrib.auth.models import Group

    collection = Collection.objects.filter(name=PRIVATE_COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PRIVATE_COLLECTION_NAME)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=PRIVATE_COLLECTION_GROUPS))
    return collection


def text_to_richtext(text):
    """Plain text as typed → rich text paragraphs, with every character escaped."""
    paragraphs = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    return "".join(f"<p>{escape(block).replace(chr(10), '<br/>')}</p>" for block in paragraphs)


def unique_slug(parent, title):
    base = slugify(title)[:70].strip("-") or "bonne-pratique"
    if base in RESERVED_SLUGS:
        base = f"{base}-bonne-pratique"
    existing = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _unguessable_name(name):
    # Wagtail documents and images live under MEDIA_ROOT: make their file names impossible to guess.
    stem, _, extension = name.rpartition(".")
    return f"{stem}-{secrets.token_hex(8)}.{extension}"


def accept(submission, user):
    """Create the draft BonnePratiquePage prefilled from the submission; return it."""
    with transaction.atomic():
        _transition(submission, Status.ACCEPTED, Kind.ACCEPTED, user, "")
        submission.refresh_from_db()
        index = BonnePratiqueIndexPage.objects.first()
        if index is None:
            from core.site_tree import ensure_site_tree

            index = ensure_site_tree()["bonnes-pratiques"]
        collection = get_private_collection()
        Document = get_document_model()
        Image = get_image_model()

        results = submission.results
        if submission.figures.strip():
            results += "\n\nChiffres clés :\n" + submission.figures
        page = BonnePratiquePage(
            title=submission.title,
            slug=unique_slug(index, submission.title),
            summary=Truncator(" ".join(submission.context.split())).chars(300),
            structure_name=submission.structure_name,
            structure_type=submission.structure_type,
            region=submission.region,
            context=text_to_richtext(submission.context),
            actions=text_to_richtext(submission.actions),
            results=text_to_richtext(results),
            lessons=text_to_richtext(submission.lessons),
            live=False,
            owner=user,
        )
        if submission.consent_contact:
            page.contact_name = submission.contact_name
            page.contact_role = submission.contact_role
            page.contact_email = submission.contact_email
            page.contact_is_public = True
        page.themes.set(list(submission.themes.all()))
        page.audiences.set(list(submission.audiences.all()))

        documents = []
        for item in submission.files.all():
            with item.file.open("rb") as source:
                title = item.name.rsplit(".", 1)[0].replace("-", " ").capitalize()
                if item.is_image:
                    image = Image(title=title, collection=collection, uploaded_by_user=user)
                    image.file.save(_unguessable_name(item.name), File(source), save=False)
                    image.save()
                    item.image = image
                    if page.cover_image is None:
                        page.cover_image = image
                else:
                    document = Document(title=title, collection=collection, uploaded_by_user=user)
                    document.file.save(_unguessable_name(item.name), File(source), save=False)
                    document.save()
                    item.document = document
                    documents.append(ResourceDocument(document=document))
            item.save(update_fields=["image", "document"])
        page.documents = documents

        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        Submission.objects.filter(pk=submission.pk).update(page=page)
        submission.page = page
    return page


# Publication


def on_page_published(page):
    """A page made from a submission went live: open its files to the public and tell the submitter, once."""
    submission = Submission.objects.filter(page_id=page.pk).first()
    if submission is None:
        return
    root = Collection.get_first_root_node()
    with transaction.atomic():
        files = submission.files.all()
        get_document_model().objects.filter(pk__in=[f.document_id for f in files if f.document_id]).update(
            collection=root
        )
        get_image_model().objects.filter(pk__in=[f.image_id for f in files if f.image_id]).update(collection=root)
        # Documents an editor attached by hand to the page from the private collection become public too.
        private = Collection.objects.filter(name=PRIVATE_COLLECTION_NAME).first()
        if private:
            doc_ids = ResourceDocument.objects.filter(page_id=page.pk).values_list("document_id", flat=True)
            get_document_model().objects.filter(pk__in=list(doc_ids), collection=private).update(collection=root)
        updated = Submission.objects.filter(pk=submission.pk, published_notified_at__isnull=True).update(
            published_notified_at=timezone.now()
        )
        if updated:
            _event(submission, Kind.PUBLISHED, message=page.full_url or "", label="Anap")
            context = {"submission": submission, "page_url": page.full_url}
            queue_email([submission.contact_email], "published", context, submission)
