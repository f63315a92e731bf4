from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def page_context(request: HttpRequest, queryset: QuerySet, *, per_page: int) -> dict[str, Any]:
    """Return the requested page of `queryset` and what components/pagination.html needs.

    A page number out of range shows the last page rather than an error.
    """
    page_obj = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    return {"page_obj": page_obj, "querystring_without_page": querystring_without_page(request)}


def querystring_without_page(request: HttpRequest, **fixed: str) -> str:
    """The request's query string without `page` (plus `fixed` values), ready for
    components/pagination.html to append "page=N" to."""
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in fixed.items():
        params[key] = value
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def emails_queued(request: HttpRequest, count: int) -> SafeString:
    """Return what a bulk action's message says of its `count` e-mails: that they leave in the
    next few minutes (a background job sends them), and, to an HR admin, where to follow
    their delivery (the failed e-mails page). HTML, the link being the only markup."""
    if not count:
        return format_html("{}", _("Nobody will be e-mailed."))
    sentence = ngettext(
        "%(count)s e-mail will be sent in the next few minutes.",
        "%(count)s e-mails will be sent in the next few minutes.",
        count,
    ) % {"count": number_format(count, force_grouping=True)}
    if not getattr(request.user, "is_hr_admin", False):
        return format_html("{}", sentence)
    link = format_html('<a href="{}">{}</a>', reverse("notifications:failed"), _("Failed e-mails"))
    follow = format_html(
        _(
            "Follow their delivery under {link}: an e-mail that cannot be delivered is "
            "listed there."
        ),
        link=link,
    )
    return format_html("{} {}", sentence, follow)
