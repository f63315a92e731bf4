"""Both members save the same goal at the same moment, from the same version: one save wins,
the other is refused; both confirm the kickoff at once: the pair starts once; and one goal
sent twice at the same moment (the service, the API with one Idempotency-Key, the page with
one form's key) is created once.

Row locks need a real database server: on SQLite (one writer at a time) this is skipped.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from bascule.core.errors import ConflictError
from bascule.core.idempotency import FIELD, AlreadySubmitted, Submission
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


# --- The same submission twice at the same moment ------------------------------------------------


def at_once(work, count: int = 2) -> list:
    """Run `work()` in `count` threads released together; return what each returned or
    raised."""
    barrier = threading.Barrier(count)
    results: list = []

    def target() -> None:
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # the test looks at what was raised
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_one_goal_sent_twice_at_once_is_created_once(company):
    running = make_running_program(company)
    values = {**VALUES, "target_date": running.program.ends_on}
    submission = Submission(key="form:same-page", fingerprint="same-values")

    def create():
        return services.goal_create(
            actor=company.lea_user, pair=running.pair, values=values, submission=submission
        )

    results = at_once(create)
    assert sorted(type(r).__name__ for r in results) == ["AlreadySubmitted", "Goal"]
    goal = next(r for r in results if isinstance(r, Goal))
    replay = next(r for r in results if isinstance(r, AlreadySubmitted))
    assert replay.target == goal
    assert Goal.objects.count() == 1


def test_one_api_request_retried_at_once_creates_once_and_answers_the_same(company):
    running = make_running_program(company)
    body = {**VALUES, "target_date": running.program.ends_on.isoformat()}
    url = f"/api/pairs/{running.pair.pk}/goals"

    def send():
        client = Client()
        client.force_login(company.lea_user)
        return client.post(
            url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="goal-at-once"
        )

    first, second = at_once(send)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert sorted(str(r.get("Idempotent-Replayed")) for r in (first, second)) == ["None", "true"]
    assert Goal.objects.count() == 1


def test_one_form_sent_twice_at_once_lands_both_times_on_the_one_goal(company):
    running = make_running_program(company)
    url = f"/pairs/{running.pair.pk}/goals/new/"
    data = {
        "direction": "learning",
        "title": "Run a video meeting on my own",
        "success_criteria": "Three video meetings led by March",
        "target_date": running.program.ends_on.isoformat(),
        "status": "in_progress",
        "progress": "20",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "10",
        FIELD: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    }

    def send():
        client = Client()
        client.force_login(company.lea_user)
        return client.post(url, data)

    first, second = at_once(send)
    goal = Goal.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/pairs/{running.pair.pk}/#goal-{goal.pk}"
