"""The CSRF failure view: Django's own renders 403_csrf.html without saying why it failed."""

from django.http import HttpResponseForbidden
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER
from django.template import loader


def csrf_failure(request, reason=""):
    template = loader.get_template("403_csrf.html")
    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE, "no_referer": reason == REASON_NO_REFERER}
    return HttpResponseForbidden(template.render(context))
