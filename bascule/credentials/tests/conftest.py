"""Fixtures of the credentials tests: a finished program whose two members hold certificates
(their credentials signed when issued), and a badge awarded to the mentor."""

import pytest

from bascule.certificates import selectors as certificate_selectors
from bascule.certificates import services as certificate_services
from bascule.certificates.models import Certificate, CertificateSettings
from bascule.certificates.tests.helpers import make_pair, make_people, make_program
from bascule.recognition.models import Badge, BadgeAward


@pytest.fixture
def issued(company, django_capture_on_commit_callbacks):
    program = make_program("Mentorat inversé — numérique")
    mentor, mentee = make_people(2, prefix="K")
    pair = make_pair(program, mentor, mentee, meetings=4)
    CertificateSettings.objects.create(
        program=program, wording_fr="Pour avoir partagé ses savoirs.", wording_en="For sharing."
    )
    certificate_services.issue_candidates(
        actor=company.alice,
        program=program,
        candidates=certificate_selectors.eligibility(program).candidates,
        tell=False,
    )
    return {
        "program": program,
        "pair": pair,
        "mentor": mentor,
        "mentee": mentee,
        "mentor_certificate": Certificate.objects.get(holder=mentor),
        "mentee_certificate": Certificate.objects.get(holder=mentee),
    }


@pytest.fixture
def award(issued):
    badge = Badge.objects.filter(builtin=True).first() or Badge.objects.create(
        slug="first-meeting", builtin=True, name_fr="Première rencontre", name_en="First meeting"
    )
    return BadgeAward.objects.get_or_create(
        badge=badge, employee=issued["mentor"], program=issued["program"], pair=issued["pair"]
    )[0]
