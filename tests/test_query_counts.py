"""Every list page and list API answers with as many queries for many rows as for a few.

Each listing of LIST_PAGES and LIST_APIS gets FEW rows, then MANY more: the second answer
must show every row and cost no more queries than the first (an N+1 adds queries with rows).

List routes are found, not listed by hand. An API operation is a list when its GET answers a
JSON array, a page of `items` or an object of arrays (OpenAPI schema); every page route that
a GET reaches (tests/access) is either measured (LIST_PAGES), or set aside with the reason
(NOT_LISTS, NOT_MEASURED). A new list route fails `test_every_list_route_is_covered` until
it is measured here or its reason is given.
"""

import datetime as dt
import html
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bascule.accounts.models import ApiToken, User
from bascule.certificates.models import Certificate
from bascule.core.models import AuditEntry, OutboxMessage, OutboxRecipient
from bascule.core.tabular import XLSX_CONTENT_TYPE
from bascule.evaluations import services as evaluation_services
from bascule.journey.models import CheckIn, Goal, GoalDirection, Pulse, SharedNote
from bascule.meetings.models import CalendarFeed, Meeting
from bascule.meetings.selectors import hash_token
from bascule.notifications.models import DeliveryStatus, Notification, OutboundEmail
from bascule.pairing.models import MatchRun, MentorRequest, Pair, Proposal
from bascule.people.models import Department, Employee
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    Invitation,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule.recognition.models import Badge, BadgeAward, Kudos
from bascule.skills.models import Skill, SkillCategory
from bascule.testing import Company, make_employee
from bascule.workshops.models import Registration, Workshop
from config.api import api
from tests.test_access_matrix import MATRIX

FEW, MANY = 2, 12


@dataclass
class Setting:
    """The objects a listing's rows hang on: Paul's program and Léa's pair in it."""

    company: Company
    program: Program
    pair: Pair
    numbers: count = field(default_factory=lambda: count(1))

    def employee(self, **fields: Any):
        number = next(self.numbers)
        return make_employee(f"R{number:03}", "Row", f"Person{number:03}", **fields)

    def pair_of(self, program: Program, mentor, mentee) -> Pair:
        return Pair.objects.create(
            program=program,
            mentor=mentor,
            mentor_application=_application(program, mentor, ParticipantRole.MENTOR),
            mentee=mentee,
            mentee_application=_application(program, mentee, ParticipantRole.MENTEE),
            published_at=timezone.now(),
        )


def _application(program: Program, employee, role: str) -> Application:
    return Application.objects.create(
        program=program,
        employee=employee,
        role=role,
        status=ApplicationStatus.APPROVED,
        languages=["fr"],
    )


def _program(name: str, **fields: Any) -> Program:
    fields.setdefault("status", ProgramStatus.RUNNING)
    fields.setdefault("starts_on", dt.date(2027, 1, 11))
    fields.setdefault("ends_on", dt.date(2027, 6, 30))
    return Program.objects.create(name=name, languages=["fr", "en"], **fields)


def make_setting(company: Company) -> Setting:
    program = _program("Reverse mentoring 2027", open_enrollment=True)
    program.managers.add(company.paul)
    setting = Setting(company=company, program=program, pair=None)  # type: ignore[arg-type]
    setting.pair = setting.pair_of(program, company.lea, company.bernard)
    return setting


# Row makers: each adds `n` rows and returns a text each row shows (None: the API is checked
# by its number of items instead).
Rows = Callable[[Setting, int], list[str | None]]


def employees(setting: Setting, n: int) -> list[str | None]:
    return [setting.employee(department=setting.company.marketing).last_name for _ in range(n)]


def departments(setting: Setting, n: int) -> list[str | None]:
    return [
        Department.objects.create(name=f"Department {next(setting.numbers):03}").name
        for _ in range(n)
    ]


def skills(setting: Setting, n: int) -> list[str | None]:
    category = SkillCategory.objects.order_by("position").first()
    made = []
    for _ in range(n):
        number = next(setting.numbers)
        made.append(
            Skill.objects.create(
                slug=f"row-skill-{number}",
                category=category,
                label_fr=f"Compétence {number:03}",
                label_en=f"Row skill {number:03}",
            ).label_en
        )
    return made


def skill_categories(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        number = next(setting.numbers)
        made.append(
            SkillCategory.objects.create(
                slug=f"row-category-{number}",
                name_fr=f"Catégorie {number:03}",
                name_en=f"Row category {number:03}",
                position=100 + number,
            ).name_en
        )
    return made


def programs(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        program = _program(f"Program {next(setting.numbers):03}")
        program.managers.add(setting.company.paul)
        made.append(program.name)
    return made


def programs_open_to_lea(setting: Setting, n: int) -> list[str | None]:
    """Programs Léa may apply to, each taking mentees from her department only."""
    made = []
    for _ in range(n):
        program = _program(
            f"Open program {next(setting.numbers):03}",
            status=ProgramStatus.ENROLLING,
            open_enrollment=True,
        )
        program.mentee_departments.add(setting.company.lea.department)
        made.append(program.name)
    return made


def leas_notifications(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        number = next(setting.numbers)
        Notification.objects.create(
            recipient=setting.company.lea_user,
            kind="pair_nudge",
            title=f"Notification {number:03}",
            url=f"/pairs/{setting.pair.pk}/",
            dedupe_key=f"key-{number}",
        )
        made.append(f"Notification {number:03}")
    return made


def invitations(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        employee = setting.employee()
        Invitation.objects.create(
            program=setting.program,
            employee=employee,
            suggested_role=ParticipantRole.MENTOR,
            token=f"row-invitation-{employee.employee_id}",
            invited_by=setting.company.paul,
        )
        made.append(employee.last_name)
    return made


def applications(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        employee = setting.employee(department=setting.company.marketing)
        Application.objects.create(
            program=setting.program,
            employee=employee,
            role=ParticipantRole.MENTEE,
            languages=["fr"],
        )
        made.append(employee.last_name)
    return made


def leas_applications(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        program = _program(f"Program {next(setting.numbers):03}", status=ProgramStatus.ENROLLING)
        Application.objects.create(
            program=program,
            employee=setting.company.lea,
            role=ParticipantRole.MENTOR,
            languages=["fr"],
        )
        made.append(program.name)
    return made


def leas_pairs(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        program = _program(f"Program {next(setting.numbers):03}")
        setting.pair_of(program, setting.company.lea, setting.employee(seniority_level=7))
        made.append(program.name)
    return made


def pairs(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        mentee = setting.employee(seniority_level=7)
        setting.pair_of(setting.program, setting.employee(seniority_level=1), mentee)
        made.append(mentee.last_name)
    return made


def pairs_and_people_left(setting: Setting, n: int) -> list[str | None]:
    """Pairs of the running program, and as many approved mentees still without a partner."""
    made = pairs(setting, n)
    for _ in range(n):
        mentee = setting.employee(seniority_level=7)
        _application(setting.program, mentee, ParticipantRole.MENTEE)
        made.append(mentee.last_name)
    return made


def goals(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        goal = Goal.objects.create(
            pair=setting.pair,
            direction=GoalDirection.LEARNING,
            title=f"Goal {next(setting.numbers):03}",
            success_criteria="One summary a week",
            target_date=dt.date(2027, 4, 1),
            created_by=setting.company.lea_user,
        )
        goal.skills.set(Skill.objects.order_by("pk")[:2])
        made.append(goal.title)
    return made


def shared_notes(setting: Setting, n: int) -> list[str | None]:
    return [
        SharedNote.objects.create(
            pair=setting.pair,
            author=setting.company.lea_user,
            body=f"Shared note {next(setting.numbers):03}",
        ).body
        for _ in range(n)
    ]


def meetings(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        number = next(setting.numbers)
        meeting = Meeting.objects.create(
            pair=setting.pair,
            organiser=setting.company.lea_user,
            starts_at=timezone.now() + dt.timedelta(days=number),
            duration_minutes=60,
            location=f"Room {number:03}",
        )
        made.append(meeting.location)
    return made


def meeting_links(setting: Setting, n: int) -> list[str | None]:
    meetings(setting, n)
    return [
        reverse("meetings:detail", args=[meeting.pk])
        for meeting in Meeting.objects.filter(pair=setting.pair).order_by("-pk")[:n]
    ]


def runs(setting: Setting, n: int) -> list[str | None]:
    for _ in range(n):
        MatchRun.objects.create(
            program=setting.program,
            run_by=setting.company.paul,
            started_at=timezone.now() - dt.timedelta(minutes=next(setting.numbers)),
        )
    return [None] * n


def proposals(setting: Setting, n: int) -> list[str | None]:
    run = MatchRun.objects.filter(program=setting.program).first() or MatchRun.objects.create(
        program=setting.program, run_by=setting.company.paul, started_at=timezone.now()
    )
    made = []
    for _ in range(n):
        mentor, mentee = setting.employee(seniority_level=1), setting.employee(seniority_level=7)
        Proposal.objects.create(
            run=run,
            mentor_application=_application(setting.program, mentor, ParticipantRole.MENTOR),
            mentee_application=_application(setting.program, mentee, ParticipantRole.MENTEE),
            score=0.5,
        )
        made.append(mentee.last_name)
    return made


def checkins(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        number = next(setting.numbers)
        made.append(
            CheckIn.objects.create(
                pair=setting.pair,
                member=setting.company.lea,
                author=setting.company.lea_user,
                period=number,
                pulse=Pulse.GOOD,
                blocking=f"Check-in {number:03}",
                message_to_hr=f"Check-in {number:03}",
            ).blocking
        )
    return made


def leas_open_surveys(setting: Setting, n: int) -> list[str | None]:
    # Programs that started a few days ago: their baseline survey is open to Léa.
    started = timezone.localdate() - dt.timedelta(days=3)
    for _ in range(n):
        program = _program(
            f"Program {next(setting.numbers):03}",
            starts_on=started,
            ends_on=started + dt.timedelta(days=180),
        )
        setting.pair_of(program, setting.company.lea, setting.employee(seniority_level=7))
        # What the program's move to "running" does: its surveys are made.
        evaluation_services.ensure_program_surveys(program)
    return [None] * n


def _workshop(title: str, **fields: Any) -> Workshop:
    return Workshop.objects.create(
        title=title,
        starts_at=timezone.now() + dt.timedelta(days=7),
        time_zone="Europe/Paris",
        duration_minutes=60,
        place="Room 1",
        capacity=1,
        **fields,
    )


def workshops(setting: Setting, n: int) -> list[str | None]:
    """Upcoming workshops open to everyone, each full with someone waiting; Léa has a seat
    at every other one and waits at the others."""
    titles = []
    for index in range(n):
        workshop = _workshop(f"Workshop {next(setting.numbers):03}")
        first, second = setting.employee(), setting.company.lea
        if index % 2:
            first, second = second, first
        for offset, employee in enumerate((first, second)):
            Registration.objects.create(
                workshop=workshop,
                employee=employee,
                status="registered" if offset == 0 else "waitlisted",
                queued_at=timezone.now() + dt.timedelta(seconds=offset),
            )
        titles.append(workshop.title)
    return titles


def kudos(setting: Setting, n: int) -> list[str | None]:
    """Thanks to Léa in her pair, on every wall, from Bernard and from HR in turn; as many
    from Léa to Bernard."""
    company = setting.company
    made = []
    for index in range(n):
        number = next(setting.numbers)
        for sender, recipient in (
            (company.bernard_user if index % 2 else company.alice, company.lea),
            (company.lea_user, company.bernard),
        ):
            Kudos.objects.create(
                program=setting.program,
                pair=setting.pair,
                sender=sender,
                sender_kind="partner" if sender.employee_id else "hr",
                recipient=recipient,
                message=f"Kudos {number:03} to {recipient.first_name}",
                visibility="company",
                on_wall=True,
            )
        made.append(f"Kudos {number:03} to Léa")
    return made


def _custom_badge(setting: Setting, number: int) -> Badge:
    name = f"Badge {number:03}"
    return Badge.objects.create(slug=f"custom-{number:03}", name_fr=name, name_en=name)


def badge_definitions(setting: Setting, n: int) -> list[str | None]:
    """Custom badges, each held by Léa in the program (the counts list them too)."""
    made = []
    for _ in range(n):
        badge = _custom_badge(setting, next(setting.numbers))
        BadgeAward.objects.create(
            badge=badge, employee=setting.company.lea, program=setting.program
        )
        made.append(badge.name_en)
    return made


def badge_counts(setting: Setting, n: int) -> list[str | None]:
    """The counts name each badge by its slug."""
    return [f"custom-{name.removeprefix('Badge ')}" for name in badge_definitions(setting, n)]


def leas_badges(setting: Setting, n: int) -> list[str | None]:
    return badge_definitions(setting, n)


def measured_badge(setting: Setting) -> dict[str, Any]:
    badge, _created = Badge.objects.get_or_create(
        slug="custom-measured", defaults={"name_fr": "Measured", "name_en": "Measured"}
    )
    return {"badge": badge.slug}


def badge_holders(setting: Setting, n: int) -> list[str | None]:
    """People holding the same custom badge."""
    badge = Badge.objects.get(slug=measured_badge(setting)["badge"])
    made = []
    for _ in range(n):
        person = setting.employee()
        BadgeAward.objects.create(badge=badge, employee=person, program=setting.program)
        made.append(person.full_name)
    return made


def measured_workshop(setting: Setting) -> dict[str, Any]:
    workshop = Workshop.objects.filter(title="Measured workshop").first()
    return {"workshop_id": (workshop or _workshop("Measured workshop")).pk}


def roster_people(setting: Setting, n: int) -> list[str | None]:
    workshop = Workshop.objects.get(pk=measured_workshop(setting)["workshop_id"])
    names = []
    for _ in range(n):
        employee = setting.employee()
        Registration.objects.create(
            workshop=workshop, employee=employee, status="waitlisted", queued_at=timezone.now()
        )
        names.append(employee.full_name)
    return names


def _certificate(holder, program: Program, role: str = "mentor") -> Certificate:
    return Certificate.objects.create(
        holder=holder,
        program=program,
        role=role,
        code=f"ROWCODE{next(count_codes):013d}",
        holder_name=holder.full_name,
        program_name=program.name,
        starts_on=program.starts_on,
        ends_on=program.ends_on,
        issued_at=timezone.now(),
    )


count_codes = count(1)


def leas_certificates(setting: Setting, n: int) -> list[str | None]:
    """Léa's certificates, one per past program."""
    return [
        _certificate(
            setting.company.lea, _program(f"Past program {next(setting.numbers):03}")
        ).program_name
        for _ in range(n)
    ]


def program_certificates(setting: Setting, n: int) -> list[str | None]:
    return [_certificate(setting.employee(), setting.program).holder_name for _ in range(n)]


def partners_certificates(setting: Setting, n: int) -> list[str | None]:
    """Certificates of Léa's partners, one per past program, that she may endorse."""
    names = []
    for _ in range(n):
        program = _program(f"Past program {next(setting.numbers):03}")
        partner = setting.employee()
        certificate = _certificate(partner, program, "mentee")
        certificate.pair = setting.pair_of(program, setting.company.lea, partner)
        certificate.save(update_fields=["pair"])
        names.append(partner.full_name)
    return names


def eligibility_pairs(setting: Setting, n: int) -> list[str | None]:
    names = []
    for _ in range(n):
        mentor, mentee = setting.employee(), setting.employee()
        setting.pair_of(setting.program, mentor, mentee)
        names.append(mentee.full_name)
    return names


def audit_entries(setting: Setting, n: int) -> list[str | None]:
    return [
        AuditEntry.objects.create(
            actor=setting.company.paul,
            actor_label=setting.company.paul.email,
            action="program.updated",
            object_type="program",
            object_id=str(setting.program.pk),
            object_repr=f"Audited {next(setting.numbers):03}",
        ).object_repr
        for _ in range(n)
    ]


def program_changes(setting: Setting, n: int) -> list[str | None]:
    return [
        AuditEntry.objects.create(
            actor=setting.company.paul if number % 2 else None,
            actor_label=f"Auditor {number:03}",
            action="program.transition",
            object_type=Program._meta.label_lower,
            object_id=str(setting.program.pk),
        ).actor_label
        for number in [next(setting.numbers) for _ in range(n)]
    ][1::2]


def outbox_messages(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        message = OutboxMessage.objects.create(
            from_email="bascule@example.com", subject=f"Message {next(setting.numbers):03}"
        )
        OutboxRecipient.objects.create(message=message, address="lea.martin@example.com")
        made.append(message.subject)
    return made


def failed_emails(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        number = next(setting.numbers)
        made.append(
            OutboundEmail.objects.create(
                name="pair_paused",
                job=f"{number:032}",
                recipient=setting.company.lea_user if number % 2 else setting.company.paul,
                key=f"{number:064}",
                status=DeliveryStatus.FAILED,
                attempts=5,
                last_error=f"Refused {number:03}",
                attempted_at=timezone.now(),
            ).last_error
        )
    return made


def requests_to_lea(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        mentee = setting.employee(seniority_level=7)
        MentorRequest.objects.create(
            program=setting.program,
            mentee_application=_application(setting.program, mentee, ParticipantRole.MENTEE),
            mentor_application=setting.pair.mentor_application,
            message="Would you mentor me?",
        )
        made.append(mentee.last_name)
    return made


def alices_tokens(setting: Setting, n: int) -> list[str | None]:
    made = []
    for _ in range(n):
        number = next(setting.numbers)
        made.append(
            ApiToken.objects.create(
                user=setting.company.alice,
                name=f"Token {number:03}",
                token_hash=f"{number:064}",
                prefix=f"{number:08}",
            ).name
        )
    return made


def _training_module(slug: str):
    from bascule.training.models import Module
    from bascule.training.tests.factories import make_module

    return Module.objects.filter(slug=slug).first() or make_module(slug)


def training_requirements(setting: Setting, n: int) -> list[str | None]:
    from bascule.training.models import Requirement

    made = []
    for _ in range(n):
        module = _training_module(f"module-{next(setting.numbers):03}")
        Requirement.objects.create(program=setting.program, module=module, role="mentee")
        made.append(f"{module.slug} (en)")
    return made


def training_library(setting: Setting, n: int) -> list[str | None]:
    """Published modules, as HR's training library lists and downloads them."""
    return [_training_module(f"shared-{next(setting.numbers):03}").slug for _ in range(n)]


def training_late_learners(setting: Setting, n: int) -> list[str | None]:
    """Approved mentees late for the one module the program requires (due on its start)."""
    from bascule.training.models import Progress, Requirement

    module = _training_module("late-module")
    Requirement.objects.get_or_create(
        program=setting.program, module=module, role="mentee", defaults={"due_days": 0}
    )
    # Started in the past: the date of the module has passed.
    Program.objects.filter(pk=setting.program.pk).update(starts_on=dt.date(2026, 1, 5))
    made = []
    for number in range(n):
        employee = setting.employee(department=setting.company.marketing)
        Application.objects.create(
            program=setting.program,
            employee=employee,
            role=ParticipantRole.MENTEE,
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
        )
        if number % 2:
            Progress.objects.create(
                employee=employee, module=module, version=module.published, attempts=1
            )
        made.append(employee.last_name)
    return made


def training_completions(setting: Setting, n: int) -> list[str | None]:
    """Mentees who completed the required module (xAPI names nobody: no text to find)."""
    from bascule.training.models import Progress

    made = training_late_learners(setting, n)
    module = _training_module("late-module")
    for employee in Employee.objects.filter(last_name__in=made):
        Progress.objects.update_or_create(
            employee=employee,
            module=module,
            defaults={"version": module.published, "completed_at": timezone.now()},
        )
    return [None for _ in made]


def hr(company: Company) -> User:
    return company.alice


def leas_modules(setting: Setting, n: int) -> list[str | None]:
    """Modules of the library: one in three started by Léa, one in three done, the rest not."""
    from bascule.training import services as training
    from bascule.training.tests.factories import make_module

    made = []
    for _ in range(n):
        number = next(setting.numbers)
        module = make_module(f"row-module-{number}", questions=0)
        if number % 3 == 0:
            training.section_read(actor=setting.company.lea_user, module=module, number=1)
        elif number % 3 == 1:
            for section in (1, 2):
                training.section_read(actor=setting.company.lea_user, module=module, number=section)
        made.append(f"row-module-{number} (en)")
    return made


def leas_progress(setting: Setting, n: int) -> list[str | None]:
    from bascule.training import services as training
    from bascule.training.tests.factories import make_module

    made = []
    for _ in range(n):
        number = next(setting.numbers)
        module = make_module(f"row-started-{number}")
        training.section_read(actor=setting.company.lea_user, module=module, number=1)
        made.append(f"row-started-{number}")
    return made


def leas_shared_tries(setting: Setting, n: int) -> list[str | None]:
    from bascule.training import services as training
    from bascule.training.tests.factories import make_module

    made = []
    for _ in range(n):
        number = next(setting.numbers)
        module = make_module(f"row-tried-{number}", questions=0)
        for section in (1, 2):
            training.section_read(actor=setting.company.lea_user, module=module, number=section)
        training.reflection_save(
            actor=setting.company.lea_user,
            module=module,
            private_text="",
            will_try=f"Try number {number:03}",
            pair_id=setting.pair.pk,
        )
        made.append(f"Try number {number:03}")
    return made


def lea(company: Company) -> User:
    return company.lea_user


@dataclass
class Listing:
    rows: Rows
    user: Callable[[Company], User] = hr
    kwargs: Callable[[Setting], dict[str, Any]] = lambda setting: {}
    settings: dict[str, Any] = field(default_factory=dict)


FEED_TOKEN = "lea-calendar-feed"


def leas_feed(setting: Setting) -> dict[str, Any]:
    CalendarFeed.objects.get_or_create(
        user=setting.company.lea_user, defaults={"token_hash": hash_token(FEED_TOKEN)}
    )
    return {"token": FEED_TOKEN}


PROGRAM = lambda setting: {"program_id": setting.program.pk}  # noqa: E731
PAIR = lambda setting: {"pair_id": setting.pair.pk}  # noqa: E731
PROGRAM_CSV = lambda setting: {"program_id": setting.program.pk, "fmt": "csv"}  # noqa: E731
PROGRAM_XLSX = lambda setting: {"program_id": setting.program.pk, "fmt": "xlsx"}  # noqa: E731

# Pages, by route name.
LIST_PAGES = {
    "people:directory": Listing(employees),
    "skills:skill_list": Listing(skills),
    "programs:program_list": Listing(programs),
    "programs:my_applications": Listing(leas_applications, lea),
    "programs:application_review": Listing(applications, kwargs=PROGRAM),
    "programs:application_export": Listing(applications, kwargs=PROGRAM_CSV),
    "journey:health_program": Listing(pairs, kwargs=PROGRAM),
    "journey:health_program_export": Listing(pairs, kwargs=PROGRAM_CSV),
    "journey:pair_space": Listing(goals, lea, PAIR),
    "meetings:pair": Listing(meetings, lea, PAIR),
    "meetings:mine": Listing(meeting_links, lea),
    "core:audit_log": Listing(audit_entries),
    "outbox:list": Listing(outbox_messages, settings={"DEMO_OUTBOX": True}),
    "notifications:failed": Listing(failed_emails),
    "core:audit_export": Listing(audit_entries),
    "core:audit_export_xlsx": Listing(audit_entries),
    "accounts:tokens": Listing(alices_tokens),
    "pairing:mentor_requests": Listing(requests_to_lea, lea),
    "journey:health_pair": Listing(checkins, kwargs=PAIR),
    "programs:program_detail": Listing(program_changes, kwargs=PROGRAM),
    "meetings:feed": Listing(meetings, kwargs=leas_feed),
    "pairing:workbench": Listing(proposals, kwargs=PROGRAM),
    "pairing:rematch": Listing(pairs_and_people_left, kwargs=PROGRAM),
    "home:home": Listing(leas_pairs, lea),
    "notification_centre:list": Listing(leas_notifications, lea),
    "training:my_training": Listing(leas_modules, lea),
    "training:pair_tries": Listing(leas_shared_tries, lea, PAIR),
    "recognition:mine": Listing(kudos, lea),
    "recognition:program_wall": Listing(kudos, kwargs=PROGRAM),
    "recognition:company_wall": Listing(kudos, lea),
    "recognition:badges": Listing(badge_definitions),
    "recognition:badge_holders": Listing(badge_holders, kwargs=measured_badge),
    "recognition:badge_manage": Listing(badge_definitions),
    "workshops:list": Listing(workshops, lea),
    "workshops:manage": Listing(workshops),
    "workshops:roster": Listing(roster_people, kwargs=measured_workshop),
    "training_hr:requirements": Listing(training_requirements, kwargs=PROGRAM),
    "training_hr:report": Listing(training_late_learners, kwargs=PROGRAM),
    "training_hr:xapi_export": Listing(training_completions, kwargs=PROGRAM),
    "training_hr:library": Listing(training_library),
    "training_hr:library_download": Listing(training_library),
    "certificates:mine": Listing(leas_certificates, lea),
    "certificates:issued": Listing(program_certificates, kwargs=PROGRAM),
    "certificates:issued_export": Listing(program_certificates, kwargs=PROGRAM_CSV),
    "certificates:eligibility": Listing(eligibility_pairs, kwargs=PROGRAM),
    "credentials:endorsements": Listing(partners_certificates, lea),
}

# API operations, by "GET path" as the OpenAPI schema names them.
LIST_APIS = {
    "GET /api/people/employees": Listing(employees),
    "GET /api/people/departments": Listing(departments),
    "GET /api/skills/": Listing(skills),
    "GET /api/skills/categories": Listing(skill_categories),
    "GET /api/programs/": Listing(programs),
    "GET /api/enrollment/programs/{program_id}/invitations": Listing(invitations, kwargs=PROGRAM),
    "GET /api/enrollment/programs/{program_id}/applications": Listing(applications, kwargs=PROGRAM),
    "GET /api/enrollment/applications/mine": Listing(leas_applications, lea),
    "GET /api/matching/me/pairs": Listing(leas_pairs, lea),
    "GET /api/pairs/{pair_id}/goals": Listing(goals, lea, PAIR),
    "GET /api/pairs/{pair_id}/notes": Listing(shared_notes, lea, PAIR),
    "GET /api/pairs/health/programs/{program_id}": Listing(pairs, kwargs=PROGRAM),
    "GET /api/meetings/pairs/{pair_id}/meetings": Listing(meetings, lea, PAIR),
    "GET /api/matching/programs/{program_id}/runs": Listing(runs, kwargs=PROGRAM),
    "GET /api/pairs/{pair_id}/checkins": Listing(checkins, lea, PAIR),
    "GET /api/evaluations/mine": Listing(leas_open_surveys, lea),
    "GET /api/matching/me/mentor-requests": Listing(requests_to_lea, lea),
    "GET /api/training/modules": Listing(leas_modules, lea),
    "GET /api/training/progress": Listing(leas_progress, lea),
    "GET /api/workshops/": Listing(workshops, lea),
    "GET /api/certificates/": Listing(leas_certificates, lea),
    "GET /api/certificates/programs/{program_id}/issued": Listing(
        program_certificates, kwargs=PROGRAM
    ),
    "GET /api/credentials/endorsable": Listing(partners_certificates, lea),
    "GET /api/recognition/badges/mine": Listing(leas_badges, lea),
    "GET /api/recognition/badges": Listing(badge_definitions),
    "GET /api/recognition/badges/counts": Listing(badge_counts),
    "GET /api/training/manage/programs/{program_id}/requirements": Listing(
        training_requirements, kwargs=PROGRAM
    ),
}

# List routes (API operations and pages) not measured here, each with the reason.
NOT_MEASURED = {
    "GET /api/programs/templates": "a fixed list from code (bascule/programs), no rows",
    "GET /api/meetings/pairs/{pair_id}/slots": "slots computed from the calendar, no rows",
    "GET /api/evaluations/programs/{program_id}/surveys": "at most four: one survey per kind",
    "GET /api/reminders/preferences": "one entry per kind of reminder, a fixed list from code",
    "evaluations:program_surveys": "at most four: one survey per kind",
    "GET /api/notifications/preferences": "one entry per kind of notification, a fixed list "
    "from code",
    "notification_centre:preferences": "one group per kind of notification and one line per "
    "kind of reminder, fixed lists from code",
    "reminders:program_policy": "one line per kind of reminder, a fixed list from code",
    "pairing:choose_mentor": "the five best mentors at most",
    "pairing:rematch_candidates": "the five best candidates at most",
    # Lists whose rows need a matching run or an import file: not measured yet.
    "pairing:compare": "not measured yet: the proposals of two matching runs",
    "people:import_preview": "not measured yet: the rows of an import file, fifty a page",
}

FORM = "a form"
ONE = "one object and what belongs to it"
MESSAGE = "a message"

# Page routes a GET reaches that are not lists, each with the reason.
NOT_LISTS = {
    "notification_centre:badge": "one count of unread notifications",
    "accounts:login": FORM,
    "accounts:me": "the user's own account",
    "accounts:password_change": FORM,
    "accounts:password_reset": FORM,
    "accounts:password_reset_confirm": FORM,
    "accounts:password_reset_done": MESSAGE,
    "accounts:password_reset_complete": MESSAGE,
    "api_docs": "the API reference, made from the schema",
    "core:healthz": "a health check for load balancers, no database",
    "core:readyz": "a health check for load balancers, one query per check",
    "core:metrics": "for Prometheus, not a page: a few counting queries per scrape",
    "evaluations:answer": FORM,
    "workshops:create": FORM,
    "workshops:edit": FORM,
    "workshops:feedback": FORM,
    "workshops:detail": ONE,
    "recognition:thank": FORM,
    "recognition:send": "a form: its people and pairs read in one query each",
    "recognition:hide": ONE,
    "recognition:badge_create": FORM,
    "recognition:badge_award": "a form: its badges, people and programs read in one query each",
    "recognition:badge_revoke": ONE,
    "recognition:badge_image": ONE,
    "training_authoring:create": FORM,
    "training_authoring:duplicate": FORM,
    "training_authoring:edit": "one module's draft in one language (its sections and questions)",
    "training_authoring:module": "one module: its versions, languages, programs requiring it",
    "training_authoring:preview": ONE,
    "training_authoring:preview_quiz": ONE,
    "training_authoring:preview_section": ONE,
    "training_authoring:retire": "a confirmation with counts",
    "training_hr:requirement_create": FORM,
    "training_hr:requirement_edit": FORM,
    "training_hr:module_download": ONE,
    "training_hr:library_upload": FORM,
    "training_hr:library_preview": "the modules of the file uploaded (one query for those here)",
    "training_hr:report_export": "the report's counts, one row per requirement (measured "
    "with the report in bascule/training/requirements/tests/test_report.py)",
    "evaluations:question_create": FORM,
    "evaluations:question_edit": FORM,
    "evaluations:survey_edit": "one survey and its questions",
    "evaluations:survey_results": "one survey's results, as figures per question",
    "evaluations:survey_results_export": "one survey's results, as figures per question "
    "(queries bounded in bascule/evaluations/tests/test_results_export.py)",
    "journey:checkin": FORM,
    "journey:goal_create": FORM,
    "journey:goal_delete": "a confirmation",
    "journey:goal_edit": FORM,
    "journey:kickoff": FORM,
    "journey:shared_note_edit": FORM,
    "meetings:calendar": "the user's calendar subscription",
    "meetings:cancel": FORM,
    "meetings:create": FORM,
    "meetings:detail": ONE,
    "meetings:outcome": FORM,
    "meetings:reschedule": FORM,
    "people:employee_detail": ONE,
    "people:import_mapping": FORM,
    "people:import_progress": "one import's progress",
    "people:import_upload": FORM,
    "skills:skill_create": FORM,
    "skills:skill_edit": FORM,
    "skills:skill_import": FORM,
    "skills:skill_merge": FORM,
    "privacy:my_data": "one person's data",
    "privacy:employee_data": "one person's data",
    "privacy:account_data": "one person's data",
    "privacy:employee_erase": "a confirmation",
    "privacy:account_erase": "a confirmation",
    "programs:application_detail": ONE,
    "programs:application_edit": FORM,
    "programs:application_withdraw": "a confirmation",
    "programs:enrollment_funnel": "one program's figures per stage",
    "insights:dashboard": "figures summed up by the database; measured with two sizes in "
    "bascule/insights/tests/test_queries.py",
    "programs:invite": FORM,
    "programs:program_create": FORM,
    "programs:program_edit": FORM,
    "training:module": ONE,
    "training:section": "one section of one module",
    "training:quiz": FORM,
    "training:attempt": "one quiz attempt, question by question",
    "training:reflection": FORM,
    "training:drill": FORM,
    "certificates:settings": FORM,
    "certificates:download": "one certificate as a PDF",
    "insights:learning": "the measures of one section, summed up per person or pair; measured "
    "with two sizes in bascule/insights/tests/test_sections.py",
    "insights:behaviour": "the measures of one section, summed up per person or pair; measured "
    "with two sizes in bascule/insights/tests/test_sections.py",
    "insights:results": "the measures of one section, summed up per person or pair; measured "
    "with two sizes in bascule/insights/tests/test_sections.py",
    "insights:bridging": "the measures of one section, summed up per person or pair; measured "
    "with two sizes in bascule/insights/tests/test_sections.py",
    "insights:tables": "one section's tables as a workbook; measured with two sizes in "
    "bascule/insights/tests/test_sections.py",
    "insights:report": "the executive report as a PDF: the dashboards' figures, per program; "
    "its queries measured with two sizes in bascule/insights/tests/test_report.py",
    "certificates:run": "one bulk issue's progress",
    "certificates:run_progress": "one bulk issue's progress",
    "verify:form": FORM,
    "verify:code": ONE,
    "credentials:certificate": "one certificate's signed credential, as a file",
    "credentials:badge": "one badge's signed credential, as a file",
    "credentials:endorse": FORM,
    "ob:issuer": "the organisation's profile",
    "ob:keys": "the organisation's few signing keys (one a year at most)",
    "ob:key": ONE,
    "ob:status": "one revocation list: a bitstring read with two queries",
    "ob:badge_achievement": ONE,
    "ob:program_achievement": ONE,
    "ob:credential": ONE,
    "ob:verify": FORM,
}


def list_operations() -> set[str]:
    """Return the GET operations of the API that answer a list (an array or `items`)."""
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]

    def resolved(node: dict) -> dict:
        while "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[-1]]
        return node

    found = set()
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        responses = operations["get"]["responses"]
        answer = responses.get(200) or responses.get("200") or {}
        body = resolved(answer.get("content", {}).get("application/json", {}).get("schema", {}))
        fields = [resolved(value) for value in body.get("properties", {}).values()]
        items = resolved(body.get("properties", {}).get("items", {}))
        lists = bool(fields) and all(value.get("type") == "array" for value in fields)
        if body.get("type") == "array" or items.get("type") == "array" or lists:
            found.add(f"GET {path}")
    return found


def page_routes() -> set[str]:
    """Return the page routes that some role reaches with a GET (tests/access)."""
    return {
        route
        for route, cases in MATRIX.items()
        if not route.startswith("api:")
        and any(case.method == "GET" and 200 in case.expect.values() for case in cases)
    }


def test_every_list_route_is_covered():
    apis = list_operations()
    unmeasured_apis = {name for name in NOT_MEASURED if name.startswith("GET ")}
    missing = sorted(apis - LIST_APIS.keys() - unmeasured_apis)
    assert not missing, f"list operations without a query-count test: {missing}"
    stale = sorted((LIST_APIS.keys() | unmeasured_apis) - apis)
    assert not stale, f"no longer list operations: {stale}"
    pages = page_routes()
    known = LIST_PAGES.keys() | NOT_LISTS.keys() | (NOT_MEASURED.keys() - unmeasured_apis)
    unclassified = sorted(pages - known)
    assert not unclassified, f"pages neither measured nor said not to be lists: {unclassified}"
    # The outbox's pages are off by default (404 in tests/access), hence all routes here.
    stale = sorted(known - {route for route in MATRIX if not route.startswith("api:")})
    assert not stale, f"no longer pages: {stale}"
    twice = sorted(LIST_PAGES.keys() & (NOT_LISTS.keys() | NOT_MEASURED.keys()))
    assert not twice, f"pages both measured and set aside: {twice}"


def measure(client, url: str) -> tuple[bytes, str, CaptureQueriesContext]:
    """Return the body, the content type and the queries of a GET of `url` (a streamed
    body is read inside the measure: its rows are fetched while it streams)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return body, response["Content-Type"], queries


def warm_up(client, url: str) -> None:
    """GET `url` and read its body: a streamed body's request ends once it is read (the test
    client sends `request_finished` then), or the later tests would still be inside it."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)


def shown(content: bytes, content_type: str, texts: list[str | None], url: str) -> None:
    """Fail unless every row made is in `content` (so the rows were really listed)."""
    if content_type.startswith("application/json"):
        body = json.loads(content)
        if isinstance(body, list):
            items = body
        else:
            items = (
                body.get("items")
                or body.get("modules")
                or [item for value in body.values() for item in value]
            )
        page = json.dumps(body, ensure_ascii=False)
        assert len(items) >= len(texts), f"{url}: {len(items)} items for {len(texts)} rows"
    elif content_type == XLSX_CONTENT_TYPE:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        page = " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        workbook.close()
    else:
        page = html.unescape(content.decode())
    missing = [text for text in texts if text is not None and text not in page]
    assert not missing, f"{url} does not show {missing}"


def check(listing: Listing, url_of: Callable[[Setting], str], company: Company, client) -> None:
    setting = make_setting(company)
    listing.rows(setting, FEW)
    client.force_login(listing.user(company))
    url = url_of(setting)
    # A first answer fills caches and creates what is made once (e.g. a program's surveys).
    warm_up(client, url)
    *_answer, few = measure(client, url)
    made = listing.rows(setting, MANY)
    warm_up(client, url)
    content, content_type, many = measure(client, url)
    shown(content, content_type, made, url)
    extra = [query["sql"] for query in many.captured_queries[len(few) :]]
    assert len(many) <= len(few), (
        f"{url}: {len(few)} queries for {FEW} rows, {len(many)} for {FEW + MANY}; "
        f"the extra ones end with: {extra[-3:]}"
    )


@pytest.mark.parametrize("route", sorted(LIST_PAGES))
def test_a_list_page_costs_as_many_queries_for_many_rows(route, company, client, settings):
    listing = LIST_PAGES[route]
    for name, value in listing.settings.items():
        setattr(settings, name, value)
    check(listing, lambda setting: reverse(route, kwargs=listing.kwargs(setting)), company, client)


# Lists a page shows besides the one it is measured for above.
OTHER_LISTS = {
    "journey:health_program_export, as Excel": (
        "journey:health_program_export",
        Listing(pairs, kwargs=PROGRAM_XLSX),
    ),
    "programs:application_export, as Excel": (
        "programs:application_export",
        Listing(applications, kwargs=PROGRAM_XLSX),
    ),
    "certificates:issued_export, as Excel": (
        "certificates:issued_export",
        Listing(program_certificates, kwargs=PROGRAM_XLSX),
    ),
    "home:home, the programs open to a participant": (
        "home:home",
        Listing(programs_open_to_lea, lea),
    ),
}


@pytest.mark.parametrize("name", sorted(OTHER_LISTS))
def test_another_list_of_a_page_costs_as_many_queries_for_many_rows(name, company, client):
    route, listing = OTHER_LISTS[name]
    check(listing, lambda setting: reverse(route, kwargs=listing.kwargs(setting)), company, client)


@pytest.mark.parametrize("operation", sorted(LIST_APIS))
def test_a_list_api_costs_as_many_queries_for_many_rows(operation, company, client):
    listing = LIST_APIS[operation]
    path = operation.removeprefix("GET ")
    check(listing, lambda setting: path.format(**listing.kwargs(setting)), company, client)
