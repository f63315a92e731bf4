"""Rematching one person mid-program: the engine's five best eligible partners with room,
one new pair (both told by e-mail), the other pairs untouched; ending a pair first."""

import pytest
from django.core import mail
from django.urls import reverse

from bascule.accounts.models import Role
from bascule.core.errors import ConflictError, DomainError
from bascule.core.models import AuditEntry
from bascule.pairing import inputs, lifecycle, selectors, services
from bascule.pairing.models import Pair, PairEndCause, PairOrigin, PairStatus
from bascule.pairing.rematch import selectors as rematch_selectors
from bascule.pairing.rematch import services as rematch_services
from bascule.pairing.testing import _apply, _skills
from bascule.programs.models import ParticipantRole
from bascule.testing import make_employee, make_user, submit_confirmation

pytestmark = pytest.mark.django_db
BASE = "/api/matching"
HARD = {
    "reporting_line",
    "same_manager",
    "no_common_language",
    "unknown_level",
    "level_gap",
    "capacity",
    "exclusion",
    "previous_pair",
}


def publish(setup, company, capture):
    run = services.run_matching(actor=company.alice, program=setup.program)
    with capture(execute=True):
        services.publish_run(actor=company.alice, run=run)
    setup.program.refresh_from_db()
    mail.outbox.clear()


def snapshot():
    return sorted(
        Pair.objects.values_list("pk", "mentee_id", "mentor_id", "status", "score", "ended_at")
    )


def newcomers(setup, company):
    """Nadia, a mentee without a mentor (reads English), and seven new mentors: five
    eligible, one speaking German only, one too senior for the reverse rule."""
    ai, social, nego, strategy = _skills()
    nadia = make_employee(
        "E201",
        "Nadia",
        "Roux",
        seniority_level=6,
        department=company.finance,
        manager=company.ceo,
        languages=["fr", "en"],
    )
    make_user("nadia.roux@example.com", Role.PARTICIPANT, employee=nadia, language="en")
    mentee = _apply(
        setup.program,
        nadia,
        ParticipantRole.MENTEE,
        develop=[(ai, 4), (social, 2)],
        slots=("tue-am",),
    )
    mentors = {}
    for index, (level, languages, share) in enumerate(
        [
            (1, ["fr"], [(ai, 4), (social, 4)]),
            (2, ["fr"], [(ai, 3)]),
            (1, ["fr"], [(social, 2)]),
            (2, ["fr", "en"], [(strategy, 2)]),
            (1, ["en"], [(nego, 1)]),
            (2, ["fr"], []),
            (1, ["de"], [(ai, 4)]),  # no common language with Nadia
            (5, ["fr"], [(ai, 4)]),  # a gap of 1 only
        ]
    ):
        employee = make_employee(
            f"E3{index:02d}",
            f"Mentor{index}",
            "Test",
            seniority_level=level,
            department=company.marketing,
            manager=company.ceo,
            languages=languages,
        )
        make_user(f"mentor{index}@example.com", Role.PARTICIPANT, employee=employee, language="fr")
        mentors[index] = _apply(
            setup.program,
            employee,
            ParticipantRole.MENTOR,
            share=share,
            languages=languages,
            slots=("tue-am",),
        )
    return mentee, mentors


def test_the_five_best_candidates_are_eligible_have_room_and_come_best_first(
    setup, company, django_capture_on_commit_callbacks
):
    publish(setup, company, django_capture_on_commit_callbacks)
    mentee, mentors = newcomers(setup, company)
    options = rematch_selectors.rematch_options(program=setup.program, application_id=mentee.pk)
    assert len(options.candidates) == 5
    chosen = {c.application.pk for c in options.candidates}
    # Léa and Inès are at capacity; Tom, mentor 6 and mentor 7 break a hard constraint.
    assert not chosen & {setup.mentors["lea"].pk, setup.mentors["ines"].pk}
    assert not chosen & {setup.mentors["tom"].pk, mentors[6].pk, mentors[7].pk}
    scores = [c.score for c in options.candidates]
    assert scores == sorted(scores, reverse=True)
    assert options.candidates[0].application == mentors[0]  # the AI expert
    context = inputs.pair_context(setup.program)
    for candidate in options.candidates:
        warnings = inputs.pair_warnings(context, mentee, candidate.application)
        assert not {w["code"] for w in warnings} & HARD
        assert candidate.reasons and candidate.breakdown
    assert not AuditEntry.objects.filter(action="matching.rematch").exists()


def test_without_a_candidate_the_reason_is_given(
    setup, company, django_capture_on_commit_callbacks
):
    publish(setup, company, django_capture_on_commit_callbacks)
    # Hélène reads French only; the one mentor with room, Tom, speaks English only.
    options = rematch_selectors.rematch_options(
        program=setup.program, application_id=setup.mentees["helene"].pk
    )
    assert options.candidates == []
    assert options.reasons[0]["code"] == "no_common_language"


def test_a_rematch_creates_one_pair_tells_both_and_changes_no_other_pair(
    setup, company, django_capture_on_commit_callbacks
):
    publish(setup, company, django_capture_on_commit_callbacks)
    mentee, mentors = newcomers(setup, company)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        pair = rematch_services.rematch_pair(
            actor=company.paul,
            program=setup.program,
            application_id=mentee.pk,
            partner_application_id=mentors[1].pk,
        )
    assert pair.status == PairStatus.ACTIVE and pair.origin == PairOrigin.REMATCH
    assert pair.mentee_application == mentee and pair.mentor_application == mentors[1]
    assert pair.score > 0 and pair.reasons
    assert [p for p in snapshot() if p[0] != pair.pk] == before
    assert len(mail.outbox) == 2
    to_nadia = next(m for m in mail.outbox if m.to == ["nadia.roux@example.com"])
    to_mentor = next(m for m in mail.outbox if m.to == ["mentor1@example.com"])
    assert "Mentor1 Test will be your mentor" in to_nadia.body
    assert "Why the two of you" in to_nadia.body
    assert "Pourquoi vous deux" in to_mentor.body  # the mentor reads French
    entry = AuditEntry.objects.get(action="matching.rematch")
    assert entry.changes["pair_id"] == pair.pk
    # The same request again: refused, nothing created, nobody e-mailed twice.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ConflictError) as error:
        rematch_services.rematch_pair(
            actor=company.paul,
            program=setup.program,
            application_id=mentee.pk,
            partner_application_id=mentors[1].pk,
        )
    assert error.value.code == "already_paired"
    assert Pair.objects.filter(mentee_application=mentee).count() == 1
    assert len(mail.outbox) == 2
    # Nadia is no longer offered; the mentor (capacity 1) no longer appears as a candidate.
    assert mentee not in selectors.people_with_room(setup.program)
    with pytest.raises(ConflictError):
        rematch_selectors.rematch_options(program=setup.program, application_id=mentee.pk)


def test_capacity_and_hard_constraints_are_never_broken(
    setup, company, django_capture_on_commit_callbacks
):
    publish(setup, company, django_capture_on_commit_callbacks)
    mentee, mentors = newcomers(setup, company)
    # Léa already mentors Bernard (capacity 1).
    with pytest.raises(ConflictError) as error:
        rematch_services.rematch_pair(
            actor=company.alice,
            program=setup.program,
            application_id=mentee.pk,
            partner_application_id=setup.mentors["lea"].pk,
        )
    assert error.value.code == "already_paired"
    # No common language; a level gap of 1; a mentor asked to mentor a mentor.
    for mentor in (mentors[6], mentors[7]):
        with pytest.raises(DomainError) as error:
            rematch_services.rematch_pair(
                actor=company.alice,
                program=setup.program,
                application_id=mentee.pk,
                partner_application_id=mentor.pk,
            )
        assert error.value.code == "not_eligible"
    with pytest.raises(DomainError) as error:
        rematch_services.rematch_pair(
            actor=company.alice,
            program=setup.program,
            application_id=mentors[0].pk,
            partner_application_id=mentors[1].pk,
        )
    assert error.value.code == "wrong_role"
    # Marc and Inès end their pair: they are never paired again; Hélène is Inès's manager.
    marc_ines = Pair.objects.get(mentee_application=setup.mentees["marc"])
    lifecycle.pair_end(actor=company.alice, pair=marc_ines, reason="Not working")
    for mentee_app in (setup.mentees["marc"], setup.mentees["helene"]):
        with pytest.raises(DomainError) as error:
            rematch_services.rematch_pair(
                actor=company.alice,
                program=setup.program,
                application_id=setup.mentors["ines"].pk,
                partner_application_id=mentee_app.pk,
            )
        assert error.value.code == "not_eligible"
    options = rematch_selectors.rematch_options(
        program=setup.program, application_id=setup.mentors["ines"].pk
    )
    assert mentee in [c.application for c in options.candidates]
    assert setup.mentees["marc"] not in [c.application for c in options.candidates]
    assert Pair.objects.filter(status=PairStatus.ACTIVE).count() == 1


def test_mentors_take_up_to_their_capacity(setup, company, django_capture_on_commit_callbacks):
    publish(setup, company, django_capture_on_commit_callbacks)
    mentee, mentors = newcomers(setup, company)
    setup.program.mentor_capacity = 2
    setup.program.save(update_fields=["mentor_capacity"])
    # Léa (one mentee) now has room for Nadia, but not for a third.
    rematch_services.rematch_pair(
        actor=company.alice,
        program=setup.program,
        application_id=setup.mentors["lea"].pk,
        partner_application_id=mentee.pk,
    )
    assert (
        Pair.objects.filter(mentor_application=setup.mentors["lea"], status="active").count() == 2
    )
    with pytest.raises(ConflictError):
        rematch_selectors.rematch_options(
            program=setup.program, application_id=setup.mentors["lea"].pk
        )


def test_ending_a_pair_tells_both_members_with_the_reason(
    setup, company, django_capture_on_commit_callbacks
):
    publish(setup, company, django_capture_on_commit_callbacks)
    pair = Pair.objects.get(mentee_application=setup.mentees["bernard"])
    with pytest.raises(DomainError):
        lifecycle.pair_end(actor=company.alice, pair=pair, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.pair_end(actor=company.alice, pair=pair, reason="Agendas incompatibles")
    pair.refresh_from_db()
    assert pair.status == PairStatus.ENDED and pair.ended_at and pair.end_cause == PairEndCause.HR
    assert pair.ended_by == company.alice and pair.end_reason == "Agendas incompatibles"
    assert sorted(m.to[0] for m in mail.outbox) == [company.bernard.email, company.lea.email]
    to_bernard = next(m for m in mail.outbox if m.to == [company.bernard.email])
    assert "Agendas incompatibles" in to_bernard.body
    assert "Bonjour Bernard" in to_bernard.body  # Bernard reads French
    assert "questionnaire de clôture" in to_bernard.body  # ended before the program's end
    assert AuditEntry.objects.filter(action="matching.pair_end").count() == 1
    with pytest.raises(ConflictError):
        lifecycle.pair_end(actor=company.alice, pair=pair, reason="Again")
    people = selectors.people_with_room(setup.program)
    assert setup.mentees["bernard"] in people and setup.mentors["lea"] in people


def test_rematching_needs_a_running_program(setup, company):
    with pytest.raises(DomainError) as error:
        rematch_selectors.rematch_options(
            program=setup.program, application_id=setup.mentees["helene"].pk
        )
    assert error.value.code == "not_running"


def test_the_pages_end_a_pair_show_the_candidates_and_rematch(
    client, setup, company, django_capture_on_commit_callbacks
):
    publish(setup, company, django_capture_on_commit_callbacks)
    client.force_login(company.paul)
    # Hélène has no candidate yet: the page says why.
    html = client.get(
        reverse(
            "pairing:rematch_candidates",
            kwargs={"program_id": setup.program.pk, "application_id": setup.mentees["helene"].pk},
        )
    ).content.decode()
    assert "No candidate." in html and "No eligible mentor speaks" in html
    mentee, mentors = newcomers(setup, company)
    program_page = client.get(
        reverse("programs:program_detail", kwargs={"program_id": setup.program.pk})
    )
    assert "Pairs and rematching" in program_page.content.decode()
    url = reverse("pairing:rematch", kwargs={"program_id": setup.program.pk})
    html = client.get(url).content.decode()
    assert "Without a partner" in html and "Nadia Roux" in html
    assert "Find a partner" in html and "End this pair" in html
    pair = Pair.objects.get(mentee_application=setup.mentees["bernard"])
    end = reverse("pairing:pair_end", kwargs={"pair_id": pair.pk})
    response = client.post(end, {f"end-{pair.pk}-reason": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    step = client.post(end, {f"end-{pair.pk}-reason": "Moved abroad"})
    assert "End the pair of Bernard Lefèvre and" in step.content.decode()
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.ACTIVE  # not confirmed yet
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_confirmation(client, step, follow=True)
    assert "has ended; both have been told by e-mail" in response.content.decode()
    assert "Moved abroad" in response.content.decode()  # the ended pairs' list
    candidates = reverse(
        "pairing:rematch_candidates",
        kwargs={"program_id": setup.program.pk, "application_id": mentee.pk},
    )
    html = client.get(candidates).content.decode()
    assert "A new partner for Nadia Roux" in html
    assert "5 candidates, best score first" in html
    assert "Mentor0 can help Nadia with" in html
    mail.outbox.clear()
    step = client.post(
        reverse(
            "pairing:rematch_pair",
            kwargs={"program_id": setup.program.pk, "application_id": mentee.pk},
        ),
        {"partner": mentors[0].pk},
    )
    assert "Pair Nadia Roux with Mentor0 Test?" in step.content.decode()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_confirmation(client, step, follow=True)
    assert "Nadia Roux and Mentor0 Test are now a pair" in response.content.decode()
    assert len(mail.outbox) == 2


def test_the_api_lists_candidates_rematches_and_ends_pairs(
    client, setup, company, django_capture_on_commit_callbacks
):
    publish(setup, company, django_capture_on_commit_callbacks)
    client.force_login(company.alice)
    program_id = setup.program.pk
    helene = client.get(f"{BASE}/programs/{program_id}/rematch/{setup.mentees['helene'].pk}").json()
    assert helene["candidates"] == [] and helene["reason_codes"] == ["no_common_language"]
    assert "German" not in helene["reason"] and helene["reason"]
    mentee, mentors = newcomers(setup, company)
    overview = client.get(f"{BASE}/programs/{program_id}/rematch").json()
    assert mentee.pk in [p["application_id"] for p in overview["people"]]
    assert len(overview["pairs"]) == 2
    found = client.get(f"{BASE}/programs/{program_id}/rematch/{mentee.pk}").json()
    assert len(found["candidates"]) == 5 and found["candidates"][0]["explanation"]
    best = found["candidates"][0]["person"]["application_id"]
    body = {"application_id": mentee.pk, "partner_application_id": best}
    response = client.post(f"{BASE}/programs/{program_id}/rematch", body, "application/json")
    assert response.status_code == 201, response.content
    assert response.json()["origin"] == "rematch"
    again = client.post(f"{BASE}/programs/{program_id}/rematch", body, "application/json")
    assert again.status_code == 409
    assert Pair.objects.filter(mentee_application=mentee).count() == 1
    pair_id = response.json()["id"]
    ended = client.post(f"{BASE}/pairs/{pair_id}/end", {"reason": "Test"}, "application/json")
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    again = client.post(f"{BASE}/pairs/{pair_id}/end", {"reason": "Test"}, "application/json")
    assert again.status_code == 409


def test_someone_outside_the_program_is_not_found(client, setup, company):
    client.force_login(company.alice)
    url = reverse(
        "pairing:rematch_candidates",
        kwargs={"program_id": setup.program.pk, "application_id": 999999},
    )
    assert client.get(url).status_code == 404
    client.force_login(company.lea_user)
    url = reverse("pairing:rematch", kwargs={"program_id": setup.program.pk})
    assert client.get(url).status_code == 403
