"""Benchmark the home pages of HR, a program manager and the sponsor on large programs.

Run:  .venv/bin/python bench/homes.py [--pairs 2000 10000] [--programs 4]

By default it works on a throwaway SQLite file in a temporary directory. With DATABASE_URL
set (e.g. postgres://postgres@127.0.0.1:5432/bascule) it creates and then drops a separate
database next to that one, never touching the database itself.

For each size it spreads that many pairs over `--programs` running programs managed by one
program manager. Every pair was published 8 weeks ago and has 4 meetings (3 past, 1 to
come), 4 check-ins and, for one pair in two, a goal; the mid-point survey is open and one
member in four answered it. Then it times the home page of each role (best of 3, after a
first request that creates what is created once) and counts its queries, which must not
grow with the number of pairs. The setup is not timed.
"""

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_employees import setup_django, teardown_django  # noqa: E402


def populate(pairs: int, programs: int):
    """Create the programs and their pairs; return the HR admin, the manager, the sponsor."""
    from django.utils import timezone

    from bascule.accounts.models import Role, User
    from bascule.evaluations.models import Answer, QuestionKind, Response, SurveyKind
    from bascule.evaluations.services import ensure_program_surveys
    from bascule.journey.models import CheckIn, Goal
    from bascule.meetings.models import Meeting
    from bascule.pairing.models import Pair
    from bascule.people.models import Employee
    from bascule.programs.models import Application, Program

    now = timezone.now()
    today = timezone.localdate(now)
    week = dt.timedelta(weeks=1)
    hr = User.objects.create_user("hr@bench.example", role=Role.HR_ADMIN)
    manager = User.objects.create_user("pm@bench.example", role=Role.PROGRAM_MANAGER)
    sponsor = User.objects.create_user("sponsor@bench.example", role=Role.SPONSOR)
    per_program = pairs // programs
    for p in range(programs):
        program = Program.objects.create(
            name=f"Program {p}",
            status="running",
            starts_on=today - dt.timedelta(days=70),
            ends_on=today + dt.timedelta(days=120),
        )
        program.managers.add(manager)
        people = Employee.objects.bulk_create(
            [
                Employee(
                    employee_id=f"B{p}-{i}",
                    first_name="Bench",
                    last_name=f"Person {p}-{i}",
                    email=f"b{p}-{i}@bench.example",
                    hire_date=dt.date(2015, 1, 5),
                )
                for i in range(2 * per_program)
            ],
            batch_size=5000,
        )
        applications = Application.objects.bulk_create(
            [
                Application(
                    program=program,
                    employee=person,
                    role="mentor" if i % 2 == 0 else "mentee",
                    status="approved",
                )
                for i, person in enumerate(people)
            ],
            batch_size=5000,
        )
        created = Pair.objects.bulk_create(
            [
                Pair(
                    program=program,
                    mentor=people[2 * i],
                    mentor_application=applications[2 * i],
                    mentee=people[2 * i + 1],
                    mentee_application=applications[2 * i + 1],
                    published_at=now - 8 * week,
                )
                for i in range(per_program)
            ],
            batch_size=5000,
        )
        Meeting.objects.bulk_create(
            [
                Meeting(pair=pair, starts_at=now + k * week, duration_minutes=45)
                for pair in created
                for k in (-7, -5, -3, 1)
            ],
            batch_size=5000,
        )
        CheckIn.objects.bulk_create(
            [
                CheckIn(pair=pair, member_id=member, period=period, pulse=4)
                for pair in created
                for member in (pair.mentor_id, pair.mentee_id)
                for period in (1, 2)
            ],
            batch_size=5000,
        )
        Goal.objects.bulk_create(
            [
                Goal(
                    pair=pair,
                    direction="learning",
                    title="Goal",
                    success_criteria="Done",
                    target_date=today + dt.timedelta(days=60),
                    progress=40,
                )
                for pair in created[::2]
            ],
            batch_size=5000,
        )
        midpoint = ensure_program_surveys(program)[SurveyKind.MIDPOINT]
        midpoint.opens_on, midpoint.closes_on = today - dt.timedelta(days=2), today
        midpoint.save(update_fields=["opens_on", "closes_on"])
        responses = Response.objects.bulk_create(
            [
                Response(
                    survey=midpoint,
                    respondent_id=pair.mentee_id,
                    pair=pair,
                    role="mentee",
                    submitted_at=now,
                )
                for pair in created[::2]
            ],
            batch_size=5000,
        )
        likert = list(midpoint.questions.filter(kind=QuestionKind.LIKERT))
        Answer.objects.bulk_create(
            [Answer(response=r, question=q, value=4) for r in responses for q in likert],
            batch_size=5000,
        )
    return {"HR admin": hr, "program manager": manager, "sponsor": sponsor}


def measure(pairs: int, programs: int) -> list[tuple[str, float, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    users = populate(pairs, programs)
    rows = []
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for role, user in users.items():
            client = Client()
            client.force_login(user)
            if client.get("/").status_code != 200:
                raise SystemExit(f"the home page of the {role} did not answer 200")
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    client.get("/")
                best = min(best, time.perf_counter() - started)
            rows.append((role, best, len(queries.captured_queries)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--programs", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        database = setup_django(Path(workdir))
        try:
            from django.core.management import call_command

            print(f"Home pages, {args.programs} running programs, database: {database}")
            head = f"{'pairs':>8} {'role':<16} {'time s':>7} {'queries':>8}"
            print(head)
            print("-" * len(head))
            for size in args.pairs:
                # Each line measures exactly that many pairs: the previous ones are removed.
                call_command("flush", interactive=False, verbosity=0)
                for role, seconds, queries in measure(size, args.programs):
                    print(f"{size:>8,} {role:<16} {seconds:>7.2f} {queries:>8}")
        finally:
            teardown_django()
    sizes = " ".join(str(s) for s in args.pairs)
    print(f"Rerun: .venv/bin/python bench/homes.py --pairs {sizes} --programs {args.programs}")


if __name__ == "__main__":
    main()
