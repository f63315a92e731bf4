"""The failed e-mails page (HR admins): each message that failed after its last attempt, the
mail server's answer, and a button to send it again. The notification centre (everyone's own
notifications, newest first), the header's unread count, and each person's choices of how
they are told of each kind of notification and which reminders they get (one page).

Opening a notification or marking them all read answers with the `HX-Trigger` event
UNREAD_CHANGED: the header's unread count (base.html) listens for it and asks for the count
at once, besides its poll every minute."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from bascule.core.errors import ValidationFailed
from bascule.core.forms import add_errors
from bascule.core.permissions import require, user_is_hr_admin
from bascule.core.views import page_context
from bascule.notifications import selectors, services
from bascule.notifications.forms import NotificationPreferencesForm
from bascule.reminders.forms import PreferencesForm
from bascule.reminders.selectors import user_choices as reminder_choices

# The event the header's unread count listens for (base.html).
UNREAD_CHANGED = "notifications-read"
CENTRE_TARGET = "notification-centre"


@require(user_is_hr_admin)
def failed_deliveries(request: HttpRequest) -> HttpResponse:
    deliveries = selectors.failed_deliveries(user=request.user)
    context = page_context(request, deliveries, per_page=selectors.FAILED_PAGE_SIZE)
    return render(request, "notifications/failed_deliveries.html", context)


@require(user_is_hr_admin)
@require_POST
def delivery_retry(request: HttpRequest, delivery_id: int) -> HttpResponse:
    if services.delivery_retry(actor=request.user, delivery_id=delivery_id):
        messages.success(request, _("The e-mail will be sent again in a moment."))
    else:
        messages.info(request, _("This e-mail is no longer waiting to be sent again."))
    return redirect("notifications:failed")


# --- The notification centre (each person's own) ---------------------------------------------


def _centre(request: HttpRequest, **extra) -> dict:
    notifications = selectors.notifications_of(user=request.user)
    context = page_context(request, notifications, per_page=selectors.NOTIFICATIONS_PAGE_SIZE)
    context["unread"] = selectors.unread_count(user=request.user)
    context["list_url"] = reverse("notification_centre:list")
    return {**context, **extra}


def notification_list(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/notification_list.html", _centre(request))


def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification's link, marking it read (a GET: a link a person opens)."""
    notification = selectors.access_notification(user=request.user, notification_id=notification_id)
    services.notification_open(user=request.user, notification=notification)
    url = notification.url
    if not (url.startswith("/") and not url.startswith("//")):
        url = reverse("notification_centre:list")  # only links within the site are followed
    # htmx follows a redirect without telling the page: it is told where to go instead.
    response = HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return trigger_client_event(response, UNREAD_CHANGED)


def _same_page(request: HttpRequest) -> str:
    """The centre's page the request came from (its `page`, when given)."""
    url = reverse("notification_centre:list")
    page = request.GET.get("page", "")
    return f"{url}?{urlencode({'page': page})}" if page else url


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every notification read. From htmx: the centre's list again, marked read, with
    its confirmation; otherwise back to the centre with a message."""
    count = services.notifications_read_all(user=request.user)
    if request.htmx and request.htmx.target == CENTRE_TARGET:
        response = render(
            request, "notifications/partials/centre.html", _centre(request, marked=count)
        )
    else:
        if count:
            messages.success(request, _("Every notification is marked as read."))
        response = redirect(_same_page(request))
    return trigger_client_event(response, UNREAD_CHANGED)


def unread_badge(request: HttpRequest) -> HttpResponse:
    """The header's unread count (an htmx partial refreshed every minute, and at once when a
    notification is read)."""
    count = selectors.unread_count(user=request.user)
    return render(request, "notifications/partials/unread_badge.html", {"unread": count})


def notification_preferences(request: HttpRequest) -> HttpResponse:
    """How the user is told of each kind of notification they can receive, and which
    reminders they get: one form, one save."""
    data = request.POST if request.method == "POST" else None
    form = NotificationPreferencesForm(
        data, choices=selectors.preference_choices(user=request.user)
    )
    reminders_form = PreferencesForm(
        data, choices=reminder_choices(user=request.user), prefix="reminders"
    )
    if data is not None and form.is_valid() and reminders_form.is_valid():
        try:
            services.preferences_save(
                actor=request.user,
                channels=form.channels(),
                reminders_enabled=reminders_form.enabled(),
            )
        except ValidationFailed as exc:
            add_errors(form, exc, field_for=lambda name: name.removeprefix("channels."))
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("notification_centre:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "reminders_form": reminders_form},
    )
