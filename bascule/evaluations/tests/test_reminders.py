"""The evaluations' reminders: a survey open, a survey closing soon; sent once, through the
reminders app's command, in the member's language; never to a member who answered."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from bascule.evaluations.tests.helpers import answer
from bascule.pairing.models import Pair
from bascule.reminders.kinds import get_kind

pytestmark = pytest.mark.django_db


def keys(code, now, pair):
    return {
        (due.recipient.email, due.key)
        for due in get_kind(code).due(now)
        if due.key.endswith(f":pair{pair.pk}")
    }


def test_a_survey_open_reminds_both_members_until_they_answer(running, surveys, company, frozen):
    baseline = surveys["baseline"]
    now = dt.datetime(2027, 1, 15, 9, 0, tzinfo=dt.UTC)
    key = f"evaluation_open:survey{baseline.pk}:pair{running.pair.pk}"
    assert keys("evaluation_open", now, running.pair) == {
        ("lea.martin@example.com", key),
        ("bernard.lefevre@example.com", key),
    }
    answer(baseline, running.pair, company.lea_user)
    assert keys("evaluation_open", now, running.pair) == {("bernard.lefevre@example.com", key)}
    # More than a week after it opened: no longer "open" news.
    later = dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC)
    assert keys("evaluation_open", later, running.pair) == set()


def test_a_survey_closing_soon_reminds_who_has_not_answered(running, surveys, company, frozen):
    baseline = surveys["baseline"]
    closes = baseline.closes_on
    frozen.move_to(dt.datetime.combine(closes - dt.timedelta(days=2), dt.time(9), dt.UTC))
    now = dt.datetime.combine(closes - dt.timedelta(days=2), dt.time(9), dt.UTC)
    found = keys("evaluation_closing", now, running.pair)
    assert {email for email, _key in found} == {
        "lea.martin@example.com",
        "bernard.lefevre@example.com",
    }
    Pair.objects.filter(pk=running.pair.pk).update(paused_at=now)
    assert keys("evaluation_closing", now, running.pair) == set()


def test_the_command_sends_it_once_in_the_members_language(running, surveys, company):
    company.bernard_user.language = "fr"
    company.bernard_user.save()
    mail.outbox.clear()
    call_command("send_reminders", kind=["evaluation_open"], stdout=io.StringIO())
    sent = {m.to[0]: m for m in mail.outbox}
    bernard = sent["bernard.lefevre@example.com"]
    assert bernard.body.startswith("Bonjour Bernard")
    assert f"/evaluations/surveys/{surveys['baseline'].pk}/pairs/{running.pair.pk}/" in (
        bernard.body
    )
    count = len(mail.outbox)
    call_command("send_reminders", kind=["evaluation_open"], stdout=io.StringIO())
    assert len(mail.outbox) == count


def test_the_closing_survey_reminds_the_members_of_a_pair_ended_early(running, surveys, company):
    Pair.objects.filter(pk=running.pair.pk).update(
        status="ended", ended_at=dt.datetime(2027, 1, 14, 9, tzinfo=dt.UTC), end_cause="hr"
    )
    now = dt.datetime(2027, 1, 15, 9, 0, tzinfo=dt.UTC)
    closing = surveys["closing"]
    assert keys("evaluation_open", now, running.pair) == {
        ("lea.martin@example.com", f"evaluation_open:survey{closing.pk}:pair{running.pair.pk}"),
        (
            "bernard.lefevre@example.com",
            f"evaluation_open:survey{closing.pk}:pair{running.pair.pk}",
        ),
    }
