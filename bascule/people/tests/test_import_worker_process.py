"""A real worker process (`manage.py db_worker`) commits an import queued by the page while
the page, served by this process, follows it: the import's status from the database, the
changes written from the cache the two processes share (a cache in files here, Redis in
production). A worker killed with SIGKILL in the middle of the commit wrote nothing: the job
queued again (`requeue_interrupted_imports`) commits the file once. The database must be
reachable from another process: PostgreSQL, or a SQLite test database in a file (the
in-memory one is skipped)."""

import io
import os
import re
import signal
import subprocess
import time
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.management import call_command

from bascule.core.models import AuditEntry
from bascule.notifications.tests.conftest import DATABASE_QUEUE
from bascule.notifications.tests.test_worker_process import ROOT, WORKER, database_url, worker_env
from bascule.people.models import Employee, ImportStatus
from bascule.people.selectors import import_progress_key
from bascule.people.tests.fixtures.import_files import csv_bytes, generated_rows
from bascule.people.tests.test_import_views import latest_import, text, upload

pytestmark = pytest.mark.django_db(transaction=True)

# Enough rows for the commit to write several batches (500 rows each) while the page polls.
ROWS = 3000
WRITTEN = re.compile(r"([\d,]+) of ([\d,]+) changes written")


@pytest.fixture
def shared(settings, tmp_path, transactional_db) -> dict[str, str]:
    """Point this process and the worker at the same database queue and cache; return the
    worker's environment."""
    database = database_url()  # skips on a database another process cannot read
    settings.TASKS = DATABASE_QUEUE
    backend = "django.core.cache.backends.filebased.FileBasedCache"
    location = str(tmp_path / "cache")
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location}}
    return {
        **worker_env(),
        "DATABASE_URL": database,
        "CACHE_BACKEND": backend,
        "CACHE_LOCATION": location,
        "TASK_BACKEND": DATABASE_QUEUE["default"]["BACKEND"],
    }


@contextmanager
def worker(env: dict[str, str], *args: str):
    """Run a worker in its own process group, killed whole when the block ends."""
    process = subprocess.Popen(  # noqa: S603 (the project's own command)
        [*WORKER, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # In DEBUG the worker reloads itself: the job runs in a child of the started process.
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def requeue() -> str:
    out = io.StringIO()
    call_command("requeue_interrupted_imports", minutes=0, stdout=out)
    return out.getvalue()


def queue_an_import(alice) -> str:
    upload(alice, csv_bytes(generated_rows(ROWS)))
    employee_import = latest_import()
    page = f"/people/import/{employee_import.pk}/"
    response = alice.post(f"{page}commit/")
    assert response.status_code == 302
    assert latest_import().status == ImportStatus.QUEUED
    return page


def test_the_page_shows_the_progress_of_the_import_a_worker_process_commits(alice, shared):
    page = queue_an_import(alice)
    assert "Waiting for its turn…" in text(alice.get(f"{page}progress/", HTTP_HX_REQUEST="true"))
    seen: list[tuple[int, int]] = []
    with worker(shared):
        deadline = time.monotonic() + 120
        while True:
            polled = alice.get(f"{page}progress/", HTTP_HX_REQUEST="true")
            if polled.has_header("HX-Redirect"):
                break  # the job has ended: htmx goes to the page
            found = WRITTEN.search(text(polled))
            if found:
                seen.append(tuple(int(n.replace(",", "")) for n in found.groups()))
            assert time.monotonic() < deadline, "the worker did not finish the import"
            time.sleep(0.02)
    # The page showed the commit under way, as the worker wrote its batches.
    assert any(0 < done < total for done, total in seen), seen
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert "Import complete" in text(alice.get(page))
    assert Employee.objects.filter(employee_id__startswith="G").count() == ROWS
    assert AuditEntry.objects.filter(action="people.import_committed").count() == 1


def test_an_import_whose_worker_is_killed_mid_commit_is_committed_once_when_queued_again(
    alice, shared
):
    page = queue_an_import(alice)
    employee_import = latest_import()
    with worker(shared) as process:
        deadline = time.monotonic() + 120
        while True:  # until the first batch is written, as the cache says
            progress = cache.get(import_progress_key(employee_import.pk)) or {}
            if progress.get("done"):
                break
            assert time.monotonic() < deadline, "the worker wrote no batch"
            time.sleep(0.005)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    assert progress["done"] < progress["total"], "killed too late: the import had ended"

    # Nothing written; the import is still "being imported" and the job "running".
    assert latest_import().status == ImportStatus.COMMITTING
    assert not Employee.objects.filter(employee_id__startswith="G").exists()
    assert "Importing…" in text(alice.get(page))

    # Queued again once the database has seen the killed worker's connection close (at once,
    # or at the end of the statement it was running).
    wait_until_requeued = time.monotonic() + 30
    while not requeue().startswith("1 "):
        assert time.monotonic() < wait_until_requeued, "the interrupted job was not queued again"
        time.sleep(0.2)
    assert requeue().startswith("0 ")
    with worker(shared, "--batch") as process:
        assert process.wait(timeout=120) == 0
    assert "Import complete" in text(alice.get(page))
    assert Employee.objects.filter(employee_id__startswith="G").count() == ROWS
    assert AuditEntry.objects.filter(action="people.import_committed").count() == 1
