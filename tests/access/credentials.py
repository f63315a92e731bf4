"""Access cases for credentials: the holder's downloads (employees, sponsors excepted;
someone else's certificate or badge, or a revoked one: 404), the partner's endorsement pages
(404 for a certificate of someone who is not the caller's partner) and the public /ob/
documents and verification (anyone, logged in or not).

Objects (built by `populate`, after certificates and recognition):
- "ob_partner_certificate": the certificate of Léa's mentee E980 in "ob_program" (Léa may
  endorse it).
- "ob_other_award": a badge of E981, someone else's.
- "ob_credential": the signed credential of Léa's certificate ("lea_certificate").
- "ob_key": the organisation's signing key.
"""

import datetime as dt

from django.utils import timezone

from bascule.certificates.models import Certificate
from bascule.credentials import keys, services
from bascule.pairing.models import Pair
from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.recognition.models import Badge, BadgeAward
from bascule.testing import make_employee
from tests.access.base import ANON, MENTOR, PUBLIC_PAGE, Case, World, api, everyone

my_certificate = lambda world: {"certificate_id": world.objects["lea_certificate"].pk}  # noqa: E731
not_mine = lambda world: {"certificate_id": world.objects["other_certificate"].pk}  # noqa: E731
my_award = lambda world: {"award_id": world.objects["award_to_lea"].pk}  # noqa: E731
other_award = lambda world: {"award_id": world.objects["ob_other_award"].pk}  # noqa: E731
partner = lambda world: {"certificate_id": world.objects["ob_partner_certificate"].pk}  # noqa: E731
a_key = lambda world: {"kid": world.objects["ob_key"].kid}  # noqa: E731
a_badge = lambda world: {"slug": world.objects["award_to_lea"].badge.slug}  # noqa: E731
a_program = lambda world: {  # noqa: E731
    "program_id": world.objects["lea_certificate"].program_id,
    "role": "mentor",
}
a_credential = lambda world: {"credential_uuid": world.objects["ob_credential"].uuid}  # noqa: E731

HOLDER = everyone(403, **{MENTOR: 200})
NOT_FOUND_FOR_HOLDER = everyone(403, **{MENTOR: 404})
API_HOLDER = api(403, **{MENTOR: 200})
API_NOT_FOUND = api(403, **{MENTOR: 404})
# A form-encoded body is refused (the API reads JSON only), once the role is allowed.
JSON_ONLY = api(403, **{MENTOR: 400})

MATRIX: dict[str, list[Case]] = {
    "credentials:certificate": [
        Case(HOLDER, kwargs=my_certificate),
        Case(NOT_FOUND_FOR_HOLDER, kwargs=not_mine, label="someone else's"),
    ],
    "credentials:badge": [
        Case(HOLDER, kwargs=my_award),
        Case(NOT_FOUND_FOR_HOLDER, kwargs=other_award, label="someone else's"),
    ],
    "credentials:endorsements": [Case(HOLDER)],
    "credentials:endorse": [
        Case(HOLDER, kwargs=partner),
        Case(NOT_FOUND_FOR_HOLDER, kwargs=not_mine, label="not a partner's"),
        Case(HOLDER, method="POST", kwargs=partner, label="an empty form shows its error"),
        Case(
            everyone(403, **{MENTOR: 302}),
            method="POST",
            kwargs=partner,
            data={"text": "Patient and clear."},
        ),
    ],
    "ob:issuer": [Case(PUBLIC_PAGE)],
    "ob:keys": [Case(PUBLIC_PAGE)],
    "ob:key": [
        Case(PUBLIC_PAGE, kwargs=a_key),
        Case(dict.fromkeys(PUBLIC_PAGE, 404), kwargs=lambda world: {"kid": "unknown"}),
    ],
    "ob:status": [
        Case(PUBLIC_PAGE, kwargs=lambda world: {"number": 0}),
        Case(dict.fromkeys(PUBLIC_PAGE, 404), kwargs=lambda world: {"number": 999}),
    ],
    "ob:badge_achievement": [Case(PUBLIC_PAGE, kwargs=a_badge)],
    "ob:program_achievement": [Case(PUBLIC_PAGE, kwargs=a_program)],
    "ob:credential": [Case(PUBLIC_PAGE, kwargs=a_credential)],
    "ob:verify": [
        Case(PUBLIC_PAGE),
        Case(PUBLIC_PAGE, method="POST", label="an empty form shows its error"),
        Case(PUBLIC_PAGE, method="POST", data={"file": ("x.jwt", b"a.b.c")}, label="a file"),
    ],
    "api:get_certificate_credential": [
        Case(API_HOLDER, kwargs=my_certificate),
        Case(API_NOT_FOUND, kwargs=not_mine, label="someone else's"),
    ],
    "api:get_badge_credential": [
        Case(API_HOLDER, kwargs=my_award),
        Case(API_NOT_FOUND, kwargs=other_award, label="someone else's"),
    ],
    "api:list_endorsable_certificates": [Case(API_HOLDER)],
    "api:endorse_certificate": [
        Case(JSON_ONLY, method="POST", kwargs=partner, label="JSON bodies: the app's tests"),
        Case({**api(405), ANON: 405}, kwargs=partner, label="GET is refused"),
    ],
    "api:verify_credential": [
        Case(
            {**dict.fromkeys(PUBLIC_PAGE, 400), ANON: 400},
            method="POST",
            label="a form-encoded body is refused (JSON: the app's tests)",
        ),
        Case(dict.fromkeys(PUBLIC_PAGE, 405), label="GET is refused"),
    ],
}


def populate(world: World) -> None:
    company = world.company
    program = Program.objects.create(
        name="Credentials program",
        status=ProgramStatus.CLOSED,
        starts_on=dt.date(2026, 1, 12),
        ends_on=dt.date(2026, 6, 30),
        languages=["fr"],
    )
    mentee = make_employee("E980", "Inès", "Atteste")
    apps = [
        Application.objects.create(
            program=program, employee=who, role=role, status=ApplicationStatus.APPROVED
        )
        for who, role in ((company.lea, "mentor"), (mentee, "mentee"))
    ]
    pair = Pair.objects.create(
        program=program,
        mentor=company.lea,
        mentor_application=apps[0],
        mentee=mentee,
        mentee_application=apps[1],
        published_at=timezone.now() - dt.timedelta(days=120),
    )
    world.objects["ob_partner_certificate"] = Certificate.objects.create(
        holder=mentee,
        program=program,
        pair=pair,
        role="mentee",
        code="OBPARTNERCERTIFICATE",
        holder_name=mentee.full_name,
        program_name=program.name,
        starts_on=program.starts_on,
        ends_on=program.ends_on,
        issued_at=timezone.now() - dt.timedelta(days=1),
    )
    world.objects["ob_other_award"] = BadgeAward.objects.create(
        badge=Badge.objects.get(slug="first-meeting"),
        employee=make_employee("E981", "Oren", "Ailleurs"),
    )
    world.objects["ob_key"] = keys.signing_key()
    world.objects["ob_credential"] = services.for_certificate(world.objects["lea_certificate"])
