import datetime as dt

from ninja import Field, Schema

from bascule.skills import importing
from bascule.skills.models import Skill, SkillCategory
from bascule.skills.selectors import SkillFilters


class SkillCategoryOut(Schema):
    id: int
    slug: str
    name: str = Field(description="In the caller's language")
    name_fr: str
    name_en: str
    position: int

    @staticmethod
    def resolve_name(obj: SkillCategory) -> str:
        return obj.name


class SkillOut(Schema):
    """A skill of the taxonomy; `label` and `description` are in the caller's language."""

    id: int
    slug: str
    category_id: int | None
    category: str | None
    label: str
    label_fr: str
    label_en: str
    description: str
    description_fr: str
    description_en: str
    source_uri: str
    built_in: bool
    retired: bool
    merged_into_id: int | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_category(obj: Skill) -> str | None:
        return obj.category.name if obj.category_id else None

    @staticmethod
    def resolve_retired(obj: Skill) -> bool:
        return obj.retired_at is not None


class SkillFilter(Schema):
    q: str = Field("", max_length=100, description="Words found in the French or English name")
    category: int | None = Field(None, description="Category id")
    include_retired: bool = False
    include_merged: bool = False

    def to_filters(self) -> SkillFilters:
        return SkillFilters(
            q=" ".join(self.q.split()),
            category_id=self.category,
            include_retired=self.include_retired,
            include_merged=self.include_merged,
        )


LABEL = Field(..., min_length=1, max_length=importing.LABEL_MAX_LENGTH)
DESCRIPTION = Field("", max_length=importing.DESCRIPTION_MAX_LENGTH)


class SkillIn(Schema):
    label_fr: str = LABEL
    label_en: str = LABEL
    category_id: int | None = None
    description_fr: str = DESCRIPTION
    description_en: str = DESCRIPTION
    slug: str = Field(
        "",
        max_length=importing.SLUG_MAX_LENGTH,
        description="A stable code; made from the English name when empty",
    )


class SkillUpdateIn(Schema):
    label_fr: str = LABEL
    label_en: str = LABEL
    category_id: int | None = None
    description_fr: str = DESCRIPTION
    description_en: str = DESCRIPTION
    updated_at: dt.datetime | None = Field(
        None,
        description="The skill's updated_at when you read it: a later change by someone "
        "else is then refused with 409. Without it, the last save wins.",
    )


class SkillMergeIn(Schema):
    target_id: int = Field(..., description="The skill that takes the merged skill's place")


class SkillMergeOut(Schema):
    skill: SkillOut
    applications_moved: int
    applications_combined: int


class SkillImportErrorOut(Schema):
    line: int
    column: str
    value: str
    message: str


class SkillImportCountsOut(Schema):
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0


class SkillImportOut(Schema):
    layout: str = Field(description="bascule or esco")
    language: str | None
    dry_run: bool
    total_rows: int
    counts: SkillImportCountsOut
    errors: list[SkillImportErrorOut]


class SkillImportRejectedOut(Schema):
    detail: str
    code: str | None = None
    errors: list[SkillImportErrorOut] = Field(default_factory=list)
