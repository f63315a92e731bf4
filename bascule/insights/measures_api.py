"""The measures of impact as JSON, /api/insights/ (docs/impact.md): learning, behaviour,
results and bridging, for one or several programs with the same filters as query
parameters.

Who: HR admins (every program), program managers (the programs they manage: another
program is a 404), sponsors (every program past the draft: these are aggregates only);
anyone else 403. Every figure follows the small-cell rule (bascule/insights/stats.py): a
hidden one is null with `hidden: true`.
"""

import dataclasses
import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from bascule.core.api_errors import ERRORS
from bascule.core.errors import ValidationFailed
from bascule.core.permissions import require, user_can_see_funnels
from bascule.insights import behaviour as behaviour_module
from bascule.insights import bridging as bridging_module
from bascule.insights import learning as learning_module
from bascule.insights import results as results_module
from bascule.insights.scope import LEVEL_BANDS, Scope, parse_level_band, readable_programs
from bascule.programs.models import Program

router = Router(tags=["insights"])

MAX_PROGRAMS = 100


class ScopeIn(Schema):
    programs: list[int] = Field(
        default_factory=list,
        max_length=MAX_PROGRAMS,
        description="Program ids (repeat the parameter); none: every program you may read",
        examples=[[12, 14]],
    )
    department_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Only people of this department (their current one)"
    )
    level_band: str | None = Field(
        None, max_length=5, description="Only people of these levels", examples=["3-4"]
    )
    location: str | None = Field(None, max_length=120, examples=["Lyon"])
    date_from: dt.date | None = Field(None, description="Programs running on or after this day")
    date_to: dt.date | None = Field(None, description="Programs running on or before this day")


class LearningScopeIn(ScopeIn):
    basis: str = Field(
        learning_module.RETROSPECTIVE,
        max_length=20,
        description='"retrospective" (the end survey\'s "at the start" and "now") or '
        '"baseline" (the baseline survey against the end survey)',
        examples=["retrospective"],
    )


def scope_of(request: HttpRequest, filters: ScopeIn) -> tuple[Scope, QuerySet[Program]]:
    """The scope the filters describe and the programs the caller may read. 404 for a
    program they may not read (or that does not exist), 422 for a wrong band or period."""
    allowed = readable_programs(request.user)
    errors: dict[str, list[str]] = {}
    band = (filters.level_band or "").strip() or None
    if band is not None:
        try:
            parse_level_band(band)
        except ValueError:
            errors["level_band"] = [
                _("Choose a level band among %(bands)s.") % {"bands": ", ".join(LEVEL_BANDS)}
            ]
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        errors["date_to"] = [_("The end of the period must not be before its start.")]
    if errors:
        raise ValidationFailed(errors)
    ids = set(filters.programs)
    if any(pk < 1 or pk > 2**31 - 1 for pk in ids):
        raise Http404
    if ids and allowed.filter(pk__in=ids).count() != len(ids):
        raise Http404
    scope = Scope(
        programs=tuple(ids),
        department_id=filters.department_id,
        level_band=band,
        location=(filters.location or "").strip() or None,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    return scope, allowed


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """A dataclass as dicts and lists: `dataclasses.asdict` without its deep copy of every
    value (the results' curves hold tens of thousands of numbers)."""
    if isinstance(value, _SCALARS):
        return value
    if dataclasses.is_dataclass(value):
        return {
            field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


# --- Schemas ---------------------------------------------------------------------------------


class RateOut(Schema):
    key: str
    label: str
    definition: str
    n: int | None = Field(description="The group's size; null when hidden")
    k: int | None
    estimate: float | None = Field(examples=[0.42])
    low: float | None = Field(description="95 % Wilson interval")
    high: float | None
    hidden: bool


class CellOut(Schema):
    key: str
    label: str
    count: int | None = Field(description="null when hidden")
    hidden: bool
    reason: str | None = Field(description='"small" (1 to 4) or "complementary"')


class GrowthOut(Schema):
    key: str = Field(examples=["skill:12"])
    label: str
    role: str = Field(examples=["mentee"])
    n: int | None
    mean_before: float | None = Field(examples=[2.1])
    mean_after: float | None = Field(examples=[2.9])
    median_change: float | None
    mean_change: float | None
    change_low: float | None = Field(description="95 % interval of the mean change")
    change_high: float | None
    p_value: float | None = Field(description="Wilcoxon signed-rank test, two-sided")
    hidden: bool


class LearningOut(Schema):
    basis: str = Field(examples=["retrospective"])
    definition: str
    min_cell: int = Field(examples=[5])
    skills: list[GrowthOut]
    categories: list[GrowthOut]


class GoalsOut(Schema):
    direction: str = Field(examples=["learning"])
    label: str
    definition: str
    pairs: int | None
    goals: int | None
    achieved: int | None
    share: float | None
    low: float | None
    high: float | None
    statuses: list[CellOut]
    hidden: bool


class MeetingsOut(Schema):
    definition: str
    pairs: int | None
    planned: int | None
    held: int | None
    share: float | None = Field(examples=[0.8])
    median_pair_share: float | None
    hidden: bool


class PractisedOut(Schema):
    module_id: int
    title: str
    behaviour: str
    respondents: int | None
    yes: float | None
    partly: float | None
    no: float | None
    hidden: bool


class BehaviourOut(Schema):
    min_cell: int = Field(examples=[5])
    goals: list[GoalsOut]
    meetings: MeetingsOut
    practised_definition: str
    practised: list[PractisedOut]


class CurveOut(Schema):
    times: list[float] = Field(description="Months after the start")
    survival: list[float]
    lower: list[float]
    upper: list[float]
    at_risk: list[int]


class GroupOut(Schema):
    key: str = Field(examples=["mentors"])
    n: int | None
    curve: CurveOut | None
    milestones: list[RateOut]
    hidden: bool


class OutcomeOut(Schema):
    outcome: str = Field(examples=["retention"])
    role: str
    definition: str
    participants: GroupOut
    peers: GroupOut
    chi2: float | None = Field(description="Log-rank chi-square (1 degree of freedom)")
    p_value: float | None
    sentences: list[str]


class MobilityOut(Schema):
    role: str
    definition: str
    participants: RateOut
    peers: RateOut
    sentences: list[str]


class ResultsOut(Schema):
    min_cell: int = Field(examples=[5])
    analysis_date: dt.date
    matching: dict[str, list[CellOut]]
    outcomes: list[OutcomeOut]
    mobility: list[MobilityOut]


class GenerationRowOut(Schema):
    band: str = Field(examples=["millennials"])
    label: str
    cells: list[CellOut]


class BridgingOut(Schema):
    min_cell: int = Field(examples=[5])
    pairs: int | None
    cross_department: RateOut
    cross_location: RateOut
    level_gap_definition: str
    level_gap: list[CellOut]
    generation_definition: str
    generations: list[GenerationRowOut]


# --- Operations ------------------------------------------------------------------------------


@router.get(
    "/learning",
    response={200: LearningOut, **ERRORS},
    summary="Skills before and after (learning)",
)
@require(user_can_see_funnels)
def get_learning_measures(request: HttpRequest, filters: Query[LearningScopeIn]):
    """Mentees' and mentors' self-assessed growth per skill and per skill category."""
    scope, allowed = scope_of(request, filters)
    if filters.basis not in learning_module.BASES:
        raise ValidationFailed({"basis": [_("Choose “retrospective” or “baseline”.")]})
    return _plain(learning_module.learning(scope, basis=filters.basis, allowed=allowed))


@router.get(
    "/behaviour",
    response={200: BehaviourOut, **ERRORS},
    summary="Goals reached, meetings kept, behaviours practised",
)
@require(user_can_see_funnels)
def get_behaviour_measures(request: HttpRequest, filters: Query[ScopeIn]):
    """Goals reached by direction, meetings held against the cadence, and how often members
    say their partner practised what training taught."""
    scope, allowed = scope_of(request, filters)
    return _plain(behaviour_module.behaviour(scope, allowed=allowed))


@router.get(
    "/results",
    response={200: ResultsOut, **ERRORS},
    summary="Retention, promotion and internal mobility against matched peers",
)
@require(user_can_see_funnels)
def get_results_measures(request: HttpRequest, filters: Query[ScopeIn]):
    """Participants against matched colleagues who never took part: retention, promotion
    and changes of department or job title, with sentences in the caller's language."""
    scope, allowed = scope_of(request, filters)
    return _plain(results_module.results(scope, allowed=allowed))


@router.get(
    "/bridging",
    response={200: BridgingOut, **ERRORS},
    summary="Reach across departments, locations, levels and generations",
)
@require(user_can_see_funnels)
def get_bridging_measures(request: HttpRequest, filters: Query[ScopeIn]):
    """Pairs across departments and locations, the level gap, and the self-declared
    generations by role (counts with the small-cell rule)."""
    scope, allowed = scope_of(request, filters)
    return _plain(bridging_module.bridging(scope, allowed=allowed))


__all__ = ["router", "scope_of"]
