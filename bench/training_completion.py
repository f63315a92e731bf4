"""Benchmark HR's training completion page and its Excel export on a large program.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bascule_hr \\
      .venv/bin/python bench/training_completion.py [--participants 20000] [--modules 10] \\
      [--attempts 3] [--repeat 3]

With DATABASE_URL it creates and then drops a database of its own (bench_<name>, as
bench/import_employees.py); without, a throwaway SQLite file. One running program with
`--participants` approved participants (half mentors, half mentees), `--modules` published
modules all required of both roles, and for each participant and module a progress row (a
third completed, a third in progress, a third not started: no row) with `--attempts` quiz
attempts. Each line: the participants, the rows read (progress, attempts), the median time
of `--repeat` GETs through Django's test client (no network) and its queries. Sizes given
with --sizes (e.g. 1000,5000,20000) are measured in turn on the same database, to show the
queries do not grow with the participants. Target: under a second, queries constant.
"""

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_employees import setup_django, teardown_django  # noqa: E402

BATCH = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--sizes", default="", help="several sizes, e.g. 1000,5000,20000")
    parser.add_argument("--modules", type=int, default=10)
    parser.add_argument("--attempts", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s] or [args.participants]
    with tempfile.TemporaryDirectory() as workdir:
        where = setup_django(Path(workdir))
        try:
            run(sizes, args.modules, args.attempts, args.repeat, where)
        finally:
            teardown_django()
    command = (
        f".venv/bin/python bench/training_completion.py --sizes {','.join(map(str, sizes))} "
        f"--modules {args.modules} --attempts {args.attempts} --repeat {args.repeat}"
    )
    print(f"\nRerun: {'DATABASE_URL=… ' if 'postgres' in where else ''}{command}")


def grow(program, modules, people: int, start: int, attempts: int) -> None:
    """Add participants `start` … `people - 1` with their progress and attempts."""
    from django.utils import timezone

    from bascule.people.models import Employee
    from bascule.programs.models import Application, ApplicationStatus
    from bascule.training.models import Progress, QuizAttempt

    now = timezone.now()
    for first in range(start, people, BATCH):
        numbers = range(first, min(people, first + BATCH))
        employees = Employee.objects.bulk_create(
            Employee(
                employee_id=f"B{n:06d}",
                first_name=f"First{n}",
                last_name=f"Last{n:06d}",
                email=f"person{n}@bench.example",
            )
            for n in numbers
        )
        Application.objects.bulk_create(
            Application(
                program=program,
                employee=e,
                role="mentor" if e.pk % 2 else "mentee",
                status=ApplicationStatus.APPROVED,
                languages=["fr"],
            )
            for e in employees
        )
        rows = []
        for e in employees:
            for index, module in enumerate(modules):
                state = (e.pk + index) % 3
                if state == 2:
                    continue
                rows.append(
                    Progress(
                        employee=e,
                        module=module,
                        version=module.published,
                        completed_at=now if state == 0 else None,
                        best_score=100 if state == 0 else 50,
                        passed=state == 0,
                        attempts=attempts,
                        seconds_spent=300 + (e.pk * 37 + index * 11) % 1500,
                    )
                )
        progress = Progress.objects.bulk_create(rows, batch_size=BATCH)
        QuizAttempt.objects.bulk_create(
            (
                QuizAttempt(
                    progress=p,
                    version=p.version,
                    number=k,
                    answers=[[0], [1 if (p.pk + k) % 2 else 0]],
                    score=100 if (p.pk + k) % 2 == 0 else 50,
                    passed=(p.pk + k) % 2 == 0,
                )
                for p in progress
                for k in range(1, attempts + 1)
            ),
            batch_size=BATCH,
        )


def measure(client, url: str, repeat: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, size = [], 0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            body = response.content
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries, size = len(captured), len(body)
    return statistics.median(times), queries, size


def run(sizes: list[int], module_count: int, attempts: int, repeat: int, where: str) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from bascule.programs.models import Program, ProgramStatus
    from bascule.testing import make_company
    from bascule.training.models import Progress, QuizAttempt, Requirement
    from bascule.training.tests.factories import make_module

    settings.PASSWORD_HASHERS = ["bascule.testing.FastArgon2PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    company = make_company()
    program = Program.objects.create(
        name="Benchmark",
        status=ProgramStatus.RUNNING,
        starts_on=dt.datetime.now(tz=dt.UTC).date() - dt.timedelta(days=60),
        ends_on=dt.datetime.now(tz=dt.UTC).date() + dt.timedelta(days=120),
        languages=["fr", "en"],
    )
    modules = [make_module(f"bench-{n:02d}", questions=2) for n in range(module_count)]
    for module in modules:
        for role in ("mentor", "mentee"):
            Requirement.objects.create(program=program, module=module, role=role, due_days=30)
    client = Client()
    client.force_login(company.alice)
    page = f"/training/manage/programs/{program.pk}/"
    export = f"/training/manage/programs/{program.pk}/export.xlsx"
    print(f"Database: {where}; {module_count} modules required of both roles")
    print(
        f"{'participants':>12} {'progress':>9} {'attempts':>9} {'what':<12} "
        f"{'median s':>9} {'queries':>8} {'bytes':>10}"
    )
    done = 0
    for size in sizes:
        started = time.perf_counter()
        grow(program, modules, size, done, attempts)
        done = size
        built = time.perf_counter() - started
        if connection.vendor == "postgresql":
            # What autovacuum does after a bulk load: the planner's statistics.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        counts = (Progress.objects.count(), QuizAttempt.objects.count())
        client.get(page)  # warm the caches
        for what, url in (("page", page), ("xlsx export", export)):
            seconds, queries, size_bytes = measure(client, url, repeat)
            print(
                f"{size:>12} {counts[0]:>9} {counts[1]:>9} {what:<12} "
                f"{seconds:>9.3f} {queries:>8} {size_bytes:>10}"
            )
        print(f"{'':>12} (data for this size built in {built:.0f} s)")


if __name__ == "__main__":
    main()
