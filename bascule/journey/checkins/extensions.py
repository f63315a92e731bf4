"""Check-in questions asked by higher apps (docs/journey.md, "Check-ins").

A higher app (training) adds questions to a member's check-in from its AppConfig.ready():

    from bascule.journey.checkins.extensions import CheckInQuestions, register_checkin_questions

    register_checkin_questions(
        CheckInQuestions(
            name="training.behaviours",
            legend=_("What your partner practised"),
            reason=_("Why we ask …"),
            questions=behaviour_questions,  # (pair, member) -> list[Question]
            record=save_behaviour_answers,  # (actor, pair, member, period, answers) -> None
            answers=behaviour_answers,  # (pair, member, period) -> {key: answer}
        )
    )

Every answer is optional and one of `ANSWERS`. The check-in page and API show each
extension's questions in a fieldset of their own (its legend says why they are asked); the
check-in service calls each `record` inside its transaction, so a check-in and its answers are
saved together or not at all. `answers` reads back what the member answered for the same
period, to pre-fill an edit. The journey never imports the app that registered them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

YES, PARTLY, NO, DID_NOT_COME_UP = "yes", "partly", "no", "did_not_come_up"
ANSWERS = (YES, PARTLY, NO, DID_NOT_COME_UP)
ANSWER_LABELS = {
    YES: gettext_lazy("Yes"),
    PARTLY: gettext_lazy("Partly"),
    NO: gettext_lazy("No"),
    DID_NOT_COME_UP: gettext_lazy("Did not come up"),
}
KEY_MAX = 80


@dataclass(frozen=True)
class Question:
    """One optional question: a key unique in the check-in, a translated label, its choices
    ((value, translated label), `ANSWERS` by default)."""

    key: str
    label: str
    choices: tuple[tuple[str, str], ...] = field(
        default_factory=lambda: tuple((value, str(label)) for value, label in ANSWER_LABELS.items())
    )

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _label in self.choices)


@dataclass(frozen=True)
class CheckInQuestions:
    """What one higher app adds to the check-in."""

    name: str
    legend: Any  # a translated (lazy) string: the fieldset's legend
    reason: Any  # why it is asked, shown under the legend
    questions: Callable[[Any, Any], list[Question]]
    record: Callable[..., None]  # record(actor=, pair=, member=, period=, answers={key: value})
    answers: Callable[[Any, Any, int], dict[str, str]]


@dataclass
class QuestionGroup:
    """One extension's questions for one member: what the form and the API show."""

    extension: CheckInQuestions
    questions: list[Question]
    answers: dict[str, str]  # the member's answers for the period, {} when none


_EXTENSIONS: list[CheckInQuestions] = []


def register_checkin_questions(extension: CheckInQuestions) -> CheckInQuestions:
    """Register `extension` (once, whatever the number of calls; a later registration under
    the same name replaces the earlier one)."""
    for known in list(_EXTENSIONS):
        if known.name == extension.name:
            _EXTENSIONS.remove(known)
    _EXTENSIONS.append(extension)
    return extension


def unregister_checkin_questions(name: str) -> None:
    for known in list(_EXTENSIONS):
        if known.name == name:
            _EXTENSIONS.remove(known)


def question_groups(*, pair: Any, member: Any, period: int) -> list[QuestionGroup]:
    """The extra questions of `member`'s check-in in `pair`, by extension (those with at
    least one question), each with the member's answers for `period`."""
    if member is None:
        return []
    groups = []
    for extension in _EXTENSIONS:
        questions = list(extension.questions(pair, member))
        if questions:
            answers = extension.answers(pair, member, period)
            groups.append(QuestionGroup(extension, questions, dict(answers)))
    return groups


def answers_errors(groups: list[QuestionGroup], answers: dict[str, Any]) -> dict[str, list[str]]:
    """The errors of `answers` ({key: value}) against the questions of `groups`: a key not
    asked, or a value not among its choices ("" means not answered)."""
    known = {question.key: question for group in groups for question in group.questions}
    errors: dict[str, list[str]] = {}
    for key, value in answers.items():
        question = known.get(key)
        if question is None:
            errors.setdefault("answers", []).append(
                _("“%(key)s” is not a question of your check-in.") % {"key": str(key)[:KEY_MAX]}
            )
        elif value not in ("", None) and value not in question.values:
            errors[f"q_{key}"] = [
                _("Please choose one of the answers offered (%(values)s).")
                % {"values": ", ".join(label for _value, label in question.choices)}
            ]
    return errors


def save_answers(
    *, actor: Any, pair: Any, member: Any, period: int, groups: list[QuestionGroup], answers: dict
) -> None:
    """Hand each extension the answers to its questions (inside the caller's transaction);
    a question left unanswered is passed as ""."""
    for group in groups:
        mine = {q.key: answers.get(q.key) or "" for q in group.questions}
        group.extension.record(actor=actor, pair=pair, member=member, period=period, answers=mine)
