"""The dashboards' pages: /insights/ (HR admins, program managers, sponsors)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bascule.core.permissions import require, user_can_see_funnels
from bascule.insights import dashboard as dashboards
from bascule.insights.filters import read_filters


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
