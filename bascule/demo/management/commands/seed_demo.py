"""`manage.py seed_demo`: a demo company with programs, pairs and logins, for trying Bascule.

`--reset` starts the demo again: it empties the database first, but only a database that
holds nothing but demo data (every login ends with @bascule.example and every employee ID
starts with DEMO-); anything else is refused with what was found, and nothing is deleted.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from bascule.accounts.models import Language, Role, User
from bascule.certificates.demo import certificates_demo
from bascule.core import outbox
from bascule.core.audit import audit_record
from bascule.credentials.demo import credentials_demo
from bascule.evaluations.demo import survey_pilot
from bascule.insights.demo import insights_demo
from bascule.journey.demo import enliven_pilot
from bascule.notifications.demo import notify_demo
from bascule.pairing.demo import announce_pilot, publish_pilot
from bascule.pairing.models import Pair
from bascule.people import demo
from bascule.people.models import Department, Employee
from bascule.programs.demo import PILOT_NAME, build_programs
from bascule.programs.models import Application, ApplicationStatus, Program
from bascule.recognition.badges import signals as badge_signals
from bascule.recognition.demo import recognition_demo
from bascule.skills import taxonomy as skill_taxonomy
from bascule.skills.models import Skill, SkillCategory
from bascule.training.behaviours.demo import behaviours_demo
from bascule.training.demo import train_demo
from bascule.training.requirements.demo import require_pilot_training
from bascule.workshops.demo import workshops_demo

# Printed on purpose: the demo is for trying the app locally, never for production.
DEMO_PASSWORD = "bascule-demo"  # noqa: S105
DEMO_DOMAIN = "@bascule.example"
DEMO_EMPLOYEE_PREFIX = "DEMO-"
LOGINS = [
    ("HR admin", "hr-admin@bascule.example"),
    ("Program manager", "program-manager@bascule.example"),
    ("Young mentor", "mentor@bascule.example"),
    ("Senior mentee", "mentee@bascule.example"),
    ("Exec sponsor", "sponsor@bascule.example"),
]


class Command(BaseCommand):
    help = (
        "Create a demo company, its programs and the demo logins (nothing happens if the demo "
        "is already there). --reset empties a database holding demo data only, then seeds "
        "it again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "delete everything first; refused unless the database holds demo data only "
                f"(logins ending with {DEMO_DOMAIN}, employee IDs starting with "
                f"{DEMO_EMPLOYEE_PREFIX})"
            ),
        )

    def handle(self, *args, seed: int, reset: bool, **options):
        if reset:
            self.reset()
        if Employee.objects.filter(employee_id="DEMO-0001").exists():
            self.stdout.write("Demo data already present: nothing to do.")
        else:
            # The demo's events award their badges once, at its end (recognition's demo).
            with badge_signals.paused():
                self.create(seed)
            if outbox.enabled():
                sent = announce_pilot(program=Program.objects.get(name=PILOT_NAME))
                self.stdout.write(f"{sent} e-mails announcing the pilot's pairs are in the outbox.")
        self.print_logins()

    def reset(self) -> None:
        """Empty the database, which must hold demo data only (else CommandError)."""
        others = User.objects.exclude(email__endswith=DEMO_DOMAIN)
        strangers = Employee.objects.exclude(employee_id__startswith=DEMO_EMPLOYEE_PREFIX)
        if others.exists() or strangers.exists():
            found = [u.email for u in others[:3]] + [
                f"{e.employee_id} {e.full_name}" for e in strangers[:3]
            ]
            raise CommandError(
                f"Not resetting: this database holds {others.count()} login(s) and "
                f"{strangers.count()} employee(s) that are not demo data (e.g. "
                f"{', '.join(found)}). --reset only ever empties a demo database; nothing "
                "was deleted."
            )
        self.stdout.write("Deleting the demo data (this database holds nothing else)…")
        call_command("flush", interactive=False, verbosity=0)
        # The built-in skills came with a migration, which flush does not run again.
        skill_taxonomy.install(SkillCategory, Skill)

    @transaction.atomic
    def create(self, seed: int) -> None:
        employees = demo.build_company(seed=seed)
        personas = demo.pick_personas(employees)
        roles = {
            "hr_admin": Role.HR_ADMIN,
            "program_manager": Role.PROGRAM_MANAGER,
            "mentor": Role.PARTICIPANT,
            "mentee": Role.PARTICIPANT,
            "sponsor": Role.SPONSOR,
        }
        # One hash for every demo login: hashing is slow on purpose, and they share a password.
        password = make_password(DEMO_PASSWORD)
        users = {}
        for key, employee in personas.items():
            user = users[key] = User.objects.create(
                email=f"{key.replace('_', '-')}{DEMO_DOMAIN}",
                password=password,
                role=roles[key],
                employee=employee,
                first_name=employee.first_name,
                last_name=employee.last_name,
                language=Language.FRENCH,
            )
            if key == "program_manager":
                user.managed_departments.set(
                    Department.objects.filter(name__in=["Marketing", "Ventes"])
                )
        programs = build_programs(
            seed=seed,
            employees=employees,
            personas=personas,
            hr=users["hr_admin"],
            pm=users["program_manager"],
        )
        pilot = programs[-1]
        # The program manager runs the pilot too: its pairs' health is theirs to follow.
        pilot.managers.add(users["program_manager"])
        member_logins(program=pilot, password=password)
        featured = [personas["mentor"].pk, personas["mentee"].pk]
        publish_pilot(program=pilot, hr=users["hr_admin"], featured=featured)
        enliven_pilot(program=pilot, featured=featured)
        survey_pilot(program=pilot, featured=featured, seed=seed)
        # The catalog installed, the demo mentee and mentor with one module done, one started.
        train_demo(learners=[users["mentee"], users["mentor"]])
        workshops_demo(program=pilot, hr=users["hr_admin"], featured=featured)
        require_pilot_training(program=pilot)
        # Check-in answers about active listening over six people; the kickoff drill begun.
        behaviours_demo(program=pilot, featured=featured)
        notify_demo(pilot=pilot, featured=featured)
        # A closed first cohort with its certificates; then kudos, and the badges of all.
        closed = certificates_demo(
            hr=users["hr_admin"], pm=users["program_manager"], mentor=personas["mentor"]
        )
        programs.append(closed)
        # The mentor's certificate endorsed by their mentee of that cohort (Open Badges).
        credentials_demo(program=closed, mentor=personas["mentor"], hr=users["hr_admin"])
        recognition_demo(program=pilot, hr=users["hr_admin"], featured=featured)
        # Two years of HR history and a completed pilot cohort, for the insights.
        programs.append(insights_demo(seed=seed, keep={e.pk for e in personas.values()}))
        audit_record(
            actor=None,
            action="demo.seeded",
            changes={"employees": len(employees), "programs": len(programs), "seed": seed},
        )
        self.stdout.write(f"Created {len(employees)} employees and {len(programs)} programs.")

    def print_logins(self) -> None:
        write = self.stdout.write
        write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        users = {
            u.email: u
            for u in User.objects.filter(email__endswith=DEMO_DOMAIN).select_related("employee")
        }
        for label, email in LOGINS:
            user = users.get(email)
            if user is None:
                continue
            who = f"{user.employee.full_name}, {user.employee.job_title}" if user.employee else ""
            write(f"  {label:<18} {email:<33} {who}")
        pilot = Program.objects.filter(name=PILOT_NAME).first()
        if pilot is not None:
            write(
                f"\nEvery participant of “{pilot.name}” logs in too, with their own address and\n"
                "the same password; what one member of a pair does, the other is e-mailed. "
                "The pairs:"
            )
            for pair in pilot_pairs(pilot):
                mentor, mentee = login_of(pair.mentor, users), login_of(pair.mentee, users)
                write(f"  mentor {mentor:<40} mentee {mentee}")
        site = settings.SITE_URL.rstrip("/")
        if outbox.enabled():
            write(f"\nE-mails are not sent: read them at {site}/outbox/ (“Sent e-mails”).")
        write(f"Open {site}/\n")


def pilot_pairs(program: Program) -> list[Pair]:
    return list(
        Pair.objects.filter(program=program).select_related("mentor", "mentee").order_by("pk")
    )


def login_of(employee: Employee, users: dict[str, User]) -> str:
    """Return the e-mail `employee` logs in with (a demo persona's, or their own)."""
    for email, user in users.items():
        if user.employee_id == employee.pk:
            return email
    return employee.email


def member_logins(*, program: Program, password: str) -> list[User]:
    """Give every approved participant of `program` without a login one, with the demo
    password (`password`, already hashed), their own e-mail address, language and time zone."""
    applications = (
        Application.objects.filter(
            program=program, status=ApplicationStatus.APPROVED, employee__user__isnull=True
        )
        .select_related("employee")
        .order_by("employee__last_name", "employee__first_name")
    )
    now = timezone.now() - dt.timedelta(days=60)
    return User.objects.bulk_create(
        User(
            email=a.employee.email.lower(),
            password=password,
            role=Role.PARTICIPANT,
            employee=a.employee,
            first_name=a.employee.first_name,
            last_name=a.employee.last_name,
            # Those who do not read French get the pages and e-mails in English.
            language=Language.FRENCH if "fr" in a.employee.languages else Language.ENGLISH,
            time_zone=a.employee.time_zone or "Europe/Paris",
            date_joined=now,
        )
        for a in applications
    )
