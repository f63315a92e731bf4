"""The dashboards' pages: /insights/ and its sections (HR admins, program managers,
sponsors), the tables of each as a workbook, the executive report."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from bascule.core import exports
from bascule.core.permissions import require, user_can_see_funnels
from bascule.insights import dashboard as dashboards
from bascule.insights import report, sections
from bascule.insights.filters import InsightsFilterForm, LearningFilterForm, read_filters
from bascule.people.models import get_language_code


def _form_class(key: str) -> type[InsightsFilterForm]:
    return LearningFilterForm if key == sections.LEARNING else InsightsFilterForm


def _header(request: HttpRequest, key: str) -> dict:
    """What the shared header of the five pages needs (insights/partials/header.html)."""
    query = request.GET.urlencode()
    return {
        "section_key": key,
        "navigation": sections.navigation(key, query),
        "tables_url": sections.tables_url(key, query),
        "filtered": bool(request.GET),
    }


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
            "participants": board.participants if board else None,
            **_header(request, sections.OVERVIEW),
        },
    )


def _section(request: HttpRequest, key: str) -> HttpResponse:
    filters = read_filters(user=request.user, data=request.GET, form_class=_form_class(key))
    section = sections.build(key, filters) if filters.scope is not None else None
    return render(
        request,
        "insights/section.html",
        {
            "form": filters.form,
            "scope": filters.scope,
            "section": section,
            "section_title": sections.TITLES[key],
            "section_lead": sections.LEADS[key],
            "participants": section.participants if section else None,
            **_header(request, key),
        },
    )


@require(user_can_see_funnels)
def learning(request: HttpRequest) -> HttpResponse:
    """Learning (Kirkpatrick 2): the skills before and after, for mentees and mentors."""
    return _section(request, sections.LEARNING)


@require(user_can_see_funnels)
def behaviour(request: HttpRequest) -> HttpResponse:
    """Behaviour (Kirkpatrick 3): goals reached, meetings kept, training practised."""
    return _section(request, sections.BEHAVIOUR)


@require(user_can_see_funnels)
def results(request: HttpRequest) -> HttpResponse:
    """Results (Kirkpatrick 4): retention, promotion and mobility against matched peers."""
    return _section(request, sections.RESULTS)


@require(user_can_see_funnels)
def bridging(request: HttpRequest) -> HttpResponse:
    """Bridging the gap: reach across departments, locations, levels and generations."""
    return _section(request, sections.BRIDGING)


@require(user_can_see_funnels)
def tables(request: HttpRequest, section: str) -> HttpResponse:
    """Every table of a section's page as a workbook, for the filters of the query string:
    an "About" sheet, then one sheet per chart or table. Filters with errors send the reader
    back to the page, which shows them."""
    if section not in sections.SECTIONS:
        raise Http404
    filters = read_filters(user=request.user, data=request.GET, form_class=_form_class(section))
    if filters.scope is None:
        return redirect(f"{reverse(sections.ROUTES[section])}?{request.GET.urlencode()}")
    today = timezone.localdate()
    built = sections.build(section, filters)
    return exports.export_response(
        "xlsx",
        f"insights-{section}-{today.isoformat()}",
        sections.sheets(built, filters, today),
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
