"""Demo data for matching: the pilot program is matched and published through the real
services, then dated back to its start so that the pairs look six weeks old."""

import datetime as dt

from django.utils import timezone

from bascule.accounts.models import User
from bascule.pairing import services
from bascule.pairing.models import MatchRun, Pair
from bascule.programs.models import Program


def publish_pilot(*, program: Program, hr: User) -> list[Pair]:
    """Run the matching on `program` (in "matching") and publish it as `hr`, silently."""
    run = services.run_matching(actor=hr, program=program)
    # The demo's addresses are fictional: nobody is e-mailed.
    pairs = services.publish_run(actor=hr, run=run, notify=False)
    started = timezone.make_aware(dt.datetime.combine(program.starts_on, dt.time(9, 0)))
    Pair.objects.filter(program=program).update(published_at=started)
    MatchRun.objects.filter(pk=run.pk).update(started_at=started, published_at=started)
    return pairs
