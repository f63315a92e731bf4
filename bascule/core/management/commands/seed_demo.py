from django.core.management.base import BaseCommand
from django.db import transaction

from bascule.accounts.models import Role, User
from bascule.core.audit import audit_record
from bascule.evaluations.demo import survey_pilot
from bascule.journey.demo import enliven_pilot
from bascule.pairing.demo import publish_pilot
from bascule.people import demo
from bascule.people.models import Department, Employee
from bascule.programs.demo import build_programs

# Printed on purpose: the demo is for trying the app locally, never for production.
DEMO_PASSWORD = "bascule-demo"  # noqa: S105
LOGINS = [
    ("HR admin", "hr-admin@bascule.example"),
    ("Program manager", "program-manager@bascule.example"),
    ("Young mentor", "mentor@bascule.example"),
    ("Senior mentee", "mentee@bascule.example"),
    ("Exec sponsor", "sponsor@bascule.example"),
]


class Command(BaseCommand):
    help = "Create a demo company and demo logins (does nothing if the demo already exists)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")

    def handle(self, *args, seed: int, **options):
        if Employee.objects.filter(employee_id="DEMO-0001").exists():
            self.stdout.write("Demo data already present: nothing to do.")
        else:
            self.create(seed)
        self.print_logins()

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
        users = {}
        for key, employee in personas.items():
            user = users[key] = User.objects.create_user(
                email=f"{key.replace('_', '-')}@bascule.example",
                password=DEMO_PASSWORD,
                role=roles[key],
                employee=employee,
                first_name=employee.first_name,
                last_name=employee.last_name,
                language="fr",
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
        publish_pilot(program=programs[-1], hr=users["hr_admin"])
        featured = [personas["mentor"].pk, personas["mentee"].pk]
        enliven_pilot(program=programs[-1], featured=featured)
        survey_pilot(program=programs[-1], featured=featured, seed=seed)
        audit_record(
            actor=None,
            action="demo.seeded",
            changes={"employees": len(employees), "programs": len(programs), "seed": seed},
        )
        self.stdout.write(f"Created {len(employees)} employees and {len(programs)} programs.")

    def print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        users = {
            u.email: u
            for u in User.objects.filter(email__endswith="@bascule.example").select_related(
                "employee"
            )
        }
        for label, email in LOGINS:
            user = users.get(email)
            if user is None:
                continue
            who = f"{user.employee.full_name}, {user.employee.job_title}" if user.employee else ""
            self.stdout.write(f"  {label:<18} {email:<33} {who}")
        self.stdout.write("Open http://127.0.0.1:8000/\n")
