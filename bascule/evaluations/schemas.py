"""Schemas of the evaluations API. No schema describes another person's answer: a member
reads their own response; HR reads aggregates (`ResultsOut`), empty under the threshold."""

import datetime as dt

from ninja import Field, Schema

# --- Members ------------------------------------------------------------------------------------


class OpenSurveyOut(Schema):
    survey_id: int = Field(description="Survey id")
    pair_id: int = Field(description="The pair the answers are about")
    kind: str = Field(description="baseline, midpoint, end or closing")
    title: str = Field(description="Title in the caller's language")
    program: str = Field(description="The program's name")
    partner: str = Field(description="The partner's name")
    role: str = Field(description="The caller's role in the pair: mentor or mentee")
    opens_on: dt.date = Field(description="First day answers are accepted")
    closes_on: dt.date = Field(description="Last day answers are accepted")


class ChoiceOut(Schema):
    value: int
    label: str = Field(description="Words for the value, in the caller's language")


class SkillToRateOut(Schema):
    id: int = Field(description="Skill id")
    label: str = Field(description="Label in the caller's language")


class QuestionOut(Schema):
    id: int = Field(description="Question id")
    position: int
    kind: str = Field(description="likert (1-5), nps (0-10), text, skills")
    text: str = Field(description="The wording in the caller's language")
    required: bool
    choices: list[ChoiceOut] = Field(description="The values offered (empty for text)")
    skills: list[SkillToRateOut] = Field(
        default_factory=list, description="skills questions: the skills to rate, levels 1-4"
    )


class MyAnswerOut(Schema):
    question_id: int
    value: int | None = None
    text: str = ""


class MyRatingOut(Schema):
    question_id: int
    skill_id: int
    before: int | None = None
    now: int


class MyResponseOut(Schema):
    id: int
    submitted_at: dt.datetime
    answers: list[MyAnswerOut]
    ratings: list[MyRatingOut]


class MemberSurveyOut(OpenSurveyOut):
    open: bool = Field(description="True while answers are accepted")
    answered: bool = Field(description="True once the caller answered (once only)")
    retrospective: bool = Field(
        description="True when skills are rated both at the start (looking back) and now"
    )
    questions: list[QuestionOut]
    mine: MyResponseOut | None = Field(description="The caller's own response, if any")


class AnswerIn(Schema):
    question_id: int = Field(description="A Likert, NPS or text question of the survey")
    value: int | None = Field(None, description="Likert 1-5 or NPS 0-10")
    text: str | None = Field(None, description="The answer to a text question")


class RatingIn(Schema):
    question_id: int = Field(description="The skills question")
    skill_id: int = Field(description="A skill listed under that question")
    before: int | None = Field(None, description="Level 1-4 at the start (end and closing)")
    now: int | None = Field(None, description="Level 1-4 now")


class ResponseIn(Schema):
    answers: list[AnswerIn] = Field(default_factory=list)
    ratings: list[RatingIn] = Field(default_factory=list)


# --- HR -----------------------------------------------------------------------------------------


class HrQuestionOut(Schema):
    id: int
    position: int
    kind: str
    text_fr: str
    text_en: str
    required: bool


class SurveyOut(Schema):
    id: int = Field(description="Survey id")
    program_id: int
    kind: str = Field(description="baseline, midpoint, end or closing")
    title_fr: str
    title_en: str
    opens_on: dt.date
    closes_on: dt.date
    closing_days: int = Field(description="Closing survey: days to answer after a pair ended")
    respondents: int = Field(description="Distinct people who answered")
    questions_locked: bool = Field(description="True once answered: questions cannot change")
    questions: list[HrQuestionOut]


class QuestionIn(Schema):
    kind: str = Field(description="likert, nps, text or skills")
    text_fr: str = Field(description="The wording in French")
    text_en: str = Field(description="The wording in English")
    required: bool = True


class SurveyIn(Schema):
    """Fields left out are unchanged. `questions` replaces all the questions (refused with
    409 once the survey has answers); dates are YYYY-MM-DD."""

    title_fr: str | None = None
    title_en: str | None = None
    opens_on: str | None = Field(None, description="YYYY-MM-DD")
    closes_on: str | None = Field(None, description="YYYY-MM-DD")
    closing_days: int | None = None
    questions: list[QuestionIn] | None = None


class BucketOut(Schema):
    value: int
    label: str
    count: int
    percent: float


class GroupStatOut(Schema):
    respondents: int | None = Field(
        description="Distinct people in the group; null when the group is too small to show"
    )
    shown: bool = Field(description="False under the threshold: every figure is empty")
    mean: float | None = None
    mean_before: float | None = None
    distribution: list[BucketOut] = Field(default_factory=list)
    nps: int | None = None
    promoters: int | None = None
    passives: int | None = None
    detractors: int | None = None


class QuestionResultOut(Schema):
    question_id: int
    kind: str
    text: str
    overall: GroupStatOut
    mentors: GroupStatOut
    mentees: GroupStatOut
    texts: list[str] = Field(description="Free texts, unattributed, in a stable shuffled order")


class SkillResultOut(Schema):
    skill_id: int
    label: str
    overall: GroupStatOut
    mentors: GroupStatOut
    mentees: GroupStatOut


class ResultsOut(Schema):
    survey_id: int
    respondents: int
    mentors: int | None = Field(
        description="Distinct mentors who answered; null unless mentors and mentees are each "
        "at least `min_respondents`"
    )
    mentees: int | None = Field(description="Distinct mentees who answered; null likewise")
    min_respondents: int = Field(description="No figure for a group under this size")
    shown: bool
    questions: list[QuestionResultOut]
    skills: list[SkillResultOut]
