"""Learning (Kirkpatrick level 2): how the members' own assessment of their skills moved
during the mentoring, for mentees and mentors separately (docs/impact.md, "Learning").

Two ways to read "before" and "after" from the evaluations (bascule/evaluations):

- `retrospective` (the default): the end or closing survey asks each skill's level "at the
  start" (looking back) and "now": the same answer gives both;
- `baseline`: the level "now" of the baseline survey against the level "now" of the end or
  closing survey, for the people who answered both.

Each person counts once per skill and role: their latest response for the pair (a mentor
with two mentees who rated the same skill twice counts with their latest answer). A skill
category averages each person's skills of that category first, then compares. A figure is
shown only over MIN_CELL people or more. Four queries whatever the number of answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from bascule.evaluations.models import SkillRating, SurveyKind
from bascule.insights import stats
from bascule.insights.scope import Scope, program_ids
from bascule.people.models import get_language_code
from bascule.programs.models import ParticipantRole, Program
from bascule.skills.models import Skill, SkillCategory

RETROSPECTIVE = "retrospective"
BASELINE = "baseline"
BASES = (RETROSPECTIVE, BASELINE)
ROLES = (ParticipantRole.MENTEE.value, ParticipantRole.MENTOR.value)
AFTER_KINDS = (SurveyKind.END, SurveyKind.CLOSING)


@dataclass(frozen=True)
class Growth:
    """One skill's (or category's) change for one role. When fewer than MIN_CELL people
    rated it, `hidden` is True and every figure, n included, is None."""

    key: str  # "skill:<id>" or "category:<id>"
    label: str
    role: str
    n: int | None
    mean_before: float | None
    mean_after: float | None
    median_change: float | None
    mean_change: float | None
    change_low: float | None
    change_high: float | None
    p_value: float | None  # the Wilcoxon signed-rank test; None when every change is 0
    hidden: bool


@dataclass(frozen=True)
class LearningReport:
    basis: str
    definition: str
    min_cell: int
    skills: tuple[Growth, ...]
    categories: tuple[Growth, ...]


def definition(basis: str) -> str:
    if basis == BASELINE:
        return _(
            "Each person's own rating of a skill (1 beginner to 4 expert) in the baseline "
            'survey, against their rating "now" at the end of the mentoring. Each person '
            "counts once per skill; shown from %(min)s people."
        ) % {"min": stats.MIN_CELL}
    return _(
        "Each person's own rating of a skill (1 beginner to 4 expert) at the end of the "
        'mentoring: their level "at the start", looking back, and "now". Each person counts '
        "once per skill; shown from %(min)s people."
    ) % {"min": stats.MIN_CELL}


def _growth(key: str, label: str, role: str, pairs: list[tuple[float, float]]) -> Growth:
    change = stats.paired_change([b for b, _a in pairs], [a for _b, a in pairs])
    if change is None:
        return Growth(key, label, role, None, None, None, None, None, None, None, None, True)
    return Growth(
        key=key,
        label=label,
        role=role,
        n=change.n,
        mean_before=float(np.mean([b for b, _a in pairs])),
        mean_after=float(np.mean([a for _b, a in pairs])),
        median_change=change.median_difference,
        mean_change=change.mean_difference,
        change_low=change.mean_low,
        change_high=change.mean_high,
        p_value=change.wilcoxon.p_value if change.wilcoxon else None,
        hidden=False,
    )


def _latest(rows) -> dict[tuple[str, int, int], tuple[int | None, int]]:
    """{(role, person, skill): (before, now)} from rows in date order: the last one wins."""
    latest: dict[tuple[str, int, int], tuple[int | None, int]] = {}
    for role, person, skill, before, now in rows:
        latest[(role, person, skill)] = (before, now)
    return latest


def learning(scope: Scope, *, basis: str = RETROSPECTIVE, allowed=None) -> LearningReport:
    """The skills' growth of the scope's members, per skill and per category, per role."""
    if basis not in BASES:
        raise ValueError(basis)
    programs = program_ids(scope, allowed if allowed is not None else Program.objects.all())
    ratings = SkillRating.objects.filter(
        scope.people("response__respondent__"),
        response__survey__program_id__in=programs,
    ).order_by("response__submitted_at", "response_id", "pk")
    fields = ("response__role", "response__respondent_id", "skill_id", "before", "now")
    after = _latest(ratings.filter(response__survey__kind__in=AFTER_KINDS).values_list(*fields))
    values: dict[tuple[str, int, int], tuple[float, float]] = {}
    if basis == RETROSPECTIVE:
        for key, (before, now) in after.items():
            if before is not None:
                values[key] = (before, now)
    else:
        start = _latest(
            ratings.filter(response__survey__kind=SurveyKind.BASELINE).values_list(*fields)
        )
        for key, (_before, now) in after.items():
            if key in start:
                values[key] = (start[key][1], now)

    skill_ids = {skill for _role, _person, skill in values}
    skills = {s.pk: s for s in Skill.objects.filter(pk__in=skill_ids).select_related("merged_into")}
    # A merged skill counts as the one it was merged into (a person's two ratings, averaged).
    merged_to = {pk: (s.merged_into_id or pk) for pk, s in skills.items()}
    targets = Skill.objects.filter(pk__in=set(merged_to.values())).select_related("category")
    target = {s.pk: s for s in targets}
    french = get_language_code() == "fr"

    per_skill: dict[tuple[str, int], dict[int, list[tuple[float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for (role, person, skill), pair in values.items():
        per_skill[(role, merged_to[skill])][person].append(pair)

    def averaged(people: dict[int, list[tuple[float, float]]]) -> list[tuple[float, float]]:
        # Each person's mean of a few whole ratings: their sum over their count is exact (and
        # the same float as numpy's mean), without numpy's cost per call on tiny lists.
        return [
            (
                sum(b for b, _a in items) / len(items),
                sum(a for _b, a in items) / len(items),
            )
            for _person, items in sorted(people.items())
        ]

    skill_rows = []
    per_category: dict[tuple[str, int], dict[int, list[tuple[float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    categories: dict[int, SkillCategory] = {}

    def label_of(skill: Skill) -> str:
        return skill.label_fr if french else skill.label_en

    order = sorted(per_skill, key=lambda k: (ROLES.index(k[0]), label_of(target[k[1]]), k[1]))
    for role, skill_id in order:
        skill = target[skill_id]
        people = per_skill[(role, skill_id)]
        label = label_of(skill)
        skill_rows.append(_growth(f"skill:{skill_id}", label, role, averaged(people)))
        if skill.category_id is not None:
            categories[skill.category_id] = skill.category
            for person, items in people.items():
                per_category[(role, skill.category_id)][person].extend(items)
    category_rows = []
    for role, category_id in sorted(
        per_category,
        key=lambda k: (ROLES.index(k[0]), categories[k[1]].position, k[1]),
    ):
        category = categories[category_id]
        label = category.name_fr if french else category.name_en
        category_rows.append(
            _growth(
                f"category:{category_id}",
                label,
                role,
                averaged(per_category[(role, category_id)]),
            )
        )
    return LearningReport(
        basis=basis,
        definition=definition(basis),
        min_cell=stats.MIN_CELL,
        skills=tuple(skill_rows),
        categories=tuple(category_rows),
    )
