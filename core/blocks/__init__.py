"""StreamField blocks, split by theme and grouped in the editor's block menu."""

from wagtail import blocks

from .actions import CallToActionBlock, DocumentCardBlock
from .media import VideoBlock
from .text import KeyFiguresBlock, QuoteBlock, RichTextBlock


class BodyBlock(blocks.StreamBlock):
    """The body shared by every resource, practice and news page."""

    paragraph = RichTextBlock()
    key_figures = KeyFiguresBlock()
    quote = QuoteBlock()
    document = DocumentCardBlock()
    video = VideoBlock()
    call_to_action = CallToActionBlock()

    class Meta:
        block_counts = {}


__all__ = [
    "BodyBlock",
    "CallToActionBlock",
    "DocumentCardBlock",
    "KeyFiguresBlock",
    "QuoteBlock",
    "RichTextBlock",
    "VideoBlock",
]
