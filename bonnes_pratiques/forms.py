"""The public forms: propose a practice, answer a moderator. Plain Django forms rendered with DSFR markup."""

import datetime
import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.filecheck import FileRefused, check_upload, max_files
from publications.models import Audience, Theme

from .models import Submission, UsedFormToken

STARTED_SALT = "bonnes_pratiques.form-started"
MIN_FILL_SECONDS = 5
STARTED_MAX_AGE = 24 * 3600

TOO_FAST = (
    "Le formulaire a été envoyé trop vite pour avoir été rempli par une personne. "
    "Vérifiez vos réponses et envoyez-le de nouveau."
)


REPLAYED = (
    "Ce formulaire a déjà été envoyé une fois. Si vous avez reçu un numéro de dossier, votre proposition "
    "est bien enregistrée : inutile de la renvoyer. Sinon, vérifiez vos réponses ci-dessous et envoyez-les de nouveau."
)


def min_fill_seconds():
    return getattr(settings, "BONNES_PRATIQUES_MIN_FILL_SECONDS", MIN_FILL_SECONDS)


def new_started_token(at=None):
    """The signed time the form was first shown, with a nonce that makes the token single-use."""
    return signing.dumps(
        {"t": at if at is not None else time.time(), "n": secrets.token_urlsafe(16)}, salt=STARTED_SALT
    )


def use_started_token(nonce):
    """Record a token as used, atomically (a unique row): False if it had been used before."""
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(nonce=nonce)
    except IntegrityError:
        return False
    # Tokens older than their validity can never be accepted again: forget them.
    UsedFormToken.objects.filter(used_at__lt=timezone.now() - datetime.timedelta(seconds=STARTED_MAX_AGE)).delete()
    return True


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class AttachmentsMixin:
    """Checks uploads by content. Accepted ones go to `self.accepted_uploads` even when others are refused,
    so the view can keep them against the draft."""

    max_files_total = None

    def describe_fields(self):
        """Point each control at its hint and, after validation, at its error message."""
        for name, field in self.fields.items():
            described = [f"{name}-hint"] if field.help_text else []
            if self.is_bound and name in self.errors:
                described.append(f"{name}-error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
            elif "aria-describedby" in field.widget.attrs:
                del field.widget.attrs["aria-describedby"]

    def _clean_uploads(self, uploads, already):
        self.accepted_uploads = []
        errors = []
        limit = self.max_files_total if self.max_files_total is not None else max_files()
        room = max(limit - already, 0)
        for upload in uploads:
            try:
                checked = check_upload(upload)
            except FileRefused as refused:
                errors.append(f"« {upload.name} » refusé : {refused.reason}")
                continue
            if len(self.accepted_uploads) >= room:
                errors.append(
                    f"« {upload.name} » non conservé : vous pouvez joindre au plus {limit} fichiers "
                    f"(vous en avez sélectionné {already + len(uploads)})."
                )
                continue
            self.accepted_uploads.append((upload, checked))
        if errors:
            raise forms.ValidationError(errors)
        return uploads


def _input(**attrs):
    return forms.TextInput(attrs={"class": "fr-input", **attrs})


def _textarea(rows=5):
    return forms.Textarea(attrs={"class": "fr-input", "rows": rows})


class VocabularyField(forms.ModelMultipleChoiceField):
    """Checkboxes of a vocabulary: a value that is no database id is an invalid choice, not a 500
    (a 400-digit number overflows SQLite's INTEGER, which Django's own check does not catch)."""

    MAX_ID = 2**63 - 1

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else [value]:
            text = str(pk)
            if not re.fullmatch(r"[0-9]{1,19}", text) or int(text) > self.MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:20]}
                )
        return super()._check_values(value)


class SubmissionForm(AttachmentsMixin, forms.ModelForm):
    themes = VocabularyField(
        label="Thèmes",
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un thème."},
        help_text="Choisissez un ou plusieurs thèmes.",
    )
    audiences = VocabularyField(
        label="Publics cibles",
        queryset=Audience.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="À qui cette initiative peut-elle servir ?",
    )
    attachments = MultipleFileField(
        label="Pièces jointes",
        required=False,
        help_text="Jusqu'à 5 fichiers de 10 Mo au plus : PDF, images (PNG, JPEG, WebP, GIF), "
        "documents Word, Excel, PowerPoint ou OpenDocument.",
    )
    consent_publication = forms.BooleanField(
        label="J'accepte que cette initiative soit publiée sur le site de l'Anap, après relecture.",
        error_messages={"required": "Cochez cette case pour que l'initiative puisse être publiée."},
    )
    consent_contact = forms.BooleanField(
        label="J'accepte que mes nom, fonction et courriel soient affichés avec l'initiative publiée, "
        "pour que d'autres équipes puissent me contacter.",
        required=False,
        help_text="Sans cet accord, vos coordonnées restent connues de l'Anap seule.",
    )
    # Anti-spam: a field people never see, and the signed time the form was shown.
    website = forms.CharField(label="Ne pas remplir ce champ", required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    draft_key = forms.CharField(widget=forms.HiddenInput, required=False)
    remove_files = forms.MultipleChoiceField(
        label="Retirer", required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )

    class Meta:
        model = Submission
        fields = [
            "structure_name",
            "structure_type",
            "region",
            "finess",
            "contact_name",
            "contact_role",
            "contact_email",
            "title",
            "context",
            "actions",
            "results",
            "figures",
            "lessons",
            "themes",
            "audiences",
            "consent_publication",
            "consent_contact",
        ]
        labels = {
            "title": "Titre de l'initiative",
            "context": "Contexte : quel problème vouliez-vous résoudre ?",
            "actions": "Ce que vous avez fait",
            "results": "Résultats et impact",
            "figures": "Chiffres clés",
            "lessons": "Enseignements et difficultés rencontrées",
            "contact_email": "Courriel",
            "contact_name": "Nom et prénom",
            "contact_role": "Fonction",
        }
        help_texts = {
            "finess": "9 chiffres, sans espace.",
            "figures": "Par exemple : « 40 % de passages aux urgences évités en 6 mois ».",
            "contact_email": "Nous vous écrivons à cette adresse. Format attendu : nom@domaine.fr",
        }
        widgets = {
            "structure_name": _input(autocomplete="organization"),
            "structure_type": forms.Select(attrs={"class": "fr-select"}),
            "region": forms.Select(attrs={"class": "fr-select"}),
            "finess": _input(inputmode="numeric", maxlength="9", pattern="[0-9]{9}"),
            "contact_name": _input(autocomplete="name"),
            "contact_role": _input(autocomplete="organization-title"),
            "contact_email": forms.EmailInput(attrs={"class": "fr-input", "autocomplete": "email"}),
            "title": _input(),
            "context": _textarea(),
            "actions": _textarea(),
            "results": _textarea(),
            "figures": _textarea(3),
            "lessons": _textarea(),
        }
        error_messages = {"finess": {"max_length": "Le numéro FINESS comporte exactement 9 chiffres."}}

    def __init__(self, *args, pending_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pending_files = list(pending_files)
        self.accepted_uploads = []
        self.is_spam = False
        self.fields["remove_files"].choices = [(str(f.pk), f.name) for f in self.pending_files]
        self.fields["structure_type"].choices = [("", "Sélectionnez un type")] + self.fields["structure_type"].choices[
            1:
        ]
        self.fields["region"].choices = [("", "Sélectionnez une région")] + self.fields["region"].choices[1:]
        self.fields["attachments"].widget.attrs.update({"class": "fr-upload", "accept": ACCEPT})
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1", "class": "fr-input"})

    def kept_files(self):
        removed = set(self.data.getlist("remove_files")) if self.is_bound else set()
        return [f for f in self.pending_files if str(f.pk) not in removed]

    def removed_files(self):
        kept = {f.pk for f in self.kept_files()}
        return [f for f in self.pending_files if f.pk not in kept]

    def clean_finess(self):
        value = "".join(self.cleaned_data.get("finess", "").split())
        if value and not re.fullmatch(r"[0-9]{9}", value):  # not isdigit(): "²" is a digit to it
            raise forms.ValidationError("Le numéro FINESS comporte exactement 9 chiffres.")
        return value

    def clean_attachments(self):
        return self._clean_uploads(self.cleaned_data.get("attachments") or [], len(self.kept_files()))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            self.is_spam = True
        return ""

    def clean_started(self):
        value = self.cleaned_data.get("started", "")
        try:
            signed = signing.loads(value, salt=STARTED_SALT, max_age=STARTED_MAX_AGE)
            started, nonce = float(signed["t"]), str(signed["n"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            self.started_token = new_started_token()
            raise forms.ValidationError(TOO_FAST) from None
        # A token is accepted once. A redisplayed form carries a fresh one that keeps the time the
        # form was first shown, so a person correcting an error is not "too fast" the second time.
        self.started_token = new_started_token(started)
        if not use_started_token(nonce):
            raise forms.ValidationError(REPLAYED)
        if time.time() - started < min_fill_seconds():
            raise forms.ValidationError(TOO_FAST)
        return value

    def submission_data(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name not in ("themes", "audiences")}
        return data


ACCEPT = ".pdf,.png,.jpg,.jpeg,.webp,.gif,.docx,.xlsx,.pptx,.odt,.ods,.odp"


class ReplyForm(AttachmentsMixin, forms.Form):
    message = forms.CharField(
        label="Votre réponse",
        widget=_textarea(6),
        max_length=10_000,
        error_messages={"required": "Écrivez votre réponse à la demande de modification."},
    )
    attachments = MultipleFileField(
        label="Ajouter des fichiers",
        required=False,
        help_text="Jusqu'à 5 fichiers de 10 Mo au plus : PDF, images, documents bureautiques.",
    )

    def __init__(self, *args, submission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted_uploads = []
        self.already = submission.files.count() if submission else 0
        self.fields["attachments"].widget.attrs.update({"class": "fr-upload", "accept": ACCEPT})

    def clean_attachments(self):
        # Up to 5 more files per answer.
        return self._clean_uploads(self.cleaned_data.get("attachments") or [], 0)
