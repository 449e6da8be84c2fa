from django import forms

from .models import Alert

EMAIL_ERRORS = {
    "required": "Indiquez votre adresse électronique.",
    "invalid": "Indiquez une adresse électronique valide, par exemple nom@exemple.fr.",
    "max_length": "L'adresse électronique est trop longue (254 caractères au plus).",
}
FREQUENCY_ERRORS = {
    "required": "Choisissez la fréquence des envois.",
    "invalid_choice": "Choisissez « Chaque semaine » ou « Chaque jour ».",
}


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "fr-input", "spellcheck": "false"}),
    )
    frequence = forms.ChoiceField(
        label="Fréquence",
        choices=Alert.Frequency.choices,
        initial=Alert.Frequency.WEEKLY,
        error_messages=FREQUENCY_ERRORS,
        widget=forms.RadioSelect,
    )


class FrequencyForm(forms.Form):
    frequence = forms.ChoiceField(
        label="Fréquence des envois",
        choices=Alert.Frequency.choices,
        error_messages=FREQUENCY_ERRORS,
        widget=forms.RadioSelect,
    )
