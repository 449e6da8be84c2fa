"""iCalendar (RFC 5545) export of a webconference session.

Hand-written because it is one VEVENT: CRLF line endings, lines folded at 75
octets (never inside a UTF-8 sequence), TEXT values escaped, times in UTC.
"""

import datetime

from django.utils import timezone

DEFAULT_DURATION_MINUTES = 60


def escape_text(value):
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line, limit=75):
    """Split a content line into 75-octet chunks, continuation lines starting with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= limit:
        return line
    chunks, current, size, budget = [], [], 0, limit
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > budget:
            chunks.append("".join(current))
            current, size, budget = [], 0, limit - 1  # continuation lines lose one octet to the space
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def utc_stamp(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def webconference_ics(page, url, host="anap.fr", now=None):
    """The .ics text of a webconference's live session (page.event_start must be set)."""
    start = page.event_start
    end = start + datetime.timedelta(minutes=page.duration_minutes or DEFAULT_DURATION_MINUTES)
    description = page.summary
    if url:
        description = f"{description}\n\n{url}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Anap//Centre de ressources//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:webconference-{page.pk}@{host}",
        f"DTSTAMP:{utc_stamp(now or timezone.now())}",
        f"DTSTART:{utc_stamp(start)}",
        f"DTEND:{utc_stamp(end)}",
        f"SUMMARY:{escape_text(page.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        f"LOCATION:{escape_text(url)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
