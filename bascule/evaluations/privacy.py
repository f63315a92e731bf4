"""Personal data of the evaluations app: the person's survey answers (see
bascule/privacy/base.py for the contract, docs/privacy.md for the rules).

Answers are confidential (docs/evaluations.md): the person's own export has theirs — they
are theirs — and HR's export never has any. After an erasure, or once the retention period
is over, the scores stay and are still counted in the results; the free texts go.
"""

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.evaluations.models import Answer, Response, SkillRating
from bascule.privacy.base import (
    ACTOR,
    SUBJECT,
    Audience,
    Person,
    Plan,
    Record,
    Section,
    item,
    readable,
)
from bascule.programs.models import Program

COVERS = {
    "evaluations.Response.respondent": SUBJECT,
    "evaluations.Response.author": ACTOR,
}

KINDS = {
    "survey_answers": gettext_lazy("survey answers: free text deleted"),
}


def export(person: Person, *, audience: Audience) -> list[Section]:
    section = Section(key="survey_answers", title=_("Survey answers"))
    if audience == Audience.HR:
        section.note = _(
            "Survey answers are confidential: they are only in the person's own export."
        )
        return [section]
    if person.employee is None:
        return [section]
    section.note = _(
        "Your answers are confidential: HR only ever reads totals of five people or more."
    )
    responses = (
        Response.objects.filter(respondent=person.employee)
        .select_related("survey__program")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("question")),
            Prefetch("skill_ratings", queryset=SkillRating.objects.select_related("skill")),
        )
        .order_by("submitted_at", "id")
    )
    for response in responses:
        survey = response.survey
        items = [
            item("program", _("Program"), survey.program.name),
            item("survey", _("Survey"), survey.title),
            item("role", _("Role"), response.role, response.get_role_display()),
            item("submitted_at", _("Submitted"), response.submitted_at),
        ]
        for answer in sorted(response.answers.all(), key=lambda a: (a.question.position, a.pk)):
            value = answer.value if answer.value is not None else answer.text
            items.append(item(f"question_{answer.question_id}", answer.question.text, value))
        for rating in response.skill_ratings.all():
            text = _("at the start: %(before)s, now: %(now)s") % {
                "before": readable(rating.before),
                "now": rating.now,
            }
            items.append(
                item(
                    f"skill_{rating.skill.slug}",
                    rating.skill.label,
                    {"before": rating.before, "now": rating.now},
                    text,
                )
            )
        section.records.append(Record(f"{survey.program.name} — {survey.title}", items))
    return [section]


def erasure_plan(person: Person) -> Plan:
    if person.employee is None:
        return Plan()
    responses = Response.objects.filter(respondent=person.employee).count()
    if not responses:
        return Plan()
    return Plan(
        erase=[
            ngettext(
                "The free-text answers of %(count)s survey response.",
                "The free-text answers of %(count)s survey responses.",
                responses,
            )
            % {"count": responses}
        ],
        keep=[
            _(
                "Their survey scores and skill ratings, with no name: they still count in the "
                "results of five respondents or more."
            )
        ],
    )


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    if person.employee is None:
        return {}
    answers = Answer.objects.filter(response__respondent=person.employee).exclude(text="")
    return {"survey_answers": answers.update(text="")}


def expire_program(program: Program, *, dry_run: bool) -> dict[str, int]:
    """Delete the free-text answers to `program`'s surveys; the scores stay."""
    answers = Answer.objects.filter(response__survey__program=program).exclude(text="")
    if dry_run:
        return {"survey_answers": answers.count()}
    return {"survey_answers": answers.update(text="")}
