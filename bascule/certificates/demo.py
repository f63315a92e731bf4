"""The demo's certificates: a closed first cohort of the past year, whose pairs
met, confirmed their charter and ended with the program; the demo mentor was one of its
mentors and sees their certificate; one certificate is revoked; one mentee did not meet the
criteria (one meeting only)."""

import datetime as dt

from django.utils import timezone

from bascule.accounts.models import User
from bascule.certificates import services
from bascule.certificates.models import CertificateSettings, IssueRun
from bascule.journey.models import KickoffConfirmation
from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.pairing.models import Pair, PairStatus
from bascule.people.models import Employee
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)

PAST_PILOT_NAME = "Mentorat inversé — première cohorte 2025"
PAIRS = 6


def certificates_demo(*, hr: User, pm: User, mentor: Employee) -> Program:
    today = timezone.localdate()
    program = Program.objects.create(
        name=PAST_PILOT_NAME,
        description="La première cohorte de mentorat inversé, close.",
        status=ProgramStatus.CLOSED,
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=220),
        status_changed_at=timezone.now() - dt.timedelta(days=200),
        languages=["fr", "en"],
    )
    program.managers.add(pm)
    CertificateSettings.objects.create(
        program=program,
        mentor_min_meetings=3,
        mentee_min_meetings=3,
        wording_fr="Pour avoir partagé ses savoirs et appris d'une autre génération.",
        wording_en="For sharing knowledge and learning from another generation.",
        signatory_name="Claire Dumas",
        signatory_title="Directrice des ressources humaines",
        company_name="Bascule Démo",
    )
    busy = set(Pair.objects.values_list("mentee_id", flat=True))
    others = list(
        Employee.objects.exclude(pk__in=busy | {mentor.pk})
        .filter(employee_id__startswith="DEMO-")
        .order_by("pk")[: 2 * PAIRS - 1]
    )
    mentors = [mentor, *others[: PAIRS - 1]]
    mentees = others[PAIRS - 1 :]
    ended = timezone.make_aware(dt.datetime.combine(program.ends_on, dt.time(18)))
    for index, (a, b) in enumerate(zip(mentors, mentees, strict=False)):
        apps = {
            role: Application.objects.create(
                program=program,
                employee=who,
                role=role,
                status=ApplicationStatus.APPROVED,
                languages=["fr"],
            )
            for role, who in ((ParticipantRole.MENTOR, a), (ParticipantRole.MENTEE, b))
        }
        pair = Pair.objects.create(
            program=program,
            mentor=a,
            mentor_application=apps[ParticipantRole.MENTOR],
            mentee=b,
            mentee_application=apps[ParticipantRole.MENTEE],
            status=PairStatus.ENDED,
            published_at=ended - dt.timedelta(days=180),
            ended_at=ended,
        )
        for member in (a, b):
            KickoffConfirmation.objects.create(
                pair=pair,
                member=member,
                charter_accepted=True,
                confidentiality=True,
                meeting_frequency="fortnightly",
                channel="video",
                confirmed_at=pair.published_at + dt.timedelta(days=3),
            )
        held = 1 if index == PAIRS - 1 else 4 + index % 3
        for n in range(held):
            Meeting.objects.create(
                pair=pair,
                organiser=None,
                starts_at=pair.published_at + dt.timedelta(days=14 * (n + 1)),
                duration_minutes=60,
                outcome=MeetingOutcome.HELD,
            )
    # The demo's people are fictional: nobody is e-mailed.
    run = IssueRun.objects.create(program=program, started_by=hr)
    services.run_execute(run_id=run.pk, tell=False)
    revoked = program.certificates.exclude(holder=mentor).order_by("pk").first()
    if revoked is not None:
        services.revoke(
            actor=hr,
            certificate_id=revoked.pk,
            reason="Participation déclarée par erreur : le binôme ne s'est pas réuni.",
            tell=False,
        )
    return program
