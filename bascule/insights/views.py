"""The dashboards' pages: /insights/ (HR admins, program managers, sponsors)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from bascule.core.permissions import require, user_can_see_funnels
from bascule.insights import dashboard as dashboards
from bascule.insights import report
from bascule.insights.filters import read_filters
from bascule.people.models import get_language_code


@require(user_can_see_funnels)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The Overview and Reaction sections for the filters of the query string; a form with
    errors shows them and no figure."""
    filters = read_filters(user=request.user, data=request.GET)
    board = dashboards.dashboard(filters.scope) if filters.scope is not None else None
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": filters.form,
            "scope": filters.scope,
            "board": board,
            "overview": [figure.chart() for figure in board.overview] if board else [],
            "reaction": [figure.chart() for figure in board.reaction] if board else [],
            "definitions": dashboards.definitions(),
            "filtered": bool(request.GET),
        },
    )


@require(user_can_see_funnels)
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The executive report as a PDF, for the filters of the query string, in `?lang=` (fr or
    en; otherwise the reader's language, as for the certificates). Filters with errors send
    the reader back to the page, which shows them."""
    data = request.GET.copy()
    asked = data.pop("lang", [""])[-1]
    language = asked if asked in report.LANGUAGES else get_language_code()
    filters = read_filters(user=request.user, data=data)
    if filters.scope is None:
        return redirect(f"{reverse('insights:dashboard')}?{data.urlencode()}")
    response = HttpResponse(
        report.render_pdf(filters.scope, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{report.filename(filters.scope, language)}"'
    )
    return response
