"""Demo data for training in the pairs: in the pilot, both members of three started pairs
(the featured ones aside) have completed "active listening" and said, in their latest
finished check-in period, whether their partner practised it — six respondents, enough for
HR's report to show the shares. The partners of the demo mentor and mentee complete
"reverse mentoring" too, so that their current check-in asks about it; the demo mentee's
mentor has ticked the kickoff drill, the mentee not yet. The modules come from the catalog
installed first."""

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from bascule.accounts.models import User
from bascule.journey.checkins.selectors import period_at
from bascule.journey.models import KickoffConfirmation
from bascule.pairing.models import Pair, PairStatus
from bascule.programs.models import Program
from bascule.training.behaviours import services
from bascule.training.demo import complete_module
from bascule.training.models import BehaviourAnswer, Module, Progress

MODULE = "active-listening"
# The module the featured members took (bascule/training/demo.py): their partners take it too.
SHARED = "reverse-mentoring"
# Mentee then mentor of each pair, pair after pair: 3 Yes, 2 Partly, 1 No.
ANSWERS = ("yes", "partly", "yes", "no", "yes", "partly")
DRILL = ["rephrased", "open_question"]


def behaviours_demo(*, program: Program, featured: Iterable[int] = ()) -> dict[str, int]:
    """Add the answers and the drill described above; return what was made."""
    featured = set(featured)
    module = Module.objects.filter(slug=MODULE, published__isnull=False).first()
    pairs = list(
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE)
        .select_related("mentor", "mentee")
        .order_by("pk")
    )
    started = set(
        KickoffConfirmation.objects.filter(pair__in=pairs)
        .values_list("pair_id", flat=True)
        .distinct()
    )
    members = [e for pair in pairs for e in (pair.mentor_id, pair.mentee_id)]
    users = {u.employee_id: u for u in User.objects.filter(employee_id__in=members)}
    made = {"answers": 0, "drills": 0}
    now = timezone.now()
    answers = iter(ANSWERS)
    if module is not None:
        chosen = [
            pair
            for pair in pairs
            if pair.pk in started
            and not featured & {pair.mentor_id, pair.mentee_id}
            and {pair.mentor_id, pair.mentee_id} <= users.keys()
        ][: len(ANSWERS) // 2]
        for pair in chosen:
            period = max(period_at(pair, now) - 1, 1)
            for member_id in (pair.mentee_id, pair.mentor_id):
                complete_module(users[member_id], module)
            for member_id in (pair.mentee_id, pair.mentor_id):
                answer = BehaviourAnswer.objects.create(
                    pair=pair,
                    member_id=member_id,
                    module=module,
                    period=period,
                    answer=next(answers),
                )
                when = now - dt.timedelta(days=3)
                BehaviourAnswer.objects.filter(pk=answer.pk).update(
                    created_at=when, updated_at=when
                )
                made["answers"] += 1
    shared = Module.objects.filter(slug=SHARED, published__isnull=False).first()
    for pair in pairs:
        if not featured & {pair.mentor_id, pair.mentee_id}:
            continue
        if shared is not None:
            finished = set(
                Progress.objects.filter(
                    module=shared, completed_at__isnull=False, employee_id__in=users
                ).values_list("employee_id", flat=True)
            )
            for member_id in (pair.mentor_id, pair.mentee_id):
                if member_id in users and member_id not in finished:
                    complete_module(users[member_id], shared)
        if pair.mentee_id in featured and pair.mentor_id in users and not made["drills"]:
            services.drill_tick(actor=users[pair.mentor_id], pair=pair, ticks=DRILL)
            made["drills"] += 1
    return made
