"""The completion report: counts per module and role, the people late by name, pass rates
and failed questions from 5 learners up, median time, exports and query counts."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bascule.training.models import Requirement
from bascule.training.requirements import selectors
from bascule.training.requirements.tests.conftest import make_cohort, progress

pytestmark = pytest.mark.django_db

RIGHT = [[0], [0]]
FIRST_WRONG = [[1], [0]]


@pytest.fixture
def cohort(frozen, listening):
    program, people = make_cohort(6)
    Requirement.objects.create(program=program, module=listening, role="mentee", due_days=7)
    return program, people


def row_of(program):
    return selectors.completion_report(program=program).rows[0]


def test_it_counts_done_in_progress_not_started_and_overdue(cohort, listening):
    program, people = cohort
    progress(people[0], listening, done=True, answers=[RIGHT], seconds=300)
    progress(people[1], listening, done=True, answers=[FIRST_WRONG, RIGHT], seconds=900)
    progress(people[2], listening)
    row = row_of(program)
    assert (row.required, row.done, row.in_progress, row.not_started) == (6, 2, 1, 3)
    # Due on 11 January (4 January + 7 days): everyone not done is late on the 20th.
    assert row.overdue == 4
    assert [p.employee for p in row.overdue_people] == people[2:]
    assert row.overdue_people[0].started and not row.overdue_people[1].started
    assert row.overdue_people[0].due_on == dt.date(2027, 1, 11)


def test_nobody_is_late_before_the_date(frozen, listening):
    program, people = make_cohort(3)
    Requirement.objects.create(program=program, module=listening, role="mentee", due_days=30)
    assert row_of(program).overdue == 0


def test_pass_rates_and_failed_questions_are_hidden_under_five_learners(cohort, listening):
    program, people = cohort
    for person in people[:4]:
        progress(person, listening, done=True, answers=[FIRST_WRONG, RIGHT])
    row = row_of(program)
    assert row.attempted == 4
    assert row.pass_rate is None and row.failed_questions == []
    assert row.median_seconds is None
    progress(people[4], listening, answers=[FIRST_WRONG])
    row = row_of(program)
    assert row.pass_rate == 80
    assert row.failed_questions[0].prompt == "Question 1 (en)?"
    assert row.failed_questions[0].failed == 5
    assert row.failed_questions[0].answered == 9


def test_the_page_shows_them_only_from_five(client, company, cohort, listening):
    program, people = cohort
    for person in people[:4]:
        progress(person, listening, done=True, answers=[FIRST_WRONG, RIGHT])
    client.force_login(company.alice)
    page = client.get(f"/training/manage/programs/{program.pk}/").content.decode()
    assert "Question 1 (en)?" not in page
    assert "too few learners" in page
    assert "Last005" in page  # the people late are named
    progress(people[4], listening, done=True, answers=[FIRST_WRONG])
    page = client.get(f"/training/manage/programs/{program.pk}/").content.decode()
    assert "Question 1 (en)?" in page
    assert "80 %" in page


def test_the_median_time_from_five_completions(cohort, listening):
    program, people = cohort
    for person, minutes in zip(people[:5], (5, 10, 20, 30, 60), strict=True):
        progress(person, listening, done=True, seconds=minutes * 60)
    assert row_of(program).median_minutes == 20


def test_the_exports(client, company, cohort, listening):
    program, people = cohort
    progress(people[0], listening, done=True)
    client.force_login(company.alice)
    csv = client.get(f"/training/manage/programs/{program.pk}/export.csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "active-listening (en);Mentee;6;1;0;5;5" in text
    assert "Last005" not in text  # counts only
    xlsx = client.get(f"/training/manage/programs/{program.pk}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True)
    counts = list(book.worksheets[0].values)
    assert counts[1][:7] == ("active-listening (en)", "Mentee", 6, 1, 0, 5, 5)
    # The counts, then the behaviours' shares: no sheet of names.
    assert [sheet.title for sheet in book.worksheets] == ["Completion", "Behaviours in meetings"]
    assert client.get(f"/training/manage/programs/{program.pk}/export.pdf").status_code == 404


def test_a_formula_is_not_a_formula_in_the_export():
    from bascule.core import tabular

    text = tabular.write_csv([("Sheet", ["A"], [["=HYPERLINK(1)"], [-3]])]).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "\r\n-3\r\n" in text


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_participants(client, company, frozen, listening):
    program, people = make_cohort(5)
    Requirement.objects.create(program=program, module=listening, role="mentee", due_days=7)
    for person in people:
        # One of them late: the page lists the late people and whether each has started.
        progress(person, listening, done=person != people[0], answers=[FIRST_WRONG])
    client.force_login(company.alice)
    urls = [
        f"/training/manage/programs/{program.pk}/",
        f"/training/manage/programs/{program.pk}/export.xlsx",
        f"/api/training/manage/programs/{program.pk}/completion",
    ]
    for url in urls:
        client.get(url)  # warm the caches
    before = [_queries(client, url) for url in urls]
    more = make_cohort(20, name="More")[1]
    from bascule.programs.models import Application

    Application.objects.filter(employee__in=more).update(program=program)
    for person in more:
        progress(person, listening, done=person.pk % 2 == 0, answers=[RIGHT])
    assert [_queries(client, url) for url in urls] == before


def test_failed_questions_read_each_version_with_its_own_right_answers(
    cohort, listening, monkeypatch
):
    """Attempts on an earlier version are marked against that version's answers; the
    latest attempts are taken across versions."""
    from django.utils import timezone

    from bascule.training import content
    from bascule.training.models import ModuleVersion
    from bascule.training.tests.factories import module_data

    program, people = cohort
    for person in people[:3]:
        progress(person, listening, done=True, answers=[FIRST_WRONG])  # version 1
    data = module_data("active-listening")
    for language in ("fr", "en"):  # version 2: question 1's right answer is the second
        choices = data[language]["questions"][0]["choices"]
        choices[0]["correct"], choices[1]["correct"] = False, True
    second = ModuleVersion.objects.create(
        module=listening,
        number=2,
        minutes=15,
        pass_mark=50,
        content=content.as_data(content.parse(data)),
        published_at=timezone.now(),
    )
    listening.published = second
    listening.save(update_fields=["published", "updated_at"])
    for person in people[3:6]:
        progress(person, listening, done=True, answers=[FIRST_WRONG])  # version 2: right
    row = row_of(program)
    assert [(q.failed, q.answered) for q in row.failed_questions] == [(3, 6)]
    # Only the latest 4 attempts: the three on version 2 and the last one on version 1.
    monkeypatch.setattr(selectors, "ATTEMPTS_READ", 4)
    row = row_of(program)
    assert [(q.failed, q.answered) for q in row.failed_questions] == [(1, 4)]
