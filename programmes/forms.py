"""The application form: plain Django form rendered with DSFR markup."""

from django import forms

from core.filecheck import FileRefused, check_upload
from core.regions import REGION_CHOICES

from . import finess
from .models import Application

CHOOSE = [("", "Sélectionnez une option")]


def _input(**attrs):
    return forms.TextInput(attrs={"class": "fr-input", **attrs})


def _email():
    return forms.EmailInput(attrs={"class": "fr-input", "autocomplete": "email"})


def _select():
    return forms.Select(attrs={"class": "fr-select"})


MESSAGES = {
    "required": "Ce champ est obligatoire.",
    "invalid": "Saisissez une adresse électronique valide, par exemple nom@structure.fr.",
    "max_length": "Ce champ comporte au plus %(limit_value)d caractères.",
}


def text(label, max_length=200, help_text="", **attrs):
    return forms.CharField(
        label=label, max_length=max_length, help_text=help_text, widget=_input(**attrs), error_messages=MESSAGES
    )


def email(label):
    return forms.EmailField(label=label, max_length=254, widget=_email(), error_messages=MESSAGES)


class ApplicationForm(forms.Form):
    structure_name = text("Nom de la structure", autocomplete="organization")
    finess = forms.CharField(
        label="Numéro FINESS de l'établissement",
        max_length=20,
        help_text="9 caractères, par exemple 010780195 (2A ou 2B au début pour la Corse).",
        widget=_input(inputmode="text", autocomplete="off", spellcheck="false"),
        error_messages=MESSAGES,
    )
    structure_status = forms.ChoiceField(
        label="Statut de la structure",
        choices=CHOOSE + Application.StructureStatus.choices,
        widget=_select(),
        error_messages={"required": "Choisissez le statut de la structure.", "invalid_choice": "Statut inconnu."},
    )
    region = forms.ChoiceField(
        label="Région",
        choices=CHOOSE + REGION_CHOICES,
        widget=_select(),
        error_messages={"required": "Choisissez la région.", "invalid_choice": "Région inconnue."},
    )
    activity_figure = forms.IntegerField(
        label="Chiffre d'activité",
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"class": "fr-input", "inputmode": "numeric"}),
        error_messages={
            "required": "Ce chiffre est demandé par le programme.",
            "invalid": "Saisissez un nombre entier, sans espace ni unité.",
            "min_value": "Saisissez un nombre positif.",
            "max_value": "Ce nombre paraît trop grand : vérifiez-le.",
        },
    )
    director_name = text("Nom du directeur ou de la directrice", autocomplete="off")
    director_email = email("Courriel du directeur ou de la directrice")
    physician_name = text("Nom du médecin", autocomplete="off")
    physician_email = email("Courriel du médecin")
    cadre_name = text("Nom du cadre de santé", autocomplete="off")
    cadre_email = email("Courriel du cadre de santé")
    motivation = forms.CharField(
        label="Motivation",
        max_length=5000,
        help_text="Ce que la structure attend de l'accompagnement, en quelques lignes (5 000 caractères au plus).",
        widget=forms.Textarea(attrs={"class": "fr-input", "rows": 6}),
        error_messages=MESSAGES,
    )
    letter = forms.FileField(
        label="Lettre d'engagement signée",
        help_text="Au format PDF, 10 Mo au plus, signée par la direction.",
        widget=forms.ClearableFileInput(attrs={"class": "fr-upload", "accept": "application/pdf,.pdf"}),
        error_messages={"required": "Joignez la lettre d'engagement signée, au format PDF."},
    )
    consent = forms.BooleanField(
        label="J'accepte que l'Anap traite les données de ce formulaire pour examiner la candidature.",
        help_text="Elles sont conservées le temps du programme puis supprimées.",
        error_messages={"required": "Le consentement au traitement des données est nécessaire pour candidater."},
    )
    website = forms.CharField(label="Ne pas remplir ce champ", required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.is_spam = False
        self.checked_letter = None
        if programme.activity_question:
            self.fields["activity_figure"].label = programme.activity_question
        else:
            del self.fields["activity_figure"]
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1", "class": "fr-input"})

    def describe_fields(self):
        for name, field in self.fields.items():
            described = [f"{name}-hint"] if field.help_text else []
            if self.is_bound and name in self.errors:
                described.append(f"{name}-error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            self.is_spam = True
        return ""

    def clean_finess(self):
        value = finess.normalize(self.cleaned_data["finess"])
        problem = finess.error(value)
        if problem:
            raise forms.ValidationError(problem)
        if Application.objects.filter(programme=self.programme, finess=value).exists():
            raise forms.ValidationError(
                "Une candidature a déjà été déposée pour ce numéro FINESS à cet appui terrain. "
                "Le lien de suivi a été envoyé par courriel à l'équipe qui l'a déposée."
            )
        return value

    def clean_letter(self):
        upload = self.cleaned_data["letter"]
        try:
            checked = check_upload(upload)
        except FileRefused as refused:
            raise forms.ValidationError(f"« {upload.name} » refusé : {refused.reason}") from None
        if checked.kind != "pdf":
            raise forms.ValidationError(f"« {upload.name} » refusé : la lettre d'engagement doit être un PDF.")
        self.checked_letter = checked
        return upload

    def clean(self):
        cleaned = super().clean()
        addresses = [cleaned.get(f"{role}_email") for role in ("director", "physician", "cadre")]
        if all(addresses) and len({address.lower() for address in addresses}) < 3:
            self.add_error(
                "cadre_email",
                "Les trois membres du trio ont chacun leur adresse : le même courriel est saisi plusieurs fois.",
            )
        return cleaned

    def application_data(self):
        data = {name: self.cleaned_data[name] for name in self.fields if name not in ("letter", "consent", "website")}
        return data
