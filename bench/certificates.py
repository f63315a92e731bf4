"""Benchmark certificates: issuing a closing program's certificates, rendering the PDFs, and
verifying one.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bascule_hr \\
      .venv/bin/python bench/certificates.py [--pairs 5000] [--pdfs 40] [--verifications 200]

With DATABASE_URL it creates and then drops a database of its own (bench_<name>, as
bench/import_employees.py); without, a throwaway SQLite file. One closed program with
`--pairs` pairs (two certificates each: 10,000 for 5,000 pairs), every member meeting the
criteria (charter confirmed by both, three meetings held). It measures:

- the request that starts the bulk issue (HR's POST on the confirmation page): it only
  queues the job, so it returns at once whatever the size;
- the job itself (`services.run_execute`, in this process): certificates issued per second,
  on one core, with its queries;
- the PDF of a certificate (WeasyPrint, PDF/A-3b with its QR code), rendered `--pdfs` times:
  PDFs per second on one core. PDFs are made on download, not when issuing;
- the public verification page, `--verifications` GETs of /verify/<code> (each from its own
  address, so the rate limit does not answer instead): the median and 95th percentile;
- the Open Badges credentials (signed by the job with each certificate): signing one, verifying
  one (what `manage.py verify_credential` and /ob/verify/ do), the /ob/verify/ page with a
  pasted credential, and the revocation status list of all of them.

Targets (the issue): the request returns at once; verification of a credential under 50 ms.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_employees import setup_django, teardown_django  # noqa: E402

BATCH = 2000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5000)
    parser.add_argument("--pdfs", type=int, default=40)
    parser.add_argument("--verifications", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        where = setup_django(Path(workdir))
        try:
            run(args.pairs, args.pdfs, args.verifications, where)
        finally:
            teardown_django()
    command = (
        f".venv/bin/python bench/certificates.py --pairs {args.pairs} --pdfs {args.pdfs} "
        f"--verifications {args.verifications}"
    )
    print(f"\nRerun: {'DATABASE_URL=… ' if 'postgres' in where else ''}{command}")
    print(f"Load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def build(pairs: int):
    """A closed program with `pairs` pairs, each meeting every criterion."""
    from django.utils import timezone

    from bascule.journey.models import KickoffConfirmation
    from bascule.meetings.models import Meeting, MeetingOutcome
    from bascule.pairing.models import Pair, PairStatus
    from bascule.people.models import Employee
    from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus

    today = timezone.localdate()
    program = Program.objects.create(
        name="Mentorat inversé — bench",
        status=ProgramStatus.CLOSED,
        starts_on=today - dt.timedelta(days=200),
        ends_on=today - dt.timedelta(days=10),
        languages=["fr", "en"],
    )
    published = timezone.now() - dt.timedelta(days=150)
    for first in range(0, pairs, BATCH):
        numbers = range(first, min(pairs, first + BATCH))
        people = Employee.objects.bulk_create(
            Employee(
                employee_id=f"C{n:06d}{side}",
                first_name=f"Prénom{n}",
                last_name=f"Nom{n:06d}{side}",
                email=f"c{n}{side}@bench.example",
            )
            for n in numbers
            for side in ("a", "b")
        )
        applications = Application.objects.bulk_create(
            Application(
                program=program,
                employee=e,
                role="mentor" if i % 2 == 0 else "mentee",
                status=ApplicationStatus.APPROVED,
                languages=["fr"],
            )
            for i, e in enumerate(people)
        )
        made = Pair.objects.bulk_create(
            Pair(
                program=program,
                mentor=applications[i].employee,
                mentor_application=applications[i],
                mentee=applications[i + 1].employee,
                mentee_application=applications[i + 1],
                published_at=published,
                status=PairStatus.ACTIVE,
            )
            for i in range(0, len(applications), 2)
        )
        KickoffConfirmation.objects.bulk_create(
            KickoffConfirmation(
                pair=pair,
                member=member,
                charter_accepted=True,
                confidentiality=True,
                meeting_frequency="fortnightly",
                channel="video",
                confirmed_at=published,
            )
            for pair in made
            for member in (pair.mentor, pair.mentee)
        )
        Meeting.objects.bulk_create(
            Meeting(
                pair=pair,
                starts_at=published + dt.timedelta(days=14 * (k + 1)),
                duration_minutes=45,
                outcome=MeetingOutcome.HELD,
            )
            for pair in made
            for k in range(3)
        )
    return program


def run(pairs: int, pdfs: int, verifications: int, where: str) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bascule.certificates import pdf, services
    from bascule.certificates.models import Certificate, IssueRun
    from bascule.core.confirm import CONFIRM_FIELD, CONFIRM_VALUE
    from bascule.testing import make_company

    settings.PASSWORD_HASHERS = ["bascule.testing.FastArgon2PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    company = make_company()
    started = time.perf_counter()
    program = build(pairs)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Database: {where}; {pairs} pairs built in {time.perf_counter() - started:.0f} s")
    rows = []

    # The confirmation page (who will get one: the whole program's eligibility), then the
    # request starting the bulk issue: it queues the job and answers.
    client = Client()
    client.force_login(company.alice)
    url = f"/certificates/manage/{program.pk}/issue/"
    client.get(f"/certificates/manage/{program.pk}/settings/")  # templates and URLs loaded once
    for what, data in (
        ("confirmation page (eligibility of all)", {}),
        ("request starting the issue", {CONFIRM_FIELD: CONFIRM_VALUE}),
    ):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, data)
        seconds = time.perf_counter() - started
        assert response.status_code in (200, 302), response.status_code
        rows.append((what, f"{seconds * 1000:.0f} ms", len(captured), ""))
    run_row = IssueRun.objects.get(program=program)

    # The job, in this process (queries counted, not logged: there are thousands).
    statements = 0

    def counter(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        services.run_execute(run_id=run_row.pk)
    seconds = time.perf_counter() - started
    issued = Certificate.objects.filter(program=program).count()
    rows.append(
        (
            f"issuing job: {issued} certificates",
            f"{seconds:.1f} s",
            statements,
            f"{issued / seconds:.0f} certificates/s",
        )
    )

    # PDFs, rendered on download.
    certificates = list(Certificate.objects.filter(program=program).order_by("pk")[:pdfs])
    pdf.render_pdf(certificates[0], "fr")  # fonts and templates loaded once
    times, size = [], 0
    for n, certificate in enumerate(certificates):
        started = time.perf_counter()
        data = pdf.render_pdf(certificate, "fr" if n % 2 else "en")
        times.append(time.perf_counter() - started)
        size = len(data)
    median = statistics.median(times)
    rows.append(
        (
            f"PDF/A-3b of one certificate ({size // 1024} KB)",
            f"{median * 1000:.0f} ms",
            "",
            f"{1 / median:.1f} PDFs/s per core",
        )
    )

    # Public verification.
    codes = list(Certificate.objects.filter(program=program).values_list("code", flat=True)[:50])
    anonymous = Client()
    anonymous.get(f"/verify/{codes[0]}/", REMOTE_ADDR="10.9.0.1")
    times = []
    for n in range(verifications):
        address = f"10.{(n // 250) % 250}.{n % 250}.7"
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = anonymous.get(f"/verify/{codes[n % len(codes)]}/", REMOTE_ADDR=address)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    times.sort()
    rows.append(
        (
            "verification page, one code",
            f"{statistics.median(times) * 1000:.1f} ms",
            len(captured),
            f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms",
        )
    )

    # Open Badges: each certificate's credential was signed by the job; verify one (the
    # command's and the page's function), and through the public page; the status list.
    from bascule.credentials import keys, tokens, verify
    from bascule.credentials import services as credential_services
    from bascule.credentials.models import Credential

    credentials = list(Credential.objects.filter(certificate__program=program)[:200])
    key = keys.signing_key()
    private = keys.private_key(key)
    document = credential_services.document(credentials[0])
    started = time.perf_counter()
    for _n in range(500):
        tokens.sign(document, key, private)
    per = (time.perf_counter() - started) / 500
    rows.append(("signing one credential (EdDSA)", f"{per * 1000:.2f} ms", "", f"{1 / per:.0f}/s"))
    verify.verify(credentials[0].token)
    times = []
    for n in range(verifications):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            outcome = verify.verify(credentials[n % len(credentials)].token)
        times.append(time.perf_counter() - started)
        assert outcome.valid, outcome.status
    times.sort()
    rows.append(
        (
            "verifying one credential (signature, dates, status)",
            f"{statistics.median(times) * 1000:.1f} ms",
            len(captured),
            f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms",
        )
    )
    times = []
    for n in range(verifications):
        address = f"10.{(n // 250) % 250}.{n % 250}.9"
        started = time.perf_counter()
        response = anonymous.post(
            "/ob/verify/", {"text": credentials[n % len(credentials)].token}, REMOTE_ADDR=address
        )
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    times.sort()
    rows.append(
        (
            "verification page, one pasted credential",
            f"{statistics.median(times) * 1000:.1f} ms",
            "",
            f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms",
        )
    )
    Certificate.objects.filter(pk__in=[c.certificate_id for c in credentials[:50]]).update(
        revoked_at=dt.datetime.now(dt.UTC)
    )
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = anonymous.get("/ob/status/0/", REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 200, response.status_code
    rows.append(
        (
            f"revocation status list ({Credential.objects.count()} credentials, 50 revoked)",
            f"{(time.perf_counter() - started) * 1000:.0f} ms",
            len(captured),
            "",
        )
    )

    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}} {'time':>10} {'queries':>8}  rate")
    for what, time_text, queries, rate in rows:
        print(f"{what:<{width}} {time_text:>10} {queries!s:>8}  {rate}")


if __name__ == "__main__":
    main()
