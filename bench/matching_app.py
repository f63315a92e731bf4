"""Benchmark matching through the app: what HR waits for on the workbench of a large program.

Run:  .venv/bin/python bench/matching_app.py [--sizes 2000 20000] [--seed 7]

By default it works on a throwaway SQLite file in a temporary directory. With DATABASE_URL
set (e.g. postgres://postgres@127.0.0.1:5432/bascule) it creates and then drops a separate
database next to that one, never touching the database itself.

For each size it creates a program in the "matching" status with that many approved
applications (55 % mentees at levels 5–8, 45 % mentors at levels 1–3, skills to share and to
develop with a long-tail popularity, interests, half-day slots, formats, languages, twenty
departments and a manager tree), then times, each in its own transaction as the pages do:
- run: `run_matching`, the workbench's "Run matching" button (reading the applications,
  the engine, recording the run and every proposal);
- page: the workbench page of that run, rendered for the program's manager;
- publish: `publish_run` (pairs created, program started), without the announcement e-mails,
  which are timed on their own:
- e-mails: `send_pair_emails` for every pair, into Django's in-memory outbox (one message per
  member with an account; the SMTP server's own speed is left out).
Peak memory is the process's peak resident memory at the end of each step (ru_maxrss, so it
never goes down: the setup and the earlier steps included). The setup is not timed.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_employees import setup_django, teardown_django  # noqa: E402

SLOTS = [f"{day}-{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]
FORMATS = ["in_person", "virtual", "hybrid", ""]
INTERESTS = [f"interest-{i}" for i in range(40)]
LANGUAGE_SETS = [["fr"], ["fr", "en"], ["en"], ["fr", "de"], ["fr", "es"], ["fr", "en", "es"]]
LANGUAGE_SHARE = [0.45, 0.3, 0.1, 0.05, 0.05, 0.05]


def long_tail(n: int) -> np.ndarray:
    weights = 1.0 / (np.arange(n) + 4.0)
    return weights / weights.sum()


def populate(size: int, seed: int):
    """Create the company and a program of `size` approved applications; return the program
    and its manager."""
    from django.utils import timezone

    from bascule.accounts.models import Role
    from bascule.people.models import Department, Employee
    from bascule.programs.models import (
        Application,
        ApplicationSkill,
        ApplicationStatus,
        ParticipantRole,
        Program,
        ProgramStatus,
        SkillDirection,
    )
    from bascule.skills.models import Skill
    from bascule.testing import make_user

    rng = np.random.default_rng(seed)
    departments = Department.objects.bulk_create(
        [Department(name=f"Department {d + 1} ({size})") for d in range(20)]
    )
    skills = list(Skill.objects.order_by("pk")[:80])
    if len(skills) < 10:
        raise SystemExit("the skills taxonomy is missing: run the migrations first")
    n_mentees = round(size * 0.55)
    # Managers: a small layer above the participants (levels 6–8), in a tree.
    n_managers = max(20, size // 10)
    managers = Employee.objects.bulk_create(
        [
            Employee(
                employee_id=f"M{size}-{i:07d}",
                first_name="Manager",
                last_name=f"{i}",
                email=f"manager{i}.{size}@example.org",
                department=departments[i % 20],
                seniority_level=8 if i < 20 else int(rng.integers(6, 9)),
                languages=["fr"],
            )
            for i in range(n_managers)
        ]
    )
    for i, boss in enumerate(managers[20:], start=20):
        boss.manager = managers[int(rng.integers(0, min(i, 20 + i // 10)))]
    Employee.objects.bulk_update(managers[20:], ["manager"], batch_size=2000)
    people = []
    for i in range(size):
        mentee = i < n_mentees
        people.append(
            Employee(
                employee_id=f"P{size}-{i:07d}",
                first_name=f"Person{i}",
                last_name="Bench",
                email=f"person{i}.{size}@example.org",
                department=departments[int(rng.integers(0, 20))],
                seniority_level=int(rng.integers(5, 9)) if mentee else int(rng.integers(1, 4)),
                manager=managers[int(rng.integers(0, n_managers))],
                languages=LANGUAGE_SETS[int(rng.choice(len(LANGUAGE_SETS), p=LANGUAGE_SHARE))],
                location=["Paris", "Lyon", "Nantes", "Montréal"][i % 4],
            )
        )
    people = Employee.objects.bulk_create(people, batch_size=2000)
    program = Program.objects.create(
        name=f"Bench {size}",
        status=ProgramStatus.MATCHING,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate().replace(year=timezone.localdate().year + 1),
        mentor_max_level=3,
        mentee_min_level=5,
        min_level_gap=2,
        languages=["fr", "en", "de", "es"],
        mentor_capacity=2,
        reporting_line_depth=2,
    )
    hr = make_user(f"hr.{size}@example.org", Role.PROGRAM_MANAGER)
    program.managers.add(hr)
    now = timezone.now()
    popularity = long_tail(len(skills))
    applications = Application.objects.bulk_create(
        [
            Application(
                program=program,
                employee=person,
                role=ParticipantRole.MENTEE if i < n_mentees else ParticipantRole.MENTOR,
                status=ApplicationStatus.APPROVED,
                languages=person.languages,
                availability=sorted(rng.choice(SLOTS, int(rng.integers(1, 5)), replace=False)),
                interests=sorted(rng.choice(INTERESTS, int(rng.integers(1, 4)), replace=False)),
                preferred_format=FORMATS[int(rng.integers(0, 4))],
                charter_accepted_at=now,
                privacy_notice_accepted_at=now,
            )
            for i, person in enumerate(people)
        ],
        batch_size=2000,
    )
    rows = []
    for application in applications:
        picked = rng.choice(len(skills), int(rng.integers(2, 6)), replace=False, p=popularity)
        half = len(picked) // 2
        for j, index in enumerate(picked):
            rows.append(
                ApplicationSkill(
                    application=application,
                    skill=skills[int(index)],
                    direction=SkillDirection.DEVELOP if j < half else SkillDirection.SHARE,
                    level=int(rng.integers(1, 5)),
                )
            )
    ApplicationSkill.objects.bulk_create(rows, batch_size=5000)
    # Accounts for the members, so that every announcement has someone to go to.
    from bascule.accounts.models import User

    User.objects.bulk_create(
        [
            User(email=p.email, role=Role.PARTICIPANT, employee=p, language="fr" if i % 3 else "en")
            for i, p in enumerate(people)
        ],
        batch_size=2000,
    )
    return program, hr


def timed(step):
    """Run `step()`; return (seconds, the process's peak resident memory so far in MiB, its
    result)."""
    started = time.perf_counter()
    result = step()
    elapsed = time.perf_counter() - started
    return elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, result


def measure(size: int, seed: int) -> dict:
    from django.core import mail
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from bascule.pairing.lifecycle import send_pair_emails
    from bascule.pairing.models import Pair
    from bascule.pairing.services import publish_run, run_matching

    program, hr = populate(size, seed)
    figures = {}
    run_s, run_mib, run = timed(lambda: run_matching(actor=hr, program=program))
    figures["run"] = (run_s, run_mib)
    client = Client()
    client.force_login(hr)
    url = reverse("pairing:workbench", args=[program.pk])
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        page_s, page_mib, response = timed(lambda: client.get(url))
    if response.status_code != 200:
        raise SystemExit(f"the workbench answered {response.status_code}")
    figures["page"] = (page_s, page_mib)

    def publish():
        with transaction.atomic():
            return publish_run(actor=hr, run=run, notify=False)

    publish_s, publish_mib, pairs = timed(publish)
    figures["publish"] = (publish_s, publish_mib)
    pair_ids = list(Pair.objects.filter(program=program).values_list("pk", flat=True))
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        mail_s, mail_mib, _ = timed(lambda: send_pair_emails(pair_ids))
        sent = len(mail.outbox)
        mail.outbox = []
    figures["e-mails"] = (mail_s, mail_mib)
    return {
        "figures": figures,
        "matched": run.matched,
        "mentees": run.mentees_count,
        "gap": run.gap_percent,
        "pairs": len(pairs),
        "sent": sent,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    with tempfile.TemporaryDirectory() as workdir:
        database = setup_django(Path(workdir))
        try:
            print(f"Matching through the app, seed {args.seed}, database: {database}")
            head = f"{'participants':>12} {'step':<9} {'time s':>8} {'peak MiB':>9}  result"
            print(head)
            print("-" * len(head))
            for size in args.sizes:
                out = measure(size, args.seed)
                notes = {
                    "run": f"{out['matched']:,} of {out['mentees']:,} mentees matched, "
                    f"gap {out['gap']:.4f} %",
                    "page": "workbench page of the run, HTTP 200",
                    "publish": f"{out['pairs']:,} pairs created, program running",
                    "e-mails": f"{out['sent']:,} announcements (in-memory outbox)",
                }
                for step, (seconds, mib) in out["figures"].items():
                    print(f"{size:>12,} {step:<9} {seconds:>8.2f} {mib:>9.0f}  {notes[step]}")
        finally:
            teardown_django()
    sizes = " ".join(str(s) for s in args.sizes)
    print(f"Rerun: .venv/bin/python bench/matching_app.py --sizes {sizes} --seed {args.seed}")


if __name__ == "__main__":
    main()
