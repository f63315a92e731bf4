"""The audit actions recorded by the journey: kickoff, goals, notes, check-ins, and HR's pair
health actions (nudge, pause, resume). Notes and goals are named, never quoted."""

from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import (
    Detail,
    changed,
    choice,
    describe_action,
    describe_object,
    field_names,
    number,
    plain,
    reference,
)
from bascule.journey.models import GoalDirection, GoalStatus
from bascule.pairing.audit_actions import pair_words
from bascule.programs.models import ParticipantRole

PAIR_RELATED = ("pair__mentor", "pair__mentee", "pair__program")
for model in (
    "journey.goal",
    "journey.sharednote",
    "journey.privatenote",
    "journey.kickoffconfirmation",
    "journey.checkin",
):
    describe_object(model, parts=lambda row: pair_words(row.pair), related=PAIR_RELATED)

PAIR = reference("pairing.pair", "pair", _("Pair"))
RECIPIENTS = [
    ("both", _("both members")),
    ("mentor", _("the mentor")),
    ("mentee", _("the mentee")),
]


def _progress(value, reading) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value} %"
    return plain(value)


GOAL = {
    "pair": PAIR,
    "direction": Detail(_("Goal"), choice(GoalDirection)),
    "status": Detail(_("Status"), choice(GoalStatus)),
    "progress": Detail(_("Progress"), changed(_progress)),
    "milestones": Detail(_("Milestones"), number),
    "fields": Detail(_("Changed"), field_names("journey.goal")),
    "via": Detail(_("Changed from"), choice([("checkin", _("a check-in"))])),
}


describe_action(
    "journey.kickoff_confirmed",
    label=_("Kickoff confirmed"),
    sentence=_("%(actor)s confirmed the kickoff of the pair %(pair)s"),
    details={
        "pair": PAIR,
        "role": Detail(_("As"), choice(ParticipantRole)),
        "pair_started": Detail(_("Pair started")),
    },
)
describe_action(
    "journey.kickoff_updated",
    label=_("Kickoff changed"),
    sentence=_("%(actor)s changed their kickoff agreements in the pair %(pair)s"),
    details={
        "pair": PAIR,
        "role": Detail(_("As"), choice(ParticipantRole)),
        "pair_started": Detail(_("Pair started")),
    },
)
describe_action(
    "journey.pair_started",
    label=_("Pair started"),
    sentence=_("The pair %(pair)s started: both members confirmed the kickoff"),
)
describe_action(
    "journey.goal_created",
    label=_("Goal added"),
    sentence=_("%(actor)s added a goal in the pair %(pair)s"),
    details=GOAL,
)
describe_action(
    "journey.goal_updated",
    label=_("Goal changed"),
    sentence=_("%(actor)s changed a goal of the pair %(pair)s"),
    details=GOAL,
)
describe_action(
    "journey.goal_deleted",
    label=_("Goal deleted"),
    sentence=_("%(actor)s deleted a goal of the pair %(pair)s"),
    details=GOAL,
)
describe_action(
    "journey.shared_note_added",
    label=_("Shared note added"),
    sentence=_("%(actor)s added a shared note in the pair %(pair)s"),
    details={"pair": PAIR},
)
describe_action(
    "journey.shared_note_edited",
    label=_("Shared note changed"),
    sentence=_("%(actor)s changed a shared note of the pair %(pair)s"),
    details={"pair": PAIR},
)
describe_action(
    "journey.shared_note_deleted",
    label=_("Shared note deleted"),
    sentence=_("%(actor)s deleted a shared note of the pair %(pair)s"),
    details={"pair": PAIR},
)
describe_action(
    "journey.private_note_added",
    label=_("Private note added"),
    sentence=_("%(actor)s added a private note in the pair %(pair)s"),
    details={"pair": PAIR},
)
describe_action(
    "journey.private_note_deleted",
    label=_("Private note deleted"),
    sentence=_("%(actor)s deleted a private note in the pair %(pair)s"),
    details={"pair": PAIR},
)
describe_action(
    "journey.checkin_given",
    label=_("Check-in given"),
    sentence=_("%(actor)s gave their check-in no. %(period)s in the pair %(pair)s"),
    details={"pair": PAIR, "period": Detail(_("Period"), number)},
)
describe_action(
    "journey.checkin_updated",
    label=_("Check-in changed"),
    sentence=_("%(actor)s changed their check-in no. %(period)s in the pair %(pair)s"),
    details={"pair": PAIR, "period": Detail(_("Period"), number)},
)
describe_action(
    "journey.pair_nudged",
    label=_("Pair sent a message"),
    sentence=_("%(actor)s sent a message to %(recipients)s of the pair %(pair)s"),
    details={
        "recipients": Detail(show=choice(RECIPIENTS), hidden=True),
        "sent_to": Detail(_("E-mailed to")),
    },
)
describe_action(
    "journey.pair_paused",
    label=_("Pair paused"),
    sentence=_("%(actor)s paused the pair %(pair)s"),
    details={"reason": Detail(_("Reason"))},
)
describe_action(
    "journey.pair_resumed",
    label=_("Pair resumed"),
    sentence=_("%(actor)s resumed the pair %(pair)s"),
    details={"paused_days": Detail(_("Days paused"), number)},
)
