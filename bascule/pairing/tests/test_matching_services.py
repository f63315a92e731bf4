"""Matching services: runs honour the hard constraints, locks and exclusions; manual pairs
say what they break; publication creates the pairs once and tells both members."""

from collections import Counter

import pytest
from django.core import mail

from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.core.models import AuditEntry
from bascule.notifications import emails
from bascule.pairing import inputs, selectors, services
from bascule.pairing.models import MatchRun, Pair, PairRule, Proposal, RuleKind, RunStatus
from bascule.programs.enrollment.services import application_withdraw
from bascule.programs.models import Program, ProgramStatus

pytestmark = pytest.mark.django_db


def pairs_of(run: MatchRun) -> set[tuple[int, int]]:
    return {(p.mentee_application_id, p.mentor_application_id) for p in run.proposals.all()}


def proposal(run: MatchRun, mentee, mentor) -> Proposal:
    return run.proposals.get(mentee_application=mentee, mentor_application=mentor)


def test_a_run_respects_every_hard_constraint(setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    context = inputs.pair_context(setup.program)
    hard = {"reporting_line", "no_common_language", "level_gap", "exclusion", "previous_pair"}
    proposals = list(run.proposals.select_related("mentee_application__employee"))
    assert proposals
    for p in proposals:
        found = inputs.pair_warnings(context, p.mentee_application, p.mentor_application)
        codes = {w["code"] for w in found}
        assert not codes & hard, (p, codes)
    mentees = Counter(p.mentee_application_id for p in proposals)
    mentors = Counter(p.mentor_application_id for p in proposals)
    assert max(mentees.values()) == 1
    assert max(mentors.values()) <= setup.program.mentor_capacity
    # Marc never gets Léa, who reports to him; Gérard speaks only German.
    assert (setup.mentees["marc"].pk, setup.mentors["lea"].pk) not in pairs_of(run)
    gerard_id = setup.mentees["gerard"].pk
    gerard = next(u for u in run.unmatched_people if u["application_id"] == gerard_id)
    assert gerard["reasons"][0]["code"] == "no_common_language"
    assert run.matched == 2 and run.unmatched == 2
    assert run.max_matched_proven
    assert run.upper_bound >= run.total_score - 1e-9
    assert run.parameters["weights"] == inputs.default_weights(setup.program)
    assert AuditEntry.objects.filter(action="matching.run").count() == 1


def test_a_run_is_refused_unless_the_program_is_matching(setup, company):
    Program.objects.filter(pk=setup.program.pk).update(status=ProgramStatus.ENROLLING)
    with pytest.raises(DomainError) as error:
        services.run_matching(actor=company.alice, program=setup.program)
    assert error.value.code == "not_matching"
    assert not MatchRun.objects.exists()


def test_a_locked_pair_is_kept_by_the_next_run(setup, company):
    first = services.run_matching(actor=company.alice, program=setup.program)
    marc_ines = proposal(first, setup.mentees["marc"], setup.mentors["ines"])
    services.proposal_lock(actor=company.alice, proposal=marc_ines)
    # Weights that would rather give Inès to Bernard.
    services.matching_settings_update(
        actor=company.alice,
        program=setup.program,
        values={"weights": {"mentor_can_help": 1, "career_gap": 0}},
    )
    second = services.run_matching(actor=company.alice, program=setup.program)
    kept = proposal(second, setup.mentees["marc"], setup.mentors["ines"])
    assert kept.locked
    assert second.parameters["locks"] == 1
    services.proposal_unlock(actor=company.alice, proposal=kept)
    assert not PairRule.objects.filter(kind=RuleKind.LOCK).exists()


def test_an_excluded_pair_leaves_the_run_and_is_never_proposed_again(setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    bernard_lea = proposal(run, setup.mentees["bernard"], setup.mentors["lea"])
    services.proposal_exclude(actor=company.alice, proposal=bernard_lea)
    run.refresh_from_db()
    assert (setup.mentees["bernard"].pk, setup.mentors["lea"].pk) not in pairs_of(run)
    assert run.edited and run.matched == 1
    assert any(u["application_id"] == setup.mentees["bernard"].pk for u in run.unmatched_people)
    for _ in range(2):
        again = services.run_matching(actor=company.alice, program=setup.program)
        assert (setup.mentees["bernard"].pk, setup.mentors["lea"].pk) not in pairs_of(again)
    assert again.parameters["exclusions"] == 1


def test_a_manual_pair_names_every_constraint_it_breaks(setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    lea, marc, gerard = setup.mentors["lea"], setup.mentees["marc"], setup.mentees["gerard"]
    # Gérard speaks German only, and Léa already mentors Bernard (capacity 1).
    created, warnings = services.manual_pair(
        actor=company.alice,
        program=setup.program,
        mentee_application_id=gerard.pk,
        mentor_application_id=lea.pk,
    )
    assert {w["code"] for w in warnings} == {"no_common_language", "capacity"}
    assert created.manual and created.locked and created.run_id == run.pk
    # Marc is Léa's manager; a higher gap rule and an exclusion make it worse.
    Program.objects.filter(pk=setup.program.pk).update(min_level_gap=6)
    setup.program.refresh_from_db()
    PairRule.objects.create(
        program=setup.program, mentee_application=marc, mentor_application=lea, kind="exclude"
    )
    _created, warnings = services.manual_pair(
        actor=company.alice,
        program=setup.program,
        mentee_application_id=marc.pk,
        mentor_application_id=lea.pk,
    )
    codes = {w["code"] for w in warnings}
    assert codes == {"reporting_line", "level_gap", "capacity", "exclusion"}
    entry = AuditEntry.objects.filter(action="matching.manual_pair").latest("pk")
    assert set(entry.changes["warnings"]) == codes
    run.refresh_from_db()
    assert run.edited
    # Inès, Marc's mentor in the run, is left without a mentee, and the page says why.
    ines = next(u for u in run.unmatched_people if u["application_id"] == setup.mentors["ines"].pk)
    assert ines["reasons"] == [{"code": "replaced_by_hand"}]


def test_a_manual_pair_breaking_a_constraint_survives_a_new_run(setup, company):
    services.run_matching(actor=company.alice, program=setup.program)
    services.manual_pair(
        actor=company.alice,
        program=setup.program,
        mentee_application_id=setup.mentees["marc"].pk,
        mentor_application_id=setup.mentors["lea"].pk,
    )
    run = services.run_matching(actor=company.alice, program=setup.program)
    kept = proposal(run, setup.mentees["marc"], setup.mentors["lea"])
    assert kept.manual and kept.locked
    assert [w["code"] for w in kept.warnings] == ["reporting_line"]
    assert kept.score > 0
    # Léa's one place is used: nobody else gets her.
    assert run.proposals.filter(mentor_application=setup.mentors["lea"]).count() == 1


def test_manual_pairs_need_approved_people_in_the_right_roles(setup, company):
    with pytest.raises(DomainError) as error:
        services.manual_pair(
            actor=company.alice,
            program=setup.program,
            mentee_application_id=setup.mentors["lea"].pk,
            mentor_application_id=setup.mentors["ines"].pk,
        )
    assert error.value.code == "wrong_role"


def test_publishing_creates_the_pairs_and_tells_both_members_in_their_language(
    setup, company, django_capture_on_commit_callbacks
):
    run = services.run_matching(actor=company.alice, program=setup.program)
    with django_capture_on_commit_callbacks(execute=True):
        pairs = services.publish_run(actor=company.alice, run=run)
    assert len(pairs) == run.matched == Pair.objects.count() == 2
    setup.program.refresh_from_db()
    assert setup.program.status == ProgramStatus.RUNNING
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    assert len(mail.outbox) == 4  # two per pair
    to_lea = next(m for m in mail.outbox if m.to == [company.lea.email])
    to_bernard = next(m for m in mail.outbox if m.to == [company.bernard.email])
    assert "Bernard Lefèvre" in to_lea.body and "Why the two of you" in to_lea.body
    assert "Léa Martin" in to_bernard.body
    # Bernard reads French.
    assert "Pourquoi vous deux" in to_bernard.body or "Léa peut aider Bernard" in to_bernard.body
    assert AuditEntry.objects.filter(action="matching.publish").count() == 1
    assert AuditEntry.objects.filter(action="program.transition").count() == 1


def test_announcements_go_by_batches_through_one_connection(
    setup, company, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    made = []
    monkeypatch.setattr(emails, "EMAIL_BATCH", 1)  # one pair per batch: two batches
    original = EmailBackend.__init__
    monkeypatch.setattr(
        EmailBackend, "__init__", lambda self, **kw: made.append(self) or original(self, **kw)
    )
    run = services.run_matching(actor=company.alice, program=setup.program)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(actor=company.alice, run=run)
    assert len(mail.outbox) == 4
    assert len({m.to[0] for m in mail.outbox}) == 4  # both members of both pairs
    assert len(made) == 1  # one connection (backend) for every message


def test_publishing_twice_is_harmless(setup, company, django_capture_on_commit_callbacks):
    run = services.run_matching(actor=company.alice, program=setup.program)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(actor=company.alice, run=run)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ConflictError):
        services.publish_run(actor=company.paul, run=run)
    assert Pair.objects.count() == 2
    assert len(mail.outbox) == sent
    with pytest.raises(DomainError):
        services.run_matching(actor=company.alice, program=setup.program)


def test_a_stale_run_is_not_published(setup, company):
    first = services.run_matching(actor=company.alice, program=setup.program)
    second = services.run_matching(actor=company.alice, program=setup.program)
    with pytest.raises(ConflictError) as error:
        services.publish_run(actor=company.alice, run=first)
    assert error.value.code == "stale_run"
    assert "newer run" in error.value.message
    # Someone withdraws after the latest run: it is out of date too.
    application_withdraw(
        actor=company.lea_user, application=setup.mentors["lea"], reason="Too busy"
    )
    with pytest.raises(ConflictError):
        services.publish_run(actor=company.alice, run=second)
    assert not Pair.objects.exists()
    setup.program.refresh_from_db()
    assert setup.program.status == ProgramStatus.MATCHING


def test_changed_settings_make_the_run_stale(setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    services.matching_settings_update(
        actor=company.alice, program=setup.program, values={"forbid_same_manager": True}
    )
    assert selectors.stale_reasons(run)
    with pytest.raises(ConflictError):
        services.publish_run(actor=company.alice, run=run)


@pytest.mark.parametrize(
    "weights, field",
    [
        ({"mentor_can_help": -1}, "mentor_can_help"),
        (dict.fromkeys(inputs.default_weights(Program(kind="reverse")), 0), "weights"),
        ({"age": 1}, "weights"),
    ],
)
def test_weights_are_validated(setup, company, weights, field):
    with pytest.raises(ValidationFailed) as error:
        services.matching_settings_update(
            actor=company.alice, program=setup.program, values={"weights": weights}
        )
    assert field in error.value.errors


def test_weights_saved_are_used_by_the_next_run(setup, company):
    services.matching_settings_update(
        actor=company.alice,
        program=setup.program,
        values={"weights": {"mentor_can_help": 2.0}, "reporting_line_depth": None},
    )
    setup.program.refresh_from_db()
    assert setup.program.matching_weights == {"mentor_can_help": 2.0}
    run = services.run_matching(actor=company.alice, program=setup.program)
    assert run.parameters["weights"]["mentor_can_help"] == 2.0
    assert run.parameters["constraints"]["reporting_line_depth"] is None
    assert AuditEntry.objects.filter(action="program.matching_settings").count() == 1


def test_reciprocal_programs_default_to_reciprocal_weights(setup):
    setup.program.kind = "reciprocal"
    assert inputs.program_weights(setup.program)["mentee_can_help"] == 0.25


def test_pairs_of_an_earlier_program_are_not_proposed_again(setup, company):
    from bascule.pairing.testing import make_matching_program  # noqa: F401

    earlier = Program.objects.create(
        name="Earlier",
        status=ProgramStatus.RUNNING,
        starts_on=setup.program.starts_on,
        ends_on=setup.program.ends_on,
    )
    Pair.objects.create(
        program=earlier,
        mentor=company.lea,
        mentor_application=setup.mentors["lea"],
        mentee=company.bernard,
        mentee_application=setup.mentees["bernard"],
        published_at=setup.program.status_changed_at or earlier.created_at,
    )
    run = services.run_matching(actor=company.alice, program=setup.program)
    assert (setup.mentees["bernard"].pk, setup.mentors["lea"].pk) not in pairs_of(run)


def test_a_program_started_without_pairs_cannot_publish(setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    Program.objects.filter(pk=setup.program.pk).update(status=ProgramStatus.RUNNING)
    with pytest.raises(DomainError) as error:
        services.publish_run(actor=company.alice, run=run)
    assert error.value.code == "not_matching"


def test_the_announcement_subject_is_in_each_members_language(
    setup, company, django_capture_on_commit_callbacks
):
    run = services.run_matching(actor=company.alice, program=setup.program)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_run(actor=company.alice, run=run)
    to_lea = next(m for m in mail.outbox if m.to == [company.lea.email])
    assert to_lea.subject == "Your partner in “Reverse mentoring 2027”"
    assert "you will mentor Bernard Lefèvre" in to_lea.body
    html = to_lea.alternatives[0][0]
    assert '<html lang="en">' in html and "Bernard Lefèvre" in html
    to_marc = next(m for m in mail.outbox if m.to == [company.cmo.email])
    assert "Inès Garcia will be your mentor" in to_marc.body


def test_a_lock_the_engine_refuses_is_kept_outside_it(setup, company, monkeypatch):
    PairRule.objects.create(
        program=setup.program,
        mentee_application=setup.mentees["marc"],
        mentor_application=setup.mentors["lea"],
        kind=RuleKind.LOCK,
    )
    # Should our checks miss a constraint, the engine refuses the lock: it is kept anyway.
    monkeypatch.setattr(inputs, "pair_warnings", lambda context, mentee, mentor: [])
    run = services.run_matching(actor=company.alice, program=setup.program)
    kept = proposal(run, setup.mentees["marc"], setup.mentors["lea"])
    assert kept.locked
