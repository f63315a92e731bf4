"""Demo workshops for the pilot, so that every side of the feature has something to show.

- "Feedback", ten days ago, led by the demo mentor: nine members of the pilot came (seven
  present, one absent, one excused), six gave their feedback — enough for the results to
  show — and the demo mentee, present, has not yet: they find the feedback form.
- "Parler de l'IA au travail", in five days: full (four seats), two members waiting; the demo
  mentor may join the waiting list.
- "Outils collaboratifs", in twelve days, the demo mentee registered, seats left.

Places are written directly (no e-mail is sent while seeding); attendance and feedback go
through the real services.
"""

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from bascule.accounts.models import User
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import Program
from bascule.training.models import Module, ModuleStatus
from bascule.workshops import services
from bascule.workshops.models import Attendance, Registration, RegistrationStatus, Workshop

COMMENTS = [
    "Des exemples très concrets, je les réutilise déjà.",
    "J'aurais aimé plus de temps pour les mises en situation.",
    "Enfin une méthode simple pour dire les choses sans blesser.",
    "",
    "Très bonne animation, rythme parfait.",
    "",
]


def _workshop(*, title: str, starts_at: dt.datetime, capacity: int, program: Program, **fields):
    workshop = Workshop.objects.create(
        title=title,
        starts_at=starts_at,
        time_zone="Europe/Paris",
        duration_minutes=90,
        capacity=capacity,
        **fields,
    )
    workshop.programs.add(program)
    return workshop


def _place(workshop: Workshop, employee_id: int, status: str, when: dt.datetime) -> Registration:
    return Registration.objects.create(
        workshop=workshop, employee_id=employee_id, status=status, queued_at=when
    )


def workshops_demo(*, program: Program, hr, featured: Iterable[int]) -> dict[str, int]:
    """Make the pilot's three workshops; return how many people each one has."""
    mentor_id, mentee_id = list(featured)[:2]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    members = []
    for pair in Pair.objects.filter(program=program, status=PairStatus.ACTIVE).order_by("pk"):
        members.extend([pair.mentor_id, pair.mentee_id])
    others = [m for m in dict.fromkeys(members) if m not in (mentor_id, mentee_id)]

    past = _workshop(
        title="Feedback",
        description=(
            "Donner et recevoir du feedback entre générations : la méthode **SBI** "
            "(situation, comportement, impact), des mises en situation par deux."
        ),
        starts_at=now - dt.timedelta(days=10, hours=-5),
        capacity=12,
        program=program,
        place="Salle Lumière, 3e étage",
        facilitator_id=mentor_id,
        created_by=hr,
    )
    module = Module.objects.filter(status=ModuleStatus.PUBLISHED, published__isnull=False).first()
    if module is not None:
        past.modules.add(module)
    came = [mentee_id, *others[:8]]
    asked = past.starts_at - dt.timedelta(days=14)
    places = [
        _place(past, employee_id, RegistrationStatus.REGISTERED, asked + dt.timedelta(hours=n))
        for n, employee_id in enumerate(came)
    ]
    marks = {r.pk: Attendance.PRESENT for r in places[:7]}
    marks[places[7].pk] = Attendance.ABSENT
    marks[places[8].pk] = Attendance.EXCUSED
    services.attendance_mark(actor=hr, workshop_id=past.pk, marks=marks)
    answered = 0
    for registration, comment in zip(places[1:7], COMMENTS, strict=True):
        user = User.objects.filter(employee_id=registration.employee_id).first()
        if user is None:
            continue
        services.feedback_give(
            actor=user,
            workshop_id=past.pk,
            rating=5 - answered % 3,
            comment=comment,
        )
        answered += 1

    full = _workshop(
        title="Parler de l'IA au travail",
        description="Ce que les outils d'IA changent dans nos métiers, et comment en parler.",
        starts_at=now + dt.timedelta(days=5, hours=3),
        capacity=4,
        program=program,
        video_url="https://visio.example.com/atelier-ia",
        created_by=hr,
    )
    asked = now - dt.timedelta(days=2)
    for n, employee_id in enumerate(others[8:14]):
        status = RegistrationStatus.REGISTERED if n < 4 else RegistrationStatus.WAITLISTED
        _place(full, employee_id, status, asked + dt.timedelta(minutes=n))

    open_one = _workshop(
        title="Outils collaboratifs",
        description="Partager un document, commenter, suivre les versions : les bases.",
        starts_at=now + dt.timedelta(days=12, hours=2),
        capacity=10,
        program=program,
        place="Salle Horizon",
        video_url="https://visio.example.com/outils",
        created_by=hr,
    )
    _place(open_one, mentee_id, RegistrationStatus.REGISTERED, now - dt.timedelta(days=1))
    return {"past": len(places), "full": min(len(others[8:14]), 6), "open": 1}
