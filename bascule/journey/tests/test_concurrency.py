"""Both members save the same goal at the same moment, from the same version: one save wins,
the other is refused; and both confirm the kickoff at once: the pair starts once.

Row locks need a real database server: on SQLite (one writer at a time) this is skipped.
"""

import threading

import pytest
from django.db import connection, connections

from bascule.core.errors import ConflictError
from bascule.core.models import AuditEntry
from bascule.journey import services
from bascule.journey.models import Goal, GoalDirection
from bascule.pairing.testing import make_running_program

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]

VALUES = {
    "direction": GoalDirection.LEARNING,
    "title": "Use AI tools",
    "success_criteria": "One summary a week",
    "status": "in_progress",
    "progress": 10,
}


def run_both(work, actors) -> list[str]:
    barrier = threading.Barrier(len(actors))
    outcomes: list[str] = []

    def target(actor) -> None:
        try:
            barrier.wait()
            work(actor)
            outcomes.append("saved")
        except ConflictError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_two_saves_of_the_same_version_never_both_pass(company):
    running = make_running_program(company)
    values = {**VALUES, "target_date": running.program.ends_on}
    goal = services.goal_create(actor=company.lea_user, pair=running.pair, values=values)

    def save(actor) -> None:
        fresh = Goal.objects.select_related("pair__program").get(pk=goal.pk)
        services.goal_update(
            actor=actor,
            goal=fresh,
            version=1,
            values={**values, "title": f"Title by {actor.email}"},
        )

    outcomes = run_both(save, [company.lea_user, company.bernard_user])
    assert outcomes == ["saved", "stale_version"]
    goal.refresh_from_db()
    assert goal.version == 2
    assert AuditEntry.objects.filter(action="journey.goal_updated").count() == 1


def test_two_confirmations_at_once_start_the_pair_once(company):
    running = make_running_program(company)
    agreements = {
        "charter_accepted": True,
        "meeting_frequency": "weekly",
        "channel": "video",
        "confidentiality": True,
    }

    def confirm(actor) -> None:
        services.kickoff_confirm(actor=actor, pair=running.pair, values=agreements)

    assert run_both(confirm, [company.lea_user, company.bernard_user]) == ["saved", "saved"]
    assert AuditEntry.objects.filter(action="journey.pair_started").count() == 1
