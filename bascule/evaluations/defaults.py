"""The built-in survey templates, in French and in English (docs/evaluations.md, "Defaults").

A program's four surveys are created from these the first time they are needed
(`services.ensure_program_surveys`); HR then edits them per program, or resets a survey to
its template. The wordings are data (both languages stored on each question), not gettext
messages: HR changes them per program.

Default dates (`default_dates`):
- baseline: from the program's start, for 3 weeks;
- midpoint: 2 weeks around the middle of the program;
- end: the last 2 weeks of the program and the 2 weeks after;
- closing: a pair that ended early (during the program) may answer for 30 days after it ended.
"""

import datetime as dt
from dataclasses import dataclass

from bascule.evaluations.models import QuestionKind, SurveyKind


@dataclass(frozen=True)
class DefaultQuestion:
    kind: str
    text_fr: str
    text_en: str
    required: bool = True


@dataclass(frozen=True)
class DefaultSurvey:
    title_fr: str
    title_en: str
    questions: tuple[DefaultQuestion, ...]


LIKERT, NPS, TEXT, SKILLS = (
    QuestionKind.LIKERT,
    QuestionKind.NPS,
    QuestionKind.TEXT,
    QuestionKind.SKILLS,
)

SKILLS_QUESTION = DefaultQuestion(
    SKILLS,
    "Où en êtes-vous sur chacune de ces compétences ?",
    "Where are you on each of these skills?",
)

RECOMMEND = DefaultQuestion(
    NPS,
    "Quelle est la probabilité que vous recommandiez ce programme à un ou une collègue ?",
    "How likely are you to recommend the program to a colleague?",
)

TEMPLATES: dict[str, DefaultSurvey] = {
    SurveyKind.BASELINE: DefaultSurvey(
        "Questionnaire de départ",
        "Starting questionnaire",
        (
            DefaultQuestion(
                LIKERT,
                "Je sais ce que je veux retirer de ce mentorat.",
                "I know what I want to get out of this mentoring.",
            ),
            DefaultQuestion(
                LIKERT,
                "Je me sens à l'aise pour apprendre d'une personne d'une autre génération.",
                "I feel comfortable learning from someone of another generation.",
            ),
            DefaultQuestion(
                LIKERT,
                "Je dispose du temps nécessaire pour ce mentorat.",
                "I have the time this mentoring needs.",
            ),
            SKILLS_QUESTION,
            DefaultQuestion(
                TEXT,
                "Qu'attendez-vous de ce programme ?",
                "What do you expect from this program?",
                required=False,
            ),
        ),
    ),
    SurveyKind.MIDPOINT: DefaultSurvey(
        "Questionnaire de mi-parcours",
        "Mid-point questionnaire",
        (
            DefaultQuestion(
                LIKERT,
                "Nos rencontres sont utiles.",
                "Our meetings are useful.",
            ),
            DefaultQuestion(
                LIKERT,
                "Nous avançons vers nos objectifs.",
                "We are making progress towards our goals.",
            ),
            DefaultQuestion(
                LIKERT,
                "Je me sens écouté·e dans mon binôme.",
                "I feel listened to in my pair.",
            ),
            SKILLS_QUESTION,
            DefaultQuestion(
                TEXT,
                "Qu'est-ce qui vous aiderait pour la suite ?",
                "What would help you for the rest of the program?",
                required=False,
            ),
        ),
    ),
    SurveyKind.END: DefaultSurvey(
        "Questionnaire de fin de programme",
        "End-of-program questionnaire",
        (
            DefaultQuestion(
                LIKERT,
                "J'ai obtenu ce que j'attendais de ce mentorat.",
                "I got what I wanted out of this mentoring.",
            ),
            DefaultQuestion(
                LIKERT,
                "J'utilise dans mon travail ce que j'ai appris.",
                "I use what I learned in my work.",
            ),
            DefaultQuestion(
                LIKERT,
                "Je comprends mieux les façons de travailler d'une autre génération.",
                "I understand better how another generation works.",
            ),
            RECOMMEND,
            SKILLS_QUESTION,
            DefaultQuestion(
                TEXT,
                "Qu'est-ce qui a changé dans votre façon de travailler ?",
                "What has changed in how you work?",
                required=False,
            ),
            DefaultQuestion(
                TEXT,
                "Que faudrait-il améliorer dans le programme ?",
                "What should the program do better?",
                required=False,
            ),
        ),
    ),
    SurveyKind.CLOSING: DefaultSurvey(
        "Questionnaire de clôture",
        "Closing questionnaire",
        (
            DefaultQuestion(
                LIKERT,
                "Ce mentorat m'a été utile, même s'il s'est arrêté plus tôt que prévu.",
                "This mentoring was useful to me, even though it ended earlier than planned.",
            ),
            RECOMMEND,
            SKILLS_QUESTION,
            DefaultQuestion(
                TEXT,
                "Qu'est-ce qui aurait pu aider votre binôme à continuer ?",
                "What could have helped your pair to carry on?",
                required=False,
            ),
        ),
    ),
}

KINDS = (SurveyKind.BASELINE, SurveyKind.MIDPOINT, SurveyKind.END, SurveyKind.CLOSING)

CLOSING_DAYS = 30


def default_dates(kind: str, starts_on: dt.date, ends_on: dt.date) -> tuple[dt.date, dt.date]:
    """Return (opens_on, closes_on) of a survey of `kind` for a program with these dates."""
    ends_on = max(ends_on, starts_on)
    if kind == SurveyKind.BASELINE:
        return starts_on, starts_on + dt.timedelta(weeks=3)
    if kind == SurveyKind.MIDPOINT:
        middle = starts_on + (ends_on - starts_on) / 2
        return middle - dt.timedelta(weeks=1), middle + dt.timedelta(weeks=1)
    if kind == SurveyKind.END:
        return (
            max(ends_on - dt.timedelta(weeks=2), starts_on),
            ends_on + dt.timedelta(weeks=2),
        )
    # Closing: the pairs that ended between the program's start and its end.
    return starts_on, ends_on
