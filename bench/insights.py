"""Benchmark the insights on a large company: the measures (learning, behaviour, results with
the retention comparison against matched peers, bridging the gap) and, when they exist, the
dashboard pages and the executive report.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bascule_hr \\
      .venv/bin/python bench/insights.py [--employees 100000] [--pairs 10000] \\
      [--meetings 500000] [--checkins 200000] [--repeat 3] [--sizes 0.1,1] \\
      [--only learning,behaviour,results,bridging] [--keep]

With DATABASE_URL it creates and then drops a database of its own (bench_<name>, as
bench/import_employees.py); without, a throwaway SQLite file. With `--keep` (PostgreSQL), its
database is bench_kept_<name>: it stays at exit and the next `--keep` run measures it again
without building it (when it already holds the company of the largest size asked for, and then
at that size only); a run without `--keep` leaves it alone. The company: `--employees`
people in 20 departments and 8 locations, levels 1 to 8, hired over 15 years, with 3 years of
HR history (promotions about 8 % a year, moves 4 %, leavers 10 %: `EmployeeChange` rows and
`left_on`); 10 programs over those 3 years sharing `--pairs` pairs (20,000 participants for
10,000 pairs), their kickoff (a cadence), `--meetings` meetings, `--checkins` check-ins, two
goals a pair, and an end survey per program answered by a third of the participants (NPS,
a Likert question, three skills rated before and now).

Each line: an endpoint, the median of `--repeat` GETs through Django's test client as HR
(no network), its queries, and the first GET (caches cold; the overview then stores the
health of the past months it lacks). `--sizes` measures the same endpoints on a fraction of the
company first (e.g. 0.1,1: a tenth, then all), to show the queries do not grow with the data.
Targets (the issue): each dashboard and the retention analysis under 1 s, the executive PDF
under 10 s, queries independent of the data.
"""

import argparse
import contextlib
import datetime as dt
import os
import random
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
DEPARTMENTS = 20
LOCATIONS = ["Paris", "Lyon", "Lille", "Nantes", "Bordeaux", "Toulouse", "Marseille", "Rennes"]
PROGRAMS = 10
SKILLS = 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--meetings", type=int, default=500_000)
    parser.add_argument("--checkins", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1", help="fractions of the company, e.g. 0.1,1")
    parser.add_argument(
        "--only",
        default="",
        help="measure only the endpoints whose label starts with one of these words, "
        "e.g. learning,behaviour,results,bridging (default: all)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="PostgreSQL: keep bench_kept_<name> at exit, and reuse it if it holds the company",
    )
    args = parser.parse_args()
    fractions = [float(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory() as workdir:
        where = setup_django(Path(workdir), keep=args.keep)
        try:
            run(args, fractions, where)
        finally:
            teardown_django(keep=args.keep)
    command = (
        f".venv/bin/python bench/insights.py --employees {args.employees} --pairs {args.pairs} "
        f"--meetings {args.meetings} --checkins {args.checkins} --repeat {args.repeat} "
        f"--sizes {args.sizes}"
        + (f" --only {args.only}" if args.only else "")
        + (" --keep" if args.keep else "")
    )
    print(f"\nRerun: {'DATABASE_URL=… ' if 'postgres' in where else ''}{command}")
    print(f"Load average at the end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")


def _bulk(model, rows, batch: int = BATCH) -> list:
    made = []
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            made += model.objects.bulk_create(chunk)
            chunk = []
    if chunk:
        made += model.objects.bulk_create(chunk)
    return made


def build(employees: int, pairs: int, meetings: int, checkins: int, start: int, rng) -> None:
    """Add employees `start` … `employees - 1` with their history, and `pairs` pairs (with
    meetings, check-ins, goals, survey answers) in the 10 programs."""
    from django.utils import timezone

    from bascule.evaluations.models import (
        Answer,
        Question,
        QuestionKind,
        Response,
        SkillRating,
        Survey,
        SurveyKind,
    )
    from bascule.journey.models import CheckIn, Goal, GoalDirection, GoalStatus, KickoffConfirmation
    from bascule.meetings.models import Meeting, MeetingOutcome
    from bascule.pairing.models import Pair, PairStatus
    from bascule.people.models import Department, Employee, EmployeeChange, HistorySource
    from bascule.programs.models import (
        Application,
        ApplicationStatus,
        ParticipantRole,
        Program,
        ProgramStatus,
    )
    from bascule.skills.models import Skill

    today = timezone.localdate()
    departments = list(Department.objects.order_by("pk"))
    departments += [
        Department.objects.create(name=f"Department {n:02d}")
        for n in range(len(departments), DEPARTMENTS)
    ]
    people = _bulk(
        Employee,
        (
            Employee(
                employee_id=f"I{n:06d}",
                first_name=f"First{n}",
                last_name=f"Last{n:06d}",
                email=f"person{n}@insights.example",
                department=departments[n % DEPARTMENTS],
                seniority_level=1 + n % 8,
                location=LOCATIONS[n % len(LOCATIONS)],
                hire_date=today - dt.timedelta(days=rng.randrange(60, 15 * 365)),
            )
            for n in range(start, employees)
        ),
    )
    # Three years of history: promotions, moves, leavers.
    changes, leavers = [], []
    for person in people:
        draw = rng.random()
        day = today - dt.timedelta(days=rng.randrange(1, 3 * 365))
        if draw < 0.24 and person.seniority_level < 8:
            changes.append(
                EmployeeChange(
                    employee=person,
                    field="seniority_level",
                    old_value=str(person.seniority_level),
                    new_value=str(person.seniority_level + 1),
                    effective_on=day,
                    source=HistorySource.HISTORY,
                )
            )
        elif draw < 0.36:
            changes.append(
                EmployeeChange(
                    employee=person,
                    field="department",
                    old_value=departments[(person.pk + 1) % DEPARTMENTS].name,
                    new_value=person.department.name,
                    effective_on=day,
                    source=HistorySource.HISTORY,
                )
            )
        elif draw < 0.66:
            person.left_on = day
            leavers.append(person)
            changes.append(
                EmployeeChange(
                    employee=person,
                    field="left_on",
                    new_value=day.isoformat(),
                    effective_on=day,
                    source=HistorySource.HISTORY,
                )
            )
    Employee.objects.bulk_update(leavers, ["left_on"], batch_size=BATCH)
    _bulk(EmployeeChange, changes)
    if not pairs:
        return

    programs = list(Program.objects.order_by("pk"))
    if not programs:
        for n in range(PROGRAMS):
            starts = today - dt.timedelta(days=3 * 365 - n * 100)
            programs.append(
                Program.objects.create(
                    name=f"Programme {n + 1}",
                    status=ProgramStatus.CLOSED if n < PROGRAMS - 2 else ProgramStatus.RUNNING,
                    starts_on=starts,
                    ends_on=starts + dt.timedelta(days=270),
                )
            )
    skills = list(Skill.objects.order_by("pk")[:SKILLS])
    if len(skills) < SKILLS:
        skills += [
            Skill.objects.create(
                slug=f"bench-{n}", label_fr=f"Compétence {n}", label_en=f"Skill {n}"
            )
            for n in range(len(skills), SKILLS)
        ]
    surveys = {}
    for program in programs:
        survey, _created = Survey.objects.get_or_create(
            program=program,
            kind=SurveyKind.END,
            defaults={
                "title_fr": "Fin",
                "title_en": "End",
                "opens_on": program.ends_on,
                "closes_on": program.ends_on + dt.timedelta(days=30),
            },
        )
        questions = {
            kind: Question.objects.get_or_create(
                survey=survey, kind=kind, defaults={"text_fr": kind, "text_en": kind, "position": p}
            )[0]
            for p, kind in enumerate((QuestionKind.NPS, QuestionKind.LIKERT, QuestionKind.SKILLS))
        }
        surveys[program.pk] = (survey, questions)

    # Participants: employed, not yet in a pair, two per pair.
    staying = [p for p in people if p.left_on is None or rng.random() < 0.3]
    rng.shuffle(staying)
    members = staying[: 2 * pairs]
    made_pairs = []
    for first in range(0, len(members) // 2, BATCH // 2):
        chunk = range(first, min(len(members) // 2, first + BATCH // 2))
        applications, couples = [], []
        for n in chunk:
            program = programs[n % len(programs)]
            mentor, mentee = members[2 * n], members[2 * n + 1]
            couples.append((program, mentor, mentee))
            for who, role in ((mentor, ParticipantRole.MENTOR), (mentee, ParticipantRole.MENTEE)):
                applications.append(
                    Application(
                        program=program, employee=who, role=role, status=ApplicationStatus.APPROVED
                    )
                )
        applications = Application.objects.bulk_create(applications)
        rows = []
        for index, (program, mentor, mentee) in enumerate(couples):
            published = dt.datetime.combine(
                program.starts_on + dt.timedelta(days=14), dt.time(9), tzinfo=dt.UTC
            )
            rows.append(
                Pair(
                    program=program,
                    mentor=mentor,
                    mentor_application=applications[2 * index],
                    mentee=mentee,
                    mentee_application=applications[2 * index + 1],
                    published_at=published,
                    status=PairStatus.ACTIVE,
                )
            )
        made_pairs += Pair.objects.bulk_create(rows)
    _bulk(
        KickoffConfirmation,
        (
            KickoffConfirmation(
                pair=pair,
                member=member,
                charter_accepted=True,
                confidentiality=True,
                meeting_frequency="fortnightly",
                channel="video",
                confirmed_at=pair.published_at + dt.timedelta(days=3),
            )
            for pair in made_pairs
            for member in (pair.mentor, pair.mentee)
        ),
    )
    per_pair = max(1, meetings // max(1, len(made_pairs)))
    _bulk(
        Meeting,
        (
            Meeting(
                pair=pair,
                starts_at=pair.published_at + dt.timedelta(days=7 * (k + 1)),
                duration_minutes=45,
                outcome=MeetingOutcome.HELD if rng.random() < 0.85 else MeetingOutcome.CANCELLED,
            )
            for pair in made_pairs
            for k in range(per_pair)
        ),
    )
    periods = max(1, checkins // max(1, 2 * len(made_pairs)))
    _bulk(
        CheckIn,
        (
            CheckIn(pair=pair, member=member, period=k + 1, pulse=rng.randint(1, 4))
            for pair in made_pairs
            for member in (pair.mentor, pair.mentee)
            for k in range(periods)
        ),
    )
    _bulk(
        Goal,
        (
            Goal(
                pair=pair,
                direction=direction,
                title="Objectif",
                success_criteria="Critère",
                target_date=pair.program.ends_on,
                status=GoalStatus.ACHIEVED if rng.random() < 0.6 else GoalStatus.IN_PROGRESS,
            )
            for pair in made_pairs
            for direction in (GoalDirection.LEARNING, GoalDirection.GROWTH)
        ),
    )
    answering = [
        (pair, member, role)
        for pair in made_pairs
        for member, role in ((pair.mentor, "mentor"), (pair.mentee, "mentee"))
        if rng.random() < 0.33
    ]
    responses = _bulk(
        Response,
        (
            Response(
                survey=surveys[pair.program_id][0],
                respondent=member,
                pair=pair,
                role=role,
                submitted_at=dt.datetime.combine(pair.program.ends_on, dt.time(12), tzinfo=dt.UTC),
            )
            for pair, member, role in answering
        ),
    )
    answers, ratings = [], []
    for response in responses:
        questions = surveys[response.pair.program_id][1]
        answers.append(
            Answer(
                response=response, question=questions[QuestionKind.NPS], value=rng.randint(5, 10)
            )
        )
        answers.append(
            Answer(
                response=response, question=questions[QuestionKind.LIKERT], value=rng.randint(2, 5)
            )
        )
        for skill in rng.sample(skills, 3):
            before = rng.randint(1, 3)
            ratings.append(
                SkillRating(
                    response=response,
                    question=questions[QuestionKind.SKILLS],
                    skill=skill,
                    before=before,
                    now=min(4, before + rng.randint(0, 2)),
                )
            )
    _bulk(Answer, answers)
    _bulk(SkillRating, ratings)


def endpoints(only: str = "") -> list[tuple[str, str, bool]]:
    """What to measure: the measures' API, and the dashboards and the report when they exist;
    with `only` (comma-separated words), those whose label starts with one of the words."""
    from django.urls import NoReverseMatch, reverse

    found = [
        ("learning (API)", "/api/insights/learning", False),
        ("behaviour (API)", "/api/insights/behaviour", False),
        ("results: retention and mobility (API)", "/api/insights/results", False),
        ("bridging the gap (API)", "/api/insights/bridging", False),
        ("overview (API)", "/api/insights/overview", True),
        ("reaction (API)", "/api/insights/reaction", True),
    ]
    for label, name in (
        ("dashboard page", "insights:dashboard"),
        ("executive report (PDF)", "insights:report"),
    ):
        with contextlib.suppress(NoReverseMatch):
            found.append((label, reverse(name), False))
    words = tuple(word.strip() for word in only.split(",") if word.strip())
    return [row for row in found if not words or row[0].startswith(words)]


def measure(client, repeat: int, only: str = "") -> list[tuple[str, float, int, int, float]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = []
    for label, url, optional in endpoints(only):
        started = time.perf_counter()
        first = client.get(url)  # templates, URLs and caches loaded once
        cold = time.perf_counter() - started
        if optional and first.status_code == 404:
            continue  # not built in this version
        assert first.status_code == 200, (url, first.status_code, first.content[:300])
        times = []
        for _n in range(repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        rows.append((label, statistics.median(times), len(captured), len(response.content), cold))
    return rows


def run(args, fractions: list[float], where: str) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from bascule.people.models import Employee
    from bascule.testing import make_company

    settings.PASSWORD_HASHERS = ["bascule.testing.FastArgon2PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    from bascule.accounts.models import User

    reused = args.keep and Employee.objects.count() >= args.employees * max(fractions)
    if reused:
        # A kept database: the company and HR are there; measure them as they are.
        fractions = [max(fractions)]
        hr = User.objects.get(email="alice.hr@example.com")  # make_company's HR
    else:
        hr = make_company().alice
    client = Client()
    client.force_login(hr)
    rng = random.Random(2026)
    done_employees = done_pairs = 0
    table = []
    for fraction in fractions:
        employees = int(args.employees * fraction)
        pairs = int(args.pairs * fraction)
        started = time.perf_counter()
        if not reused:
            build(
                employees,
                pairs - done_pairs,
                int(args.meetings * fraction)
                - int(args.meetings * (done_pairs / max(args.pairs, 1))),
                int(args.checkins * fraction)
                - int(args.checkins * (done_pairs / max(args.pairs, 1))),
                done_employees,
                rng,
            )
        done_employees, done_pairs = employees, pairs
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        built = time.perf_counter() - started
        people = Employee.objects.count()
        print(f"Database: {where}; {people} employees, {pairs} pairs, built in {built:.0f} s")
        for label, seconds, queries, size, cold in measure(client, args.repeat, args.only):
            table.append((f"{people:,}", label, seconds, queries, size, cold))
    width = max(len(r[1]) for r in table)
    print(
        f"\n{'employees':>10}  {'what':<{width}} {'median':>9} {'queries':>8} {'bytes':>9}"
        f" {'first GET':>10}"
    )
    for people, label, seconds, queries, size, cold in table:
        print(
            f"{people:>10}  {label:<{width}} {seconds * 1000:>7.0f} ms {queries:>8} {size:>9,}"
            f" {cold * 1000:>7.0f} ms"
        )


if __name__ == "__main__":
    main()
