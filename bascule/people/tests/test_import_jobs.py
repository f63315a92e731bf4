"""The commit of an import is a background job: the request queues it and returns at once,
the import's page says what will happen and follows the job, a second click or a second run
of the job commits nothing more, a job whose worker was killed is queued again and commits
the file once, and a failure says why, in the reader's language, and that nothing changed.

The jobs go to the database queue here (django-tasks-db) and run in this process as
`manage.py db_worker --batch` runs them (notifications' run_queue); test_import_worker_process.py
runs a real worker.
"""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from bascule.core.models import AuditEntry
from bascule.notifications.tests.conftest import DATABASE_QUEUE
from bascule.notifications.tests.test_queue import run_queue
from bascule.people.imports import failures
from bascule.people.imports.tasks import commit_import
from bascule.people.models import Employee, EmployeeImport, ImportStatus
from bascule.people.selectors import import_progress_key
from bascule.people.tests.fixtures.import_files import (
    company_rows,
    csv_bytes,
    generated_rows,
)
from bascule.people.tests.test_import_views import add_staff, latest_import, text, upload


@pytest.fixture(autouse=True)
def _queue(settings):
    settings.TASKS = DATABASE_QUEUE


def page_of(employee_import: EmployeeImport) -> str:
    return f"/people/import/{employee_import.pk}/"


def commits() -> int:
    return AuditEntry.objects.filter(action="people.import_committed").count()


def queued_jobs() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=commit_import.module_path).order_by("pk"))


def test_the_commit_returns_at_once_says_what_will_happen_then_shows_the_result(alice, company):
    rows = company_rows(E004={"Poste": "Community manager"})
    rows.append(["E006", "Inès", "Bak", "ines.bak@example.com", "Marketing", "Intern", 1,
                 "02/09/2024", "E002", "fr"])  # fmt: skip
    upload(alice, csv_bytes(rows))
    employee_import = latest_import()

    response = alice.post(f"{page_of(employee_import)}commit/")
    assert response.status_code == 302
    assert response.url == page_of(employee_import)
    assert latest_import().status == ImportStatus.QUEUED
    assert not Employee.objects.filter(employee_id="E006").exists()  # nothing written yet
    [job] = queued_jobs()
    assert job.args_kwargs["kwargs"]["import_id"] == employee_import.pk

    page = alice.get(response.url)
    html, content = page.content.decode(), text(page)
    assert "Importing “export.csv”" in content
    assert "1 employee will be added. 1 employee will be updated." in content
    assert "Follow its progress here" in content
    assert "Waiting for its turn…" in content
    assert "until the import ends, the directory stays as it was" in content
    # htmx polls the progress; without JavaScript the page refreshes itself.
    progress_url = f"{page_of(employee_import)}progress/"
    assert f'hx-get="{progress_url}" hx-trigger="load delay:1s"' in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "This page refreshes itself every 5 seconds." in content

    run_queue()
    polled = alice.get(progress_url, HTTP_HX_REQUEST="true")
    assert polled["HX-Redirect"] == page_of(employee_import)
    result = alice.get(page_of(employee_import))
    assert "Import complete" in text(result)
    assert re.search(r"New 1 Updated 1 Unchanged 4 Left 0", text(result))
    assert Employee.objects.get(employee_id="E006").first_name == "Inès"
    entry = AuditEntry.objects.get(action="people.import_committed")
    assert entry.actor == company.alice  # who asked for it, not the worker


def test_the_progress_shows_the_changes_written_by_the_job(alice):
    upload(alice, csv_bytes(generated_rows(30)))
    employee_import = latest_import()
    alice.post(f"{page_of(employee_import)}commit/")
    # A worker took the job: the import is being written, its batches counted in the cache.
    EmployeeImport.objects.filter(pk=employee_import.pk).update(status=ImportStatus.COMMITTING)
    cache.set(import_progress_key(employee_import.pk), {"done": 500, "total": 2000})
    partial = alice.get(f"{page_of(employee_import)}progress/", HTTP_HX_REQUEST="true")
    assert "Importing…" in text(partial)
    assert "500 of 2,000 changes written (25%)." in text(partial)
    assert 'max="2000" value="500"' in partial.content.decode()


def test_a_double_click_queues_one_job_and_commits_once(alice):
    upload(alice, csv_bytes(generated_rows(20)))
    employee_import = latest_import()
    first = alice.post(f"{page_of(employee_import)}commit/")
    second = alice.post(f"{page_of(employee_import)}commit/", follow=True)
    assert first.status_code == 302
    assert "This file is being imported. Follow its progress on its page." in text(second)
    assert "Importing “export.csv”" in text(second)
    assert len(queued_jobs()) == 1

    run_queue()
    assert commits() == 1
    assert Employee.objects.filter(employee_id__startswith="G").count() == 20
    third = alice.post(f"{page_of(employee_import)}commit/", follow=True)
    assert "This file has already been imported." in text(third)
    assert len(queued_jobs()) == 1


def test_a_job_run_twice_commits_once(alice):
    upload(alice, csv_bytes(generated_rows(20)))
    employee_import = latest_import()
    alice.post(f"{page_of(employee_import)}commit/")
    [job] = queued_jobs()
    commit_import.enqueue(**job.args_kwargs["kwargs"])  # the same job, a second time

    run_queue()
    assert [result.status for result in queued_jobs()] == [TaskResultStatus.SUCCESSFUL] * 2
    assert [result.return_value for result in queued_jobs()] == ["committed", "committed"]
    assert commits() == 1
    assert Employee.objects.filter(employee_id__startswith="G").count() == 20
    # Once more, by hand: nothing happens.
    assert commit_import.call(**job.args_kwargs["kwargs"]) == "committed"
    assert commits() == 1


def test_a_job_whose_worker_was_killed_is_queued_again_and_commits_the_file_once(alice):
    upload(alice, csv_bytes(generated_rows(20)))
    employee_import = latest_import()
    alice.post(f"{page_of(employee_import)}commit/")
    [job] = queued_jobs()
    # As a worker killed in the middle of the commit leaves them: the job running since, the
    # import being written, its transaction rolled back (nothing written).
    started = timezone.now() - dt.timedelta(minutes=20)
    DBTaskResult.objects.filter(pk=job.pk).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["gone"]
    )
    EmployeeImport.objects.filter(pk=employee_import.pk).update(
        status=ImportStatus.COMMITTING, started_at=started
    )
    assert "Importing…" in text(alice.get(page_of(employee_import)))

    out = io.StringIO()
    call_command("requeue_interrupted_imports", minutes=15, stdout=out)
    assert out.getvalue() == "1 interrupted import job(s) queued again.\n"
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    run_queue()
    assert commits() == 1
    assert Employee.objects.filter(employee_id__startswith="G").count() == 20
    assert "Import complete" in text(alice.get(page_of(employee_import)))

    out = io.StringIO()
    call_command("requeue_interrupted_imports", minutes=0, stdout=out)
    assert out.getvalue().startswith("0 ")


def test_a_recent_running_job_is_left_alone(alice):
    upload(alice, csv_bytes(generated_rows(5)))
    employee_import = latest_import()
    alice.post(f"{page_of(employee_import)}commit/")
    [job] = queued_jobs()
    DBTaskResult.objects.filter(pk=job.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )
    out = io.StringIO()
    call_command("requeue_interrupted_imports", minutes=15, stdout=out)
    assert out.getvalue().startswith("0 ")
    assert len(queued_jobs()) == 1


def test_a_failed_import_says_why_in_the_readers_language_and_can_be_tried_again(client, company):
    client.force_login(company.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = [row for row in company_rows() if row[0] != "E005"]
    upload(client, csv_bytes(rows), full_export=True)
    employee_import = latest_import()
    client.post(f"{page_of(employee_import)}commit/", {"confirm_leavers": "1"})
    add_staff(1)  # meanwhile: the file would now mark two people as having left
    with translation.override("fr"):
        run_queue()  # a worker in another language: the reason is stored, not its words

    failed = latest_import()
    assert failed.status == ImportStatus.FAILED
    assert failed.failure == {
        "code": "import_outdated",
        "params": {"leaving": 2, "previewed": 1},
    }
    assert failed.counts["left"] == 2  # previewed again for HR to check
    assert not Employee.objects.filter(left_on__isnull=False).exists()
    assert commits() == 0

    page = client.get(page_of(employee_import))
    content = text(page)
    assert "The import failed" in content
    assert (
        "The directory changed since the preview: this file would now mark 2 employees as "
        "having left, not 1. Check the preview again." in content
    )
    assert "Nothing was changed: the directory is as it was before the import." in content
    assert 'href="#import-commit"' in page.content.decode()  # try again
    assert "import-commit-form" in page.content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = text(client.get(page_of(employee_import)))
    with translation.override("fr"):
        reason = failures.message("import_outdated", {"leaving": 2, "previewed": 1})
    assert reason in french
    assert reason.startswith("L")  # the French catalog's message, not the English one

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(f"{page_of(employee_import)}commit/", {"confirm_leavers": "2"})
    assert latest_import().failure == {}
    run_queue()
    assert Employee.objects.filter(left_on__isnull=False).count() == 2
    assert commits() == 1


def test_the_api_answers_202_and_its_import_shows_the_job(alice):
    upload(alice, csv_bytes(generated_rows(12)))
    employee_import = latest_import()
    url = f"/api/people/imports/{employee_import.pk}"
    response = alice.post(f"{url}/commit")
    assert response.status_code == 202
    assert response["Location"] == url
    body = response.json()
    assert (body["status"], body["progress"], body["failure"]) == ("queued", None, None)
    assert alice.post(f"{url}/commit").json()["code"] == "import_in_progress"

    EmployeeImport.objects.filter(pk=employee_import.pk).update(status=ImportStatus.COMMITTING)
    cache.set(import_progress_key(employee_import.pk), {"done": 12, "total": 23})
    assert alice.get(url).json()["progress"] == {"done": 12, "total": 23}
    EmployeeImport.objects.filter(pk=employee_import.pk).update(status=ImportStatus.QUEUED)

    run_queue()
    body = alice.get(url).json()
    assert (body["status"], body["progress"]) == ("committed", None)
    assert Employee.objects.filter(employee_id__startswith="G").count() == 12
