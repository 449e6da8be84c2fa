"""schema.org JSON-LD for resource pages: CreativeWork, or Event for a webconference.

Built as Python dicts and serialised with json.dumps; the template tag
`resource_json_ld` (publications/templatetags/distribution.py) escapes "<", ">"
and "&" so the payload can never close its <script> element.
"""

import datetime
import json

from core.addresses import absolute_url

PUBLISHER = {"@type": "Organization", "name": "Anap", "url": "https://anap.fr"}


def iso_duration(minutes):
    """ISO 8601 duration for a number of minutes: 90 -> "PT1H30M"."""
    hours, minutes = divmod(int(minutes), 60)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes or not hours:
        text += f"{minutes}M"
    return text


def _image(page, request):
    if not page.cover_image_id:
        return None
    rendition = page.cover_image.get_rendition("fill-1200x630")
    return absolute_url(rendition.url)


def _documents(page, request):
    """Public documents only (publications.privacy): JSON-LD is for crawlers, the same for everyone."""
    from .privacy import current

    privacy = current(request)
    media = []
    for item in page.ordered_documents:
        document = item.document
        if not privacy.is_public(document):
            continue
        entry = {
            "@type": "MediaObject",
            "name": item.display_label,
            "contentUrl": absolute_url(document.url),
            "encodingFormat": document.content_type,
        }
        if document.file_size:
            entry["contentSize"] = f"{document.file_size} B"
        media.append(entry)
    return media


def resource_json_ld(page, request=None):
    """The JSON-LD dict describing a resource page."""
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": page.title,
        "description": page.summary,
        "url": url,
        "inLanguage": "fr",
        "datePublished": page.publication_date.isoformat(),
        "publisher": PUBLISHER,
        "genre": page.get_kind_display(),
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    themes = [theme.name for theme in page.theme_tags]
    if themes:
        data["about"] = [{"@type": "Thing", "name": name} for name in themes]
        data["keywords"] = ", ".join(themes)
    audiences = [audience.name for audience in page.audience_tags]
    if audiences:
        data["audience"] = [{"@type": "Audience", "audienceType": name} for name in audiences]
    image = _image(page, request)
    if image:
        data["image"] = image
    documents = _documents(page, request)
    if documents:
        data["associatedMedia"] = documents
    event_start = getattr(page, "event_start", None)
    if event_start:
        data = _as_event(page, data, event_start, url)
    return data


def _as_event(page, data, start, url):
    """A webconference with a session date is a schema.org online Event."""
    data = {key: value for key, value in data.items() if key not in ("@context", "@type")}
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        **data,
        "startDate": start.isoformat(),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": {"@type": "VirtualLocation", "url": url},
        "organizer": PUBLISHER,
        "isAccessibleForFree": True,
    }
    if page.duration_minutes:
        event["duration"] = iso_duration(page.duration_minutes)
        event["endDate"] = (start + datetime.timedelta(minutes=page.duration_minutes)).isoformat()
    return event


def dumps_for_script(data):
    """JSON safe inside <script>: "<", ">" and "&" become \\u escapes (as json_script does)."""
    text = json.dumps(data, ensure_ascii=False, indent=None, cls=_Encoder)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.date | datetime.datetime):
            return o.isoformat()
        return super().default(o)
