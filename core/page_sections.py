"""Sections that an app adds to a page of another app, without either importing the other.

`register("home", name, template, context)` in the adding app's `ready()`; the page calls
`sections("home", request)` and includes each one's template with its context. `context(request)`
returns a dict, or None to show nothing. It runs on every request, outside the page memo, so a
section whose content depends on the time (a call for applications opening) is always current.
"""

_sections = {}


def register(page, name, template, context, order=0):
    _sections.setdefault(page, {})[name] = (order, template, context)


def unregister(page, name):
    _sections.get(page, {}).pop(name, None)


def sections(page, request):
    """[{"template": ..., **context}] of the sections registered for `page`, in order."""
    found = []
    for _order, template, context in sorted(_sections.get(page, {}).values(), key=lambda entry: entry[0]):
        values = context(request)
        if values is not None:
            found.append({"template": template, **values})
    return found
