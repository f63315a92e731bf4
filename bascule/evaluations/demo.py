"""Demo data for the pilot's surveys, so that HR's results and the members' home pages look
alive.

The baseline (closed) was answered by both members of every pair that had started, enough for
its results to show; the mid-point is open now (HR moved its dates), answered by three
members only — below five, so its results stay hidden — and not yet by the demo logins, who
find it on their home page. Answers go through the real service (dated within each window),
as the members themselves, without a login.
"""

import datetime as dt
import random
from collections.abc import Iterable
from types import SimpleNamespace

from django.utils import timezone

from bascule.evaluations import selectors, services
from bascule.evaluations.models import QuestionKind, Survey
from bascule.journey.models import KickoffConfirmation
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import Program

TEXTS = [
    "J'ose enfin utiliser un assistant IA pour préparer mes notes.",
    "Des échanges très concrets, à mon rythme.",
    "Je comprends mieux comment travaillent les plus jeunes équipes.",
    "Plus de temps ensemble serait bienvenu.",
    "Voir un comité de direction de l'intérieur m'a beaucoup appris.",
    "Nous avons trouvé un bon rythme de rencontres.",
]


def survey_pilot(*, program: Program, featured: Iterable[int] = (), seed: int = 2026) -> dict:
    """Answer the pilot's baseline and open its mid-point; return how many answered each."""
    rng = random.Random(seed)
    featured = set(featured)
    surveys = services.ensure_program_surveys(program)
    today = timezone.localdate()
    pairs = list(
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE)
        .select_related("mentor", "mentee", "program")
        .order_by("pk")
    )
    confirmed = set(
        KickoffConfirmation.objects.filter(pair__in=pairs).values_list("pair_id", "member_id")
    )
    baseline = surveys["baseline"]
    answered = {"baseline": 0, "midpoint": 0}
    for pair in pairs:
        for member_id in (pair.mentor_id, pair.mentee_id):
            if (pair.pk, member_id) in confirmed:
                _answer(baseline, pair, member_id, baseline.opens_on + dt.timedelta(days=4), rng)
                answered["baseline"] += 1

    midpoint = surveys["midpoint"]
    Survey.objects.filter(pk=midpoint.pk).update(
        opens_on=today - dt.timedelta(days=4), closes_on=today + dt.timedelta(days=10)
    )
    midpoint.refresh_from_db()
    for pair in pairs:
        if answered["midpoint"] >= 3:
            break
        if featured & {pair.mentor_id, pair.mentee_id} or (pair.pk, pair.mentee_id) not in (
            confirmed
        ):
            continue
        _answer(midpoint, pair, pair.mentee_id, today - dt.timedelta(days=2), rng)
        answered["midpoint"] += 1
    return answered


def _answer(survey: Survey, pair: Pair, member_id: int, on: dt.date, rng: random.Random) -> None:
    member = SimpleNamespace(employee_id=member_id, is_authenticated=False)
    answers: dict[int, object] = {}
    ratings: dict[tuple[int, int], tuple[int | None, int]] = {}
    for question in selectors.survey_questions(survey=survey):
        if question.kind == QuestionKind.LIKERT:
            answers[question.pk] = rng.choice((3, 4, 4, 4, 5, 5))
        elif question.kind == QuestionKind.NPS:
            answers[question.pk] = rng.choice((6, 7, 8, 9, 9, 10, 10))
        elif question.kind == QuestionKind.TEXT:
            answers[question.pk] = (
                rng.choice(TEXTS) if question.required or rng.random() < 0.6 else ""
            )
        else:
            for skill in selectors.skills_to_rate(pair=pair, employee_id=member_id):
                now = rng.choice((1, 2, 2, 3))
                before = max(1, now - 1) if survey.asks_retrospective else None
                ratings[(question.pk, skill.pk)] = (before, now)
    response = services.response_submit(
        actor=member, survey=survey, pair=pair, answers=answers, ratings=ratings, on=on
    )
    submitted = timezone.make_aware(dt.datetime.combine(on, dt.time(11, 0)))
    type(response).objects.filter(pk=response.pk).update(submitted_at=submitted)
