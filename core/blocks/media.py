import re
from urllib.parse import urlsplit

from wagtail import blocks

# Known players are embedded from their privacy-friendly embed URL: no oEmbed
# request at render time, so a page never waits on a third-party server.
EMBED_PATTERNS = [
    (re.compile(r"(?:youtube\.com/watch\?v=|youtu\.be/)([\w-]{6,})"), "https://www.youtube-nocookie.com/embed/{}"),
    (re.compile(r"dailymotion\.com/video/([\w]+)"), "https://www.dailymotion.com/embed/video/{}"),
    (re.compile(r"vimeo\.com/(\d+)"), "https://player.vimeo.com/video/{}"),
]


def is_demo_video(url):
    """A demo content's stand-in video: its host is under .example (RFC 2606), which never serves
    anything, so the page shows a marked placeholder instead of a player that would never load."""
    host = urlsplit(url or "").hostname or ""
    return host == "example" or host.endswith(".example")


def embed_url(url):
    """The iframe URL for a known video host, or None (then we show a link)."""
    for pattern, template in EMBED_PATTERNS:
        match = pattern.search(url or "")
        if match:
            return template.format(match.group(1))
    return None


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(label="Adresse de la vidéo", help_text="YouTube, Dailymotion, Vimeo ou lien direct")
    title = blocks.CharBlock(label="Titre de la vidéo", max_length=200)
    transcript = blocks.TextBlock(label="Transcription", required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = embed_url(value["url"])
        context["is_demo"] = is_demo_video(value["url"])
        return context

    class Meta:
        label = "Vidéo"
        icon = "media"
        group = "Médias"
        template = "blocks/video.html"
