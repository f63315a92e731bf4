"""The "Reaction" section (Kirkpatrick level 1): how satisfied mentors and mentees say they
are, and whether they would recommend the program, from the surveys (bascule/evaluations).

Reads only: two queries whatever the number of answers. Each role's figure is shown over at
least MIN_CELL respondents; the respondents by role go through `stats.suppress`, so that a
hidden role cannot be worked out from the other one and the total (both are hidden then).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.evaluations.models import Answer, QuestionKind
from bascule.evaluations.selectors import SATISFACTION_KINDS
from bascule.insights import stats
from bascule.insights.charts import Series
from bascule.insights.figures import BAR, DECIMAL, PERCENT, STACKED, Definition, Figure
from bascule.insights.filters import Scope
from bascule.programs.models import ParticipantRole

ROLES = (ParticipantRole.MENTOR, ParticipantRole.MENTEE)


def definitions() -> list[Definition]:
    return [
        Definition(
            "satisfaction",
            _("Satisfaction"),
            _(
                "The mean answer (1 strongly disagree to 5 strongly agree) to the "
                "agree-or-disagree questions of the mid-point, end and closing surveys "
                "answered in the period, by the role the respondent had in their pair. "
                "Respondents: the different people who answered. Shown over at least 5 "
                "respondents."
            ),
        ),
        Definition(
            "nps",
            _("Net promoter score (NPS)"),
            _(
                'From the question "would you recommend…" (0 to 10) of any survey: the '
                "share of promoters (9 or 10) minus the share of detractors (0 to 6), from "
                "−100 to +100; passives answered 7 or 8. Shown over at least 5 respondents."
            ),
        ),
    ]


def _answers(scope: Scope):
    start = timezone.make_aware(dt.datetime.combine(scope.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min))
    return Answer.objects.filter(
        response__survey__program_id__in=scope.program_ids,
        response__submitted_at__gte=start,
        response__submitted_at__lt=end,
        value__isnull=False,
    ).filter(scope.people("response__respondent"))


def _respondents(by_role: dict[str, dict]) -> dict[str, int | None]:
    """The respondents of each role through the small-cell rule (and the total)."""
    result = stats.suppress({role: by_role.get(role, {}).get("people", 0) for role in ROLES})
    return {role: result.value(role) for role in ROLES} | {"total": result.value(stats.TOTAL)}


def satisfaction(scope: Scope) -> Figure:
    rows = (
        _answers(scope)
        .filter(
            response__survey__kind__in=SATISFACTION_KINDS,
            question__kind=QuestionKind.LIKERT,
        )
        .order_by()
        .values("response__role")
        .annotate(people=Count("response__respondent", distinct=True), mean=Avg("value"))
    )
    by_role = {row["response__role"]: row for row in rows}
    people = _respondents(by_role)
    means = [
        round(by_role[role]["mean"], 1) if people[role] is not None and people[role] else None
        for role in ROLES
    ]
    labels = [_role_label(role, people[role]) for role in ROLES]
    shown = [(role, mean) for role, mean in zip(ROLES, means, strict=True) if mean is not None]
    summary = (
        "; ".join(
            _("%(role)s: %(mean)s out of 5") % {"role": role.label, "mean": mean}
            for role, mean in shown
        )
        + "."
        if shown
        else _("%(n)s people answered: too few in one of the roles to show the roles apart.")
        % {"n": people["total"]}
        if people["total"]
        else _("Too few people answered to show their satisfaction.")
    )
    return Figure(
        id="satisfaction",
        title=_("Satisfaction by role"),
        summary=summary,
        definition=_definition("satisfaction"),
        kind=BAR,
        labels=labels,
        series=[Series(_("Mean (1 to 5)"), means)],
        unit=DECIMAL,
        maximum=5,
        label_header=_("Role (respondents)"),
    )


def _role_label(role: ParticipantRole, people: int | None) -> str:
    if people is None:
        return _("%(role)s (fewer than %(n)s respondents)") % {
            "role": role.label,
            "n": stats.MIN_CELL,
        }
    return _("%(role)s (%(n)s respondents)") % {"role": role.label, "n": people}


def nps(scope: Scope) -> tuple[Figure, dict[str, int | None]]:
    """The NPS figure (promoters, passives and detractors in percent, by role) and the score
    of each role (None when hidden)."""
    rows = (
        _answers(scope)
        .filter(question__kind=QuestionKind.NPS)
        .order_by()
        .values("response__role")
        .annotate(
            people=Count("response__respondent", distinct=True),
            answers=Count("pk"),
            promoters=Count("pk", filter=Q(value__gte=9)),
            detractors=Count("pk", filter=Q(value__lte=6)),
        )
    )
    by_role = {row["response__role"]: row for row in rows}
    people = _respondents(by_role)
    shares: dict[str, list[float | None]] = {"promoters": [], "passives": [], "detractors": []}
    scores: dict[str, int | None] = {}
    for role in ROLES:
        row = by_role.get(role)
        if not row or not people[role]:
            for key in shares:
                shares[key].append(None)
            scores[role] = None
            continue
        total = row["answers"]
        promoters = 100 * row["promoters"] / total
        detractors = 100 * row["detractors"] / total
        shares["promoters"].append(round(promoters))
        shares["detractors"].append(round(detractors))
        shares["passives"].append(round(100 - promoters - detractors))
        scores[role] = round(promoters - detractors)
    shown = [(role, scores[role]) for role in ROLES if scores[role] is not None]
    summary = (
        "; ".join(
            _("%(role)s: NPS %(score)+d") % {"role": role.label, "score": score}
            for role, score in shown
        )
        + "."
        if shown
        else _("Too few people answered to show a net promoter score.")
    )
    figure = Figure(
        id="nps",
        title=_("Would recommend the program, by role"),
        summary=summary,
        definition=_definition("nps"),
        kind=STACKED,
        labels=[_role_label(role, people[role]) for role in ROLES],
        series=[
            Series(_("Promoters (9–10)"), shares["promoters"]),
            Series(_("Passives (7–8)"), shares["passives"]),
            Series(_("Detractors (0–6)"), shares["detractors"]),
        ],
        unit=PERCENT,
        label_header=_("Role (respondents)"),
    )
    return figure, scores


def _definition(key: str) -> Definition:
    return next(d for d in definitions() if d.id == key)


def reaction(scope: Scope) -> list[Figure]:
    figure, _scores = nps(scope)
    return [satisfaction(scope), figure]
