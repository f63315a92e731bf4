"""The dashboards' five sections as pages and as workbooks (docs/impact.md, "The pages").

/insights/ shows the program overview and the reaction (dashboard.py); /insights/learning/,
/insights/behaviour/, /insights/results/ and /insights/bridging/ show the measures of
Kirkpatrick's levels 2 to 4 and the bridging of the gap (learning.py, behaviour.py,
results.py, bridging.py), for the page filters converted by `filters.Scope.for_measures`.

A section is a list of parts; each part holds charts (charts.py, each with its table),
tables and sentences, in the order of the page. The workbook of a section
(/insights/<section>/tables.xlsx) has a sheet per chart or table of the page, with the same
text in each cell as on screen (so the same hidden values), after an "About" sheet.

Nothing here counts anyone: every figure comes from a measure that already applied the
small-cell rule; a hidden value is written `charts.hidden_text()`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms
from django.urls import reverse
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.insights import behaviour as behaviour_module
from bascule.insights import bridging as bridging_module
from bascule.insights import charts, stats
from bascule.insights import dashboard as dashboards
from bascule.insights import learning as learning_module
from bascule.insights import results as results_module
from bascule.insights.figures import Definition
from bascule.insights.filters import Filters, LearningFilterForm, Scope
from bascule.insights.scope import Rate
from bascule.programs.models import ParticipantRole, Program

OVERVIEW, LEARNING, BEHAVIOUR, RESULTS, BRIDGING = (
    "overview",
    "learning",
    "behaviour",
    "results",
    "bridging",
)
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
SECTIONS = (OVERVIEW, LEARNING, BEHAVIOUR, RESULTS, BRIDGING)
TITLES = {
    OVERVIEW: gettext_lazy("Overview and reaction"),
    LEARNING: gettext_lazy("Learning"),
    BEHAVIOUR: gettext_lazy("Behaviour"),
    RESULTS: gettext_lazy("Results"),
    BRIDGING: gettext_lazy("Bridging the gap"),
}
LEADS = {
    OVERVIEW: "",
    LEARNING: gettext_lazy(
        "What participants learned (the second level of Kirkpatrick's model): how mentees and "
        "mentors rate their own skills before and after the mentoring."
    ),
    BEHAVIOUR: gettext_lazy(
        "What the pairs did (the third level of Kirkpatrick's model): the goals they reached, "
        "the meetings they kept and what they practised of the training."
    ),
    RESULTS: gettext_lazy(
        "What changed for the company (the fourth level of Kirkpatrick's model): retention, "
        "promotion and internal mobility of participants against comparable colleagues who "
        "never took part."
    ),
    BRIDGING: gettext_lazy(
        "Whom the pairs bring together: across departments, locations, career levels and "
        "generations."
    ),
}
ROUTES = {
    OVERVIEW: "insights:dashboard",
    LEARNING: "insights:learning",
    BEHAVIOUR: "insights:behaviour",
    RESULTS: "insights:results",
    BRIDGING: "insights:bridging",
}


@dataclass(frozen=True)
class Block:
    """A table shown as a table (not behind a chart): its anchor, its table, its definition."""

    id: str
    table: charts.Table
    definition: str = ""


@dataclass(frozen=True)
class Text:
    """Sentences said in words (a result, a test)."""

    texts: tuple[str, ...]


Item = charts.Chart | Block | Text


@dataclass
class Part:
    id: str
    heading: str
    lead: str = ""
    items: list[Item] = field(default_factory=list)


@dataclass
class Section:
    key: str
    participants: int | None  # None: fewer than MIN_CELL people match the filters
    parts: list[Part] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(TITLES[self.key])

    @property
    def too_few(self) -> bool:
        return self.participants is None

    def tables(self) -> list[charts.Table]:
        """Every table of the page, in its order: a chart's, then the others'."""
        found = []
        for part in self.parts:
            for item in part.items:
                if isinstance(item, charts.Chart | Block):
                    found.append(item.table)
        return found


# --- Words and numbers ------------------------------------------------------------------------


def role_label(role: str) -> str:
    return _("Mentors") if role == ParticipantRole.MENTOR else _("Mentees")


def signed(value: float) -> str:
    text = number_format(value, 1)
    return f"+{text}" if value > 0 else text


def p_value(value: float | None) -> str:
    if value is None:
        return _("not computed (no change)")
    if value < 0.001:
        return _("below %(p)s") % {"p": number_format(0.001, 3)}
    return number_format(value, 3)


def interval(low: float | None, high: float | None, fmt: charts.Format) -> str:
    if low is None or high is None:
        return ""
    return _("%(low)s to %(high)s") % {"low": fmt(low), "high": fmt(high)}


def share(value: float | None) -> str:
    return charts.shown(None if value is None else 100 * value, charts.percent)


def percent_interval(rate: Rate) -> str:
    if rate.hidden:
        return ""
    return interval(100 * rate.low, 100 * rate.high, charts.percent)


def count(value: int | None) -> str:
    return charts.shown(value, charts.whole)


def rate_row(label: str, rate: Rate) -> list[str]:
    """A proportion in a table: its group, the share, its interval and n."""
    if rate.hidden:
        return [label, charts.hidden_text(), "", ""]
    return [label, share(rate.estimate), percent_interval(rate), count(rate.n)]


RATE_HEADERS = (gettext_lazy("Share"), gettext_lazy("Interval (95 %)"), gettext_lazy("People"))


def rate_headers(first: str) -> list[str]:
    return [first, *(str(header) for header in RATE_HEADERS)]


# --- Learning ---------------------------------------------------------------------------------


def _growth_table(title: str, first: str, rows: Iterable[learning_module.Growth]) -> charts.Table:
    headers = [
        first,
        _("Mean before"),
        _("Mean after"),
        _("Mean change"),
        _("Interval (95 %)"),
        _("Respondents"),
        _("Wilcoxon p"),
    ]
    body = []
    for row in rows:
        if row.hidden:
            body.append([row.label, charts.hidden_text(), "", "", "", "", ""])
            continue
        body.append(
            [
                row.label,
                charts.decimal(row.mean_before),
                charts.decimal(row.mean_after),
                signed(row.mean_change),
                interval(row.change_low, row.change_high, signed),
                count(row.n),
                p_value(row.p_value),
            ]
        )
    return charts.Table(caption=title, headers=headers, rows=body)


def learning(scope: Scope, allowed, basis: str) -> tuple[list[Part], list[Definition]]:
    report = learning_module.learning(scope.for_measures(), basis=basis, allowed=allowed)
    definition = Definition("skills", _("Skills before and after"), report.definition)
    tests = Definition(
        "wilcoxon",
        _("Interval and Wilcoxon p"),
        _(
            "The interval is the 95 %% confidence interval of the mean change. The Wilcoxon "
            "signed-rank test asks whether the changes could be chance: a p below 0.05 says "
            "they are unlikely to be; it does not say the mentoring caused them."
        )
        % {},
    )
    parts = []
    for role in learning_module.ROLES:
        label = role_label(role)
        skills = [row for row in report.skills if row.role == role]
        categories = [row for row in report.categories if row.role == role]
        items: list[Item] = []
        hidden = sum(1 for row in skills if row.hidden)
        if not skills:
            items.append(Text((_("No skill rated yet for this basis."),)))
        else:
            if hidden:
                items.append(
                    Text(
                        (
                            ngettext(
                                "%(count)s skill rated by fewer than %(n)s people is not "
                                "drawn: its row of the table says “%(hidden)s”.",
                                "%(count)s skills rated by fewer than %(n)s people are not "
                                "drawn: their rows of the table say “%(hidden)s”.",
                                hidden,
                            )
                            % {
                                "count": hidden,
                                "n": stats.MIN_CELL,
                                "hidden": charts.hidden_text(),
                            },
                        )
                    )
                )
            items.append(
                charts.bar_chart(
                    chart_id=f"chart-learning-{role}",
                    title=_("%(role)s: mean change per skill") % {"role": label},
                    summary=_(
                        "The mean change of each skill between before and after, on a scale "
                        "from 1 (beginner) to 4 (expert); a skill rated by fewer than %(n)s "
                        "people is hidden."
                    )
                    % {"n": stats.MIN_CELL},
                    bars=[(row.label, row.mean_change) for row in skills if not row.hidden],
                    value_header=_("Mean change"),
                    category_header=_("Skill"),
                    fmt=signed,
                    definition="skills",
                )
            )
            items.append(
                Block(
                    f"learning-{role}-skills",
                    _growth_table(
                        _("%(role)s: skills before and after") % {"role": label},
                        _("Skill"),
                        skills,
                    ),
                    "skills",
                )
            )
            items.append(
                Block(
                    f"learning-{role}-categories",
                    _growth_table(
                        _("%(role)s: skill categories before and after") % {"role": label},
                        _("Category"),
                        categories,
                    ),
                    "skills",
                )
            )
        parts.append(Part(f"learning-{role}", label, items=items))
    return parts, [definition, tests]


# --- Behaviour --------------------------------------------------------------------------------


def behaviour(scope: Scope, allowed) -> tuple[list[Part], list[Definition]]:
    report = behaviour_module.behaviour(scope.for_measures(), allowed=allowed)
    definitions = [
        Definition("goals", _("Goals reached"), report.goals[0].definition),
        Definition("meetings-kept", _("Meetings kept"), report.meetings.definition),
    ]
    goal_rows = []
    for goal in report.goals:
        if goal.hidden:
            goal_rows.append([goal.label, "", "", "", charts.hidden_text(), ""])
            continue
        goal_rows.append(
            [
                goal.label,
                count(goal.pairs),
                count(goal.goals),
                count(goal.achieved),
                share(goal.share),
                interval(100 * goal.low, 100 * goal.high, charts.percent),
            ]
        )
    labels: dict[str, str] = {}
    for goal in report.goals:
        for status in goal.statuses:
            labels[status.key] = status.label
    status_rows = []
    for key, label in labels.items():
        row = [label]
        for goal in report.goals:
            found = next((c for c in goal.statuses if c.key == key), None)
            row.append(count(found.count if found else None))
        status_rows.append(row)
    goals_items: list[Item] = [
        charts.bar_chart(
            chart_id="chart-goals",
            title=_("Goals reached"),
            summary=_(
                "The share of the pairs' goals marked achieved, the mentee's learning goals "
                "and the mentor's growth goals apart."
            ),
            bars=[(goal.label, None if goal.hidden else 100 * goal.share) for goal in report.goals],
            value_header=_("Goals achieved"),
            category_header=_("Goal"),
            fmt=charts.percent,
            maximum=100,
            definition="goals",
        ),
        Block(
            "goals-table",
            charts.Table(
                _("Goals reached, with their interval"),
                [
                    _("Goal"),
                    _("Pairs"),
                    _("Goals"),
                    _("Achieved"),
                    _("Share achieved"),
                    _("Interval (95 %)"),
                ],
                goal_rows,
            ),
            "goals",
        ),
    ]
    if status_rows:
        goals_items.append(
            Block(
                "goal-statuses",
                charts.Table(
                    _("Goals by status"),
                    [_("Status"), *(goal.label for goal in report.goals)],
                    status_rows,
                ),
                "goals",
            )
        )
    meetings = report.meetings
    meetings_row = (
        [_("All pairs"), "", "", "", charts.hidden_text(), ""]
        if meetings.hidden
        else [
            _("All pairs"),
            count(meetings.pairs),
            count(meetings.planned),
            count(meetings.held),
            share(meetings.share),
            share(meetings.median_pair_share),
        ]
    )
    parts = [
        Part("goals", _("Goals reached"), items=goals_items),
        Part(
            "meetings",
            _("Meetings kept"),
            items=[
                Block(
                    "meetings-kept",
                    charts.Table(
                        _("Meetings held against the meetings planned"),
                        [
                            _("Group"),
                            _("Pairs counted"),
                            _("Planned"),
                            _("Held"),
                            _("Share held"),
                            _("Middle pair's share"),
                        ],
                        [meetings_row],
                    ),
                    "meetings-kept",
                )
            ],
        ),
    ]
    if report.practised:
        definitions.append(
            Definition(
                "practised", _("Practised what training taught"), report.practised_definition
            )
        )
        answers = (_("Yes"), _("Partly"), _("No"))
        shown = [row for row in report.practised if not row.hidden]
        hidden = len(report.practised) - len(shown)
        drawn: list[Item] = []
        if hidden:
            drawn.append(
                Text(
                    (
                        ngettext(
                            "%(count)s module answered by fewer than %(n)s people is not "
                            "drawn: its row of the table says “%(hidden)s”.",
                            "%(count)s modules answered by fewer than %(n)s people are not "
                            "drawn: their rows of the table say “%(hidden)s”.",
                            hidden,
                        )
                        % {"count": hidden, "n": stats.MIN_CELL, "hidden": charts.hidden_text()},
                    )
                )
            )
        if shown:
            drawn.append(
                charts.stacked_bar_chart(
                    chart_id="chart-practised",
                    title=_("Practised what training taught"),
                    summary=_(
                        "For each training module, how often the members say their "
                        "partner practised what it taught."
                    ),
                    categories=[row.title for row in shown],
                    series=[
                        charts.Series(
                            name,
                            [100 * getattr(row, attribute) for row in shown],
                        )
                        for name, attribute in zip(answers, ("yes", "partly", "no"), strict=True)
                    ],
                    category_header=_("Module"),
                    fmt=charts.percent,
                    definition="practised",
                )
            )
        parts.append(
            Part(
                "practised",
                _("Practised what training taught"),
                items=[
                    *drawn,
                    Block(
                        "practised-table",
                        charts.Table(
                            _("Practised what training taught, by module"),
                            [_("Module"), _("Behaviour"), _("Respondents"), *answers],
                            [
                                [row.title, row.behaviour, charts.hidden_text(), "", "", ""]
                                if row.hidden
                                else [
                                    row.title,
                                    row.behaviour,
                                    count(row.respondents),
                                    share(row.yes),
                                    share(row.partly),
                                    share(row.no),
                                ]
                                for row in report.practised
                            ],
                        ),
                        "practised",
                    ),
                ],
            )
        )
    return parts, definitions


# --- Results ----------------------------------------------------------------------------------


def _curve(name: str, group: results_module.GroupFigures) -> charts.Curve:
    if group.hidden or group.curve is None:
        return charts.Curve(name, 0)
    curve = group.curve
    return charts.Curve(
        name,
        group.n or 0,
        curve.times,
        curve.survival,
        curve.lower,
        curve.upper,
        curve.at_risk,
    )


def _milestone_rows(label: str, group: results_module.GroupFigures) -> list[list[str]]:
    if group.hidden:
        return [[label, "", charts.hidden_text(), "", ""]]
    return [
        [label, milestone.label, *rate_row("", milestone)[1:]] for milestone in group.milestones
    ]


def _horizon(outcome: results_module.OutcomeFigures) -> float:
    """The time axis' end: whole years (quarters of it on the axis), 12 months at least."""
    times = [
        t
        for group in (outcome.participants, outcome.peers)
        if group.curve is not None
        for t in group.curve.times
    ]
    return 12.0 * max(1, math.ceil(max(times, default=0) / 12))


def _outcome_items(outcome: results_module.OutcomeFigures) -> list[Item]:
    role = role_label(outcome.role)
    peers = _("Comparable colleagues")
    if outcome.outcome == "retention":
        title = _("%(role)s still in the company") % {"role": role}
        summary = (
            _(
                "The share still in the company each month after the start (Kaplan–Meier), "
                "participants against matched colleagues who never took part, with the 95 %% band."
            )
            % {}
        )
        table_title = _("%(role)s still in the company at 6, 12 and 24 months") % {"role": role}
    else:
        title = _("%(role)s not yet promoted") % {"role": role}
        summary = (
            _(
                "The share not yet promoted each month after the start (Kaplan–Meier), "
                "participants against matched colleagues who never took part, with the 95 %% band."
            )
            % {}
        )
        table_title = _("%(role)s promoted at 6, 12 and 24 months") % {"role": role}
    key = f"{outcome.outcome}-{outcome.role}"
    test = (
        _("Log-rank test: p = %(p)s.") % {"p": p_value(outcome.p_value)}
        if outcome.p_value is not None
        else _("Log-rank test: not computed (a group is too small).")
    )
    return [
        charts.step_chart(
            chart_id=f"chart-{key}",
            title=title,
            summary=summary,
            curves=[_curve(role, outcome.participants), _curve(peers, outcome.peers)],
            x_header=_("Months after the start"),
            horizon=_horizon(outcome),
            definition=outcome.outcome,
        ),
        Block(
            f"{key}-milestones",
            charts.Table(
                table_title,
                [_("Group"), _("After"), *(str(h) for h in RATE_HEADERS)],
                [
                    *_milestone_rows(role, outcome.participants),
                    *_milestone_rows(peers, outcome.peers),
                ],
            ),
            outcome.outcome,
        ),
        Text((*outcome.sentences, test)),
    ]


def results(scope: Scope, allowed) -> tuple[list[Part], list[Definition]]:
    report = results_module.results(scope.for_measures(), allowed=allowed)
    definitions = []
    parts = []
    for name, heading, lead in (
        (
            "retention",
            _("Retention"),
            _(
                "Do participants stay in the company more than comparable colleagues who never "
                "took part (same department, level band and length of service)?"
            ),
        ),
        (
            "promotion",
            _("Promotion"),
            _("Are participants promoted sooner than comparable colleagues?"),
        ),
    ):
        outcomes = [o for o in report.outcomes if o.outcome == name]
        if outcomes:
            definitions.append(Definition(name, heading, outcomes[0].definition))
        items: list[Item] = []
        for outcome in outcomes:
            items.extend(_outcome_items(outcome))
        parts.append(Part(name, heading, lead=lead, items=items))

    # Who could be matched, and why not.
    keys: dict[str, str] = {}
    for cells in report.matching.values():
        for item in cells:
            keys.setdefault(item.key, item.label)
    roles = list(report.matching)
    rows = []
    for key, label in keys.items():
        row = [label]
        for role in roles:
            found = next((c for c in report.matching[role] if c.key == key), None)
            row.append(count(found.count if found else 0))
        rows.append(row)
    definitions.append(
        Definition(
            "matching",
            _("Matched participants"),
            _(
                "Each participant is compared with up to 3 colleagues who never took part, of "
                "the same department, level band and length of service at the start. A "
                "participant without such a colleague, or whose record lacks what the match "
                "needs, is left out of the comparison, for the reason given. A count of 1 to "
                "%(max)s is hidden."
            )
            % {"max": stats.MIN_CELL - 1},
        )
    )
    parts.append(
        Part(
            "matching",
            _("Matched and unmatched participants"),
            items=[
                Block(
                    "matching-table",
                    charts.Table(
                        _("Participants matched with comparable colleagues, and why not"),
                        [_("Participants"), *(role_label(role) for role in roles)],
                        rows,
                    ),
                    "matching",
                )
            ],
        )
    )
    mobility_rows = []
    sentences: list[str] = []
    for item in report.mobility:
        mobility_rows.append(rate_row(role_label(item.role), item.participants))
        mobility_rows.append(
            rate_row(
                _("Colleagues comparable to the mentors")
                if item.role == ParticipantRole.MENTOR
                else _("Colleagues comparable to the mentees"),
                item.peers,
            )
        )
        sentences.extend(s for s in item.sentences if s not in sentences)
    if report.mobility:
        definitions.append(
            Definition("mobility", _("Internal mobility"), report.mobility[0].definition)
        )
    parts.append(
        Part(
            "mobility",
            _("Internal mobility"),
            items=[
                Block(
                    "mobility-table",
                    charts.Table(
                        _("Changed department or job title after the start"),
                        rate_headers(_("Group")),
                        mobility_rows,
                    ),
                    "mobility",
                ),
                Text(tuple(sentences)),
            ],
        )
    )
    return parts, definitions


# --- Bridging ---------------------------------------------------------------------------------


def bridging(scope: Scope, allowed) -> tuple[list[Part], list[Definition]]:
    report = bridging_module.bridging(scope.for_measures(), allowed=allowed)
    rates = (report.cross_department, report.cross_location)
    definitions = [
        Definition(rate.key.replace("_", "-"), rate.label, rate.definition) for rate in rates
    ]
    definitions += [
        Definition("level-gap", _("Career gap"), report.level_gap_definition),
        Definition("generations", _("Generations"), report.generation_definition),
    ]
    gaps = [c for c in report.level_gap if c.key != "total"]
    total = next((c for c in report.level_gap if c.key == "total"), None)
    pairs = (
        _("Pairs covered: %(n)s.") % {"n": count(report.pairs)}
        if report.pairs is not None
        else _("Fewer than %(n)s pairs: their figures are hidden.") % {"n": stats.MIN_CELL}
    )
    parts = [
        Part(
            "reach",
            _("Across departments and locations"),
            items=[
                Text((pairs,)),
                charts.bar_chart(
                    chart_id="chart-reach",
                    title=_("Pairs across departments and locations"),
                    summary=_(
                        "The share of pairs whose mentor and mentee are in different "
                        "departments, and in different locations."
                    ),
                    bars=[
                        (rate.label, None if rate.hidden else 100 * rate.estimate) for rate in rates
                    ],
                    value_header=_("Share of pairs"),
                    category_header=_("Pairs"),
                    fmt=charts.percent,
                    maximum=100,
                    definition="cross-department",
                ),
                Block(
                    "reach-table",
                    charts.Table(
                        _("Pairs across departments and locations, with their interval"),
                        rate_headers(_("Pairs")),
                        [rate_row(rate.label, rate) for rate in rates],
                    ),
                    "cross-location",
                ),
            ],
        ),
        Part(
            "level-gap",
            _("Career gap"),
            lead=_(
                "In reverse mentoring the mentor is usually the junior: a positive gap is a "
                "mentee more senior than their mentor."
            ),
            items=[
                charts.bar_chart(
                    chart_id="chart-level-gap",
                    title=_("Pairs by career gap"),
                    summary=_("The number of pairs by the mentee's level minus the mentor's."),
                    bars=[(c.label, c.count) for c in gaps],
                    value_header=_("Pairs"),
                    category_header=_("Gap"),
                    definition="level-gap",
                ),
                Text((_("All pairs: %(n)s.") % {"n": count(total.count if total else None)},)),
            ],
        ),
        Part(
            "generations",
            _("Generations"),
            lead=_("Only as counts, and only from %(n)s people: never an age.")
            % {"n": stats.MIN_CELL},
            items=[
                Block(
                    "generations-table",
                    charts.Table(
                        _("Participants by generation and role"),
                        [
                            _("Generation"),
                            *(c.label for c in report.generations[0].cells),
                        ]
                        if report.generations
                        else [_("Generation")],
                        [
                            [row.label, *(count(c.count) for c in row.cells)]
                            for row in report.generations
                        ],
                    ),
                    "generations",
                )
            ],
        ),
    ]
    return parts, definitions


# --- The overview and reaction (dashboard.py) ---------------------------------------------------


def overview(scope: Scope) -> tuple[list[Part], list[Definition]]:
    board = dashboards.dashboard(scope)
    return [
        Part("overview", _("Program overview"), items=[f.chart() for f in board.overview]),
        Part("reaction", _("Reaction"), items=[f.chart() for f in board.reaction]),
    ], dashboards.definitions()


def build(key: str, filters: Filters) -> Section:
    """The section `key` for valid filters (`filters.scope` is not None)."""
    scope = filters.scope
    assert scope is not None
    participants = dashboards.participants(scope)
    if participants is None:
        return Section(key, None)
    if key == OVERVIEW:
        parts, definitions = overview(scope)
        return Section(key, participants, parts, definitions)
    allowed = Program.objects.filter(pk__in=scope.program_ids)
    if key == LEARNING:
        basis = getattr(filters.form, "chosen_basis", learning_module.RETROSPECTIVE)
        parts, definitions = learning(scope, allowed, basis)
    elif key == BEHAVIOUR:
        parts, definitions = behaviour(scope, allowed)
    elif key == RESULTS:
        parts, definitions = results(scope, allowed)
    else:
        parts, definitions = bridging(scope, allowed)
    return Section(key, participants, parts, definitions)


# --- Navigation and the workbook ----------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: bool


def navigation(current: str, query: str) -> list[Link]:
    """The five sections' links, keeping the filters (`query`, a query string)."""
    suffix = f"?{query}" if query else ""
    return [
        Link(str(TITLES[key]), f"{reverse(ROUTES[key])}{suffix}", key == current)
        for key in SECTIONS
    ]


def tables_url(key: str, query: str) -> str:
    suffix = f"?{query}" if query else ""
    return f"{reverse('insights:tables', kwargs={'section': key})}{suffix}"


def _filter_value(field: django_forms.Field, value: Any) -> str:
    if value in (None, ""):
        return _("All")
    if isinstance(field, django_forms.ModelChoiceField):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    choices = getattr(field, "choices", None) or getattr(field.widget, "choices", None) or []
    for key, label in choices:
        if str(key) == str(value):
            return str(label)
    return str(value)


def about(section: Section, filters: Filters, today: dt.date) -> list[list[str]]:
    """The rows of the workbook's first sheet: the page, the filters, the date, the rule."""
    form, scope = filters.form, filters.scope
    assert scope is not None
    cleaned = getattr(form, "cleaned_data", None) or {}
    rows = [[_("Page"), section.title], [_("Made on"), today.isoformat()]]
    for name, form_field in form.fields.items():
        if name in ("period_from", "period_to"):
            continue
        rows.append([str(form_field.label), _filter_value(form_field, cleaned.get(name))])
    if section.key == OVERVIEW or scope.period_chosen:
        period = _("%(start)s to %(end)s") % {
            "start": scope.start.isoformat(),
            "end": scope.end.isoformat(),
        }
        if section.key != OVERVIEW:
            period += " " + _("(the programs running at some time in it)")
    else:
        period = _("Not chosen: the programs of these filters, whatever their dates")
    rows.append([_("Period"), period])
    rows.append(
        [
            _("Small groups"),
            _(
                "Every figure covers at least %(n)s people: a smaller group is shown as "
                "“%(hidden)s”, and so is a number that would let someone work it out from "
                "the others."
            )
            % {"n": stats.MIN_CELL, "hidden": charts.hidden_text()},
        ]
    )
    if section.too_few:
        rows.append(
            [
                _("Figures"),
                _(
                    "Fewer than %(n)s participants match these filters: no figure is given, so "
                    "that nobody can be recognised."
                )
                % {"n": stats.MIN_CELL},
            ]
        )
    else:
        rows.append([_("Participants"), charts.whole(section.participants)])
    return rows


def cell_value(text: str) -> str | int | float:
    """A cell of the page as a workbook's cell: a count or a decimal as a number (in the
    reader's language on screen: "1 234", "+1,5"), anything else as its text."""
    if not isinstance(text, str):
        return text
    plain = text.replace(str(get_format("THOUSAND_SEPARATOR")), "").replace("\u00a0", "")
    plain = plain.replace(str(get_format("DECIMAL_SEPARATOR")), ".")
    if not NUMBER.fullmatch(plain):
        return text
    return float(plain) if "." in plain else int(plain)


def sheets(section: Section, filters: Filters, today: dt.date) -> list[tuple[str, list[str], list]]:
    """The workbook of `section`: "About", then one sheet per table of the page."""
    result: list[tuple[str, list[str], list]] = [
        (_("About"), [_("About"), ""], about(section, filters, today))
    ]
    for table in section.tables():
        rows = [[cell_value(cell) for cell in row] for row in table.rows]
        result.append((table.caption, table.headers, rows))
    return result


__all__ = ["SECTIONS", "LearningFilterForm", "Section", "build", "navigation", "sheets"]
