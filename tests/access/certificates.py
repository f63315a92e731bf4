"""Access cases for certificates: the holder's pages and API (employees, sponsors excepted;
someone else's certificate: 404), HR's pages and API (HR admins and the program's managers;
404 for a program someone does not manage, 403 for the roles that never manage one), and the
public verification (anyone, logged in or not).

Objects (built by `populate`):
- "lea_certificate": Léa's certificate as a mentor of "program" (managed by Paul).
- "other_certificate": Bernard's certificate in "other_program" (HR only).
- "cert_pair": a pair of two other people in "program"; "cert_run": a finished bulk issue
  of "program", "cert_other_run" of "other_program".
"""

import datetime as dt

from django.utils import timezone

from bascule.certificates.models import Certificate, IssueRun, RunStatus
from bascule.pairing.models import Pair
from bascule.programs.models import Application, ApplicationStatus
from bascule.testing import make_employee
from tests.access.base import ANON, HR, MENTOR, PM, PUBLIC_PAGE, Case, World, api, everyone

program = lambda world: {"program_id": world.objects["program"].pk}  # noqa: E731
other_program = lambda world: {"program_id": world.objects["other_program"].pk}  # noqa: E731
mine = lambda world: {"certificate_id": world.objects["lea_certificate"].pk}  # noqa: E731
not_mine = lambda world: {"certificate_id": world.objects["other_certificate"].pk}  # noqa: E731
a_pair = lambda world: {  # noqa: E731
    "program_id": world.objects["program"].pk,
    "pair_id": world.objects["cert_pair"].pk,
}
a_run = lambda world: {  # noqa: E731
    "program_id": world.objects["program"].pk,
    "issue_run_id": world.objects["cert_run"].pk,
}
other_run = lambda world: {  # noqa: E731
    "program_id": world.objects["other_program"].pk,
    "issue_run_id": world.objects["cert_other_run"].pk,
}
lea_in_program = lambda world: {  # noqa: E731
    "program_id": world.objects["program"].pk,
    "certificate_id": world.objects["lea_certificate"].pk,
}
bernard_in_other = lambda world: {  # noqa: E731
    "program_id": world.objects["other_program"].pk,
    "certificate_id": world.objects["other_certificate"].pk,
}
a_code = lambda world: {"code": world.objects["lea_certificate"].display_code}  # noqa: E731

HOLDER = everyone(403, **{MENTOR: 200})
MANAGERS = everyone(403, **{HR: 200, PM: 200})
HR_SCOPE = everyone(403, **{HR: 200, PM: 404})
API_HOLDER = api(403, **{MENTOR: 200})
API_MANAGERS = api(403, **{HR: 200, PM: 200})
API_HR_SCOPE = api(403, **{HR: 200, PM: 404})
GET_REFUSED = {**api(405), ANON: 405}

MATRIX: dict[str, list[Case]] = {
    "certificates:mine": [Case(HOLDER)],
    "certificates:download": [
        Case(HOLDER, kwargs=mine),
        Case(everyone(403, **{MENTOR: 404}), kwargs=not_mine, label="someone else's"),
    ],
    "certificates:preference": [
        Case(everyone(403, **{MENTOR: 302}), method="POST", data={"verification_allowed": "yes"}),
        Case(everyone(403, **{MENTOR: 405})),
    ],
    "certificates:settings": [
        Case(MANAGERS, kwargs=program),
        Case(HR_SCOPE, kwargs=other_program),
        Case(MANAGERS, method="POST", kwargs=program, label="an empty form shows its errors"),
    ],
    "certificates:eligibility": [
        Case(MANAGERS, kwargs=program),
        Case(HR_SCOPE, kwargs=other_program),
    ],
    "certificates:issue": [
        Case(MANAGERS, method="POST", kwargs=program, label="the confirmation step"),
        Case(HR_SCOPE, method="POST", kwargs=other_program, label="the confirmation step"),
        Case(everyone(403, **{HR: 405, PM: 405}), kwargs=program),
    ],
    "certificates:issue_pair": [
        Case(MANAGERS, method="POST", kwargs=a_pair, label="the confirmation step"),
    ],
    "certificates:run": [Case(MANAGERS, kwargs=a_run), Case(HR_SCOPE, kwargs=other_run)],
    "certificates:run_progress": [
        Case(MANAGERS, kwargs=a_run),
        Case(HR_SCOPE, kwargs=other_run),
    ],
    "certificates:issued": [
        Case(MANAGERS, kwargs=program),
        Case(HR_SCOPE, kwargs=other_program),
    ],
    "certificates:issued_export": [
        Case(MANAGERS, kwargs=lambda world: {**program(world), "fmt": "csv"}),
        Case(HR_SCOPE, kwargs=lambda world: {**other_program(world), "fmt": "xlsx"}),
        Case(
            everyone(403, **{HR: 404, PM: 404}),
            kwargs=lambda world: {**program(world), "fmt": "pdf"},
            label="another format",
        ),
    ],
    "certificates:revoke": [
        Case(MANAGERS, method="POST", kwargs=lea_in_program, label="the reason's form"),
        Case(HR_SCOPE, method="POST", kwargs=bernard_in_other, label="the reason's form"),
    ],
    "verify:form": [Case(PUBLIC_PAGE)],
    "verify:code": [Case(PUBLIC_PAGE, kwargs=a_code)],
    "api:list_my_certificates": [Case(API_HOLDER)],
    "api:download_my_certificate": [
        Case(API_HOLDER, kwargs=mine),
        Case(api(403, **{MENTOR: 404}), kwargs=not_mine),
    ],
    "api:get_certificate_preference": [Case(API_HOLDER)],
    "api:set_certificate_preference": [
        Case(API_HOLDER, label="the GET of the same path (PUT: the app's tests)"),
    ],
    "api:get_certificate_settings": [
        Case(API_MANAGERS, kwargs=program),
        Case(API_HR_SCOPE, kwargs=other_program),
    ],
    "api:set_certificate_settings": [
        Case(API_MANAGERS, kwargs=program, label="the GET of the same path (PUT: the app's tests)"),
    ],
    "api:get_certificate_eligibility": [
        Case(API_MANAGERS, kwargs=program),
        Case(API_HR_SCOPE, kwargs=other_program),
    ],
    "api:start_certificate_run": [
        Case(GET_REFUSED, kwargs=program, label="GET is refused: POST starts it (the app's tests)"),
    ],
    "api:get_certificate_run": [
        Case(API_MANAGERS, kwargs=a_run),
        Case(API_HR_SCOPE, kwargs=other_run),
    ],
    "api:list_issued_certificates": [
        Case(API_MANAGERS, kwargs=program),
        Case(API_HR_SCOPE, kwargs=other_program),
    ],
    "api:revoke_certificate": [
        Case(GET_REFUSED, kwargs=lea_in_program, label="GET is refused (the app's tests)"),
    ],
    "api:verify_certificate": [Case(dict.fromkeys(PUBLIC_PAGE, 200), kwargs=a_code)],
}


def _certificate(holder, program, role: str, code: str) -> Certificate:
    return Certificate.objects.create(
        holder=holder,
        program=program,
        role=role,
        code=code,
        holder_name=holder.full_name,
        program_name=program.name,
        starts_on=program.starts_on,
        ends_on=program.ends_on,
        issued_at=timezone.now() - dt.timedelta(days=1),
    )


def populate(world: World) -> None:
    company = world.company
    the_program, other = world.objects["program"], world.objects["other_program"]
    world.objects["lea_certificate"] = _certificate(
        company.lea, the_program, "mentor", "LEACERTIFICATEAAAAAA"
    )
    world.objects["other_certificate"] = _certificate(
        company.bernard, other, "mentee", "BERNARDCERTIFICATEBB"
    )
    mentor = make_employee("E970", "Marc", "Certif")
    mentee = make_employee("E971", "Nina", "Certif")
    apps = [
        Application.objects.create(
            program=the_program, employee=who, role=role, status=ApplicationStatus.APPROVED
        )
        for who, role in ((mentor, "mentor"), (mentee, "mentee"))
    ]
    world.objects["cert_pair"] = Pair.objects.create(
        program=the_program,
        mentor=mentor,
        mentor_application=apps[0],
        mentee=mentee,
        mentee_application=apps[1],
        published_at=timezone.now() - dt.timedelta(days=30),
    )
    world.objects["cert_run"] = IssueRun.objects.create(program=the_program, status=RunStatus.DONE)
    world.objects["cert_other_run"] = IssueRun.objects.create(program=other, status=RunStatus.DONE)
