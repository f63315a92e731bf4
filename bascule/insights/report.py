"""The executive report: the dashboards' headline results, each program's detail, the method
and the data tables, as a PDF/A-3b document in French or English (/insights/report.pdf).

Built from the same selectors as the pages (overview, reaction, learning, results), so the
small-cell rule is already applied: a hidden value says so, and the report never names a
person. templates/insights/report.html holds its print CSS (A4 portrait) and the charts as
inline SVG (charts.py). As for the certificates (bascule/certificates/pdf.py), nothing is
fetched: the URL fetcher accepts data URIs only, and WeasyPrint is imported when a PDF is
rendered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bascule.insights import charts, learning, overview, reaction, stats
from bascule.insights import dashboard as dashboards
from bascule.insights import results as results_module
from bascule.insights import scope as measures_scope
from bascule.insights.figures import Definition, Figure, one
from bascule.insights.filters import Scope
from bascule.insights.retention import Workforce, load_workforce
from bascule.programs.models import ParticipantRole, Program

LANGUAGES = ("fr", "en")
HEADLINE_CHARTS = ("meetings", "nps")
RETENTION_MONTHS = "12"


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Retention:
    """One role's retention at 12 months, participants against their matched peers."""

    role: str
    participants: str
    peers: str
    sentences: tuple[str, ...]

    @property
    def shown(self) -> bool:
        return charts.hidden_text() not in (self.participants, self.peers)


@dataclass
class Detail:
    """What the report says of one set of programs (the whole scope, or one program)."""

    participants: int | None  # None: fewer than MIN_CELL
    overview: list[charts.Chart] = field(default_factory=list)
    reaction: list[charts.Chart] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict, repr=False)
    learning: learning.LearningReport | None = None
    retention: list[Retention] = field(default_factory=list)
    mobility: list[tuple[str, str]] = field(default_factory=list)  # (role, sentences)
    workforce: Workforce | None = field(default=None, repr=False)

    @property
    def too_few(self) -> bool:
        return self.participants is None


@dataclass
class Report:
    scope: Scope
    language: str
    generated_on: dt.date
    key_figures: list[KeyFigure]
    headline_charts: list[charts.Chart]
    summary: Detail
    programs: list[tuple[Program, Detail]]
    definitions: list[Definition]
    learning_definition: str

    @property
    def tables(self) -> list[tuple[str, list[charts.Chart]]]:
        """Every chart of the report by part, for the data tables at its end."""
        parts = [(_("Headline results"), self.summary)]
        parts += [(program.name, d) for program, d in self.programs if d is not self.summary]
        return [
            (heading, [*detail.overview, *detail.reaction])
            for heading, detail in parts
            if not detail.too_few
        ]


def _percent(rate: measures_scope.Rate | None) -> str:
    if rate is None or rate.hidden or rate.estimate is None:
        return charts.hidden_text()
    return charts.percent(100 * rate.estimate)


def _milestone(group: results_module.GroupFigures) -> measures_scope.Rate | None:
    return next((m for m in group.milestones if m.key == RETENTION_MONTHS), None)


def _results(scope: Scope, workforce: Workforce) -> tuple[list[Retention], list[tuple[str, str]]]:
    if not scope.programs:
        return [], []
    allowed = Program.objects.filter(pk__in=scope.program_ids)
    report = results_module.results(
        scope.for_measures(), allowed=allowed, analysis_date=workforce.today, workforce=workforce
    )
    labels = {
        ParticipantRole.MENTOR.value: _("Mentors"),
        ParticipantRole.MENTEE.value: _("Mentees"),
    }
    retention = [
        Retention(
            role=labels[outcome.role],
            participants=_percent(_milestone(outcome.participants)),
            peers=_percent(_milestone(outcome.peers)),
            sentences=outcome.sentences,
        )
        for outcome in report.outcomes
        if outcome.outcome == "retention"
    ]
    mobility = [(labels[item.role], " ".join(item.sentences)) for item in report.mobility]
    return retention, mobility


def detail(
    scope: Scope, now: dt.datetime, prefix: str = "all", *, workforce: Workforce | None = None
) -> Detail:
    """The figures of `scope`; `prefix` keeps the charts' ids (their SVG patterns) apart;
    `workforce` (of today) is shared by the comparisons of one report."""
    board = dashboards.dashboard(scope, now=now)
    if board.too_few:
        return Detail(participants=None)
    workforce = workforce or load_workforce(timezone.localdate(now))
    retention, mobility = _results(scope, workforce)
    allowed = Program.objects.filter(pk__in=scope.program_ids)
    return Detail(
        participants=board.participants,
        overview=[replace(f, id=f"{prefix}-{f.id}").chart() for f in board.overview],
        reaction=[replace(f, id=f"{prefix}-{f.id}").chart() for f in board.reaction],
        figures={figure.id: figure for figure in [*board.overview, *board.reaction]},
        learning=learning.learning(scope.for_measures(), allowed=allowed),
        retention=retention,
        mobility=mobility,
        workforce=workforce,
    )


def _key_figures(scope: Scope, summary: Detail) -> list[KeyFigure]:
    if summary.too_few:
        return []
    pairs = one(overview.scope_pairs(scope).count())
    # The held meetings, over the months with at least MIN_CELL pairs running.
    held = [v for v in summary.figures["meetings"].series[0].values if v is not None]
    satisfaction = summary.figures["satisfaction"]
    _figure, scores = reaction.nps(scope)
    result = [
        KeyFigure(_("Participants"), charts.whole(summary.participants)),
        KeyFigure(_("Pairs"), charts.shown(pairs, charts.whole)),
        KeyFigure(
            _("Meetings held"),
            charts.whole(sum(held)) if held else charts.hidden_text(),
            _("over the months with at least %(n)s pairs") % {"n": stats.MIN_CELL},
        ),
    ]
    for role, mean in zip(reaction.ROLES, satisfaction.series[0].values, strict=True):
        result.append(
            KeyFigure(
                _("Mentors' satisfaction")
                if role == ParticipantRole.MENTOR
                else _("Mentees' satisfaction"),
                _("%(mean)s out of 5") % {"mean": charts.decimal(mean)}
                if mean is not None
                else charts.hidden_text(),
                _("NPS %(score)s") % {"score": f"{scores[role]:+d}"}
                if scores.get(role) is not None
                else _("NPS hidden (fewer than %(n)s)") % {"n": stats.MIN_CELL},
            )
        )
    return result


def build(scope: Scope, language: str, *, now: dt.datetime | None = None) -> Report:
    """The report's content for `scope`, in `language` (call within translation.override)."""
    now = now or timezone.now()
    summary = detail(scope, now)
    # The company as the retention comparisons read it: loaded once, for every program.
    workforce = summary.workforce
    programs = []
    if not summary.too_few and len(scope.programs) > 1:
        for program in scope.programs:
            one_program = replace(scope, programs=[program])
            programs.append(
                (program, detail(one_program, now, f"p{program.pk}", workforce=workforce))
            )
    elif not summary.too_few:
        programs = [(scope.programs[0], summary)]
    headline = [
        replace(summary.figures[key], id=f"headline-{key}").chart()
        for key in HEADLINE_CHARTS
        if key in summary.figures
    ]
    return Report(
        scope=scope,
        language=language,
        generated_on=timezone.localdate(now),
        key_figures=_key_figures(scope, summary),
        headline_charts=headline,
        summary=summary,
        programs=programs,
        definitions=dashboards.definitions(),
        learning_definition=learning.definition(learning.RETROSPECTIVE),
    )


def render_html(scope: Scope, language: str, *, now: dt.datetime | None = None) -> str:
    with translation.override(language):
        return render_to_string(
            "insights/report.html",
            {"report": build(scope, language, now=now), "min_cell": stats.MIN_CELL},
        )


def fetcher():
    """WeasyPrint's URL fetcher: data URIs only, nothing remote."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def render_pdf(scope: Scope, language: str, *, now: dt.datetime | None = None) -> bytes:
    import weasyprint

    html = render_html(scope, language, now=now)
    return weasyprint.HTML(string=html, url_fetcher=fetcher()).write_pdf(pdf_variant="pdf/a-3b")


# How long a report rendered for the monthly e-mail serves the other readers of its scope.
SHARED_SECONDS = 3600


def shared_pdf(scope: Scope, language: str) -> bytes:
    """`render_pdf` of `scope` in `language`, rendered once an hour for every reader of the
    same scope and language (kept in the shared cache): the monthly e-mail then renders one
    report per language, not one per sponsor. The report holds aggregates only, the same for
    every reader of the scope, and the key holds the whole scope (programs, period, filters),
    so a reader never gets a report of another scope."""
    signature = repr(
        (
            language,
            timezone.localdate().isoformat(),
            tuple(scope.program_ids),
            scope.start.isoformat(),
            scope.end.isoformat(),
            scope.department.pk if scope.department else None,
            scope.level_band,
            scope.location,
            scope.aggregates_only,
            scope.period_chosen,
        )
    )
    key = "insights:executive-report:" + hashlib.sha256(signature.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(scope, language)
        cache.set(key, pdf, SHARED_SECONDS)
    return pdf


def filename(scope: Scope, language: str) -> str:
    return f"executive-report-{scope.end.isoformat()}-{language}.pdf"
