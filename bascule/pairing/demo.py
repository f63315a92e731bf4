"""Demo data for matching: the pilot program is matched twice (HR excluded one proposal in
between, so the two runs can be compared), the second run published through the real
services, then everything is dated back to the program's start so that the pairs look six
weeks old."""

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from bascule.accounts.models import User
from bascule.core.models import OutboxMessage
from bascule.core.notify import send_now
from bascule.pairing import services
from bascule.pairing.models import MatchRun, Pair
from bascule.programs.models import Program


def _started(program: Program) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(program.starts_on, dt.time(9, 0)))


def publish_pilot(*, program: Program, hr: User, featured: Iterable[int] = ()) -> list[Pair]:
    """Run the matching on `program` (in "matching"), exclude one proposal that involves none
    of the `featured` employees, run it again and publish that run as `hr`, silently."""
    first = services.run_matching(actor=hr, program=program)
    featured = set(featured)
    excluded = next(
        (
            p
            for p in first.proposals.select_related(
                "mentee_application", "mentor_application"
            ).order_by("pk")
            if not featured & {p.mentee_application.employee_id, p.mentor_application.employee_id}
        ),
        None,
    )
    if excluded is not None:
        services.proposal_exclude(actor=hr, proposal=excluded)
    run = services.run_matching(actor=hr, program=program)
    # The demo's addresses are fictional: nobody is e-mailed (announce_pilot does it when
    # the outbox keeps e-mails instead of sending them).
    pairs = services.publish_run(actor=hr, run=run, notify=False)
    started = _started(program)
    Pair.objects.filter(program=program).update(published_at=started)
    MatchRun.objects.filter(pk=first.pk).update(started_at=started - dt.timedelta(hours=1))
    MatchRun.objects.filter(pk=run.pk).update(started_at=started, published_at=started)
    return pairs


def announce_pilot(*, program: Program) -> int:
    """E-mail the pilot's members their partner, as its publication does, dated from then;
    return how many e-mails went out. Only for the demo's outbox, which keeps them."""
    before = OutboxMessage.objects.count()
    since = timezone.now()
    pairs = Pair.objects.filter(program=program).values_list("pk", flat=True)
    send_now("pair_announcement", pair_ids=list(pairs))
    OutboxMessage.objects.filter(sent_at__gte=since).update(sent_at=_started(program))
    return OutboxMessage.objects.count() - before
