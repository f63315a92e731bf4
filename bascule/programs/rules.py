"""The reverse rule: who may be a mentor and who a mentee in a program, on career stage only.

A side's limits combine with "or" when both are set, as HR states them: "mentors at level 3
or below, or with fewer than 5 years of experience". A department list restricts a side to
those departments. Age is never a criterion: the directory holds no birth date.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from bascule.people.models import SENIORITY_LEVEL_MAX, SENIORITY_LEVEL_MIN, Employee
from bascule.programs.models import ParticipantRole, Program


def _side_limits(program: Program, role: str) -> tuple[Q | None, list[int]]:
    """Return the career-stage condition for `role` (None: anyone) and its department ids."""
    if role == ParticipantRole.MENTOR:
        parts = []
        if program.mentor_max_level is not None:
            parts.append(Q(seniority_level__lte=program.mentor_max_level))
        if program.mentor_max_experience_years is not None:
            parts.append(Q(experience_years__lte=program.mentor_max_experience_years))
        departments = [d.pk for d in program.mentor_departments.all()] if program.pk else []
    else:
        parts = []
        if program.mentee_min_level is not None:
            parts.append(Q(seniority_level__gte=program.mentee_min_level))
        if program.mentee_min_experience_years is not None:
            parts.append(Q(experience_years__gte=program.mentee_min_experience_years))
        departments = [d.pk for d in program.mentee_departments.all()] if program.pk else []
    condition = None
    for part in parts:
        condition = part if condition is None else condition | part
    return condition, departments


def eligible_q(program: Program, role: str) -> Q:
    """Return the filter on Employee selecting who may apply to `program` as `role`."""
    condition, departments = _side_limits(program, role)
    q = Q(left_on__isnull=True)
    if condition is not None:
        q &= condition
    if departments:
        q &= Q(department_id__in=departments)
    return q


def eligibility_problems(program: Program, employee: Employee, role: str) -> list[str]:
    """Return why `employee` may not take `role` in `program`, in words; empty if they may."""
    problems: list[str] = []
    if employee.left_on is not None:
        problems.append(_("This person has left the organisation."))
        return problems
    _condition, departments = _side_limits(program, role)
    if departments and employee.department_id not in departments:
        problems.append(
            _("This program takes mentors from other departments only.")
            if role == ParticipantRole.MENTOR
            else _("This program takes mentees from other departments only.")
        )
    return problems + career_stage_problems(program, employee, role)


def career_stage_problems(program: Program, employee: Employee, role: str) -> list[str]:
    """Return why the career stage of `employee` does not fit `role` in `program`, in words;
    empty if it does. Reads the program's limits only: no query."""
    problems: list[str] = []
    if role == ParticipantRole.MENTOR:
        limits = (program.mentor_max_level, program.mentor_max_experience_years)
    else:
        limits = (program.mentee_min_level, program.mentee_min_experience_years)
    if limits == (None, None):
        return problems
    level, years = employee.seniority_level, employee.experience_years
    if role == ParticipantRole.MENTOR:
        ok = (
            program.mentor_max_level is not None
            and level is not None
            and level <= program.mentor_max_level
        ) or (
            program.mentor_max_experience_years is not None
            and years is not None
            and years <= program.mentor_max_experience_years
        )
        if not ok:
            problems.append(_mentor_rule_text(program))
    else:
        ok = (
            program.mentee_min_level is not None
            and level is not None
            and level >= program.mentee_min_level
        ) or (
            program.mentee_min_experience_years is not None
            and years is not None
            and years >= program.mentee_min_experience_years
        )
        if not ok:
            problems.append(_mentee_rule_text(program))
    if level is None and years is None:
        problems.append(
            _("Your career stage is not in the directory: ask HR to complete your record.")
        )
    return problems


def _mentor_rule_text(program: Program) -> str:
    parts = []
    if program.mentor_max_level is not None:
        parts.append(_("seniority level %(level)s or below") % {"level": program.mentor_max_level})
    if program.mentor_max_experience_years is not None:
        parts.append(
            _("%(years)s years of experience or fewer")
            % {"years": program.mentor_max_experience_years}
        )
    return _("In this program, mentors are early-career colleagues: %(rule)s.") % {
        "rule": _(" or ").join(parts)
    }


def _mentee_rule_text(program: Program) -> str:
    parts = []
    if program.mentee_min_level is not None:
        parts.append(_("seniority level %(level)s or above") % {"level": program.mentee_min_level})
    if program.mentee_min_experience_years is not None:
        parts.append(
            _("%(years)s years of experience or more")
            % {"years": program.mentee_min_experience_years}
        )
    return _("In this program, mentees are experienced colleagues: %(rule)s.") % {
        "rule": _(" or ").join(parts)
    }


def rule_summary(program: Program) -> list[str]:
    """Return the rule in plain words, one sentence per side plus the gap."""
    lines = []
    if program.mentor_max_level is not None or program.mentor_max_experience_years is not None:
        lines.append(_mentor_rule_text(program))
    if program.mentee_min_level is not None or program.mentee_min_experience_years is not None:
        lines.append(_mentee_rule_text(program))
    if program.min_level_gap:
        lines.append(
            _("A mentee's seniority level is at least %(gap)s above their mentor's.")
            % {"gap": program.min_level_gap}
        )
    return lines


def rule_contradictions(*, min_level_gap: int) -> list[str]:
    """Return why no pair at all could satisfy the rule on the level scale; empty if some can.

    Whether anyone in the directory fits each side is counted by the selectors
    (`rule_population`); this only checks what the scale itself forbids.
    """
    if min_level_gap > SENIORITY_LEVEL_MAX - SENIORITY_LEVEL_MIN:
        return [
            _("A gap of %(gap)s levels is impossible: the scale runs from %(low)s to %(high)s.")
            % {"gap": min_level_gap, "low": SENIORITY_LEVEL_MIN, "high": SENIORITY_LEVEL_MAX}
        ]
    return []
