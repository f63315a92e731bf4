"""Pair health: the rules, HR's list worst first, the pair's page, and HR's actions (nudge,
pause, resume) through the pages and the API. Time is frozen; the pair is published at NOW."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from bascule.accounts.models import Role
from bascule.core.models import AuditEntry
from bascule.journey import services
from bascule.journey.health import selectors as health
from bascule.journey.health import services as health_services
from bascule.journey.models import CheckIn, GoalDirection
from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.pairing import lifecycle
from bascule.pairing.models import Pair
from bascule.pairing.testing import make_running_program
from bascule.testing import make_user

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(weeks=1)
BLOCKING = "My manager gives me no time for this"
GOAL_TITLE = "Prepare my board notes with AI"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """`with sent():` runs what the block commits as outside a test transaction (e-mails)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def running(company, clock):
    setup = make_running_program(company)
    assert setup.pair.published_at == NOW
    assert setup.program.meeting_every_weeks == 2
    assert setup.program.checkin_every_weeks == 4
    return setup


def confirm_both(pair, company, *, with_goal=True):
    """Both members confirm the charter; with a goal at half way, due at the program's end."""
    values = {
        "charter_accepted": True,
        "meeting_frequency": "fortnightly",
        "channel": "video",
        "confidentiality": True,
    }
    services.kickoff_confirm(actor=company.lea_user, pair=pair, values=values)
    services.kickoff_confirm(actor=company.bernard_user, pair=pair, values=values)
    if with_goal:
        services.goal_create(
            actor=company.lea_user,
            pair=pair,
            values={
                "direction": GoalDirection.GROWTH,
                "title": "Present to the executive committee",
                "success_criteria": "One presentation",
                "target_date": dt.date(2027, 6, 30),
                "status": "in_progress",
                "progress": 50,
            },
        )


def meeting(pair, when, **extra):
    return Meeting.objects.create(pair=pair, starts_at=when, duration_minutes=45, **extra)


def checkin(pair, employee, period, pulse, **extra):
    return CheckIn.objects.create(pair=pair, member=employee, period=period, pulse=pulse, **extra)


def state_of(pair, **kwargs):
    pair = Pair.objects.select_related("program").get(pk=pair.pk)
    return health.pair_health(pair, **kwargs)


def codes(item):
    return {signal.code: signal.severity for signal in item.signals}


class TestRules:
    def test_a_new_pair_is_on_track(self, running):
        item = state_of(running.pair)
        assert item.state == health.ON_TRACK
        assert item.signals == []

    def test_the_charter_not_confirmed_needs_attention_then_puts_the_pair_at_risk(
        self, running, clock, company
    ):
        meeting(running.pair, NOW + 12 * DAY)
        clock.move_to(NOW + 15 * DAY)
        item = state_of(running.pair)
        assert codes(item) == {"charter": health.ATTENTION}
        assert "either member" in item.signals[0].text
        services.kickoff_confirm(
            actor=company.lea_user,
            pair=running.pair,
            values={
                "charter_accepted": True,
                "meeting_frequency": "weekly",
                "channel": "video",
                "confidentiality": True,
            },
        )
        clock.move_to(NOW + 29 * DAY)
        item = state_of(running.pair)
        assert codes(item)["charter"] == health.AT_RISK
        assert "by one member" in item.signals[0].text
        assert item.state == health.AT_RISK

    def test_meetings_against_the_cadence(self, running, clock, company):
        confirm_both(running.pair, company)
        # Two weeks + one week of grace without a meeting, none planned: attention.
        clock.move_to(NOW + 22 * DAY)
        item = state_of(running.pair)
        assert codes(item) == {"meetings": health.ATTENTION}
        assert "No meeting yet, 3 weeks" in item.signals[0].text
        assert "every 2 weeks" in item.signals[0].text
        # One planned: fine again.
        meeting(running.pair, NOW + 25 * DAY)
        assert state_of(running.pair).state == health.ON_TRACK
        # It took place; four weeks and a day later, none planned: at risk.
        clock.move_to(NOW + 25 * DAY + 29 * DAY)
        item = state_of(running.pair)
        assert codes(item)["meetings"] == health.AT_RISK
        assert "No meeting for 4 weeks" in item.signals[0].text
        assert item.meetings_held == 1
        assert item.last_meeting_at == NOW + 25 * DAY

    def test_a_cancelled_meeting_or_a_no_show_does_not_count(self, running, clock, company):
        confirm_both(running.pair, company)
        meeting(running.pair, NOW + 7 * DAY, outcome=MeetingOutcome.NO_SHOW)
        meeting(running.pair, NOW + 14 * DAY, outcome=MeetingOutcome.NO_SHOW)
        meeting(running.pair, NOW + 15 * DAY, status="cancelled")
        clock.move_to(NOW + 20 * DAY)
        item = state_of(running.pair)
        assert item.meetings_held == 0
        assert codes(item) == {"no_show": health.ATTENTION}

    def test_check_ins_nobody_answered(self, running, clock, company):
        confirm_both(running.pair, company)
        for week in range(1, 12, 2):
            meeting(running.pair, NOW + week * WEEK, outcome=MeetingOutcome.HELD)
        clock.move_to(NOW + 5 * WEEK)  # period 2: period 1 is over, unanswered
        assert codes(state_of(running.pair)) == {"checkins": health.ATTENTION}
        checkin(running.pair, company.lea, 1, 4)
        assert state_of(running.pair).state == health.ON_TRACK
        clock.move_to(NOW + 13 * WEEK)  # period 4: periods 2 and 3 unanswered
        item = state_of(running.pair)
        assert codes(item)["checkins"] == health.AT_RISK
        assert "periods 2 and 3" in item.signals[0].text
        assert item.checkins_answered == 1
        assert item.checkins_expected == 8

    def test_the_pairs_mean_pulse(self, running, clock, company):
        confirm_both(running.pair, company)
        meeting(running.pair, NOW + 6 * DAY, outcome=MeetingOutcome.HELD)
        checkin(running.pair, company.lea, 1, 3)
        checkin(running.pair, company.bernard, 1, 2)
        clock.move_to(NOW + 7 * DAY)
        item = state_of(running.pair)
        assert codes(item) == {"pulse": health.ATTENTION}
        assert "2.5 out of 5" in item.signals[0].text
        CheckIn.objects.filter(member=company.lea).update(pulse=1)
        assert codes(state_of(running.pair)) == {"pulse": health.AT_RISK}

    def test_goals_missing_overdue_or_behind(self, running, clock, company):
        confirm_both(running.pair, company, with_goal=False)
        for week in range(1, 30, 2):
            meeting(running.pair, NOW + week * WEEK, outcome=MeetingOutcome.HELD)
        clock.move_to(NOW + 22 * DAY)
        checkin(running.pair, company.lea, 1, 4)
        assert codes(state_of(running.pair)) == {"no_goals": health.ATTENTION}
        goal = services.goal_create(
            actor=company.lea_user,
            pair=running.pair,
            values={
                "direction": GoalDirection.LEARNING,
                "title": GOAL_TITLE,
                "success_criteria": "One note a month",
                "target_date": dt.date(2027, 4, 15),
                "status": "in_progress",
                "progress": 10,
            },
        )
        assert state_of(running.pair).state == health.ON_TRACK
        # Past its target date, not achieved.
        clock.move_to(dt.datetime(2027, 4, 20, 8, tzinfo=dt.UTC))
        checkin(running.pair, company.bernard, 2, 4)
        item = state_of(running.pair)
        assert codes(item) == {"goals_overdue": health.ATTENTION}
        # Achieved: fine. Another goal far behind the program's time: attention.
        goal.status = "achieved"
        goal.progress = 100
        goal.save()
        assert state_of(running.pair).state == health.ON_TRACK
        goal.status = "in_progress"
        goal.progress = 0
        goal.target_date = dt.date(2027, 6, 30)
        goal.save()
        clock.move_to(dt.datetime(2027, 6, 20, 8, tzinfo=dt.UTC))
        checkin(running.pair, company.bernard, 3, 4)
        checkin(running.pair, company.bernard, 4, 4)
        item = state_of(running.pair)
        assert codes(item) == {"goals_behind": health.ATTENTION}
        assert "0% on average" in item.signals[0].text

    def test_a_message_to_hr_needs_attention(self, running, company):
        checkin(running.pair, company.bernard, 1, 4, message_to_hr="Please call me")
        assert codes(state_of(running.pair)) == {"message_to_hr": health.ATTENTION}

    def test_paused_and_ended_pairs(self, running, clock, company):
        clock.move_to(NOW + 40 * DAY)
        assert state_of(running.pair).state == health.AT_RISK
        lifecycle.pair_pause(actor=company.alice, pair=running.pair, reason="Leave")
        item = state_of(running.pair)
        assert item.state == health.PAUSED
        assert item.signals == []
        Pair.objects.filter(pk=running.pair.pk).update(status="ended")
        assert state_of(running.pair).state == health.ENDED

    def test_the_program_list_is_worst_first_in_a_fixed_number_of_queries(
        self, running, clock, company, django_assert_max_num_queries
    ):
        confirm_both(running.pair, company)
        meeting(running.pair, NOW + 20 * DAY)
        clock.move_to(NOW + 16 * DAY)
        with django_assert_max_num_queries(2):
            items = health.program_health(program=running.program)
        states = [item.state for item in items]
        assert states[0] == health.ATTENTION  # the other pair: charter not confirmed
        assert items[-1].pair == running.pair
        assert states[-1] == health.ON_TRACK


def hr_page(client, user, url, **data):
    client.force_login(user)
    return client.post(url, data) if data else client.get(url)


class TestPages:
    def test_hr_sees_the_pairs_worst_first_with_the_reasons_but_no_content(
        self, running, clock, company, client
    ):
        services.goal_create(
            actor=company.lea_user,
            pair=running.pair,
            values={
                "direction": GoalDirection.LEARNING,
                "title": GOAL_TITLE,
                "success_criteria": "One note a month",
                "target_date": dt.date(2027, 4, 15),
                "status": "in_progress",
                "progress": 10,
            },
        )
        checkin(running.pair, company.bernard, 1, 1, blocking=BLOCKING)
        clock.move_to(NOW + 3 * DAY)
        response = hr_page(client, company.alice, f"/pairs/health/programs/{running.program.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "At risk" in html
        assert "not going well (1.0 out of 5)" in html
        assert html.index(company.bernard.full_name) < html.index(company.cmo.full_name)
        assert BLOCKING not in html and GOAL_TITLE not in html
        only = client.get(f"/pairs/health/programs/{running.program.pk}/?state=on_track")
        assert company.bernard.full_name not in only.content.decode()
        detail = client.get(f"/pairs/health/{running.pair.pk}/")
        assert detail.status_code == 200
        text = detail.content.decode()
        assert "not going well" in text and BLOCKING not in text and GOAL_TITLE not in text
        assert "Send the pair a message" in text

    def test_other_roles_and_scopes(self, running, company, client):
        other_manager = make_user("pm2@example.com", Role.PROGRAM_MANAGER)
        assert (
            hr_page(client, company.lea_user, f"/pairs/health/{running.pair.pk}/").status_code
            == 403
        )
        assert (
            hr_page(client, other_manager, f"/pairs/health/{running.pair.pk}/").status_code == 404
        )
        url = f"/pairs/health/programs/{running.program.pk}/"
        assert hr_page(client, other_manager, url).status_code == 404
        assert hr_page(client, company.bernard_user, url).status_code == 403

    def test_nudge_sends_each_member_the_message_in_their_language_once(
        self, running, company, client, sent
    ):
        company.bernard_user.language = "fr"
        company.bernard_user.save()
        url = f"/pairs/health/{running.pair.pk}/nudge/"
        with sent():
            response = hr_page(
                client, company.alice, url, recipients="both", message="Could you plan a meeting?"
            )
        assert response.status_code == 302
        assert len(mail.outbox) == 2
        by_address = {m.to[0]: m for m in mail.outbox}
        bernard = by_address[company.bernard_user.email]
        assert "Could you plan a meeting?" in bernard.body
        assert f"/pairs/{running.pair.pk}/" in bernard.body
        assert bernard.body.startswith("Bonjour Bernard")
        assert by_address[company.lea_user.email].body.startswith("Hello Lea")
        assert AuditEntry.objects.filter(action="journey.pair_nudged").count() == 1
        with sent():
            again = client.post(
                url, {"recipients": "both", "message": "Could you plan a meeting?"}, follow=True
            )
        assert "a few minutes ago" in again.content.decode()
        assert len(mail.outbox) == 2

    def test_nudge_to_one_member_and_bad_input(self, running, company, client, sent):
        url = f"/pairs/health/{running.pair.pk}/nudge/"
        empty = hr_page(client, company.alice, url, recipients="mentee", message="   ")
        assert empty.status_code == 400
        assert mail.outbox == []
        with sent():
            hr_page(client, company.alice, url, recipients="mentee", message="Hello Bernard")
        assert [m.to[0] for m in mail.outbox] == [company.bernard_user.email]

    def test_the_nudge_form_is_prefilled_without_private_signals(self, running, clock, company):
        checkin(running.pair, company.bernard, 1, 1, message_to_hr="Help")
        clock.move_to(NOW + 23 * DAY)
        item = state_of(running.pair)
        assert {"pulse", "message_to_hr", "meetings", "charter"} <= set(codes(item))
        draft = health_services.nudge_draft(item)
        assert "plan the next one" in draft
        assert "charter" in draft
        assert "HR" not in draft and "going well" not in draft

    def test_pause_then_resume(self, running, company, client, sent):
        url = f"/pairs/health/{running.pair.pk}/pause/"
        missing = hr_page(client, company.alice, url, reason="")
        assert missing.status_code == 400
        with sent():
            response = client.post(url, {"reason": "Bernard is on leave until May"})
        assert response.status_code == 302
        running.pair.refresh_from_db()
        assert running.pair.paused_at == NOW
        assert running.pair.paused_by == company.alice
        assert len(mail.outbox) == 2
        assert all("May" not in m.body for m in mail.outbox)  # the reason stays with HR
        twice = client.post(url, {"reason": "again"}, follow=True)
        assert "already paused" in twice.content.decode()
        with sent():
            client.post(f"/pairs/health/{running.pair.pk}/resume/")
        running.pair.refresh_from_db()
        assert running.pair.paused_at is None
        assert len(mail.outbox) == 4
        actions = list(
            AuditEntry.objects.filter(action__startswith="journey.pair_").values_list(
                "action", flat=True
            )
        )
        assert sorted(actions) == ["journey.pair_paused", "journey.pair_resumed"]

    def test_an_ended_pair_cannot_be_nudged_or_paused(self, running, company, client):
        Pair.objects.filter(pk=running.pair.pk).update(status="ended")
        response = hr_page(
            client,
            company.alice,
            f"/pairs/health/{running.pair.pk}/nudge/",
            recipients="both",
            message="Hi",
        )
        assert response.status_code == 302
        assert "already ended" in client.get(response.url).content.decode()
        assert mail.outbox == []

    def test_the_program_page_links_to_the_health(self, running, company, client):
        response = hr_page(client, company.alice, f"/programs/{running.program.pk}/")
        assert f"/pairs/health/programs/{running.program.pk}/" in response.content.decode()


class TestApi:
    def test_hr_reads_the_health_and_acts(self, running, clock, company, client, sent):
        clock.move_to(NOW + 23 * DAY)
        client.force_login(company.alice)
        listing = client.get(f"/api/pairs/health/programs/{running.program.pk}")
        assert listing.status_code == 200
        body = listing.json()
        assert {row["state"] for row in body} == {"attention"}
        ours = next(row for row in body if row["pair_id"] == running.pair.pk)
        assert {s["code"] for s in ours["signals"]} >= {"charter", "meetings"}
        with sent():
            nudge = client.post(
                f"/api/pairs/health/{running.pair.pk}/nudge",
                {"message": "Plan a meeting", "recipients": "mentor"},
                content_type="application/json",
            )
        assert nudge.json() == {"sent": 1}
        assert [m.to[0] for m in mail.outbox] == [company.lea_user.email]
        again = client.post(
            f"/api/pairs/health/{running.pair.pk}/nudge",
            {"message": "Plan a meeting"},
            content_type="application/json",
        )
        assert again.status_code == 409
        assert again.json()["code"] == "recently_nudged"
        paused = client.post(
            f"/api/pairs/health/{running.pair.pk}/pause",
            {"reason": "Leave"},
            content_type="application/json",
        )
        assert paused.json()["state"] == "paused"
        empty = client.post(
            f"/api/pairs/health/{running.pair.pk}/resume", content_type="application/json"
        )
        assert empty.json()["state"] == "attention"
        bad = client.post(
            f"/api/pairs/health/{running.pair.pk}/pause",
            {"reason": " "},
            content_type="application/json",
        )
        assert bad.status_code == 400

    def test_members_and_other_managers_are_refused(self, running, company, client):
        client.force_login(company.lea_user)
        assert client.get(f"/api/pairs/health/{running.pair.pk}").status_code == 403
        other_manager = make_user("pm3@example.com", Role.PROGRAM_MANAGER)
        client.force_login(other_manager)
        assert client.get(f"/api/pairs/health/{running.pair.pk}").status_code == 404
        url = f"/api/pairs/health/programs/{running.program.pk}"
        assert client.get(url).status_code == 404
