"""Two issues of the same program at the same moment (two HR admins, the job and the
command): each certificate is issued once. A unique constraint decides; it needs a real
database server to be raced: on SQLite (one writer at a time) this is skipped."""

import threading

import pytest
from django.db import connection, connections

from bascule.certificates import selectors, services
from bascule.certificates.models import Certificate
from bascule.certificates.tests.helpers import make_pair, make_people, make_program

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent inserts are raced on PostgreSQL"
    ),
]


def test_two_issues_at_once_issue_each_certificate_once(company):
    program = make_program()
    people = make_people(6)
    for n in range(0, 6, 2):
        make_pair(program, people[n], people[n + 1])
    # Both read who is eligible before either writes: both see six certificates to issue.
    lists = [selectors.eligibility(program).candidates for _ in range(2)]
    barrier = threading.Barrier(2)
    made: list[int] = []

    def issue(candidates) -> None:
        try:
            barrier.wait()
            made.append(
                len(
                    services.issue_candidates(
                        actor=company.alice, program=program, candidates=candidates
                    )
                )
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(c,)) for c in lists]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(made) == 6 and len(made) == 2
    assert Certificate.objects.filter(program=program).count() == 6
