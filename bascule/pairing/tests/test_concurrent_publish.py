"""Two publications of the same run at once: one wins, the other is refused, nothing twice.

Row locks need a real database server: on SQLite (one writer at a time) this is skipped.
"""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from bascule.core.errors import ConflictError
from bascule.pairing import services
from bascule.pairing.models import Pair
from bascule.pairing.testing import make_matching_program

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]


def test_two_concurrent_publications_create_the_pairs_once(company):
    setup = make_matching_program(company)
    run = services.run_matching(actor=company.alice, program=setup.program)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def publish(actor) -> None:
        try:
            barrier.wait()
            services.publish_run(actor=actor, run=run)
            outcomes.append("published")
        except ConflictError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=publish, args=(actor,)) for actor in (company.alice, company.paul)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["already_published", "published"]
    assert Pair.objects.filter(program=setup.program).count() == 2
    assert len(mail.outbox) == 4
