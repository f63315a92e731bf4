"""The pages and the API: my certificates (PDF in either language, LinkedIn link, the
verification toggle), HR's settings with the logo, eligibility, issuing with its confirmation
and progress page, revoking; the public verification (valid, revoked, unknown, opted out, the
same page for the last two, throttled with 429)."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from bascule.certificates import selectors, services
from bascule.certificates.models import Certificate, CertificateSettings
from bascule.certificates.tests.helpers import make_pair, make_program
from bascule.core.models import AuditEntry
from bascule.testing import submit_confirmation


@pytest.fixture
def issued(company, commit):
    program = make_program("Pilote numérique")
    program.managers.add(company.paul)
    make_pair(program, company.lea, company.bernard)
    with commit(execute=True):
        services.issue_candidates(
            actor=company.alice,
            program=program,
            candidates=selectors.eligibility(program).candidates,
        )
    return program, Certificate.objects.get(holder=company.lea)


def test_my_certificates_offer_both_languages_and_linkedin(client, company, issued):
    _program, certificate = issued
    client.force_login(company.lea_user)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert certificate.display_code in page and "?lang=en" in page
    link = next(part for part in page.split('"') if part.startswith("https://www.linkedin.com/"))
    query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["certId"] == [certificate.display_code]
    assert query["certUrl"][0].endswith(f"/verify/{certificate.code}/")
    response = client.get(reverse("certificates:download", args=[certificate.pk]) + "?lang=en")
    assert response["Content-Type"] == "application/pdf" and response.content[:5] == b"%PDF-"


def test_someone_elses_certificate_is_not_found(client, company, issued):
    _program, certificate = issued
    client.force_login(company.bernard_user)
    assert client.get(reverse("certificates:download", args=[certificate.pk])).status_code == 404


def test_verification_states_and_the_holder_opting_out(client, company, issued, commit):
    _program, certificate = issued
    url = reverse("verify:code", args=[certificate.display_code])
    valid = client.get(url)
    assert valid.status_code == 200 and "Valid certificate" in valid.content.decode()
    assert '<meta name="robots" content="noindex">' in valid.content.decode()
    assert certificate.holder_name in valid.content.decode()
    unknown = client.get(reverse("verify:code", args=["AAAAA-AAAAA-AAAAA-AAAAA"])).content.decode()
    assert "No certificate can be shown for this code." in unknown
    lea = Client()
    lea.force_login(company.lea_user)
    lea.post(reverse("certificates:preference"), {"verification_allowed": "no"})
    hidden = client.get(url).content.decode()
    assert _main(hidden) == _main(unknown)
    lea.post(reverse("certificates:preference"), {"verification_allowed": "yes"})
    with commit(execute=True):
        services.revoke(actor=company.alice, certificate_id=certificate.pk, reason="Erreur")
    revoked = client.get(url).content.decode()
    assert "This certificate was revoked on" in revoked


def test_the_api_verifies_and_says_the_same_for_unknown_and_hidden(client, company, issued):
    _program, certificate = issued
    answer = client.get(f"/api/verify/{certificate.code.lower()}").json()
    assert answer["status"] == "valid" and answer["name"] == certificate.holder_name
    assert set(answer) == {
        "status",
        "name",
        "program",
        "role",
        "issued_on",
        "revoked_on",
        "endorsements",
    }
    services.preference_set(actor=None, employee_id=company.lea.pk, verification_allowed=False)
    hidden = client.get(f"/api/verify/{certificate.code}").json()
    unknown = client.get("/api/verify/AAAAAAAAAAAAAAAAAAAA").json()
    assert (
        hidden
        == unknown
        == {
            "status": "unknown",
            "name": None,
            "program": None,
            "role": None,
            "issued_on": None,
            "revoked_on": None,
            "endorsements": [],
        }
    )


def _main(page: str) -> str:
    """The page's main content (the rest holds per-request tokens)."""
    return page[page.index("<main") : page.index("</main>")]


def test_verification_is_throttled_per_address(client, db, settings):
    settings.VERIFY_ATTEMPTS = 3
    for _n in range(3):
        assert client.get("/verify/AAAAA-AAAAA-AAAAA-AAAAA/").status_code == 200
    refused = client.get("/verify/BBBBB-BBBBB-BBBBB-BBBBB/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "Too many verifications" in refused.content.decode()
    assert client.get("/api/verify/AAAAAAAAAAAAAAAAAAAA").status_code == 429
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.get("/verify/AAAAA-AAAAA-AAAAA-AAAAA/").status_code == 200


def test_the_verify_form_reads_a_typed_code_leniently(client, issued):
    _program, certificate = issued
    typed = certificate.display_code.lower().replace("-", " ")
    response = client.get(reverse("verify:form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify:code", args=[certificate.display_code])
    bad = client.get(reverse("verify:form"), {"code": "nope"})
    assert "A code has 20 letters" in bad.content.decode()


def _jpeg(width=300, height=100) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "logo.jpg"
    return buffer


def _settings_data(**extra):
    data = {f"{role}_min_meetings": 2 for role in ("mentor", "mentee")}
    data |= {f"{role}_charter_confirmed": "on" for role in ("mentor", "mentee")}
    data |= {"company_name": "Exemple SA", "signatory_name": "Claire", "wording_fr": "Bravo"}
    return data | extra


def test_hr_saves_the_settings_with_a_logo_and_a_bad_logo_is_refused(client, company):
    program = make_program()
    client.force_login(company.alice)
    url = reverse("certificates:settings", args=[program.pk])
    svg = io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    svg.name = "logo.svg"
    refused = client.post(url, _settings_data(logo=svg))
    assert refused.status_code == 200
    assert "must be a PNG or JPEG" in refused.content.decode()
    assert not CertificateSettings.objects.filter(program=program).exists()
    saved = client.post(url, _settings_data(logo=_jpeg()))
    assert saved.status_code == 302
    config = CertificateSettings.objects.get(program=program)
    assert config.logo_type == "jpeg" and config.company_name == "Exemple SA"
    assert config.mentor_min_meetings == 2 and not config.mentor_end_evaluation
    huge = client.post(url, _settings_data(logo=_jpeg(3000, 10), version=config.version))
    assert "pixels at most" in huge.content.decode()


def test_bulk_issue_confirms_counts_then_shows_progress(client, company, commit, mailoutbox):
    program = make_program()
    make_pair(program, company.lea, company.bernard)
    client.force_login(company.alice)
    step = client.post(reverse("certificates:issue", args=[program.pk]))
    page = step.content.decode()
    assert "2 certificates will be issued (1 mentors, 1 mentees)" in page
    assert "0 people do not meet the criteria" in page
    with commit(execute=True):
        done = submit_confirmation(client, step)
    assert done.status_code == 302
    assert Certificate.objects.filter(program=program).count() == 2
    progress = client.get(done["Location"]).content.decode()
    assert "Finished: 2 certificates issued" in progress
    assert len(mailoutbox) == 2


def test_criteria_nobody_can_meet_block_the_issue(client, company):
    program = make_program()
    make_pair(program, company.lea, company.bernard)
    CertificateSettings.objects.create(
        program=program, mentor_min_meetings=150, mentee_min_meetings=150
    )
    client.force_login(company.alice)
    step = client.post(reverse("certificates:issue", args=[program.pk])).content.decode()
    assert "Nobody meets the criteria" in step and 'name="confirm"' not in step
    eligibility = client.get(
        reverse("certificates:eligibility", args=[program.pk])
    ).content.decode()
    assert "0 of 2 people meet the criteria" in eligibility and "allows about" in eligibility


def test_revoking_asks_a_reason_confirms_and_is_audited(
    client, company, issued, commit, mailoutbox
):
    program, certificate = issued
    client.force_login(company.paul)
    url = reverse("certificates:revoke", args=[program.pk, certificate.pk])
    form = client.post(url)
    assert "Why is the certificate revoked?" in form.content.decode()
    step = client.post(url, {"reason": "Déclaré par erreur"})
    assert "Revoke the certificate" in step.content.decode()
    mailoutbox.clear()
    with commit(execute=True):
        submit_confirmation(client, step)
    certificate.refresh_from_db()
    assert (
        certificate.revoked_reason == "Déclaré par erreur"
        and certificate.revoked_by == company.paul
    )
    assert AuditEntry.objects.filter(action="certificates.revoked").count() == 1
    assert len(mailoutbox) == 1


def test_the_api_for_hr(client, company, commit):
    program = make_program()
    make_pair(program, company.lea, company.bernard, meetings=1)
    client.force_login(company.alice)
    base = f"/api/certificates/programs/{program.pk}"
    settings = client.get(f"{base}/settings").json()
    assert settings["mentor"]["min_meetings"] == 3 and settings["version"] is None
    settings["mentor"]["min_meetings"] = settings["mentee"]["min_meetings"] = 1
    saved = client.put(f"{base}/settings", settings, content_type="application/json")
    assert saved.status_code == 200, saved.content
    eligibility = client.get(f"{base}/eligibility").json()
    assert eligibility["eligible"] == 2 and eligibility["to_issue_mentors"] == 1
    with commit(execute=True):
        started = client.post(f"{base}/runs")
    assert started.status_code == 202
    run = client.get(f"{base}/runs/{started.json()['id']}").json()
    assert run["status"] == "done" and run["issued"] == 2
    issued = client.get(f"{base}/issued").json()
    revoked = client.post(
        f"{base}/issued/{issued[0]['id']}/revoke",
        {"reason": "Erreur"},
        content_type="application/json",
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    again = client.post(
        f"{base}/issued/{issued[0]['id']}/revoke",
        {"reason": "Erreur"},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_the_api_for_the_holder(client, company, issued):
    _program, certificate = issued
    client.force_login(company.lea_user)
    mine = client.get("/api/certificates/").json()
    assert [c["code"] for c in mine] == [certificate.display_code]
    pdf = client.get(f"/api/certificates/{certificate.pk}/pdf?lang=fr")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert client.put(
        "/api/certificates/preference",
        {"verification_allowed": False},
        content_type="application/json",
    ).json() == {"verification_allowed": False, "endorsements_shown": False}
    assert not selectors.verification_allowed(company.lea.pk)
    assert client.put(
        "/api/certificates/preference",
        {"verification_allowed": True, "endorsements_shown": True},
        content_type="application/json",
    ).json() == {"verification_allowed": True, "endorsements_shown": True}
    assert client.get("/api/certificates/preference").json()["endorsements_shown"] is True


def test_the_holders_export_has_their_certificates(client, company, issued):
    from bascule.certificates import privacy
    from bascule.privacy.base import Audience, Person

    sections = privacy.export(Person.of(employee=company.lea), audience=Audience.SELF)
    records = sections[0].records
    assert any(r.title == company.lea.full_name for r in records)


def test_the_programs_closing_page_warns_of_criteria_nobody_can_meet(client, company):
    program = make_program(closed=False)
    make_pair(program, company.lea, company.bernard)
    CertificateSettings.objects.create(
        program=program, mentor_min_meetings=150, mentee_min_meetings=150
    )
    client.force_login(company.alice)
    step = client.post(
        reverse("programs:program_transition", args=[program.pk]),
        {"to": "closed", "version": program.version},
    ).content.decode()
    assert "0 certificates will be issued (0 mentors, 0 mentees); 2 people do not" in step
    assert "Nobody meets the criteria" in step
