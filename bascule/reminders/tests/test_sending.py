"""The command: each reminder sent once, in the recipient's language, as they chose (or as
their program requires); a failed e-mail is retried at the next run."""

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from bascule.notifications import emails
from bascule.reminders.models import ProgramReminderPolicy, ReminderPreference, SentReminder
from bascule.reminders.tests.conftest import NOW
from bascule.reminders.tests.helpers import confirm_charter, make_meeting, sent_to

DAY = dt.timedelta(days=1)
LEA = "lea.martin@example.com"
BERNARD = "bernard.lefevre@example.com"


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def charter_due(running, frozen, company):
    """Three days after publication: only the charter reminder is due, to the four members."""
    frozen.move_to(NOW + 3 * DAY)
    return running


def test_running_the_command_twice_sends_once(charter_due, company):
    first = run()
    assert "Sent 4, skipped 0" in first
    assert len(mail.outbox) == 4
    assert "Sent 0, skipped 4 (already sent: 4, turned off: 0), failed 0." in run()
    assert len(mail.outbox) == 4
    assert SentReminder.objects.filter(status="sent").count() == 4


def test_the_reminder_links_to_the_right_page_and_to_the_preferences(charter_due, company):
    run("--kind", "charter")
    message = sent_to(LEA)[0]
    pair_id = charter_due.pair.pk
    assert f"http://testserver/pairs/{pair_id}/kickoff/" in message.body or (
        f"/pairs/{pair_id}/kickoff/" in message.body
    )
    assert "/reminders/" in message.body
    html = message.alternatives[0][0]
    assert f"/pairs/{pair_id}/kickoff/" in html
    assert "/reminders/" in html
    assert message.subject == "Please confirm the charter of your mentoring with Bernard Lefèvre"


def test_bernard_reads_his_reminder_in_french(charter_due, company):
    company.bernard_user.language = "fr"
    company.bernard_user.save()
    run()
    message = sent_to(BERNARD)[0]
    html = message.alternatives[0][0]
    assert message.body.startswith("Bonjour Bernard,")  # a message already in the catalog
    assert '<html lang="fr">' in html
    assert "L'équipe Bascule" in message.body or "L&#x27;équipe Bascule" in html
    assert f"/pairs/{charter_due.pair.pk}/kickoff/" in message.body
    assert sent_to(LEA)[0].body.startswith("Hello Lea,")


def test_the_meeting_time_is_in_the_recipients_time_zone(running, frozen, company):
    company.lea_user.time_zone = "America/New_York"
    company.lea_user.save()
    make_meeting(running.pair, NOW + 3 * DAY)  # 08:00 UTC: 09:00 in Paris, 03:00 in New York
    frozen.move_to(NOW + 2.5 * DAY)
    run("--kind", "meeting_soon")
    assert "03:00–03:45 (America/New_York)" in sent_to(LEA)[0].body
    assert "09:00–09:45 (Europe/Paris)" in sent_to(BERNARD)[0].body


def test_a_kind_turned_off_is_not_sent(charter_due, company):
    ReminderPreference.objects.create(user=company.lea_user, kind="charter", enabled=False)
    assert "Sent 3, skipped 1 (already sent: 0, turned off: 1)" in run()
    assert sent_to(LEA) == []
    assert not SentReminder.objects.filter(recipient=company.lea_user).exists()


def test_a_kind_the_program_requires_is_sent_whatever_the_preference(charter_due, company):
    ReminderPreference.objects.create(user=company.lea_user, kind="charter", enabled=False)
    ProgramReminderPolicy.objects.create(program=charter_due.program, required_kinds=["charter"])
    run()
    assert len(sent_to(LEA)) == 1


def test_a_failed_email_is_retried_at_the_next_run(charter_due, company, caplog):
    real = emails.send_templated_email

    def flaky(*, to, **kwargs):
        if to.email == LEA:
            raise OSError("SMTP server unreachable")
        return real(to=to, **kwargs)

    with (
        mock.patch.object(emails, "send_templated_email", side_effect=flaky),
        pytest.raises(CommandError, match="retried"),
    ):
        run()
    assert len(mail.outbox) == 3
    assert "could not be sent" in caplog.text
    assert not SentReminder.objects.filter(recipient=company.lea_user).exists()
    assert "Sent 1, skipped 3" in run()
    assert len(sent_to(LEA)) == 1


def test_a_dry_run_sends_and_records_nothing(charter_due, company):
    out = run("--dry-run")
    assert f"charter\t{LEA}\tcharter:pair{charter_due.pair.pk}" in out
    assert "Dry run: would send 4" in out
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_an_unknown_kind_is_refused_clearly(charter_due):
    with pytest.raises(CommandError, match="Unknown kind of reminder: birthday"):
        run("--kind", "birthday")


def test_a_confirmed_charter_is_not_reminded_and_a_paused_pair_gets_nothing(charter_due, company):
    confirm_charter(charter_due.pair, company.lea, NOW)
    other = charter_due.other_pair
    other.paused_at = NOW
    other.save()
    run()
    assert [m.to for m in mail.outbox] == [[BERNARD]]


def test_the_whole_journey_in_one_run_each_once(running, frozen, company):
    make_meeting(running.pair, NOW + 20 * DAY)
    frozen.move_to(NOW + 19.5 * DAY)
    run()
    subjects = sorted(m.subject for m in sent_to(LEA))
    assert subjects == [
        "Please confirm the charter of your mentoring with Bernard Lefèvre",
        "Reminder: meeting with Bernard Lefèvre on Sunday 21 March, 09:00",
        "Your check-in with Bernard Lefèvre is due",
    ]
    frozen.move_to(NOW + 19.6 * DAY)
    assert "Sent 0" in run()


def test_a_claim_left_by_an_interrupted_run_is_not_sent_again(charter_due, company):
    # A run died after claiming Léa's reminder: whether it left is unknown, so never twice.
    SentReminder.objects.create(
        kind="charter",
        recipient=company.lea_user,
        key=f"charter:pair{charter_due.pair.pk}",
        claimed_at=NOW,
    )
    assert "Sent 3, skipped 1 (already sent: 1, turned off: 0)" in run()
    assert sent_to(LEA) == []
    # Deleting the claim (the admin) lets the next run send it.
    SentReminder.objects.filter(recipient=company.lea_user, status="sending").delete()
    assert "Sent 1, skipped 3" in run()
    assert len(sent_to(LEA)) == 1
