"""The audit actions recorded by meetings: scheduling, rescheduling, cancelling, the outcome,
and each person's private calendar link."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.core.audit_registry import (
    Detail,
    choice,
    describe_action,
    describe_object,
    hidden,
    moment,
    number,
    plain,
)
from bascule.meetings.models import MeetingOutcome
from bascule.pairing.audit_actions import pair_words

describe_object(
    "meetings.meeting",
    parts=lambda meeting: pair_words(meeting.pair),
    related=("pair__mentor", "pair__mentee", "pair__program"),
)
describe_object(
    "meetings.calendarfeed", parts=lambda feed: {"user": str(feed.user)}, related=("user",)
)


def _slot(value, reading) -> str:
    """Show a meeting's recorded time and length: "12/03/2027 10:00 (45 min)"."""
    if not isinstance(value, dict):
        return plain(value)
    return _("%(when)s (%(minutes)s min)") % {
        "when": moment(value.get("starts_at"), reading),
        "minutes": value.get("duration_minutes"),
    }


MEETING = {
    "starts_at": Detail(gettext_lazy("Starts"), moment),
    "duration_minutes": Detail(gettext_lazy("Length (minutes)"), number),
    "time_zone": Detail(gettext_lazy("Time zone of the pair")),
    "pair_id": hidden(),
    "sequence": hidden(),
}

describe_action(
    "meeting.schedule",
    label=gettext_lazy("Meeting scheduled"),
    sentence=gettext_lazy("%(actor)s scheduled a meeting of the pair %(pair)s on %(starts_at)s"),
    details=MEETING,
)
describe_action(
    "meeting.reschedule",
    label=gettext_lazy("Meeting moved"),
    sentence=gettext_lazy("%(actor)s moved a meeting of the pair %(pair)s to %(after)s"),
    details={
        "before": Detail(gettext_lazy("Before"), _slot),
        "after": Detail(gettext_lazy("After"), _slot),
    },
)
describe_action(
    "meeting.cancel",
    label=gettext_lazy("Meeting cancelled"),
    sentence=gettext_lazy("%(actor)s cancelled the meeting of the pair %(pair)s on %(starts_at)s"),
    details={**MEETING, "message": Detail(gettext_lazy("With a message"))},
)
describe_action(
    "meeting.outcome",
    label=gettext_lazy("Meeting outcome recorded"),
    sentence=gettext_lazy(
        "%(actor)s recorded how a meeting of the pair %(pair)s went: %(outcome)s"
    ),
    details={
        "outcome": Detail(gettext_lazy("Outcome"), choice(MeetingOutcome)),
        "log": Detail(gettext_lazy("With notes")),
    },
)
describe_action(
    "meeting.feed_regenerate",
    label=gettext_lazy("Private calendar link created"),
    sentence=gettext_lazy("%(actor)s created a new private calendar link"),
)
describe_action(
    "meeting.feed_revoke",
    label=gettext_lazy("Private calendar link turned off"),
    sentence=gettext_lazy("%(actor)s turned off their private calendar link"),
)
