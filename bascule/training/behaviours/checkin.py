"""The check-in questions training adds to a pair's check-ins (registered by
TrainingConfig.ready with bascule.journey.checkins.extensions): for each module both members
completed, "did your partner practise its behaviour?", in the member's language."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from bascule.journey.checkins.extensions import CheckInQuestions, Question
from bascule.training.behaviours import selectors, services


def behaviour_questions(pair: Any, member: Any) -> list[Question]:
    return [
        Question(key=shared.key, label=shared.behaviour)
        for shared in selectors.shared_modules(pair=pair)
    ]


def behaviour_answers(pair: Any, member: Any, period: int) -> dict[str, str]:
    return selectors.my_answers(pair=pair, member=member, period=period)


BEHAVIOURS = CheckInQuestions(
    name="training.behaviours",
    legend=_("What you noticed in your meetings"),
    reason=_(
        "You have both taken these training modules. Did your partner do what each one "
        "teaches? Answer only if you like. Your partner does not see your answers; HR only "
        "sees totals over at least five people, never your answers, to learn whether the "
        "training changes real meetings."
    ),
    questions=behaviour_questions,
    record=services.save_from_checkin,
    answers=behaviour_answers,
)
