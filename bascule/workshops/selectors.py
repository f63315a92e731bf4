"""Reads of workshops: the ones open to me, one I may see, the ones I manage, a roster, the
feedback in aggregate.

Who may see a workshop:
- a participant (an employee who is not a sponsor): the workshops they may register for (the
  audience's role in one of the workshop's programs, or in any program when none is listed;
  "mentors and mentees" of no program: every employee) and those they have a place in;
- HR admins: every workshop; program managers: those of a program they manage;
- the facilitator: the roster of their workshop.
Anyone else gets a 404 (`access_*`).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone, translation

from bascule.accounts.models import User
from bascule.core.permissions import user_is_hr_admin
from bascule.core.small_groups import MIN_GROUP_SIZE, is_shown
from bascule.people.models import Employee
from bascule.programs.models import Application, ApplicationStatus, Program
from bascule.programs.selectors import programs_managed_by
from bascule.training.models import Progress
from bascule.training.selectors import version_text
from bascule.workshops.models import (
    Attendance,
    Feedback,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopAudience,
    WorkshopStatus,
)

ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)


def with_counts(queryset: QuerySet[Workshop]) -> QuerySet[Workshop]:
    """Annotate `registered_count` and `waitlisted_count`."""
    return queryset.annotate(
        registered_count=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.REGISTERED),
            distinct=True,
        ),
        waitlisted_count=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
            distinct=True,
        ),
    )


def seats_left(workshop: Workshop) -> int:
    registered = getattr(workshop, "registered_count", None)
    if registered is None:
        registered = workshop.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    return max(workshop.capacity - registered, 0)


# --- Who may register ---------------------------------------------------------------------------


def roles_of(employee_id: int | None) -> set[tuple[int, str]]:
    """The (program id, role) of the employee's approved applications."""
    if employee_id is None:
        return set()
    return set(
        Application.objects.filter(
            employee_id=employee_id, status=ApplicationStatus.APPROVED
        ).values_list("program_id", "role")
    )


def is_eligible(workshop: Workshop, roles: set[tuple[int, str]], *, employee: bool = True) -> bool:
    """Whether someone with `roles` may register for `workshop` (its programs prefetched)."""
    if not employee:
        return False
    program_ids = {p.pk for p in workshop.programs.all()}
    wanted = (
        {"mentor", "mentee"}
        if workshop.audience == WorkshopAudience.BOTH
        else {str(workshop.audience)}
    )
    if not program_ids:
        if workshop.audience == WorkshopAudience.BOTH:
            return True
        return any(role in wanted for _program, role in roles)
    return any(program in program_ids and role in wanted for program, role in roles)


def _participant(user: Any) -> bool:
    return bool(user.is_authenticated and user.employee_id and not user.is_sponsor)


def _ahead() -> Subquery:
    """How many people wait before a registration (read with it: one query for a list)."""
    earlier = (
        Registration.objects.filter(
            workshop_id=OuterRef("workshop_id"), status=RegistrationStatus.WAITLISTED
        )
        .filter(
            Q(queued_at__lt=OuterRef("queued_at"))
            | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("workshop_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(earlier, output_field=IntegerField())


def _mine(user: Any) -> Prefetch:
    return Prefetch(
        "registrations",
        queryset=Registration.objects.filter(employee_id=user.employee_id).annotate(ahead=_ahead()),
        to_attr="mine",
    )


def my_registration(workshop: Workshop) -> Registration | None:
    mine = getattr(workshop, "mine", None)
    return mine[0] if mine else None


def _for_participants(user: Any) -> QuerySet[Workshop]:
    return (
        with_counts(Workshop.objects.all())
        .prefetch_related("programs", "modules__published", _mine(user))
        .select_related("facilitator")
    )


@dataclass
class MyWorkshops:
    upcoming: list[Workshop] = field(default_factory=list)
    past: list[Workshop] = field(default_factory=list)


def workshops_for(user: Any, *, now: dt.datetime | None = None) -> MyWorkshops:
    """The upcoming workshops `user` may register for, has a place in or leads, and the past
    ones they were registered for (to give feedback) or led, nearest first."""
    result = MyWorkshops()
    if not _participant(user):
        return result
    now = now or timezone.now()
    roles = roles_of(user.employee_id)
    since = now - dt.timedelta(days=90)
    for workshop in _for_participants(user).filter(starts_at__gte=since).order_by("starts_at"):
        mine = my_registration(workshop)
        leads = workshop.facilitator_id == user.employee_id
        if workshop.starts_at > now:
            placed = mine is not None and mine.status in ACTIVE
            open_to_me = workshop.status == WorkshopStatus.SCHEDULED and is_eligible(
                workshop, roles
            )
            if placed or open_to_me or leads:
                result.upcoming.append(workshop)
        elif leads or (mine is not None and mine.status == RegistrationStatus.REGISTERED):
            result.past.append(workshop)
    result.past.reverse()
    return result


def access_workshop(*, user: Any, workshop_id: int) -> Workshop:
    """A workshop as a participant sees it (my registration in `mine`): one they may register
    for, have had a place in or lead; 404 otherwise."""
    if not _participant(user):
        raise Http404
    workshop = _for_participants(user).filter(pk=workshop_id).first()
    if workshop is None:
        raise Http404
    if workshop.facilitator_id == user.employee_id or my_registration(workshop) is not None:
        return workshop
    if not is_eligible(workshop, roles_of(user.employee_id)):
        raise Http404
    return workshop


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person on the waiting list; None when not waitlisted."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    if hasattr(registration, "ahead"):
        return (registration.ahead or 0) + 1
    earlier = Registration.objects.filter(
        workshop_id=registration.workshop_id, status=RegistrationStatus.WAITLISTED
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return earlier.count() + 1


def module_title(module: Any) -> str:
    """A module's title in the current language (its published version's), else its slug."""
    if module.published_id is None:
        return module.slug
    text, _fell_back = version_text(module.published, translation.get_language() or "fr")
    return text.title


# --- Managers -----------------------------------------------------------------------------------


def managed_programs(user: Any) -> QuerySet[Program]:
    return programs_managed_by(user=user)


def managed_workshops(user: Any) -> QuerySet[Workshop]:
    """Every workshop for HR admins; those of a program they manage for program managers."""
    queryset = with_counts(Workshop.objects.all()).select_related("facilitator")
    if user_is_hr_admin(user):
        return queryset
    if not (user.is_authenticated and user.is_program_manager):
        return queryset.none()
    ids = Workshop.objects.filter(programs__managers=user).values("pk")
    return queryset.filter(pk__in=ids)


def workshop_list(user: Any) -> list[Workshop]:
    """The manager's list: upcoming first (nearest first), then the past ones."""
    return list(managed_workshops(user).prefetch_related("programs").order_by("-starts_at", "-id"))


def access_managed_workshop(*, user: Any, workshop_id: int) -> Workshop:
    workshop = (
        managed_workshops(user).prefetch_related("programs", "modules").filter(pk=workshop_id)
    ).first()
    if workshop is None:
        raise Http404
    return workshop


def can_manage(user: Any, workshop: Workshop) -> bool:
    return managed_workshops(user).filter(pk=workshop.pk).exists()


def access_roster(*, user: Any, workshop_id: int) -> Workshop:
    """A workshop whose roster `user` keeps: a manager's, or the facilitator's own; 404
    otherwise."""
    workshop = with_counts(Workshop.objects.filter(pk=workshop_id)).select_related("facilitator")
    workshop = workshop.prefetch_related("programs", "modules").first()
    if workshop is None:
        raise Http404
    if user.employee_id and workshop.facilitator_id == user.employee_id:
        return workshop
    if can_manage(user, workshop):
        return workshop
    raise Http404


# --- Registering people in bulk -----------------------------------------------------------------

# The roles a manager picks people by, and the applications' roles each one means.
BULK_ROLES = {"mentor": ("mentor",), "mentee": ("mentee",), "both": ("mentor", "mentee")}


def programs_to_pick(user: Any, workshop: Workshop) -> QuerySet[Program]:
    """The programs a manager may register people from: the workshop's own, and those they
    manage."""
    linked = Program.objects.filter(workshops=workshop).values("pk")
    managed = managed_programs(user).values("pk")
    return Program.objects.filter(Q(pk__in=linked) | Q(pk__in=managed)).order_by("name", "pk")


def program_members(
    *,
    workshop: Workshop,
    program: Program,
    role: str,
    only_new: bool = True,
    only_not_completed: bool = False,
) -> list[Employee]:
    """The people approved in `program` with `role` (mentor, mentee or both), earliest
    applications first; `only_new`: without a place at the workshop yet;
    `only_not_completed`: missing at least one of the workshop's modules."""
    applications = (
        Application.objects.filter(
            program=program, status=ApplicationStatus.APPROVED, role__in=BULK_ROLES[role]
        )
        .select_related("employee")
        .order_by("created_at", "id")
    )
    people = list({a.employee_id: a.employee for a in applications}.values())
    if only_new:
        placed = set(
            Registration.objects.filter(workshop=workshop, status__in=ACTIVE).values_list(
                "employee_id", flat=True
            )
        )
        people = [p for p in people if p.pk not in placed]
    module_ids = {m.pk for m in workshop.modules.all()}
    if only_not_completed and module_ids:
        done: dict[int, set[int]] = {}
        for employee_id, module_id in Progress.objects.filter(
            module_id__in=module_ids,
            employee_id__in=[p.pk for p in people],
            completed_at__isnull=False,
            passed=True,
        ).values_list("employee_id", "module_id"):
            done.setdefault(employee_id, set()).add(module_id)
        people = [p for p in people if not module_ids <= done.get(p.pk, set())]
    return people


def find_people(entries: Iterable[str]) -> tuple[list[Employee], list[str]]:
    """The employees named by `entries` (an employee ID or an e-mail address each, in any
    case), in order and once each; and the entries that name nobody."""
    entries = [e for e in dict.fromkeys(e.strip() for e in entries) if e]
    lowered = [e.lower() for e in entries]
    by_id = {e.employee_id: e for e in Employee.objects.filter(employee_id__in=entries)}
    by_email = {
        e.email_lower: e
        for e in Employee.objects.annotate(email_lower=Lower("email")).filter(
            email_lower__in=[e for e in lowered if "@" in e]
        )
    }
    found: dict[int, Employee] = {}
    unknown = []
    for entry in entries:
        employee = by_id.get(entry) or by_email.get(entry.lower())
        if employee is None:
            unknown.append(entry)
        else:
            found.setdefault(employee.pk, employee)
    return list(found.values()), unknown


# Why someone cannot be registered.
LEFT = "left"
INACTIVE = "inactive"


@dataclass
class BulkPlan:
    """What registering a list of people would do: who gets a seat, who goes on the waiting
    list, who already has a place (left as it is) and who cannot be registered (`reasons`:
    left the company or erased, or no active account to be invited with)."""

    free_seats: int
    seat: list[Employee] = field(default_factory=list)
    waitlist: list[Employee] = field(default_factory=list)
    already: list[Employee] = field(default_factory=list)
    refused: list[Employee] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)


def bulk_plan(workshop: Workshop, employees: Iterable[Employee]) -> BulkPlan:
    """What registering `employees` (in this order) would do now: seats while some are
    free, then the waiting list; nothing is written."""
    people = list({e.pk: e for e in employees}.values())
    ids = [p.pk for p in people]
    placed = set(
        Registration.objects.filter(
            workshop=workshop, employee_id__in=ids, status__in=ACTIVE
        ).values_list("employee_id", flat=True)
    )
    with_account = set(
        User.objects.filter(is_active=True, employee_id__in=ids).values_list(
            "employee_id", flat=True
        )
    )
    registered = workshop.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    free = max(workshop.capacity - registered, 0)
    plan = BulkPlan(free_seats=free)
    for person in people:
        if person.left_on is not None or person.erased_at is not None:
            plan.refused.append(person)
            plan.reasons[person.pk] = LEFT
        elif person.pk not in with_account:
            plan.refused.append(person)
            plan.reasons[person.pk] = INACTIVE
        elif person.pk in placed:
            plan.already.append(person)
        elif free > 0:
            plan.seat.append(person)
            free -= 1
        else:
            plan.waitlist.append(person)
    return plan


def roster(workshop: Workshop) -> list[Registration]:
    """Registered people first (by name), then the waiting list in its order; cancelled
    registrations last."""
    order = {
        RegistrationStatus.REGISTERED: 0,
        RegistrationStatus.WAITLISTED: 1,
        RegistrationStatus.CANCELLED: 2,
    }
    rows = list(
        Registration.objects.filter(workshop=workshop)
        .select_related("employee")
        .order_by("queued_at", "id")
    )
    position = 0
    for row in rows:
        if row.status == RegistrationStatus.WAITLISTED:
            position += 1
            row.position = position
        else:
            row.position = None
    return sorted(
        rows,
        key=lambda r: (
            order[r.status],
            r.position or 0,
            r.employee.last_name.lower(),
            r.employee.first_name.lower(),
        ),
    )


def attendance_counts(rows: Iterable[Registration]) -> dict[str, int]:
    counts = dict.fromkeys(Attendance.values, 0)
    for row in rows:
        if row.attendance:
            counts[row.attendance] += 1
    return counts


# --- Feedback -----------------------------------------------------------------------------------


@dataclass
class FeedbackSummary:
    answers: int
    shown: bool
    average: float | None = None
    distribution: list[tuple[int, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    threshold: int = MIN_GROUP_SIZE


def feedback_summary(workshop: Workshop) -> FeedbackSummary:
    """The feedback in aggregate: nothing but "fewer than five answers" under the threshold
    (neither the average nor the comments)."""
    answers = Feedback.objects.filter(workshop=workshop)
    total = answers.aggregate(n=Count("id"), average=Avg("rating"))
    if not is_shown(total["n"]):
        return FeedbackSummary(answers=total["n"], shown=False)
    counts = dict(answers.values_list("rating").annotate(n=Count("id")).order_by())
    comments = list(answers.exclude(comment="").order_by("?").values_list("comment", flat=True))
    return FeedbackSummary(
        answers=total["n"],
        shown=True,
        average=round(total["average"], 1),
        distribution=[(rating, counts.get(rating, 0)) for rating in range(5, 0, -1)],
        comments=comments,
    )


def my_feedback(*, workshop: Workshop, employee_id: int) -> Feedback | None:
    return Feedback.objects.filter(workshop=workshop, employee_id=employee_id).first()


def can_give_feedback(workshop: Workshop, registration: Registration | None, *, now=None) -> bool:
    now = now or timezone.now()
    return (
        registration is not None
        and registration.status == RegistrationStatus.REGISTERED
        and registration.attendance == Attendance.PRESENT
        and workshop.status == WorkshopStatus.SCHEDULED
        and workshop.starts_at <= now
    )


# --- Calendar and reminders ---------------------------------------------------------------------


def calendar_registrations(*, employee_id: int, since: dt.datetime) -> list[Registration]:
    """The registrations (with a seat, or cancelled: the calendar removes them) of workshops
    starting from `since` on."""
    return list(
        Registration.objects.filter(
            employee_id=employee_id,
            workshop__starts_at__gte=since,
        )
        .exclude(status=RegistrationStatus.WAITLISTED)
        .select_related("workshop", "workshop__facilitator", "employee")
        .order_by("workshop__starts_at", "id")
    )


def registrations_starting_between(start: dt.datetime, end: dt.datetime) -> QuerySet[Registration]:
    return Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        workshop__status=WorkshopStatus.SCHEDULED,
        workshop__starts_at__gt=start,
        workshop__starts_at__lte=end,
    ).select_related("workshop", "employee")
