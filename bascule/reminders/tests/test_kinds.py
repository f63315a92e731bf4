"""Each kind of reminder is due when it should be, and not otherwise (the clock frozen)."""

import datetime as dt

from bascule.meetings.models import MeetingOutcome, MeetingStatus
from bascule.pairing.models import PairStatus
from bascule.programs.models import ProgramStatus
from bascule.reminders.tests.conftest import NOW
from bascule.reminders.tests.helpers import (
    confirm_charter,
    dues,
    give_checkin,
    keyed,
    make_meeting,
)

LEA = "lea.martin@example.com"
BERNARD = "bernard.lefevre@example.com"
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)


def both(key: str) -> set[tuple[str, str]]:
    return {(LEA, key), (BERNARD, key)}


# --- A meeting in the next 24 hours --------------------------------------------------------


def test_a_meeting_within_24_hours_reminds_both_members(running):
    meeting = make_meeting(running.pair, NOW + 3 * DAY)
    assert dues("meeting_soon", NOW + 3 * DAY - 25 * HOUR, running.pair) == []
    found = dues("meeting_soon", NOW + 3 * DAY - 23 * HOUR, running.pair)
    assert keyed(found) == both(f"meeting:{meeting.pk}:seq0")
    assert found[0].template == "reminder-meeting-soon"
    assert found[0].context["meeting_url"].endswith(f"/meetings/{meeting.pk}/")


def test_a_meeting_that_started_or_was_cancelled_reminds_nobody(running):
    make_meeting(running.pair, NOW + 2 * DAY, status=MeetingStatus.CANCELLED)
    assert dues("meeting_soon", NOW + 1.5 * DAY, running.pair) == []
    make_meeting(running.pair, NOW + 2 * DAY + HOUR)
    assert dues("meeting_soon", NOW + 2 * DAY + 2 * HOUR, running.pair) == []


def test_a_meeting_just_scheduled_waits_an_hour_its_invitation_just_left(running, frozen):
    frozen.move_to(NOW + 2 * DAY)
    meeting = make_meeting(running.pair, NOW + 2 * DAY + 5 * HOUR)  # updated_at: now
    assert dues("meeting_soon", NOW + 2 * DAY + 30 * dt.timedelta(minutes=1)) == []
    found = dues("meeting_soon", NOW + 2 * DAY + HOUR, running.pair)
    assert keyed(found) == both(f"meeting:{meeting.pk}:seq0")


def test_a_rescheduled_meeting_gets_a_new_key(running):
    meeting = make_meeting(running.pair, NOW + 3 * DAY)
    meeting.sequence = 1
    meeting.save()
    found = dues("meeting_soon", NOW + 2.5 * DAY, running.pair)
    assert keyed(found) == both(f"meeting:{meeting.pk}:seq1")


# --- Check-in due --------------------------------------------------------------------------


def test_a_checkin_is_due_from_the_middle_of_the_period(running, company):
    # Periods of 4 weeks from the publication (NOW): period 1 ends on 29 March.
    assert dues("checkin_due", NOW + 13 * DAY, running.pair) == []
    found = dues("checkin_due", NOW + 14 * DAY, running.pair)
    assert keyed(found) == both(f"checkin:pair{running.pair.pk}:period1")
    assert found[0].context["checkin_url"].endswith(f"/pairs/{running.pair.pk}/checkin/")


def test_a_member_who_answered_is_not_reminded(running, company):
    give_checkin(running.pair, company.lea, 1)
    found = dues("checkin_due", NOW + 20 * DAY, running.pair)
    assert keyed(found) == {(BERNARD, f"checkin:pair{running.pair.pk}:period1")}


def test_each_period_has_its_own_key(running, company):
    give_checkin(running.pair, company.lea, 1)
    give_checkin(running.pair, company.bernard, 1)
    assert dues("checkin_due", NOW + 30 * DAY, running.pair) == []  # period 2, first half
    found = dues("checkin_due", NOW + 42 * DAY, running.pair)
    assert keyed(found) == both(f"checkin:pair{running.pair.pk}:period2")


# --- Charter not confirmed -----------------------------------------------------------------


def test_the_charter_reminder_comes_three_days_after_publication(running):
    assert dues("charter", NOW + 2 * DAY, running.pair) == []
    found = dues("charter", NOW + 3 * DAY, running.pair)
    assert keyed(found) == both(f"charter:pair{running.pair.pk}")
    assert found[0].context["kickoff_url"].endswith(f"/pairs/{running.pair.pk}/kickoff/")


def test_the_charter_reminder_stops_for_a_member_who_confirmed(running, company):
    confirm_charter(running.pair, company.bernard, NOW + DAY)
    found = dues("charter", NOW + 5 * DAY, running.pair)
    assert keyed(found) == {(LEA, f"charter:pair{running.pair.pk}")}
    confirm_charter(running.pair, company.lea, NOW + 5 * DAY)
    assert dues("charter", NOW + 6 * DAY, running.pair) == []


# --- No meeting for longer than the cadence ------------------------------------------------


def test_no_meeting_since_publication_after_the_cadence(running):
    # The program meets every 2 weeks.
    assert dues("no_meeting", NOW + 13 * DAY, running.pair) == []
    found = dues("no_meeting", NOW + 14 * DAY, running.pair)
    key = f"no_meeting:pair{running.pair.pk}:after-publication:1"
    assert keyed(found) == both(key)
    assert found[0].context["schedule_url"].endswith(f"/meetings/pairs/{running.pair.pk}/new/")
    # Two weeks more without a meeting: a second window, a second reminder.
    found = dues("no_meeting", NOW + 29 * DAY, running.pair)
    assert keyed(found) == both(f"no_meeting:pair{running.pair.pk}:after-publication:2")


def test_a_planned_meeting_stops_the_no_meeting_reminder(running):
    make_meeting(running.pair, NOW + 20 * DAY)
    assert dues("no_meeting", NOW + 15 * DAY, running.pair) == []


def test_the_silence_counts_from_the_last_meeting_held(running):
    held = make_meeting(running.pair, NOW + 10 * DAY, outcome=MeetingOutcome.HELD)
    assert dues("no_meeting", NOW + 20 * DAY, running.pair) == []
    found = dues("no_meeting", NOW + 24 * DAY, running.pair)
    assert keyed(found) == both(f"no_meeting:pair{running.pair.pk}:after-meeting{held.pk}:1")


def test_a_no_show_or_cancelled_meeting_does_not_count_as_a_meeting(running):
    make_meeting(running.pair, NOW + 10 * DAY, outcome=MeetingOutcome.NO_SHOW)
    make_meeting(running.pair, NOW + 11 * DAY, status=MeetingStatus.CANCELLED)
    found = dues("no_meeting", NOW + 15 * DAY, running.pair)
    assert keyed(found) == both(f"no_meeting:pair{running.pair.pk}:after-publication:1")


# --- Which pairs and people get reminders --------------------------------------------------

ALL_KINDS = ("meeting_soon", "checkin_due", "charter", "no_meeting")


def everything_due(pair, now):
    return [d for code in ALL_KINDS for d in dues(code, now, pair)]


def test_a_paused_pair_gets_nothing(running, company):
    make_meeting(running.pair, NOW + 20 * DAY)
    later = NOW + 19.5 * DAY
    assert everything_due(running.pair, later)  # the meeting, the check-in, the charter
    running.pair.paused_at = NOW + DAY
    running.pair.paused_by = company.alice
    running.pair.save()
    assert everything_due(running.pair, later) == []
    assert everything_due(running.other_pair, later)  # the other pair still gets its own


def test_an_ended_pair_gets_nothing(running):
    make_meeting(running.pair, NOW + 20 * DAY)
    running.pair.status = PairStatus.ENDED
    running.pair.ended_at = NOW + DAY
    running.pair.save()
    assert everything_due(running.pair, NOW + 19.5 * DAY) == []


def test_a_closed_program_gets_nothing(running):
    running.program.status = ProgramStatus.CLOSED
    running.program.save()
    assert everything_due(running.pair, NOW + 30 * DAY) == []


def test_a_member_without_an_active_account_gets_nothing(running, company):
    company.bernard_user.is_active = False
    company.bernard_user.save()
    found = everything_due(running.pair, NOW + 20 * DAY)
    assert found and {d.recipient.email for d in found} == {LEA}
