"""The dashboards cost as many queries for many pairs, meetings, check-ins and answers as for
a few: the database sums them up."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bascule.insights.tests.factories import answer_surveys, make_cohort, make_program
from bascule.programs.models import ParticipantRole

pytestmark = pytest.mark.django_db

URLS = ("/insights/", "/api/insights/overview", "/api/insights/reaction")


def grow(program, pairs: int) -> None:
    cohort = make_cohort(pairs, program=program)
    answer_surveys(
        program,
        [(pair, role, 4, 9) for pair in cohort.pairs for role in ParticipantRole.values],
    )


@pytest.mark.parametrize("url", URLS)
def test_more_data_costs_no_more_queries(url, client, company, django_assert_max_num_queries):
    program = make_program()
    grow(program, 5)
    client.force_login(company.alice)
    client.get(url)  # the session, the caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    budget = len(few.captured_queries)  # read now: the next request empties the log
    grow(program, 20)
    # The new pairs' health at the end of the past months is computed and stored by the first
    # visit that lacks it (test_health_months.py); the visits after read it in one query.
    client.get(url)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
