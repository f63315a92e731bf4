"""Check-ins: one per member and period of the program's cadence, counted from the pair's
publication; the member's own answers, the pair's goals' progress, and what HR may read."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import IntegrityError, connection, connections, transaction

from bascule.accounts.models import Role, User
from bascule.core.models import AuditEntry
from bascule.journey import services
from bascule.journey.checkins import selectors as checkin_selectors
from bascule.journey.checkins import services as checkin_services
from bascule.journey.models import CheckIn, Goal, GoalDirection
from bascule.pairing.models import PairStatus
from bascule.pairing.testing import make_running_program
from bascule.testing import make_user

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)
FOUR_WEEKS = dt.timedelta(weeks=4)
BLOCKING = "My manager does not give me time for this"
TO_HR = "Could HR plan a session on AI tools?"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def running(company, frozen):
    """Léa mentors Bernard, published at NOW; the program's cadence is 4 weeks."""
    setup = make_running_program(company)
    assert setup.pair.published_at == NOW
    assert setup.program.checkin_every_weeks == 4
    return setup


@pytest.fixture
def goal(running, company) -> Goal:
    return services.goal_create(
        actor=company.lea_user,
        pair=running.pair,
        values={
            "direction": GoalDirection.LEARNING,
            "title": "Use AI tools",
            "success_criteria": "One summary a week",
            "target_date": dt.date(2027, 5, 1),
            "status": "in_progress",
            "progress": 10,
        },
    )


def page(pair) -> str:
    return f"/pairs/{pair.pk}/checkin/"


def api(pair, what="checkin") -> str:
    return f"/api/pairs/{pair.pk}/{what}"


def form(goal=None, **values):
    data = {"pulse": 4, "blocking": BLOCKING, "message_to_hr": TO_HR, "period": 1}
    if goal is not None:
        data[f"goal_{goal.pk}"] = 40
        data[f"version_{goal.pk}"] = goal.version
    data.update(values)
    return data


# --- Periods and what is due ------------------------------------------------------------------


def test_periods_follow_the_cadence_from_the_publication(running):
    pair = running.pair
    assert checkin_selectors.period_at(pair, NOW) == 1
    assert checkin_selectors.period_at(pair, NOW + FOUR_WEEKS - dt.timedelta(seconds=1)) == 1
    assert checkin_selectors.period_at(pair, NOW + FOUR_WEEKS) == 2
    assert checkin_selectors.period_at(pair, NOW - dt.timedelta(seconds=1)) == 0
    assert checkin_selectors.period_bounds(pair, 2) == (NOW + FOUR_WEEKS, NOW + 2 * FOUR_WEEKS)
    running.program.checkin_every_weeks = 2
    running.program.save(update_fields=["checkin_every_weeks"])
    pair.refresh_from_db()
    assert checkin_selectors.period_at(pair, NOW + FOUR_WEEKS) == 3


def test_the_home_card_says_when_a_check_in_is_due(client, running, company, frozen):
    client.force_login(company.lea_user)
    home = client.get("/").content.decode()
    assert "Your check-in for this period is due" in home
    assert page(running.pair) in home

    response = client.post(page(running.pair), form())
    assert response.status_code == 302
    assert "Your check-in for this period is due" not in client.get("/").content.decode()
    space = client.get(f"/pairs/{running.pair.pk}/").content.decode()
    assert "Your last check-in: March 1, 2027." in space

    # The last moment of the first period: still answered.
    frozen.move_to(NOW + FOUR_WEEKS - dt.timedelta(seconds=1))
    assert "Your check-in for this period is due" not in client.get("/").content.decode()
    # The second period begins: due again (a new login: the session has expired by then).
    frozen.move_to(NOW + FOUR_WEEKS)
    client.force_login(company.lea_user)
    assert "Your check-in for this period is due" in client.get("/").content.decode()
    # The partner has answered nothing: due for him from the start, whatever Léa did.
    client.force_login(company.bernard_user)  # reads French
    assert "Votre point d'étape de cette période est à faire" in client.get("/").content.decode()


def test_an_ended_pair_shows_no_due_check_in(client, running, company):
    running.pair.status = PairStatus.ENDED
    running.pair.save(update_fields=["status"])
    client.force_login(company.lea_user)
    assert "Your check-in for this period is due" not in client.get("/").content.decode()
    checkin_page = client.get(page(running.pair)).content.decode()
    assert "This mentoring has ended: check-ins can no longer be given." in checkin_page


# --- Giving a check-in on the page -------------------------------------------------------------


def test_a_check_in_updates_the_goals_and_is_pre_filled(client, running, company, goal):
    client.force_login(company.lea_user)
    blank = client.get(page(running.pair)).content.decode()
    assert 'name="pulse"' in blank and 'type="radio"' in blank
    assert f'name="goal_{goal.pk}"' in blank and 'value="10"' in blank  # pre-filled
    assert "4 — Well" in blank

    response = client.post(page(running.pair), form(goal))
    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    assert (checkin.member, checkin.period, checkin.pulse) == (company.lea, 1, 4)
    assert checkin.blocking == BLOCKING and checkin.message_to_hr == TO_HR
    goal.refresh_from_db()
    assert goal.progress == 40 and goal.version == 2 and goal.updated_by == company.lea_user
    entry = AuditEntry.objects.filter(action="journey.goal_updated").get()
    assert entry.changes["progress"] == {"old": 10, "new": 40}

    again = client.get(page(running.pair)).content.decode()
    assert "Saving again updates your answer." in again and BLOCKING in again


def test_one_check_in_per_member_and_period_even_when_sent_twice(client, running, company, goal):
    client.force_login(company.lea_user)
    data = form(goal)
    assert client.post(page(running.pair), data).status_code == 302
    # The same form sent again (the goal's old version): updates, no duplicate, no conflict.
    assert client.post(page(running.pair), {**data, "pulse": 2}).status_code == 302
    checkin = CheckIn.objects.get()
    assert checkin.pulse == 2
    assert AuditEntry.objects.filter(action="journey.checkin_given").count() == 1
    assert AuditEntry.objects.filter(action="journey.checkin_updated").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(pair=running.pair, member=company.lea, period=1, pulse=3)


def test_a_future_past_or_ended_period_is_refused(client, running, company, frozen):
    client.force_login(company.lea_user)
    future = client.post(page(running.pair), form(period=2)).content.decode()
    assert "This check-in period has not started yet" in future
    assert not CheckIn.objects.exists()

    frozen.move_to(NOW + FOUR_WEEKS)
    client.force_login(company.lea_user)  # the session has expired by then
    past = client.post(page(running.pair), form(period=1)).content.decode()
    assert "This check-in period is over" in past
    assert not CheckIn.objects.exists()

    running.pair.status = PairStatus.ENDED
    running.pair.save(update_fields=["status"])
    ended = client.post(page(running.pair), form(period=2)).content.decode()
    assert "This mentoring has ended: check-ins can no longer be given." in ended
    assert not CheckIn.objects.exists()


def test_wrong_values_are_explained_and_nothing_is_saved(client, running, company, goal):
    client.force_login(company.lea_user)
    response = client.post(page(running.pair), form(goal, pulse="", **{f"goal_{goal.pk}": 120}))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Please say how it is going, from 1 to 5." in text
    assert "Progress is a percentage: a whole number between 0 and 100." in text
    assert BLOCKING in text  # nothing typed is lost
    assert not CheckIn.objects.exists()
    goal.refresh_from_db()
    assert goal.progress == 10


def test_a_goal_changed_meanwhile_is_not_overwritten(client, running, company, goal):
    services.goal_update(
        actor=company.bernard_user,
        goal=goal,
        version=1,
        values={
            "direction": goal.direction,
            "title": goal.title,
            "success_criteria": goal.success_criteria,
            "target_date": goal.target_date,
            "status": goal.status,
            "progress": 20,
        },
    )
    client.force_login(company.lea_user)
    response = client.post(page(running.pair), form(goal))  # version 1, now 2
    assert "changed this goal while you were editing it" in response.content.decode()
    assert not CheckIn.objects.exists()
    goal.refresh_from_db()
    assert goal.progress == 20


# --- The API -----------------------------------------------------------------------------------


def test_the_api_gives_the_due_check_in_submits_and_lists(client, running, company, goal):
    client.force_login(company.lea_user)
    due = client.get(api(running.pair)).json()
    assert due["period"] == 1 and due["due"] is True and due["mine"] is None
    assert due["goals"] == [{"id": goal.pk, "title": "Use AI tools", "progress": 10, "version": 1}]

    payload = {
        "pulse": 5,
        "goals": [{"goal_id": goal.pk, "progress": 60, "version": 1}],
        "blocking": BLOCKING,
    }
    created = client.post(api(running.pair), payload, content_type="application/json")
    assert created.status_code == 200, created.content
    assert created.json()["pulse_label"] == "5 — Very well"
    again = client.post(api(running.pair), {**payload, "pulse": 3}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    goal.refresh_from_db()
    assert goal.progress == 60

    assert client.get(api(running.pair)).json()["due"] is False
    listed = client.get(api(running.pair, "checkins")).json()
    assert [(c["period"], c["pulse"]) for c in listed] == [(1, 3)]

    stale = {**payload, "goals": [{"goal_id": goal.pk, "progress": 70, "version": 1}]}
    conflict = client.post(api(running.pair), stale, content_type="application/json")
    assert conflict.status_code == 409 and conflict.json()["code"] == "stale_version"

    future = client.post(
        api(running.pair), {**payload, "period": 2}, content_type="application/json"
    )
    assert future.status_code == 400 and future.json()["code"] == "future_period"
    bad = client.post(api(running.pair), {"pulse": 6}, content_type="application/json")
    assert bad.status_code == 422


def test_the_api_refuses_an_ended_pair(client, running, company):
    running.pair.status = PairStatus.ENDED
    running.pair.save(update_fields=["status"])
    client.force_login(company.lea_user)
    response = client.post(api(running.pair), {"pulse": 3}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "pair_ended"
    assert client.get(api(running.pair)).json()["open"] is False


def test_the_api_is_for_members_only(client, running, company):
    ines = User.objects.filter(employee=running.other_pair.mentor).first() or make_user(
        "ines@example.com", Role.PARTICIPANT, employee=running.other_pair.mentor
    )
    for user in (company.alice, company.paul, company.sophie, company.oscar, ines):
        client.force_login(user)
        assert client.get(api(running.pair)).status_code == 404
        assert client.get(api(running.pair, "checkins")).status_code == 404
        response = client.post(api(running.pair), {"pulse": 3}, content_type="application/json")
        assert response.status_code == 404
        assert client.get(page(running.pair)).status_code == 404
    assert not CheckIn.objects.exists()
    client.logout()
    assert client.get(api(running.pair)).status_code == 401


# --- Privacy -----------------------------------------------------------------------------------


def test_the_partner_sees_nothing_of_a_check_in(client, running, company, goal):
    running.program.managers.add(company.paul)
    checkin_services.checkin_submit(
        actor=company.lea_user,
        pair=running.pair,
        pulse=1,
        blocking=BLOCKING,
        message_to_hr=TO_HR,
    )
    client.force_login(company.bernard_user)
    for url in (
        "/",
        f"/pairs/{running.pair.pk}/",
        page(running.pair),
        api(running.pair),
        api(running.pair, "checkins"),
    ):
        text = client.get(url).content.decode()
        assert BLOCKING not in text and TO_HR not in text
        assert "Period 1" not in text and '"pulse": 1' not in text
    assert client.get(api(running.pair, "checkins")).json() == []
    assert client.get(api(running.pair)).json()["due"] is True

    # HR reads no page of it, and the audit log holds no answer.
    for user in (company.alice, company.paul):
        client.force_login(user)
        assert client.get(page(running.pair)).status_code == 404
    for entry in AuditEntry.objects.filter(action__startswith="journey.checkin"):
        assert BLOCKING not in str(entry.changes) and "pulse" not in str(entry.changes)


def test_hr_reads_who_answered_the_mean_pulse_and_the_messages_only(running, company, frozen):
    pair = running.pair
    checkin_services.checkin_submit(
        actor=company.lea_user, pair=pair, pulse=2, blocking=BLOCKING, message_to_hr=TO_HR
    )
    checkin_services.checkin_submit(actor=company.bernard_user, pair=pair, pulse=5)
    frozen.move_to(NOW + FOUR_WEEKS + dt.timedelta(days=1))
    checkin_services.checkin_submit(actor=company.bernard_user, pair=pair, pulse=4)

    summary = checkin_selectors.pair_checkin_summary(pair)
    assert [(s.period, s.answered, s.mean_pulse) for s in summary] == [
        (1, [company.lea, company.bernard], 3.5),
        (2, [company.bernard], 4.0),
    ]
    assert BLOCKING not in repr(summary)
    messages = checkin_selectors.pair_checkin_messages_to_hr(pair)
    assert [(m.period, m.member, m.message) for m in messages] == [(1, company.lea, TO_HR)]
    assert BLOCKING not in repr(messages)

    frozen.move_to(NOW + 3 * FOUR_WEEKS)
    assert [s.mean_pulse for s in checkin_selectors.pair_checkin_summary(pair)] == [
        3.5,
        4.0,
        None,
        None,
    ]


# --- The same check-in sent twice at the same moment (PostgreSQL: row locks) ---------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")
def test_a_check_in_sent_twice_at_once_is_saved_once(company):
    running = make_running_program(company)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def send(pulse: int) -> None:
        try:
            barrier.wait()
            checkin_services.checkin_submit(actor=company.lea_user, pair=running.pair, pulse=pulse)
            outcomes.append("saved")
        except Exception as exc:  # noqa: BLE001 - any failure is the test's failure
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(pulse,)) for pulse in (2, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["saved", "saved"]
    assert CheckIn.objects.filter(pair=running.pair, member=company.lea).count() == 1
    assert AuditEntry.objects.filter(action="journey.checkin_given").count() == 1
    assert AuditEntry.objects.filter(action="journey.checkin_updated").count() == 1
