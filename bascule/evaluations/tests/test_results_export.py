"""A survey's results as CSV and XLSX (/evaluations/surveys/<id>/results/export.csv|xlsx): the
aggregates the results page shows, nothing of a group under MIN_GROUP_SIZE (hidden, with
why), never a written answer; HR admins and the program's managers."""

import pytest
from django.urls import reverse

from bascule.accounts.models import Role
from bascule.evaluations import selectors
from bascule.evaluations.models import Question, QuestionKind
from bascule.evaluations.tests.helpers import add_pair, answer
from bascule.testing import make_user, read_export

pytestmark = pytest.mark.django_db

REMARK = "A very particular remark"
HIDDEN = "Not enough answers to show results without identifying anyone (n < 5)"


def url(survey, fmt):
    return reverse("evaluations:survey_results_export", kwargs={"survey_id": survey.pk, "fmt": fmt})


def questions_table(response, fmt):
    """The questions' table (the first sheet; in the CSV, the rows after the title and up
    to the blank line before the skills)."""
    assert response.status_code == 200
    rows = read_export(response)
    if fmt == "csv":
        rows = rows[1 : rows.index([])]
    return [["" if cell is None else cell for cell in row] for row in rows]


def respond(survey, program, count):
    for _ in range(count):
        pair, _mentor, mentee = add_pair(program)
        answer(survey, pair, mentee, text=REMARK)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_under_five_respondents_every_question_is_hidden(client, company, running, surveys, fmt):
    baseline = surveys["baseline"]
    respond(baseline, running.program, 4)
    client.force_login(company.paul)
    response = client.get(url(baseline, fmt))
    assert response["Content-Disposition"] == (
        f'attachment; filename="survey-results-{baseline.pk}.{fmt}"'
    )
    rows = questions_table(response, fmt)
    assert rows[0][:4] == ["Question", "Kind", "Shown", "Respondents"]
    assert rows[1:] and all(row[2] == "Hidden" and row[-1] == HIDDEN for row in rows[1:])
    assert all(row[3] == "" and row[4] == "" for row in rows[1:])
    assert REMARK not in str(read_export(client.get(url(baseline, fmt))))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_from_five_respondents_the_figures_of_the_page(client, company, running, surveys, fmt):
    baseline = surveys["baseline"]
    likert = next(q for q in selectors.survey_questions(survey=baseline) if q.kind == "likert")
    Question.objects.filter(pk=likert.pk).update(text_en='=HYPERLINK("http://x")')
    respond(baseline, running.program, 5)
    client.force_login(company.alice)
    rows = questions_table(client.get(url(baseline, fmt)), fmt)
    row = next(row for row in rows if row[0] == '\'=HYPERLINK("http://x")')
    assert row[2] == "Shown" and int(row[3]) == 5 and float(row[4]) == 4
    assert row[5] == "1: 0; 2: 0; 3: 0; 4: 5; 5: 0"
    # Five mentees and no mentor: the groups are not shown separately.
    assert row[10:12] == ["", ""] and row[12].startswith("Mentors and mentees separately:")
    text_rows = [r for r in rows[1:] if r[1] == str(QuestionKind.TEXT.label)]
    assert text_rows and text_rows[0][-1] == "Written answers are read on the results page."
    assert REMARK not in str(read_export(client.get(url(baseline, fmt))))


def test_the_results_page_links_to_both_files(client, company, surveys):
    client.force_login(company.paul)
    baseline = surveys["baseline"]
    page = client.get(reverse("evaluations:survey_results", args=[baseline.pk])).content.decode()
    assert f'href="{url(baseline, "csv")}"' in page and f'href="{url(baseline, "xlsx")}"' in page


def test_access(client, company, surveys):
    baseline = surveys["baseline"]
    assert client.get(url(baseline, "csv")).status_code == 302
    client.force_login(make_user("pm2@example.com", Role.PROGRAM_MANAGER))
    assert client.get(url(baseline, "csv")).status_code == 404
    client.force_login(company.alice)
    assert client.get(url(baseline, "docx")).status_code == 404
    client.force_login(company.sophie)
    assert client.get(url(baseline, "xlsx")).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_its_queries_do_not_grow_with_the_respondents(
    client, company, running, surveys, fmt, django_assert_max_num_queries
):
    baseline = surveys["baseline"]
    respond(baseline, running.program, 5)
    client.force_login(company.alice)
    with django_assert_max_num_queries(12) as few:
        client.get(url(baseline, fmt))
    respond(baseline, running.program, 6)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url(baseline, fmt)).status_code == 200
