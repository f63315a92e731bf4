"""Self-match, the reads: whether a program lets mentees choose now, and a mentee's five best
eligible mentors with room, explained (the engine's ranking, every hard constraint applied,
HR's exclusions and the mentors who declined this mentee left out). Asking and answering are
`selfmatch.services`."""

from django.utils.translation import gettext as _

from bascule.core.errors import DomainError
from bascule.pairing import inputs
from bascule.pairing.models import MentorRequest, PairRule, RequestStatus, RuleKind
from bascule.pairing.rematch.selectors import (
    CANDIDATES_SHOWN,
    RematchOptions,
    best_partners,
)
from bascule.pairing.selectors import accepted_load
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)


def require_self_match(program: Program) -> None:
    if not program.self_match or program.status != ProgramStatus.MATCHING:
        raise DomainError(
            _(
                "Mentees choose their mentor only in programs with that option, while they are "
                "in the “Matching” status."
            ),
            code="not_self_match",
        )


def refused_for(program: Program, mentee: Application) -> set[tuple[int, int]]:
    """Pairs of employee ids never offered: HR's exclusions, and the mentors who declined
    this mentee."""
    refused = {
        (r.mentee_application.employee_id, r.mentor_application.employee_id)
        for r in PairRule.objects.filter(program=program, kind=RuleKind.EXCLUDE).select_related(
            "mentee_application", "mentor_application"
        )
    }
    declined = MentorRequest.objects.filter(
        program=program, mentee_application=mentee, status=RequestStatus.DECLINED
    ).select_related("mentor_application")
    refused |= {(mentee.employee_id, r.mentor_application.employee_id) for r in declined}
    return refused


def mentor_choices(*, program: Program, mentee: Application) -> RematchOptions:
    """The mentee's best `CANDIDATES_SHOWN` mentors with room, best first (or the reason)."""
    require_self_match(program)
    options = RematchOptions(person=mentee)
    if mentee.employee.seniority_level is None:
        options.reasons = [{"code": inputs.NO_LEVEL}]
        return options
    load = accepted_load(program)
    mentors = [
        a
        for a in Application.objects.filter(
            program=program, status=ApplicationStatus.APPROVED, role=ParticipantRole.MENTOR
        )
        .exclude(employee=mentee.employee)
        .select_related("employee", "employee__department")
        .order_by("pk")
        if a.employee.seniority_level is not None and load[a.pk] < program.mentor_capacity
    ]
    if not mentors:
        options.reasons = [{"code": "no_mentor"}]
        return options
    return best_partners(
        program, mentee, mentors, load, refused_for(program, mentee), CANDIDATES_SHOWN, options
    )
