"""Pages of the demo's outbox (bascule/core/outbox.py): the e-mails Bascule kept instead of
sending them, each with its text, its HTML version and its attachments. All answer 404 when
the outbox is off."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from bascule.core import outbox
from bascule.core.views import page_context

PAGE_SIZE = 50


def _require_outbox() -> None:
    if not outbox.enabled():
        raise Http404


def outbox_list(request: HttpRequest) -> HttpResponse:
    """Return the e-mails the user may read (HR admins: all), newest first."""
    _require_outbox()
    messages = outbox.messages_visible_to(user=request.user).defer("raw")
    context = page_context(request, messages, per_page=PAGE_SIZE)
    context["sees_all"] = request.user.is_hr_admin
    return render(request, "core/outbox_list.html", context)


def outbox_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    """Return one e-mail: who it was for, when, its text and its attachments."""
    _require_outbox()
    message = outbox.access_outbox_message(user=request.user, message_id=message_id)
    context = {"message": message, "contents": outbox.contents(message)}
    return render(request, "core/outbox_detail.html", context)


def outbox_html(request: HttpRequest, message_id: int) -> HttpResponse:
    """Return the HTML version of an e-mail as its recipient's mail program shows it.

    Served sandboxed: the e-mail's HTML may carry its own styles, never scripts, and cannot
    reach the rest of the site.
    """
    _require_outbox()
    message = outbox.access_outbox_message(user=request.user, message_id=message_id)
    html = outbox.contents(message).html
    if not html:
        raise Http404
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    return response


def outbox_attachment(request: HttpRequest, message_id: int, number: int) -> HttpResponse:
    """Return attachment `number` (from 1) of an e-mail, as a download."""
    _require_outbox()
    message = outbox.access_outbox_message(user=request.user, message_id=message_id)
    attachments = outbox.contents(message).attachments
    if not 1 <= number <= len(attachments):
        raise Http404(_("This e-mail has no such attachment."))
    attachment = attachments[number - 1]
    response = HttpResponse(attachment.content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    return response
