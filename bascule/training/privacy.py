"""Personal data of the training app: a person's progress through the modules, their quiz
attempts and their reflections, their check-in answers about their partner's practice of a
module's behaviour and their ticks of the kickoff drill (see bascule/privacy/base.py for the
contract).

The behaviour answers and the drill's ticks are the person's: their own export has them;
HR's export only counts them (HR reads the answers as totals over at least five people, the
ticks never). An erasure deletes both.

A reflection is private to its author, like a private note: the person's own export has it
— it is theirs — and HR's export never has its text (nor the "one thing I will try", written
for one partner). An erasure deletes the reflections and the attempts' answers; the progress
stays without a name, so completion counts still add up.
"""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.privacy.base import SUBJECT, Audience, Person, Plan, Record, Section, item
from bascule.training.models import (
    BehaviourAnswer,
    DrillCheck,
    Progress,
    QuizAttempt,
    Reflection,
)

COVERS = {
    "training.Progress.employee": SUBJECT,
    "training.Reflection.author": SUBJECT,
    "training.BehaviourAnswer.member": SUBJECT,
    "training.DrillCheck.rater": SUBJECT,
}

KINDS = {
    "training_reflections": gettext_lazy("training reflections: deleted"),
    "training_answers": gettext_lazy("quiz answers: deleted, scores kept"),
    "training_behaviours": gettext_lazy("check-in answers about a partner's practice: deleted"),
    "training_drills": gettext_lazy("kickoff drill ticks: deleted"),
}


def _practice(person: Person, *, audience: Audience) -> Section:
    """The person's answers about their partner's practice and their drill ticks."""
    section = Section(key="training_practice", title=_("Training in the pairs"))
    if person.employee is None:
        return section
    answers = BehaviourAnswer.objects.filter(member=person.employee).select_related("module")
    drills = DrillCheck.objects.filter(rater=person.employee)
    if audience == Audience.HR:
        section.note = _(
            "%(answers)s check-in answers about a partner's practice and %(drills)s drill "
            "ticks: they are only in the person's own export."
        ) % {"answers": answers.count(), "drills": drills.count()}
        return section
    for answer in answers.order_by("pair_id", "period", "module__position"):
        section.records.append(
            Record(
                answer.module.slug,
                [
                    item("pair", _("Pair"), answer.pair_id),
                    item("period", _("Check-in period"), answer.period),
                    item("answer", _("My partner practised it"), answer.get_answer_display()),
                    item("updated_at", _("Saved"), answer.updated_at),
                ],
            )
        )
    for check in drills.order_by("pair_id"):
        section.records.append(
            Record(
                _("Kickoff drill"),
                [
                    item("pair", _("Pair"), check.pair_id),
                    item("ticks", _("Ticked for my partner"), list(check.ticks)),
                    item("updated_at", _("Saved"), check.updated_at),
                ],
            )
        )
    return section


def export(person: Person, *, audience: Audience) -> list[Section]:
    progress_section = Section(key="training_progress", title=_("Training"))
    reflections = Section(key="training_reflections", title=_("Training reflections"))
    if audience == Audience.HR:
        reflections.note = _("Reflections are private: they are only in the person's own export.")
    practice = _practice(person, audience=audience)
    if person.employee is None:
        return [progress_section, reflections, practice]
    rows = (
        Progress.objects.filter(employee=person.employee)
        .select_related("module", "version")
        .prefetch_related("quiz")
        .order_by("started_at", "pk")
    )
    for progress in rows:
        items = [
            item("module", _("Module"), progress.module.slug),
            item("version", _("Version"), progress.version.number),
            item("started_at", _("Started"), progress.started_at),
            item("last_section", _("Last section read"), progress.last_section),
            item("completed_at", _("Completed"), progress.completed_at),
            item("best_score", _("Best quiz score (%)"), progress.best_score),
            item("attempts", _("Quiz attempts"), progress.attempts),
            item("seconds_spent", _("Time spent (seconds)"), progress.seconds_spent),
        ]
        for attempt in progress.quiz.all():
            value = {"score": attempt.score, "passed": attempt.passed}
            if audience == Audience.SELF:
                value["answers"] = attempt.answers
            text = _("%(score)s%% on %(date)s") % {
                "score": attempt.score,
                "date": attempt.submitted_at.date().isoformat(),
            }
            items.append(item(f"attempt_{attempt.number}", _("Quiz attempt"), value, text))
        progress_section.records.append(Record(progress.module.slug, items))
    if audience == Audience.SELF:
        for reflection in Reflection.objects.filter(author=person.employee).select_related(
            "module"
        ):
            reflections.records.append(
                Record(
                    reflection.module.slug,
                    [
                        item("private_text", _("Reflection"), reflection.private_text),
                        item("will_try", _("One thing I will try"), reflection.will_try),
                        item("shared_with", _("Shared with the pair"), reflection.shared_with_id),
                        item("updated_at", _("Saved"), reflection.updated_at),
                    ],
                )
            )
    return [progress_section, reflections, practice]


def erasure_plan(person: Person) -> Plan:
    plan = Plan()
    if person.employee is None:
        return plan
    reflections = Reflection.objects.filter(author=person.employee).count()
    attempts = QuizAttempt.objects.filter(progress__employee=person.employee).count()
    plan.erase_if(
        reflections,
        ngettext("%(count)s training reflection.", "%(count)s training reflections.", reflections)
        % {"count": reflections},
    )
    plan.erase_if(
        attempts,
        ngettext(
            "The answers of %(count)s quiz attempt.",
            "The answers of %(count)s quiz attempts.",
            attempts,
        )
        % {"count": attempts},
    )
    behaviours = BehaviourAnswer.objects.filter(member=person.employee).count()
    plan.erase_if(
        behaviours,
        ngettext(
            "%(count)s check-in answer about a partner's practice.",
            "%(count)s check-in answers about a partner's practice.",
            behaviours,
        )
        % {"count": behaviours},
    )
    drills = DrillCheck.objects.filter(rater=person.employee).count()
    plan.erase_if(
        drills,
        ngettext("%(count)s kickoff drill ticked.", "%(count)s kickoff drills ticked.", drills)
        % {"count": drills},
    )
    if Progress.objects.filter(employee=person.employee).exists():
        plan.keep.append(
            _("Their training progress and scores, with no name: completion counts add up.")
        )
    return plan


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    if person.employee is None:
        return {}
    deleted, _by_model = Reflection.objects.filter(author=person.employee).delete()
    answers = QuizAttempt.objects.filter(progress__employee=person.employee).exclude(answers=[])
    behaviours, _by_model = BehaviourAnswer.objects.filter(member=person.employee).delete()
    drills, _by_model = DrillCheck.objects.filter(rater=person.employee).delete()
    return {
        "training_reflections": deleted,
        "training_answers": answers.update(answers=[]),
        "training_behaviours": behaviours,
        "training_drills": drills,
    }
