"""The failed e-mails page (HR admins): each message that failed after its last attempt, the
mail server's answer, and a button to send it again."""

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
