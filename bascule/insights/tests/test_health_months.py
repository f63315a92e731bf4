"""The health over time: a pair counts as running only between its publication and the end
of its program (or its own end), its past months are stored once and read back, and the
command that stores them is idempotent."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bascule.insights import services
from bascule.insights.filters import add_months
from bascule.insights.models import PairHealthMonth
from bascule.insights.tests.factories import make_cohort, make_program
from bascule.meetings.models import Meeting
from bascule.pairing.models import PairStatus

pytestmark = pytest.mark.django_db


def health_rows(client, **params) -> dict[str, int]:
    """The health figure of /api/insights/overview: the pairs shown per month (all states)."""
    response = client.get("/api/insights/overview", params)
    assert response.status_code == 200
    figure = next(f for f in response.json()["figures"] if f["id"] == "health")
    return {
        label: sum(series["values"][i] or 0 for series in figure["series"])
        for i, label in enumerate(figure["labels"])
    }


def month_label(day: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "M Y")


def test_pairs_of_an_ended_program_no_longer_count_as_running(client, company):
    today = timezone.localdate()
    program = make_program(
        starts_on=today - dt.timedelta(days=330), ends_on=today - dt.timedelta(days=120)
    )
    make_cohort(6, program=program, published_days_ago=300)  # never marked as ended
    client.force_login(company.alice)
    rows = health_rows(client, program=program.pk)
    this_month = today.replace(day=1)
    # Running while the program ran…
    assert rows[month_label(add_months(this_month, -6))] == 6
    # …not after its end, although nobody set the pairs to "ended".
    for back in range(3):
        assert rows[month_label(add_months(this_month, -back))] == 0


def test_an_ended_pair_stops_counting_when_it_ended(client, company):
    cohort = make_cohort(6, published_days_ago=150)
    ended = cohort.pairs[0]
    ended.status = PairStatus.ENDED
    ended.ended_at = timezone.now() - dt.timedelta(days=70)
    ended.save()
    client.force_login(company.alice)
    rows = health_rows(client, program=cohort.program.pk)
    this_month = timezone.localdate().replace(day=1)
    assert rows[month_label(add_months(this_month, -4))] == 6
    assert rows[month_label(this_month)] == 5


def test_past_months_are_stored_once_and_read_back(client, company):
    cohort = make_cohort(6, published_days_ago=150)
    client.force_login(company.alice)
    first = health_rows(client, program=cohort.program.pk)
    stored = PairHealthMonth.objects.count()
    assert stored > 0
    assert set(PairHealthMonth.objects.values_list("pair_id", flat=True)) == {
        p.pk for p in cohort.pairs
    }
    # The current month is not stored: it is not over.
    this_month = timezone.localdate().replace(day=1)
    assert not PairHealthMonth.objects.filter(month=this_month).exists()
    # A second visit and the nightly command write nothing new.
    assert health_rows(client, program=cohort.program.pk) == first
    out = StringIO()
    call_command("record_pair_health", stdout=out)
    assert out.getvalue().strip() == "0 pair-month states written."
    assert PairHealthMonth.objects.count() == stored


def test_a_stored_month_keeps_what_was_seen_then_unless_recomputed(client, company):
    cohort = make_cohort(6, published_days_ago=150)
    month = add_months(timezone.localdate().replace(day=1), -1)
    pairs = services.pairs_of_programs([cohort.program])
    assert services.record_health_months(pairs=pairs, months=[month]) == 6
    before = dict(PairHealthMonth.objects.filter(month=month).values_list("pair_id", "state"))
    assert services.record_health_months(pairs=pairs, months=[month]) == 0
    PairHealthMonth.objects.filter(month=month).update(state="paused")
    # Kept as stored…
    assert services.record_health_months(pairs=pairs, months=[month]) == 0
    assert set(PairHealthMonth.objects.filter(month=month).values_list("state", flat=True)) == {
        "paused"
    }
    # …until recomputed.
    out = StringIO()
    call_command("record_pair_health", "--months", "1", "--recompute", stdout=out)
    assert out.getvalue().strip() == "6 pair-month states written."
    after = dict(PairHealthMonth.objects.filter(month=month).values_list("pair_id", "state"))
    assert after == before


def test_the_facts_at_a_month_end_leave_out_what_came_after(company):
    """A meeting held after a month's end does not change the state at that end."""
    cohort = make_cohort(6, published_days_ago=150)
    month = add_months(timezone.localdate().replace(day=1), -2)
    end = services.month_end(month)
    pairs = services.pairs_of_programs([cohort.program])
    before = services.states_at(pairs, end)
    for pair in cohort.pairs:
        Meeting.objects.create(pair=pair, starts_at=end + dt.timedelta(days=3), duration_minutes=30)
    assert services.states_at(pairs, end) == before


def test_the_command_refuses_a_bad_number_of_months():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("record_pair_health", "--months", "0")
