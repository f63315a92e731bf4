"""The audit actions recorded by evaluations: surveys, their questions, and answers (named,
never quoted: answers are read in aggregate only)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bascule.core.audit_registry import (
    Detail,
    choice,
    date,
    describe_action,
    describe_object,
    field_names,
    hidden,
    number,
    reference,
)
from bascule.evaluations.models import QuestionKind
from bascule.pairing.audit_actions import pair_words


def survey_words(survey) -> dict[str, str]:
    return {"survey": survey.title, "program": survey.program.name}


describe_object("evaluations.survey", parts=survey_words, related=("program",))
describe_object(
    "evaluations.question",
    parts=lambda question: survey_words(question.survey),
    related=("survey__program",),
)
describe_object(
    "evaluations.response",
    parts=lambda response: {**pair_words(response.pair), **survey_words(response.survey)},
    related=("survey__program", "pair__mentor", "pair__mentee", "pair__program"),
)

SURVEY = reference("evaluations.survey", "survey", _("Survey"))
QUESTION_KIND = Detail(_("Kind of question"), choice(QuestionKind))

describe_action(
    "evaluations.survey_created",
    label=_("Survey created"),
    sentence=_("%(actor)s created the survey “%(survey)s” of the program “%(program)s”"),
    details={
        "program": reference("programs.program", "program", _("Program")),
        "kind": hidden(),
        "from": Detail(_("Created from"), choice([("defaults", _("the default questions"))])),
    },
)
describe_action(
    "evaluations.survey_updated",
    label=_("Survey changed"),
    sentence=_("%(actor)s changed the survey “%(survey)s” of the program “%(program)s”"),
    details={
        "fields": Detail(_("Changed"), field_names("evaluations.survey")),
        "opens_on": Detail(_("Opens on"), date),
        "closes_on": Detail(_("Closes on"), date),
    },
)
describe_action(
    "evaluations.question_added",
    label=_("Survey question added"),
    sentence=_(
        "%(actor)s added a question to the survey “%(survey)s” of the program “%(program)s”"
    ),
    details={"survey": SURVEY, "kind": QUESTION_KIND},
)
describe_action(
    "evaluations.question_updated",
    label=_("Survey question changed"),
    sentence=_(
        "%(actor)s changed a question of the survey “%(survey)s” of the program “%(program)s”"
    ),
    details={"survey": SURVEY, "fields": Detail(_("Changed"), field_names("evaluations.question"))},
)
describe_action(
    "evaluations.question_deleted",
    label=_("Survey question deleted"),
    sentence=_(
        "%(actor)s deleted a question of the survey “%(survey)s” of the program “%(program)s”"
    ),
    details={"survey": SURVEY, "kind": QUESTION_KIND},
)
describe_action(
    "evaluations.question_moved",
    label=_("Survey question moved"),
    sentence=_(
        "%(actor)s moved a question of the survey “%(survey)s” of the program “%(program)s” to "
        "position %(position)s"
    ),
    details={"position": Detail(_("New position"), number), "question": hidden()},
)
describe_action(
    "evaluations.questions_reset",
    label=_("Survey questions reset"),
    sentence=_(
        "%(actor)s put back the default questions of the survey “%(survey)s” of the program "
        "“%(program)s”"
    ),
    details={"kind": hidden()},
)
describe_action(
    "evaluations.questions_replaced",
    label=_("Survey questions replaced"),
    sentence=lambda p: (
        ngettext(
            "%(actor)s replaced the questions of the survey “%(survey)s” of the program "
            "“%(program)s”: %(count)s question",
            "%(actor)s replaced the questions of the survey “%(survey)s” of the program "
            "“%(program)s”: %(count)s questions",
            p.count("count"),
        )
        % p
    ),
    details={"count": Detail(_("Questions"), number)},
)
describe_action(
    "evaluations.response_submitted",
    label=_("Survey answered"),
    sentence=_(
        "%(actor)s answered the survey “%(survey)s” of the program “%(program)s” for the pair "
        "%(pair)s"
    ),
    details={
        "survey": SURVEY,
        "kind": hidden(),
        "pair": reference("pairing.pair", "pair", _("Pair")),
    },
)
