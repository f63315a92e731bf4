"""The insights API, /api/insights/: the dashboards' sections as numbers, for HR admins,
program managers (their programs) and sponsors (aggregates only: no figure names anyone).
The same filters, suppression and figures as the page /insights/."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from bascule.core.api_errors import ERRORS
from bascule.core.errors import ValidationFailed
from bascule.core.permissions import require, user_can_see_funnels
from bascule.insights import dashboard as dashboards
from bascule.insights.figures import Figure
from bascule.insights.filters import read_filters
from bascule.insights.schemas import FiltersIn, SectionOut

router = Router(tags=["insights"])


def _figure(figure: Figure) -> dict[str, Any]:
    return {
        "id": figure.id,
        "title": figure.title,
        "summary": figure.summary,
        "definition": figure.definition.text,
        "kind": figure.kind,
        "unit": figure.unit,
        "labels": figure.labels,
        "series": [{"name": s.name, "values": list(s.values)} for s in figure.series],
    }


def _section(request: HttpRequest, filters: FiltersIn, section: str) -> dict[str, Any]:
    data = {
        key: value.isoformat() if hasattr(value, "isoformat") else str(value)
        for key, value in filters.dict().items()
        if value not in (None, "")
    }
    read = read_filters(user=request.user, data=data)
    if read.scope is None:
        raise ValidationFailed({k: [str(m) for m in v] for k, v in read.form.errors.items()})
    board = dashboards.dashboard(read.scope, sections=(section,))
    return {
        "participants": board.participants,
        "period_from": read.scope.start,
        "period_to": read.scope.end,
        "figures": [_figure(f) for f in getattr(board, section)],
    }


@router.get(
    "/overview",
    response={200: SectionOut, **ERRORS},
    summary="Read the program overview",
)
@require(user_can_see_funnels)
def get_overview(request: HttpRequest, filters: Query[FiltersIn]):
    """The funnel, the pairs' health over time, meetings against the cadence, check-ins and
    pulse, goals, training, badges, time to first meeting, alumni coming back. Numbers of 1 to
    4 people, and those that would give them away, are null."""
    return _section(request, filters, "overview")


@router.get(
    "/reaction",
    response={200: SectionOut, **ERRORS},
    summary="Read what participants say (satisfaction, NPS)",
)
@require(user_can_see_funnels)
def get_reaction(request: HttpRequest, filters: Query[FiltersIn]):
    """Satisfaction and net promoter score by role, with the respondents; null under 5."""
    return _section(request, filters, "reaction")
