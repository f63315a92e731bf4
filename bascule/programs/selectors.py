"""Reads for programs. Who may see or manage a program is decided here and only here.

- HR admins see and manage every program.
- A program manager sees and manages the programs they are a manager of, and no other.
- A sponsor sees every program's overview and figures, never an individual application.
- A participant sees the programs they were invited to or applied to, and the open programs
  that are enrolling.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from bascule.accounts.models import Role, User
from bascule.core.models import AuditEntry
from bascule.core.small_groups import shown_count
from bascule.people.models import Employee
from bascule.programs import rules
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)


def programs_managed_by(*, user: Any) -> QuerySet[Program]:
    """Return the programs `user` may change (settings, invitations, reviews)."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_hr_admin:
        return Program.objects.all()
    if user.is_program_manager:
        return Program.objects.filter(managers=user)
    return Program.objects.none()


def programs_visible_to(*, user: Any) -> QuerySet[Program]:
    """Return the programs `user` may see."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_hr_admin or user.is_sponsor:
        return Program.objects.all()
    if user.is_program_manager:
        return Program.objects.filter(managers=user)
    employee_id = user.employee_id
    if employee_id is None:
        return Program.objects.none()
    return Program.objects.filter(
        Q(invitations__employee_id=employee_id)
        | Q(applications__employee_id=employee_id)
        | Q(open_enrollment=True, status=ProgramStatus.ENROLLING)
    ).distinct()


def user_manages_program(*, user: Any, program: Program) -> bool:
    return programs_managed_by(user=user).filter(pk=program.pk).exists()


def access_program(*, user: Any, program_id: int) -> Program:
    """Return the program if `user` may see it; 404 otherwise (its existence is not leaked)."""
    program = programs_visible_to(user=user).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def access_managed_program(*, user: Any, program_id: int) -> Program:
    """Return the program if `user` may manage it; 404 otherwise."""
    program = programs_managed_by(user=user).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def _application_count(condition: Q) -> Coalesce:
    """Return a subquery counting a program's applications matching `condition`."""
    counted = (
        Application.objects.filter(condition, program=OuterRef("pk"))
        .order_by()
        .values("program")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def program_list(*, user: Any, status: str = "") -> QuerySet[Program]:
    """Return the programs `user` may see (in `status` only, when given), with their
    application figures.

    Each program carries `applications_count` (every application but the withdrawn ones),
    `approved_mentors` and `approved_mentees`. Counted in subqueries, so the figures stay
    right whatever joins decided visibility.
    """
    visible = programs_visible_to(user=user).values("pk")
    approved = Q(status=ApplicationStatus.APPROVED)
    programs = Program.objects.filter(pk__in=visible)
    if status:
        programs = programs.filter(status=status)
    return programs.annotate(
        applications_count=_application_count(~Q(status=ApplicationStatus.WITHDRAWN)),
        approved_mentors=_application_count(approved & Q(role=ParticipantRole.MENTOR)),
        approved_mentees=_application_count(approved & Q(role=ParticipantRole.MENTEE)),
    ).order_by("-starts_on", "name", "id")


def program_list_for(*, user: Any, status: str = "") -> list[Program]:
    """Return `program_list` as `user` may read its figures: the sponsor, who sees aggregates
    only, gets None ("fewer than 5") for any count of 1 to 4 people (the small-group rule)."""
    programs = list(program_list(user=user, status=status))
    if user.is_sponsor:
        for program in programs:
            for name in ("applications_count", "approved_mentors", "approved_mentees"):
                setattr(program, name, shown_count(getattr(program, name)))
    return programs


@dataclass(frozen=True)
class RulePopulation:
    """How many people in the directory (still employed) each side of the rule admits."""

    mentors: int
    mentees: int
    # Whether at least one eligible mentor and one eligible mentee are `min_level_gap` apart.
    gap_possible: bool

    @property
    def empty_side(self) -> bool:
        return self.mentors == 0 or self.mentees == 0


def rule_population(*, program: Program) -> RulePopulation:
    """Return the eligible mentors and mentees of `program` in the directory (4 queries)."""
    mentors = Employee.objects.filter(rules.eligible_q(program, ParticipantRole.MENTOR))
    mentees = Employee.objects.filter(rules.eligible_q(program, ParticipantRole.MENTEE))
    mentor_figures = mentors.aggregate(n=Count("pk"), low=Min("seniority_level"))
    mentee_figures = mentees.aggregate(n=Count("pk"), high=Max("seniority_level"))
    if not mentor_figures["n"] or not mentee_figures["n"]:
        gap_possible = False
    elif not program.min_level_gap:
        gap_possible = True
    else:
        low, high = mentor_figures["low"], mentee_figures["high"]
        gap_possible = low is not None and high is not None and high - low >= program.min_level_gap
    return RulePopulation(
        mentors=mentor_figures["n"], mentees=mentee_figures["n"], gap_possible=gap_possible
    )


@dataclass(frozen=True)
class TransitionPreview:
    """What a change of status touches, for its confirmation step: counts only."""

    applications: dict[str, int]  # status -> count
    approved_mentors: int
    approved_mentees: int
    invited: int
    active_pairs: int  # published pairs still active

    @property
    def pending(self) -> int:
        """Applications nobody has decided on yet."""
        return self.applications.get(ApplicationStatus.SUBMITTED, 0)

    @property
    def received(self) -> int:
        return sum(self.applications.values())


def transition_preview(*, program: Program) -> TransitionPreview:
    """Return the applications, invitations and active pairs of `program` (3 queries)."""
    rows = (
        Application.objects.filter(program=program)
        .values_list("status", "role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    applications: dict[str, int] = {}
    approved = {ParticipantRole.MENTOR: 0, ParticipantRole.MENTEE: 0}
    for status, role, count in rows:
        applications[status] = applications.get(status, 0) + count
        if status == ApplicationStatus.APPROVED:
            approved[role] += count
    return TransitionPreview(
        applications=applications,
        approved_mentors=approved[ParticipantRole.MENTOR],
        approved_mentees=approved[ParticipantRole.MENTEE],
        invited=program.invitations.count(),
        # Through the reverse relation: the pairing app builds on this one, not the other way.
        active_pairs=program.pairs.filter(status="active").count(),
    )


def program_history(*, program: Program) -> QuerySet[AuditEntry]:
    """Return the audit entries about `program`, newest first."""
    return AuditEntry.objects.filter(
        object_type=Program._meta.label_lower, object_id=str(program.pk)
    ).select_related("actor")


def program_transitions_history(*, program: Program) -> QuerySet[AuditEntry]:
    """Return the status changes of `program` (and its creation), newest first."""
    return program_history(program=program).filter(
        action__in=("program.created", "program.duplicated", "program.transition")
    )


def program_manager_candidates() -> QuerySet[User]:
    """Return the users who may be named managers of a program."""
    return User.objects.filter(role=Role.PROGRAM_MANAGER, is_active=True).order_by(
        "last_name", "first_name", "email"
    )
