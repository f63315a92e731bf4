"""The failed e-mails page (HR admins): each message that failed after its last attempt, the
mail server's answer, and a button to send it again. The notification centre (everyone's own
notifications, newest first), and the header's unread count."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bascule.core.permissions import require, user_is_hr_admin
from bascule.core.views import page_context
from bascule.notifications import selectors, services


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


def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notifications_of(user=request.user)
    context = page_context(request, notifications, per_page=selectors.NOTIFICATIONS_PAGE_SIZE)
    context["unread"] = selectors.unread_count(user=request.user)
    return render(request, "notifications/notification_list.html", context)


def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification's link, marking it read (a GET: a link a person opens)."""
    notification = selectors.access_notification(user=request.user, notification_id=notification_id)
    services.notification_open(user=request.user, notification=notification)
    url = notification.url
    if not (url.startswith("/") and not url.startswith("//")):
        return redirect("notification_centre:list")  # only links within the site are followed
    return redirect(url)


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    if services.notifications_read_all(user=request.user):
        messages.success(request, _("Every notification is marked as read."))
    return redirect("notification_centre:list")


def unread_badge(request: HttpRequest) -> HttpResponse:
    """The header's unread count (an htmx partial refreshed every minute)."""
    count = selectors.unread_count(user=request.user)
    return render(request, "notifications/partials/unread_badge.html", {"unread": count})
