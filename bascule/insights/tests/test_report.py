"""The executive report read back: its text in French and English (title, a headline figure,
the method), its metadata, who may download it, and its queries."""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from bascule.accounts.models import Role
from bascule.core.notify import sender_of
from bascule.insights.tests.factories import answer_surveys, make_cohort
from bascule.programs.models import ParticipantRole
from bascule.testing import make_user

pytestmark = pytest.mark.django_db
_PDF = [b""]


@pytest.fixture
def cohorts(company):
    main = make_cohort(6, department=company.marketing)
    make_cohort(2, program=main.program, department=company.finance, location="Lyon")
    answer_surveys(
        main.program,
        [(pair, role, 4, 9) for pair in main.pairs for role in ParticipantRole.values],
    )
    return main


def _read(response) -> tuple[str, PdfReader]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    _PDF[:] = [response.content]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), reader


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Mentorat inversé : rapport de synthèse", "Participants 16", "Méthodes"]),
        ("en", ["Reverse mentoring: executive report", "Participants 16", "Methods"]),
    ],
)
def test_the_report_gives_the_headline_and_the_method(client, company, cohorts, language, words):
    client.force_login(company.alice)
    text, reader = _read(client.get(f"/insights/report.pdf?lang={language}"))
    for word in words:
        assert word in text
    assert "association" in text
    assert reader.metadata.title == words[0]
    assert reader.trailer["/Root"]["/Lang"] == language


def test_a_sponsor_gets_it_and_a_bad_language_falls_back(client, company, cohorts):
    client.force_login(company.sophie)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    text, _reader = _read(client.get("/insights/report.pdf?lang=de"))
    assert "Mentorat inversé : rapport de synthèse" in text  # the reader's language: French


def test_who_may_not_have_it(client, company, cohorts):
    client.force_login(company.paul)  # manages no program of the cohorts
    assert client.get(f"/insights/report.pdf?program={cohorts.program.pk}").status_code == 404
    client.force_login(company.lea_user)
    assert client.get("/insights/report.pdf").status_code == 403


def test_bad_filters_go_back_to_the_page(client, company, cohorts):
    client.force_login(company.alice)
    response = client.get("/insights/report.pdf?period_from=2026-02-30&lang=en")
    assert response.status_code == 302
    assert response["Location"] == "/insights/?period_from=2026-02-30"


def test_the_page_links_to_it(client, company, cohorts):
    client.force_login(company.alice)
    assert "/insights/report.pdf?lang=" in client.get("/insights/").content.decode()


def test_its_queries_do_not_grow_with_the_people(client, company, cohorts):
    client.force_login(company.alice)
    url = f"/insights/report.pdf?program={cohorts.program.pk}&lang=en"
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    make_cohort(6, program=cohorts.program, department=company.marketing)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small) <= 80


def test_the_monthly_command_mails_it_to_the_sponsors(
    company, cohorts, mailoutbox, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_executive_report", stdout=out)
    assert "queued: 1" in out.getvalue()
    [message] = [m for m in mailoutbox if company.sophie.email in m.to]
    [(name, content, mimetype)] = message.attachments
    assert name.startswith("executive-report-") and mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Participants 16" in " ".join(text.split())
    assert len(mailoutbox) == 1  # sponsors only


def test_the_monthly_report_is_rendered_once_per_language_for_all_the_sponsors(
    company, cohorts, mailoutbox
):
    second = make_user("second.sponsor@example.com", Role.SPONSOR)  # English, as Sophie
    french = make_user("third.sponsor@example.com", Role.SPONSOR, language="fr")
    send = sender_of("executive_report")  # what the worker runs for each sponsor's message
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        send(user_id=company.sophie.pk)
    with CaptureQueriesContext(connection) as again:
        send(user_id=second.pk)
    send(user_id=french.pk)
    pdfs = {m.to[0]: m.attachments[0][1] for m in mailoutbox}
    # The second English sponsor gets the report rendered for the first: same bytes, and
    # none of the report's queries.
    assert pdfs[second.email] == pdfs[company.sophie.email]
    assert len(again) < 10 < len(first)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdfs[french.email])).pages)
    assert "Mentorat inversé : rapport de synthèse" in " ".join(text.split())


def test_the_monthly_command_run_twice_in_a_month_sends_once(
    company, cohorts, mailoutbox, django_capture_on_commit_callbacks
):
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_executive_report", stdout=io.StringIO())
    assert len([m for m in mailoutbox if company.sophie.email in m.to]) == 1


def test_a_table_with_nothing_to_show_is_one_sentence_not_a_page_of_hidden(
    client, company, cohorts
):
    # A second program of 3 pairs: 6 people, enough for its own part, too few for any rate.
    make_cohort(3, department=company.finance)
    client.force_login(company.alice)
    text, _reader = _read(client.get("/insights/report.pdf?lang=en"))
    appendix = text.split("The numbers of every chart", 1)[1]
    assert "Satisfaction by role — all its 2 rows are hidden: fewer than 5 people in each." in (
        appendix
    )
    # The first program's tables are printed as tables, numbers and all.
    assert "Satisfaction by role Role (respondents) Mean (1 to 5) Mentor (6 respondents) 4.0" in (
        appendix
    )
