"""The audit actions of training in the pairs: behaviour answers saved with a check-in and
the kickoff drill ticked (imported by TrainingConfig.ready). Never an answer or a tick."""

from django.utils.translation import gettext_lazy as _

from bascule.core.audit_registry import Detail, describe_action, number, reference

PAIR = reference("pairing.pair", "pair", _("Pair"))

describe_action(
    "training.behaviours_answered",
    label=_("Behaviours answered in a check-in"),
    sentence=_(
        "%(actor)s answered about their partner's practice in check-in no. %(period)s of the "
        "pair %(pair)s"
    ),
    details={
        "pair": PAIR,
        "period": Detail(_("Period"), number),
        "changed": Detail(_("Answers changed"), number),
    },
)
describe_action(
    "training.drill_ticked",
    label=_("Kickoff drill ticked"),
    sentence=_(
        "%(actor)s ticked the active-listening drill for their partner in the pair %(pair)s"
    ),
    details={"pair": PAIR},
)
describe_action(
    "training.drill_changed",
    label=_("Kickoff drill changed"),
    sentence=_("%(actor)s changed their ticks of the active-listening drill in the pair %(pair)s"),
    details={"pair": PAIR},
)
