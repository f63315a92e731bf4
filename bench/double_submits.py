"""Benchmark what the submission keys cost: a shared note created through the page and the
API, with and without a key, and the answer to a second sending.

Run:  .venv/bin/python bench/double_submits.py [--repeat 200]

By default it works on a throwaway SQLite file in a temporary directory; with DATABASE_URL
set it creates and then drops a database of its own next to that one (bench/import_employees.py).

Each line is the median and 90th percentile of `--repeat` requests through Django's test
client (no network), the cases taking turns, one member of a running program (the test
personas) posting notes:
- page, no key: the form without its hidden key (what every create cost before);
- page, key: the form with a fresh key each time (one more SELECT, INSERT and UPDATE);
- page, sent again: the same form a second time (a SELECT and a redirect, nothing written);
- API, no header / Idempotency-Key / retried: the same three for POST /api/pairs/{id}/notes.
"""

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_employees import setup_django, teardown_django  # noqa: E402


def summary(times: list[float]) -> tuple[float, float]:
    """Return the median and the 90th percentile of `times`."""
    times = sorted(times)
    return statistics.median(times), times[int(len(times) * 0.9) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        where = setup_django(Path(workdir))
        try:
            run(args.repeat, where)
        finally:
            teardown_django()


def run(repeat: int, where: str) -> None:
    from django.conf import settings
    from django.test import Client

    from bascule.core.idempotency import FIELD
    from bascule.journey.models import SharedNote
    from bascule.pairing.testing import make_running_program
    from bascule.testing import make_company

    settings.PASSWORD_HASHERS = ["bascule.testing.FastArgon2PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["*"]
    company = make_company()
    pair = make_running_program(company).pair
    client = Client()
    client.force_login(company.lea_user)
    page = f"/pairs/{pair.pk}/notes/shared/"
    api = f"/api/pairs/{pair.pk}/notes"

    def form(index: int, key: str | None = None) -> dict:
        data = {"shared-body": f"Note {index} {uuid.uuid4().hex}"}
        return data if key is None else {**data, FIELD: key}

    sent_form = form(0, uuid.uuid4().hex)
    client.post(page, sent_form)
    client.post(api, {"body": "first"}, "application/json", HTTP_IDEMPOTENCY_KEY="retried")
    cases = [
        ("page, no key", lambda i: client.post(page, form(i))),
        ("page, key", lambda i: client.post(page, form(i, uuid.uuid4().hex))),
        ("page, sent again", lambda i: client.post(page, sent_form)),
        ("API, no header", lambda i: client.post(api, {"body": f"n{i}"}, "application/json")),
        (
            "API, Idempotency-Key",
            lambda i: client.post(
                api, {"body": f"k{i}"}, "application/json", HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex
            ),
        ),
        (
            "API, retried",
            lambda i: client.post(
                api, {"body": "first"}, "application/json", HTTP_IDEMPOTENCY_KEY="retried"
            ),
        ),
    ]
    # The cases take turns, so that a busy moment of the machine weighs on all of them.
    times: dict[str, list[float]] = {name: [] for name, _send in cases}
    for index in range(repeat):
        for name, send in cases:
            start = time.perf_counter()
            send(index)
            times[name].append((time.perf_counter() - start) * 1000)
    print(f"Shared notes on {where}, {repeat} requests each (milliseconds)")
    print(f"{'case':<24}{'median':>10}{'p90':>10}")
    for name, measured in times.items():
        median, p90 = summary(measured)
        print(f"{name:<24}{median:>10.1f}{p90:>10.1f}")
    created = SharedNote.objects.count()
    print(f"Notes created: {created} (expected {4 * repeat + 2}: none by a second sending)")
    print(f"Rerun: .venv/bin/python bench/double_submits.py --repeat {repeat}")


if __name__ == "__main__":
    main()
