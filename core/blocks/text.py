from wagtail import blocks

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        label = "Texte"
        icon = "pilcrow"
        group = "Texte"
        template = "blocks/paragraph.html"


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label="Chiffre", max_length=30, help_text="Ex. : 288, +22 %, 6,6 millions")
    label = blocks.CharBlock(label="Libellé", max_length=160)
    source = blocks.CharBlock(label="Source", max_length=160, required=False)

    class Meta:
        label = "Chiffre clé"
        icon = "order"


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="Titre", max_length=120, required=False)
    figures = blocks.ListBlock(KeyFigureBlock(), label="Chiffres", min_num=1)

    class Meta:
        label = "Chiffres clés"
        icon = "order"
        group = "Texte"
        template = "blocks/key_figures.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Citation")
    author = blocks.CharBlock(label="Auteur", max_length=120, required=False)
    role = blocks.CharBlock(label="Fonction", max_length=160, required=False)

    class Meta:
        label = "Citation"
        icon = "openquote"
        group = "Texte"
        template = "blocks/quote.html"
