"""Reads for enrollment: invitations, applications, the funnel.

Applications are fetched only through `access_*`: an applicant reaches their own, HR and
the program's managers those of the programs they manage; anything else is a 404. Sponsors
never reach an individual application: they see the funnel, which holds counts only.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower
from django.http import Http404
from django.utils.translation import gettext as _

from bascule.accounts.models import User
from bascule.core.permissions import (  # the role predicates, read here by the pages too
    user_can_apply,
    user_can_manage_programs,
    user_can_see_funnels,
)
from bascule.core.small_groups import shown_count
from bascule.people.imports import reading as importing
from bascule.people.models import Employee
from bascule.programs.enrollment.services import (
    decision_changes,
    enrollment_closed_reason,
    is_invited,
)
from bascule.programs.models import (
    Application,
    ApplicationSkill,
    ApplicationStatus,
    Invitation,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule.programs.rules import career_stage_problems, eligibility_problems
from bascule.programs.selectors import programs_managed_by, programs_visible_to
from bascule.skills.models import Skill, SkillCategory


def access_funnel_program(*, user: Any, program_id: int) -> Program:
    """Return the program whose funnel `user` may see: 403 for participants, 404 out of scope."""
    if not user_can_see_funnels(user):
        raise PermissionDenied
    scope = programs_visible_to(user=user) if user.is_sponsor else programs_managed_by(user=user)
    program = scope.filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def access_own_application(*, user: Any, application_id: int) -> Application:
    """Return the user's own application; 403 for users who cannot apply, 404 otherwise."""
    if not user_can_apply(user):
        raise PermissionDenied
    application = (
        Application.objects.select_related("program", "employee")
        .filter(pk=application_id, employee_id=user.employee_id)
        .first()
    )
    if application is None:
        raise Http404
    return application


def access_managed_application(*, user: Any, application_id: int) -> Application:
    """Return an application of a program `user` manages; 403 for other roles, else 404."""
    if not user_can_manage_programs(user):
        raise PermissionDenied
    application = (
        Application.objects.select_related("program", "employee", "employee__department")
        .filter(pk=application_id, program__in=programs_managed_by(user=user))
        .first()
    )
    if application is None:
        raise Http404
    return application


def access_application(*, user: Any, application_id: int) -> Application:
    """Return an application its applicant or a manager of its program may read; else 404."""
    if user.is_authenticated and user.is_sponsor:
        raise PermissionDenied
    qs = Application.objects.select_related("program", "employee", "employee__department")
    scope = Q(program__in=programs_managed_by(user=user))
    if user.is_authenticated and user.employee_id is not None:
        scope |= Q(employee_id=user.employee_id)
    application = qs.filter(scope, pk=application_id).first()
    if application is None:
        raise Http404
    return application


def access_invitation_by_token(*, token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("program", "employee").filter(token=token).first()
    )
    if invitation is None or not token:
        raise Http404
    return invitation


# --- Invitations -----------------------------------------------------------------------------


def program_invitations(*, program: Program) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(program=program)
        .select_related("employee", "employee__department")
        .order_by("employee__last_name", "employee__first_name", "id")
    )


def employees_matching(
    *, department_ids: list[int], level_min: int | None, level_max: int | None
) -> QuerySet[Employee]:
    """Return the active employees in those departments (any if none) and level range."""
    qs = Employee.objects.active()
    if department_ids:
        qs = qs.filter(department_id__in=department_ids)
    if level_min is not None:
        qs = qs.filter(seniority_level__gte=level_min)
    if level_max is not None:
        qs = qs.filter(seniority_level__lte=level_max)
    return qs.order_by("last_name", "first_name", "id")


@dataclass(frozen=True)
class InvitationPreview:
    """What inviting a list of people would do, for the confirmation step: counts only."""

    new: int  # invited for the first time, e-mailed
    resent: int  # invited already, e-mailed again (when asked)
    already_invited: int  # invited already, not e-mailed
    left: int  # have left the organisation: skipped
    accounts_created: int  # e-mailed people without an account yet

    @property
    def emailed(self) -> int:
        return self.new + self.resent


def invitation_preview(
    *, program: Program, employees: list[Employee], resend: bool
) -> InvitationPreview:
    """Return what enrollment_services.invitations_create would do with `employees`."""
    unique = list({employee.pk: employee for employee in employees}.values())
    staying = [employee for employee in unique if employee.left_on is None]
    invited = set(
        Invitation.objects.filter(
            program=program, employee_id__in=[e.pk for e in staying]
        ).values_list("employee_id", flat=True)
    )
    emailed = [e for e in staying if resend or e.pk not in invited]
    # An account is found by its employee, or else by its e-mail address (as the service does).
    linked = set(
        User.objects.filter(employee_id__in=[e.pk for e in emailed]).values_list(
            "employee_id", flat=True
        )
    )
    by_email = set(
        User.objects.annotate(address=Lower("email"))
        .filter(
            employee__isnull=True,
            address__in=[e.email.lower() for e in emailed if e.pk not in linked],
        )
        .values_list("address", flat=True)
    )
    return InvitationPreview(
        new=sum(1 for e in emailed if e.pk not in invited),
        resent=sum(1 for e in emailed if e.pk in invited),
        already_invited=0 if resend else len(invited),
        left=len(unique) - len(staying),
        accounts_created=sum(
            1 for e in emailed if e.pk not in linked and e.email.lower() not in by_email
        ),
    )


def employees_by_ids(ids: list[int]) -> list[Employee]:
    """Return the employees with these primary keys, in the order given (unknown ones left out)."""
    found = Employee.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


@dataclass
class ListLookup:
    employees: list[Employee]
    # (line, value) of the entries that match nobody in the directory.
    unknown: list[tuple[int, str]]


def employees_from_entries(entries: list[tuple[int, str]]) -> ListLookup:
    """Return the employees named by e-mail address or employee ID, and the unknown entries."""
    values = [value.strip() for _line, value in entries if value.strip()]
    emails = {value.lower() for value in values if "@" in value}
    ids = {value for value in values if "@" not in value}
    by_email = {e.email.lower(): e for e in Employee.objects.filter(email__in=emails)}
    if len(by_email) < len(emails):
        for employee in Employee.objects.filter(
            Q(*[Q(email__iexact=email) for email in emails - set(by_email)], _connector=Q.OR)
        ):
            by_email[employee.email.lower()] = employee
    by_id = {e.employee_id: e for e in Employee.objects.filter(employee_id__in=ids)}
    found: list[Employee] = []
    unknown: list[tuple[int, str]] = []
    for line, raw in entries:
        value = raw.strip()
        if not value:
            continue
        employee = by_email.get(value.lower()) if "@" in value else by_id.get(value)
        if employee is None:
            unknown.append((line, value))
        else:
            found.append(employee)
    return ListLookup(employees=found, unknown=unknown)


def read_invitee_file(content: bytes) -> list[tuple[int, str]]:
    """Return (line, value) of the e-mail addresses or employee IDs listed in a CSV or XLSX.

    A first line naming the columns ("E-mail", "Matricule"…) is skipped; then the column of
    e-mail addresses is read if there is one, else that of employee IDs, else the first.
    Raise importing.ImportFileError when the file cannot be read.
    """
    try:
        table = importing.read_table(content)
        lines = [(1, [importing.display_value(v) for v in table.headers])] + [
            (row.line, [importing.display_value(v) for v in row.values]) for row in table.rows
        ]
    except importing.ImportFileError as exc:
        if exc.code != "no_rows" or content.startswith(b"PK"):
            raise
        text, _encoding = importing.decode_text(content)
        first = text.strip().splitlines()[0]
        delimiter = importing.sniff_delimiter(first)
        lines = [(1, [cell.strip() for cell in first.split(delimiter)])]
    headers = lines[0][1]
    mapping = importing.guess_mapping(headers)
    column = 0
    if any(name in ("email", "employee_id") for name in mapping.values()):
        for wanted in ("email", "employee_id"):
            matches = [i for i, header in enumerate(headers) if mapping.get(header) == wanted]
            if matches:
                column = matches[0]
                break
        lines = lines[1:]
    return [(line, cells[column] if column < len(cells) else "") for line, cells in lines]


# --- Applications ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewFilters:
    status: str = ""
    role: str = ""
    department_id: int | None = None


def program_applications(*, program: Program, filters: ReviewFilters | None = None):
    """Return the applications of `program`, oldest first, with the applicant's department."""
    filters = filters or ReviewFilters()
    qs = Application.objects.filter(program=program).select_related(
        "employee", "employee__department"
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.department_id:
        qs = qs.filter(employee__department_id=filters.department_id)
    return qs.order_by("created_at", "id")


def with_awaiting_review(programs: QuerySet[Program]) -> QuerySet[Program]:
    """Return `programs` each with `awaiting_review`: how many applications await a decision
    (a subquery, no query of its own)."""
    submitted = (
        Application.objects.filter(program=OuterRef("pk"), status=ApplicationStatus.SUBMITTED)
        .order_by()
        .values("program")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return programs.annotate(awaiting_review=Coalesce(Subquery(submitted), 0))


@dataclass
class BulkDecisionPreview:
    """What one decision for several applications would do, before anything is written."""

    changing: list[Application]
    withdrawn: list[Application]
    unchanged: list[Application]
    emailed: int

    @property
    def not_emailed(self) -> int:
        return len(self.changing) - self.emailed


def bulk_decision_preview(
    *, program: Program, application_ids: list[int], decision: str, reason: str
) -> BulkDecisionPreview:
    """Return which of the applications a decision would change and how many of their
    applicants would be e-mailed (those with an active account), in the list's order."""
    applications = list(
        Application.objects.filter(program=program, pk__in=application_ids)
        .select_related("employee", "employee__department")
        .order_by("created_at", "id")
    )
    reason = reason.strip()
    changing = [a for a in applications if decision_changes(a, decision, reason)]
    withdrawn = [a for a in applications if a.status == ApplicationStatus.WITHDRAWN]
    unchanged = [a for a in applications if a not in changing and a not in withdrawn]
    emailed = applicants_emailed(applications=changing)
    return BulkDecisionPreview(
        changing=changing, withdrawn=withdrawn, unchanged=unchanged, emailed=emailed
    )


def applicants_emailed(*, applications: list[Application]) -> int:
    """Return how many of the applicants of `applications` a decision e-mails: those with an
    active account (one query)."""
    return (
        User.objects.filter(employee_id__in=[a.employee_id for a in applications], is_active=True)
        .values("employee_id")
        .distinct()
        .count()
    )


def my_applications(*, user: Any) -> QuerySet[Application]:
    if not user.is_authenticated or user.employee_id is None:
        return Application.objects.none()
    return (
        Application.objects.filter(employee_id=user.employee_id)
        .select_related("program")
        .order_by("-created_at", "-id")
    )


def skills_with_labels() -> Prefetch:
    """Return the prefetch of applications' skills, each with its skill (slug and labels),
    so that listing applications with their skills costs one query whatever their number."""
    return Prefetch("skills", queryset=ApplicationSkill.objects.select_related("skill"))


def application_skills(application: Application) -> dict[str, list[tuple[int, int]]]:
    """Return the skills of an application: direction -> [(skill id, level)]."""
    result: dict[str, list[tuple[int, int]]] = {"share": [], "develop": []}
    for item in application.skills.all():
        result[item.direction].append((item.skill_id, item.level))
    return result


def skill_groups() -> list[tuple[SkillCategory | None, list[Skill]]]:
    """Return the usable skills grouped by category, in the taxonomy's order."""
    groups: dict[int | None, tuple[SkillCategory | None, list[Skill]]] = {}
    for skill in Skill.objects.usable().select_related("category"):
        key = skill.category_id
        groups.setdefault(key, (skill.category, []))[1].append(skill)
    ordered = sorted(
        groups.values(),
        key=lambda group: (group[0] is None, group[0].position if group[0] else 0),
    )
    for _category, skills in ordered:
        skills.sort(key=lambda skill: skill.label.casefold())
    return ordered


def programs_open_to(*, user: Any, applications: list[Application] | None = None) -> list[Program]:
    """Return the enrolling programs `user` may apply to: invited, or open and eligible. One
    query (whether the user is invited and whether their department may take each side are
    subqueries); `applications`, the user's own when already read, spares another."""
    if not user.is_authenticated or user.employee_id is None:
        return []
    employee = user.employee
    if applications is None:
        applications = list(Application.objects.filter(employee=employee))
    applied = {a.program_id for a in applications if a.status != ApplicationStatus.WITHDRAWN}
    programs = (
        Program.objects.filter(status=ProgramStatus.ENROLLING)
        .exclude(pk__in=applied)
        .annotate(
            invited=Exists(Invitation.objects.filter(program=OuterRef("pk"), employee=employee)),
            **{
                f"{role}_department_ok": _department_takes(role, employee.department_id)
                for role in ParticipantRole.values
            },
        )
        .order_by("starts_on", "name")
    )
    result = []
    for program in programs:
        if enrollment_closed_reason(program):
            continue
        if (
            program.invited
            or program.open_enrollment
            and employee.left_on is None
            and any(
                getattr(program, f"{role}_department_ok")
                and not career_stage_problems(program, employee, role)
                for role in ParticipantRole.values
            )
        ):
            result.append(program)
    return result


def _department_takes(role: str, department_id: int | None) -> Q:
    """Whether a program takes `role` from `department_id` (`eligibility_problems`): it names
    no department for that side, or names this one."""
    through = (
        Program.mentor_departments if role == ParticipantRole.MENTOR else Program.mentee_departments
    ).through
    named = through.objects.filter(program=OuterRef("pk"))
    return ~Exists(named) | Exists(named.filter(department_id=department_id))


# --- What a participant sees on a program page -----------------------------------------------


def participant_panel(*, program: Program, user: Any) -> dict[str, Any]:
    """Return what templates/programs/partials/participant_panel.html shows `user`.

    Empty for users who cannot apply (they have no employee record, or are sponsors).
    """
    if not user_can_apply(user):
        return {}
    employee = user.employee
    application = Application.objects.filter(program=program, employee=employee).first()
    closed = enrollment_closed_reason(program)
    invited = is_invited(program, employee)
    roles = [
        {
            "value": value,
            "label": label,
            "problems": eligibility_problems(program, employee, value),
        }
        for value, label in ParticipantRole.choices
    ]
    live = application is not None and application.status != ApplicationStatus.WITHDRAWN
    blocked = ""
    if closed:
        blocked = closed
    elif not program.open_enrollment and not invited:
        blocked = _("This program is by invitation only.")
    elif not any(not role["problems"] for role in roles):
        blocked = _("This program is not open to your career stage.")
    return {
        "program": program,
        "application": application,
        "live_application": live,
        "invited": invited,
        "roles": roles,
        "can_apply": not live and not blocked,
        "blocked_reason": blocked,
        "can_edit": live and program.profiles_editable,
    }


# --- The funnel ------------------------------------------------------------------------------

STATUS_ORDER = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.DECLINED,
    ApplicationStatus.WITHDRAWN,
]


def _breakdown(rows: list[dict[str, Any]], key: str, labels: dict[Any, str]) -> list[dict]:
    table: dict[Any, dict[str, int]] = {}
    for row in rows:
        counts = table.setdefault(row[key], dict.fromkeys(STATUS_ORDER, 0))
        counts[row["status"]] += row["count"]
    result = []
    for value, counts in table.items():
        result.append(
            {
                "label": labels.get(value, value),
                "sort": (value is None, str(labels.get(value, value))),
                "total": sum(counts.values()),
                "counts": [counts[status] for status in STATUS_ORDER],
            }
        )
    result.sort(key=lambda item: item["sort"])
    return result


def program_funnel(*, program: Program) -> dict[str, Any]:
    """Return the enrollment funnel of `program` for templates/programs/partials/funnel.html.

    Counts only, never a name: sponsors see it too.
    """
    invited = Invitation.objects.filter(program=program).count()
    opened = Invitation.objects.filter(program=program, opened_at__isnull=False).count()
    rows = list(
        Application.objects.filter(program=program)
        .values("status", "role", "employee__department__name", "employee__seniority_level")
        .annotate(count=Count("id"))
        .order_by()
    )
    by_status = dict.fromkeys(STATUS_ORDER, 0)
    for row in rows:
        by_status[row["status"]] += row["count"]
    role_labels = dict(ParticipantRole.choices)
    no_department = _("No department")
    no_level = _("Not known")
    levels = {row["employee__seniority_level"] for row in rows}
    level_labels = {
        level: (_("Level %(level)s") % {"level": level}) if level is not None else no_level
        for level in levels
    }
    departments = {row["employee__department__name"] for row in rows}
    department_labels = {name: name or no_department for name in departments}
    approved_mentors = sum(
        row["count"]
        for row in rows
        if row["status"] == ApplicationStatus.APPROVED and row["role"] == ParticipantRole.MENTOR
    )
    approved_mentees = sum(
        row["count"]
        for row in rows
        if row["status"] == ApplicationStatus.APPROVED and row["role"] == ParticipantRole.MENTEE
    )
    capacity = approved_mentors * program.mentor_capacity
    shortfall = max(0, approved_mentees - capacity)
    return {
        "program": program,
        "invited": invited,
        "opened": opened,
        "applied": sum(by_status.values()),
        "statuses": [
            {"value": status.value, "label": status.label, "count": by_status[status]}
            for status in STATUS_ORDER
        ],
        "status_labels": [status.label for status in STATUS_ORDER],
        "by_role": _breakdown(rows, "role", role_labels),
        "by_department": _breakdown(rows, "employee__department__name", department_labels),
        "by_level": _breakdown(rows, "employee__seniority_level", level_labels),
        "approved_mentors": approved_mentors,
        "approved_mentees": approved_mentees,
        "mentor_capacity": program.mentor_capacity,
        "capacity": capacity,
        "capacity_shortfall": shortfall,
    }


def funnel_for_sponsor(funnel: dict[str, Any]) -> dict[str, Any]:
    """Return `funnel` as a reader of aggregates only (the sponsor) may see it: every count of
    1 to 4 people replaced by None ("fewer than 5"), the small-group rule of every aggregate.
    HR and the program's managers, who see the applications themselves, get the counts."""
    hidden = shown_count
    capacity = funnel["capacity"] if hidden(funnel["approved_mentors"]) is not None else None

    def breakdown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {**row, "total": hidden(row["total"]), "counts": [hidden(c) for c in row["counts"]]}
            for row in rows
        ]

    return {
        **funnel,
        "invited": hidden(funnel["invited"]),
        "opened": hidden(funnel["opened"]),
        "applied": hidden(funnel["applied"]),
        "statuses": [{**row, "count": hidden(row["count"])} for row in funnel["statuses"]],
        "by_role": breakdown(funnel["by_role"]),
        "by_department": breakdown(funnel["by_department"]),
        "by_level": breakdown(funnel["by_level"]),
        "approved_mentors": hidden(funnel["approved_mentors"]),
        "approved_mentees": hidden(funnel["approved_mentees"]),
        "capacity": capacity,
        "capacity_shortfall": hidden(funnel["capacity_shortfall"]),
    }
