"""A participant of a published pair withdraws: the pair ends, the partner and HR are told,
and the partner can be rematched. Before publication, a withdrawal touches no pair."""

import pytest
from django.core import mail

from bascule.core.models import AuditEntry
from bascule.pairing import selectors, services
from bascule.pairing.models import Pair, PairEndCause, PairStatus
from bascule.programs.enrollment.services import application_withdraw

pytestmark = pytest.mark.django_db


def test_a_withdrawal_after_publication_ends_the_pair_and_tells_the_partner_and_hr(
    setup, company, django_capture_on_commit_callbacks
):
    run = services.run_matching(actor=company.alice, program=setup.program)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(actor=company.alice, run=run)
    mail.outbox.clear()
    other = Pair.objects.get(mentee_application=setup.mentees["marc"])
    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(
            actor=company.lea_user, application=setup.mentors["lea"], reason="New job abroad"
        )
    pair = Pair.objects.get(mentor_application=setup.mentors["lea"])
    assert pair.status == PairStatus.ENDED and pair.ended_at is not None
    assert pair.end_cause == PairEndCause.WITHDRAWAL
    assert pair.end_reason == "New job abroad"
    assert pair.ended_by == company.lea_user
    other.refresh_from_db()
    assert other.status == PairStatus.ACTIVE and other.ended_at is None
    entry = AuditEntry.objects.get(action="matching.pair_end")
    assert entry.changes["cause"] == "withdrawal"
    # Bernard (French) is told, Léa is not; HR and Paul (the manager) get the rematch link.
    to_bernard = [m for m in mail.outbox if m.to == [company.bernard.email]]
    assert len(to_bernard) == 1
    assert "Léa Martin" in to_bernard[0].body and "New job abroad" not in to_bernard[0].body
    assert not [m for m in mail.outbox if m.to == [company.lea.email]]
    hr = [m for m in mail.outbox if m.to in ([company.alice.email], [company.paul.email])]
    pair_mails = [m for m in hr if "/rematch/" in m.body]
    assert sorted(m.to[0] for m in pair_mails) == [company.alice.email, company.paul.email]
    # Bernard is now listed without a partner; Léa is not (withdrawn).
    people = selectors.people_with_room(setup.program)
    assert setup.mentees["bernard"] in people
    assert setup.mentors["lea"] not in people


def test_a_withdrawal_before_publication_ends_no_pair(setup, company):
    services.run_matching(actor=company.alice, program=setup.program)
    application_withdraw(
        actor=company.bernard_user, application=setup.mentees["bernard"], reason="Too busy"
    )
    assert not Pair.objects.exists()
    assert not AuditEntry.objects.filter(action="matching.pair_end").exists()
