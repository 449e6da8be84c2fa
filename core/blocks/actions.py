from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class DocumentCardBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Document")
    title = blocks.CharBlock(label="Titre affiché", max_length=200, required=False)
    description = blocks.TextBlock(label="Description", required=False)

    class Meta:
        label = "Carte de téléchargement"
        icon = "doc-full"
        group = "Actions"
        template = "blocks/document_card.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre", max_length=160)
    text = blocks.TextBlock(label="Texte", required=False)
    button_label = blocks.CharBlock(label="Libellé du bouton", max_length=80)
    page = blocks.PageChooserBlock(label="Page interne", required=False)
    url = blocks.URLBlock(label="Lien externe", required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError("Choisissez une page interne ou saisissez un lien externe.")}
            )
        return value

    class Meta:
        label = "Appel à l'action"
        icon = "pick"
        group = "Actions"
        template = "blocks/call_to_action.html"
