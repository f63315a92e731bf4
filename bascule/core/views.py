from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


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
