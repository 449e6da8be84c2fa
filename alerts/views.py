"""The alert pages: subscribe (from a theme page or a search with filters), confirm, manage, unsubscribe."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core import ratelimit

from . import filters as alert_filters
from . import links, services
from .forms import FrequencyForm, SubscribeForm
from .models import Alert

SUBSCRIBE_LIMIT = 10  # subscription attempts (valid or not) per client per hour


def private(response):
    """Pages reached by a private link: never cached, never indexed, never leaked in a Referer."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def too_many_requests(request):
    response = render(request, "alerts/429.html", status=429)
    response["Retry-After"] = "3600"
    return response


@require_http_methods(["GET", "POST"])
def subscribe(request):
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":  # every attempt counts, whatever it holds
        limit = getattr(settings, "ALERTS_SUBSCRIBE_LIMIT", SUBSCRIBE_LIMIT)
        if not ratelimit.take(request, "alert-subscribe", limit):
            return too_many_requests(request)
    words = " ".join(data.get("q", "").split())[:200]
    try:
        filters = alert_filters.canonical(data)
    except alert_filters.FilterError as exc:
        if request.method == "GET" and not alert_filters.given(data):  # the bare address: how to make one
            return private(render(request, "alerts/subscribe.html", {"no_filters": True}))
        context = {"filter_error": str(exc), "words": words}
        return private(render(request, "alerts/subscribe.html", context, status=400))
    form = SubscribeForm()
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            services.subscribe(form.cleaned_data["email"], filters, form.cleaned_data["frequence"])
            return redirect("alerts:requested")
    context = {
        "form": form,
        "filters": filters,
        "described": alert_filters.describe(filters),
        "words": words,
        "search_url": alert_filters.search_path(filters),
    }
    return private(render(request, "alerts/subscribe.html", context, status=400 if form.errors else 200))


def requested(request):
    """The same answer for every address: new, waiting for confirmation or already subscribed."""
    return private(render(request, "alerts/requested.html", {"days": services.confirm_days()}))


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        if request.method == "POST":
            alert = services.confirm(token)
            messages.success(request, "Votre alerte est confirmée. Vous recevrez les nouveautés à l'adresse indiquée.")
            return redirect("alerts:manage", token=alert.token)
        alert = services.pending_alert(token)
    except links.LinkError as exc:
        return private(render(request, "alerts/link_error.html", {"error": str(exc)}, status=400))
    context = {"alert": alert, "described": alert_filters.describe(alert.filters)}
    return private(render(request, "alerts/confirm.html", context))


@require_http_methods(["GET", "POST"])
def manage(request, token):
    alert = get_object_or_404(Alert, token=token)
    form = FrequencyForm(initial={"frequence": alert.frequency})
    status = 200
    if request.method == "POST":
        form = FrequencyForm(request.POST)
        if form.is_valid():
            services.change_frequency(alert, form.cleaned_data["frequence"])
            messages.success(request, "La fréquence de votre alerte est enregistrée.")
            return redirect("alerts:manage", token=alert.token)
        status = 400
    context = {
        "alert": alert,
        "form": form,
        "described": alert_filters.describe(alert.filters),
        "search_url": alert_filters.search_path(alert.filters),
    }
    return private(render(request, "alerts/manage.html", context, status=status))


@csrf_exempt  # RFC 8058: a mail client POSTs without cookies; the link's secret is the authority
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows one button (link scanners must not unsubscribe anyone); POST deletes at once,
    whether it comes from that button or from a mail client's one-click unsubscribe."""
    if request.method == "POST":
        deleted = services.delete_alert(token)
        return private(render(request, "alerts/unsubscribed.html", {"deleted": deleted}))
    alert = Alert.objects.filter(token=token).first()
    if alert is None:
        return private(render(request, "alerts/unsubscribed.html", {"deleted": False}, status=404))
    context = {"alert": alert, "described": alert_filters.describe(alert.filters)}
    return private(render(request, "alerts/unsubscribe.html", context))
