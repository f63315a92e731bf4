"""Swapping the mentors of two proposals of the latest run: both new pairs are locked pairs
made by hand, with every constraint they break named and audited; refused cleanly (nothing
changed) for an earlier run, another program's proposal, or two mentees of one mentor."""

import datetime as dt

import pytest
from django.urls import reverse

from bascule.core.errors import ConflictError, DomainError
from bascule.core.models import AuditEntry
from bascule.pairing import services
from bascule.pairing.models import PairRule, Proposal, RuleKind
from bascule.pairing.testing import make_matching_program
from bascule.programs.models import Program, ProgramStatus

pytestmark = pytest.mark.django_db
BASE = "/api/matching"


def two_pairs(run, setup):
    bernard = run.proposals.get(mentee_application=setup.mentees["bernard"])
    marc = run.proposals.get(mentee_application=setup.mentees["marc"])
    return bernard, marc


def snapshot(run):
    return sorted(
        run.proposals.values_list(
            "pk", "mentee_application_id", "mentor_application_id", "locked", "manual"
        )
    )


def test_a_swap_exchanges_the_mentors_locks_both_pairs_and_names_what_they_break(setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    bernard, marc = two_pairs(run, setup)
    assert bernard.mentor_application == setup.mentors["lea"]
    assert marc.mentor_application == setup.mentors["ines"]
    # Bernard and Inès were excluded, and the gap rule is raised: the page must say so.
    PairRule.objects.create(
        program=setup.program,
        mentee_application=setup.mentees["bernard"],
        mentor_application=setup.mentors["ines"],
        kind=RuleKind.EXCLUDE,
    )
    Program.objects.filter(pk=setup.program.pk).update(min_level_gap=6)
    setup.program.refresh_from_db()
    a, b = services.swap_mentees(
        actor=company.alice, program=setup.program, first=bernard, second=marc
    )
    assert a.mentor_application == setup.mentors["ines"]
    assert b.mentor_application == setup.mentors["lea"]
    for proposal in (a, b):
        proposal.refresh_from_db()
        assert proposal.locked and proposal.manual and proposal.run_id == run.pk
        assert proposal.score > 0 and proposal.reasons
    assert {w["code"] for w in a.warnings} == {"exclusion", "level_gap"}
    # Marc is Léa's manager; the gap is 5, below the 6 asked.
    assert {w["code"] for w in b.warnings} == {"reporting_line", "level_gap"}
    locks = set(
        PairRule.objects.filter(kind=RuleKind.LOCK, manual=True).values_list(
            "mentee_application_id", "mentor_application_id"
        )
    )
    assert locks == {
        (setup.mentees["bernard"].pk, setup.mentors["ines"].pk),
        (setup.mentees["marc"].pk, setup.mentors["lea"].pk),
    }
    run.refresh_from_db()
    assert run.edited and run.matched == 2
    assert run.total_score == pytest.approx(a.score + b.score)
    entry = AuditEntry.objects.get(action="matching.swap")
    assert [p["warnings"] for p in entry.changes["pairs"]] == [
        [w["code"] for w in a.warnings],
        [w["code"] for w in b.warnings],
    ]


def test_a_swapped_pair_survives_the_next_run(setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    bernard, marc = two_pairs(run, setup)
    services.swap_mentees(actor=company.alice, program=setup.program, first=bernard, second=marc)
    again = services.run_matching(actor=company.alice, program=setup.program)
    kept = again.proposals.get(mentee_application=setup.mentees["marc"])
    assert kept.mentor_application == setup.mentors["lea"] and kept.manual and kept.locked
    assert [w["code"] for w in kept.warnings] == ["reporting_line"]
    assert (
        again.proposals.get(mentee_application=setup.mentees["bernard"]).mentor_application
        == (setup.mentors["ines"])
    )


def test_a_swap_on_an_earlier_run_is_refused_and_changes_nothing(setup, company):
    first_run = services.run_matching(actor=company.alice, program=setup.program)
    bernard, marc = two_pairs(first_run, setup)
    latest = services.run_matching(actor=company.alice, program=setup.program)
    before = snapshot(first_run), snapshot(latest)
    with pytest.raises(ConflictError) as error:
        services.swap_mentees(
            actor=company.alice, program=setup.program, first=bernard, second=marc
        )
    assert error.value.code == "not_latest_run"
    assert (snapshot(first_run), snapshot(latest)) == before
    assert not PairRule.objects.exists()
    assert not AuditEntry.objects.filter(action="matching.swap").exists()


def test_two_mentees_of_the_same_mentor_cannot_be_swapped(setup, company):
    Program.objects.filter(pk=setup.program.pk).update(mentor_capacity=2)
    setup.program.refresh_from_db()
    run = services.run_matching(actor=company.alice, program=setup.program)
    bernard = run.proposals.get(mentee_application=setup.mentees["bernard"])
    other = run.proposals.exclude(pk=bernard.pk).first()
    Proposal.objects.filter(pk=other.pk).update(mentor_application=bernard.mentor_application)
    other.refresh_from_db()
    before = snapshot(run)
    with pytest.raises(DomainError) as error:
        services.swap_mentees(
            actor=company.alice, program=setup.program, first=bernard, second=other
        )
    assert error.value.code == "same_mentor"
    assert "the same mentor" in error.value.message
    assert snapshot(run) == before
    assert not PairRule.objects.exists()


def test_the_workbench_swaps_two_mentees_and_shows_the_warnings(client, setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    bernard, marc = two_pairs(run, setup)
    client.force_login(company.paul)
    html = client.get(reverse("pairing:workbench", kwargs={"program_id": setup.program.pk}))
    assert "Swap two mentees" in html.content.decode()
    response = client.post(
        reverse("pairing:swap", kwargs={"program_id": setup.program.pk}),
        {"swap-first": bernard.pk, "swap-second": marc.pk},
        follow=True,
    )
    html = response.content.decode()
    assert "Swapped: Bernard Lefèvre now with Inès Garcia" in html
    assert "Marc Petit and Léa Martin break the program&#x27;s constraints" in html
    assert "they are in the same reporting line" in html
    assert AuditEntry.objects.filter(action="matching.swap").count() == 1


def test_the_workbench_refuses_a_swap_of_the_same_pair_or_an_earlier_run(client, setup, company):
    first_run = services.run_matching(actor=company.alice, program=setup.program)
    bernard, marc = two_pairs(first_run, setup)
    client.force_login(company.alice)
    url = reverse("pairing:swap", kwargs={"program_id": setup.program.pk})
    response = client.post(url, {"swap-first": bernard.pk, "swap-second": bernard.pk})
    assert response.status_code == 200
    assert "Choose two different pairs." in response.content.decode()
    services.run_matching(actor=company.alice, program=setup.program)
    response = client.post(url, {"swap-first": bernard.pk, "swap-second": marc.pk})
    assert response.status_code == 200
    assert "Only the pairs of the latest run can be swapped" in response.content.decode()
    assert not AuditEntry.objects.filter(action="matching.swap").exists()


def test_a_proposal_of_another_program_is_not_found(client, setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    bernard, _marc = two_pairs(run, setup)
    other = Program.objects.create(
        name="Other",
        status=ProgramStatus.MATCHING,
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 2, 1),
    )
    other.managers.add(company.paul)
    client.force_login(company.paul)
    response = client.post(
        reverse("pairing:swap", kwargs={"program_id": other.pk}),
        {"swap-first": bernard.pk, "swap-second": bernard.pk},
    )
    assert response.status_code == 404
    response = client.post(
        f"{BASE}/programs/{other.pk}/swaps",
        {"first_proposal_id": bernard.pk, "second_proposal_id": bernard.pk},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_api_swaps_and_answers_the_warnings(client, setup, company):
    run = services.run_matching(actor=company.alice, program=setup.program)
    bernard, marc = two_pairs(run, setup)
    client.force_login(company.alice)
    url = f"{BASE}/programs/{setup.program.pk}/swaps"
    response = client.post(
        url,
        {"first_proposal_id": bernard.pk, "second_proposal_id": marc.pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    first, second = response.json()["proposals"]
    assert first["mentor"]["application_id"] == setup.mentors["ines"].pk
    assert second["warning_codes"] == ["reporting_line"]
    assert second["locked"] and second["manual"]
    services.run_matching(actor=company.alice, program=setup.program)
    response = client.post(
        url,
        {"first_proposal_id": bernard.pk, "second_proposal_id": marc.pk},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "not_latest_run"


def test_a_second_program_proposal_in_the_api_is_not_found_for_a_manager(client, company):
    hr_only = make_matching_program(company, name="HR only")
    hr_only.program.managers.clear()
    run = services.run_matching(actor=company.alice, program=hr_only.program)
    ids = list(run.proposals.values_list("pk", flat=True))
    client.force_login(company.paul)
    response = client.post(
        f"{BASE}/programs/{hr_only.program.pk}/swaps",
        {"first_proposal_id": ids[0], "second_proposal_id": ids[1]},
        content_type="application/json",
    )
    assert response.status_code == 404
