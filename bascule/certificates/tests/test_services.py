"""Eligibility per criterion, issuing (once, twice, a pair, the bulk job and its command),
revoking, the logo's checks."""

import io

import pytest
from django.core.management import call_command

from bascule.certificates import selectors, services
from bascule.certificates.models import Certificate, CertificateSettings, IssueRun, RunStatus
from bascule.certificates.tests.helpers import make_pair, make_people, make_program
from bascule.core.errors import ConflictError, DomainError, ValidationFailed
from bascule.evaluations.models import Response, Survey, SurveyKind
from bascule.training.models import Progress, Requirement
from bascule.training.tests.factories import make_module


def _missing(found, employee, role):
    return next(c for c in found.candidates if c.employee == employee and c.role == role).missing


def test_each_criterion_is_checked_and_explained(company):
    program = make_program()
    a, b, c, d = make_people(4)
    make_pair(program, a, b, meetings=3)
    make_pair(program, c, d, meetings=1, charter=False, ended_early=True)
    found = selectors.eligibility(program)
    assert [x.employee for x in found.eligible] == [a, b]
    missing = _missing(found, c, "mentor")
    assert "charter not confirmed" in missing
    assert "1 meeting held of 3" in missing
    assert "pair ended early" in missing


def test_end_evaluation_and_training_are_checked_when_asked(company):
    program = make_program()
    a, b = make_people(2)
    pair = make_pair(program, a, b)
    CertificateSettings.objects.create(
        program=program, mentor_end_evaluation=True, mentee_training_done=True
    )
    module = make_module()
    Requirement.objects.create(program=program, module=module, role="mentee")
    found = selectors.eligibility(program)
    assert _missing(found, a, "mentor") == ["end evaluation not answered"]
    assert _missing(found, b, "mentee") == ["required training not completed"]
    survey = Survey.objects.create(
        program=program,
        kind=SurveyKind.END,
        title_fr="Fin",
        title_en="End",
        opens_on=program.ends_on,
        closes_on=program.ends_on,
    )
    Response.objects.create(
        survey=survey, respondent=a, pair=pair, role="mentor", submitted_at=pair.published_at
    )
    Progress.objects.create(
        employee=b, module=module, version=module.published, completed_at=pair.published_at
    )
    assert len(selectors.eligibility(program).eligible) == 2


def test_criteria_nobody_can_meet_are_warned(company):
    program = make_program()
    make_pair(program, *make_people(2))
    CertificateSettings.objects.create(
        program=program, mentor_min_meetings=150, mentee_min_meetings=150
    )
    warnings = selectors.eligibility(program).warnings
    assert any("allows about" in w for w in warnings)
    assert any("Nobody meets the criteria" in w for w in warnings)


def test_issuing_twice_issues_once_and_mails_once(company, mailoutbox, commit):
    program = make_program()
    a, b = make_people(2)
    make_pair(program, a, b)
    with commit(execute=True):
        first = services.issue_candidates(
            actor=company.alice,
            program=program,
            candidates=selectors.eligibility(program).candidates,
        )
    assert len(first) == 2
    # A stale list (read before the first issue) finds the certificates already there.
    stale = selectors.eligibility(program).candidates
    for candidate in stale:
        candidate.certificate_id = None
    assert services.issue_candidates(actor=company.alice, program=program, candidates=stale) == []
    assert Certificate.objects.count() == 2
    assert len(mailoutbox) == 2
    certificate = Certificate.objects.get(holder=a)
    assert (
        len(certificate.code) == 20
        and certificate.meetings_held == 3
        and certificate.minutes_held == 135
    )


def test_a_pair_not_finished_is_refused_then_issued_once_ended(company):
    program = make_program(closed=False)
    pair = make_pair(program, *make_people(2))
    with pytest.raises(DomainError):
        services.issue_for_pair(actor=company.alice, pair=pair)
    pair.status = "ended"
    pair.ended_at = pair.published_at
    pair.save(update_fields=["status", "ended_at"])
    CertificateSettings.objects.create(
        program=program, mentor_not_ended_early=False, mentee_not_ended_early=False
    )
    assert len(services.issue_for_pair(actor=company.alice, pair=pair)) == 2


def test_the_bulk_job_runs_in_batches_with_its_progress(company, monkeypatch, mailoutbox, commit):
    monkeypatch.setattr(services, "BATCH", 3)
    program = make_program()
    people = make_people(8)
    for n in range(0, 8, 2):
        make_pair(program, people[n], people[n + 1], meetings=1 if n == 6 else 3)
    with commit(execute=True):
        run = services.run_start(actor=company.alice, program=program)
    run.refresh_from_db()
    assert (run.status, run.total, run.done, run.issued) == (RunStatus.DONE, 8, 8, 6)
    assert len(mailoutbox) == 6
    assert Certificate.objects.filter(program=program).count() == 6
    with commit(execute=True):
        again = services.run_start(actor=company.alice, program=program)
    again.refresh_from_db()
    assert again.pk != run.pk and again.issued == 0


def test_the_command_issues_with_progress_and_is_safe_twice(company):
    program = make_program()
    make_pair(program, *make_people(2))
    out = io.StringIO()
    call_command("issue_certificates", "--program", str(program.pk), stdout=out)
    assert "2/2 people looked at, 2 issued" in out.getvalue()
    out = io.StringIO()
    call_command("issue_certificates", "--program", str(program.pk), stdout=out)
    assert "0 certificates issued" in out.getvalue()
    assert Certificate.objects.count() == 2 and IssueRun.objects.count() == 2


def test_revoking_needs_a_reason_tells_the_holder_and_happens_once(company, mailoutbox, commit):
    program = make_program()
    a, b = make_people(2)
    make_pair(program, a, b)
    with commit(execute=True):
        services.run_start(actor=company.alice, program=program)
    certificate = Certificate.objects.get(holder=a)
    mailoutbox.clear()
    with pytest.raises(ValidationFailed):
        services.revoke(actor=company.alice, certificate_id=certificate.pk, reason="  ")
    with commit(execute=True):
        services.revoke(actor=company.alice, certificate_id=certificate.pk, reason="Erreur")
    assert len(mailoutbox) == 1 and "Erreur" in mailoutbox[0].body
    with pytest.raises(ConflictError):
        services.revoke(actor=company.alice, certificate_id=certificate.pk, reason="Encore")


PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def test_the_logo_must_be_a_small_png_or_jpeg(company):
    assert services.check_logo(PNG_1x1)[0] == "png"
    with pytest.raises(ValidationFailed, match="PNG or JPEG"):
        services.check_logo(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    with pytest.raises(ValidationFailed, match="1 MB"):
        services.check_logo(PNG_1x1 + b"\0" * services.LOGO_MAX_BYTES)
    huge = bytearray(PNG_1x1)
    huge[16:24] = (50000).to_bytes(4, "big") + (1).to_bytes(4, "big")
    with pytest.raises(ValidationFailed, match="pixels"):
        services.check_logo(bytes(huge))
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), "navy").save(buffer, "JPEG")
    assert services.check_logo(buffer.getvalue())[0] == "jpeg"


def test_a_stale_settings_edit_is_refused(company):
    program = make_program()
    values = {name: 2 if name.endswith("meetings") else True for name in services.CRITERIA_FIELDS}
    saved = services.settings_save(actor=company.alice, program=program, values=values)
    services.settings_save(
        actor=company.alice, program=program, values=values, version=saved.version
    )
    with pytest.raises(ConflictError):
        services.settings_save(
            actor=company.alice, program=program, values=values, version=saved.version
        )
    with pytest.raises(ValidationFailed):
        services.settings_save(
            actor=company.alice, program=program, values={**values, "mentor_min_meetings": 10**9}
        )


def test_closing_a_program_issues_its_certificates_when_its_settings_say_so(company, commit):
    from bascule.programs.services import program_transition

    program = make_program(closed=False)
    make_pair(program, *make_people(2))
    CertificateSettings.objects.create(program=program, issue_at_close=True)
    with commit(execute=True):
        program_transition(
            actor=company.alice, program=program, to_status="closed", version=program.version
        )
    assert Certificate.objects.filter(program=program).count() == 2
    other = make_program("Sans certificats", closed=False)
    make_pair(other, *make_people(2, prefix="D"))
    CertificateSettings.objects.create(program=other, issue_at_close=False)
    with commit(execute=True):
        program_transition(
            actor=company.alice, program=other, to_status="closed", version=other.version
        )
    assert not Certificate.objects.filter(program=other).exists()
