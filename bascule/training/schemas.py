"""Schemas of the training API, learner's side. No schema carries another person's
reflection: `ReflectionOut` is its author's own."""

import datetime as dt

from ninja import Field, Schema


class ModuleSummaryOut(Schema):
    slug: str = Field(description="The module's identifier")
    position: int
    audience: str = Field(description="mentor, mentee, both or managers")
    version: int = Field(description="The published version's number")
    minutes: int = Field(description="Estimated duration")
    pass_mark: int = Field(description="Percent of the questions to answer right")
    language: str = Field(description="The language of the text: the caller's, else the other")
    title: str
    summary: str


class ChoiceOut(Schema):
    text: str


class QuestionOut(Schema):
    prompt: str
    multiple: bool = Field(description="Several right answers: tick them all")
    choices: list[ChoiceOut] = Field(description="Answered by index, from 0")


class SectionOut(Schema):
    title: str
    body: str = Field(description="Markdown")


class ProgressOut(Schema):
    module: str = Field(description="The module's slug")
    version: int = Field(description="The version taken")
    version_id: int = Field(description="Send it back with a quiz attempt")
    last_section: int = Field(description="Sections read in order (resume after it)")
    started_at: dt.datetime
    completed_at: dt.datetime | None
    best_score: int | None
    passed: bool
    attempts: int
    seconds_spent: int


class ModuleOut(ModuleSummaryOut):
    version_id: int = Field(description="The version the caller reads: send it with answers")
    fell_back: bool = Field(description="True when the text is not in the caller's language")
    objectives: list[str]
    behaviour: str
    practice: str = Field(description="Markdown")
    sections: list[SectionOut]
    questions: list[QuestionOut] = Field(description="Without the right answers")
    progress: ProgressOut | None


class AttemptIn(Schema):
    version_id: int = Field(description="The version answered (ModuleOut.version_id)")
    answers: list[list[int]] = Field(
        description="Per question, in order, the indexes of the choices ticked"
    )


class ChoiceResultOut(Schema):
    text: str
    correct: bool
    chosen: bool
    explanation: str


class QuestionResultOut(Schema):
    prompt: str
    right: bool = Field(description="Fully right: every right choice and no other")
    choices: list[ChoiceResultOut]


class AttemptOut(Schema):
    number: int
    score: int = Field(description="Percent of the questions fully right")
    passed: bool
    submitted_at: dt.datetime
    progress: ProgressOut
    questions: list[QuestionResultOut]


class ReflectionIn(Schema):
    private_text: str = Field("", max_length=10_000, description="Private: its author only")
    will_try: str = Field("", max_length=500)
    pair_id: int | None = Field(None, description="Share “one thing I will try” with this pair")


class ReflectionOut(Schema):
    module: str
    private_text: str
    will_try: str
    pair_id: int | None
    shared_at: dt.datetime | None
    updated_at: dt.datetime
