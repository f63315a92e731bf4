"""Inputs and parameters of the matching engine: frozen dataclasses and the error type."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, fields
from typing import Literal

ParticipantId = Hashable
Side = Literal["mentor", "mentee"]
FORMATS = ("in_person", "virtual", "hybrid", "")
COMPONENTS = (
    "mentor_can_help",
    "mentee_can_help",
    "shared_interests",
    "availability",
    "format",
    "different_department",
    "career_gap",
)


class MatchingError(ValueError):
    """Raised when the input of the engine is inconsistent or a request cannot be honoured."""


@dataclass(frozen=True)
class Participant:
    """One person enrolled in a program, on one side.

    `can_share` and `wants` map a skill id to a level from 1 (basics) to 4 (expert): what the
    person can teach, and what they want to develop and how much. `seniority` is the career
    stage from 1 to 8 (never the age). `capacity` is how many mentees a mentor takes (ignored
    for mentees). `manager_id` links the person to the org tree.
    """

    id: ParticipantId
    side: Side
    can_share: Mapping[Hashable, int] = field(default_factory=dict)
    wants: Mapping[Hashable, int] = field(default_factory=dict)
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    format: str = ""
    languages: frozenset[str] = frozenset()
    department_id: Hashable | None = None
    manager_id: ParticipantId | None = None
    seniority: int = 1
    capacity: int = 1

    def __post_init__(self) -> None:
        if self.side not in ("mentor", "mentee"):
            raise MatchingError(f"participant {self.id!r}: side must be mentor or mentee")
        if self.format not in FORMATS:
            raise MatchingError(f"participant {self.id!r}: unknown format {self.format!r}")
        if not 1 <= self.seniority <= 8:
            raise MatchingError(f"participant {self.id!r}: seniority must be between 1 and 8")
        if self.capacity < 0:
            raise MatchingError(f"participant {self.id!r}: capacity must not be negative")
        for name in ("can_share", "wants"):
            for skill, level in getattr(self, name).items():
                if not 1 <= level <= 4:
                    raise MatchingError(
                        f"participant {self.id!r}: level of {skill!r} in {name} must be 1-4"
                    )
        for name in ("interests", "availability", "languages"):
            value = getattr(self, name)
            if not isinstance(value, frozenset):
                object.__setattr__(self, name, frozenset(value))


@dataclass(frozen=True)
class Weights:
    """Weight of each score component; the score is the weighted mean of the components.

    The defaults suit a reverse mentoring program where the mentor's help matters most; use
    `Weights.reciprocal()` for a program in which both sides are expected to learn.
    """

    mentor_can_help: float = 0.35
    mentee_can_help: float = 0.10
    shared_interests: float = 0.10
    availability: float = 0.15
    format: float = 0.10
    different_department: float = 0.10
    career_gap: float = 0.10

    def __post_init__(self) -> None:
        values = [getattr(self, f.name) for f in fields(self)]
        if any(v < 0 for v in values) or sum(values) <= 0:
            raise MatchingError("weights must be non-negative and not all zero")

    @classmethod
    def reciprocal(cls) -> Weights:
        """Weights for reciprocal programs: mutual learning counts as much as mentoring."""
        return cls(
            mentor_can_help=0.25,
            mentee_can_help=0.25,
            shared_interests=0.10,
            availability=0.15,
            format=0.05,
            different_department=0.10,
            career_gap=0.10,
        )

    def as_dict(self) -> dict[str, float]:
        """Return the weights by component name, in the order of `COMPONENTS`."""
        return {name: float(getattr(self, name)) for name in COMPONENTS}


Pair = tuple[ParticipantId, ParticipantId]


@dataclass(frozen=True)
class Program:
    """Parameters of one matching run.

    Pairs (`exclusions`, `previous_pairs`, `locked_pairs`) are (mentee id, mentor id); an
    exclusion or previous pair given the other way round is understood too.

    - `min_level_gap`: hard rule, mentee seniority − mentor seniority must be at least this.
    - `max_level_gap`: soft; beyond it the career-gap component decreases by a third per
      level. None means no upper limit.
    - `reporting_line_depth`: how many levels of managers above each person count as their
      reporting line (None: the whole chain). A mentor never mentors someone in their
      reporting line, in either direction.
    - `forbid_same_manager`: also refuse two people who report to the same direct manager
      (a participant's `manager_id`, else their entry in `org_tree`).
    - `prefer_different_department`: when False the department component is left out.
    - `allow_previous_pairs`: when False (default) pairs that met in an earlier program are
      never proposed again.
    - `org_tree`: employee id → manager id for people outside the program, so that reporting
      lines can be followed through them; also read for participants whose `manager_id` is
      None (a participant's own `manager_id` wins), by both reporting-line rules.
    - `candidates_per_mentee`, `gap_target` (fraction, 0.001 = 0.1 %), `max_rounds`: the
      base number of pairs per mentee the assignment sees (four times as many in the first
      round, by raw score; twice as many from the second, by score less the mentor's price),
      the gap under which the engine stops enlarging the candidate sets, and how many
      enlargements it may do.
    """

    weights: Weights = field(default_factory=Weights)
    min_level_gap: int = 1
    max_level_gap: int | None = None
    reporting_line_depth: int | None = None
    forbid_same_manager: bool = False
    prefer_different_department: bool = True
    exclusions: frozenset[Pair] = frozenset()
    previous_pairs: frozenset[Pair] = frozenset()
    allow_previous_pairs: bool = False
    locked_pairs: tuple[Pair, ...] = ()
    org_tree: Mapping[ParticipantId, ParticipantId] = field(default_factory=dict)
    candidates_per_mentee: int = 12
    gap_target: float = 0.001
    max_rounds: int = 3
    seed: int = 0

    def __post_init__(self) -> None:
        if self.max_level_gap is not None and self.max_level_gap < self.min_level_gap:
            raise MatchingError("max_level_gap must not be below min_level_gap")
        if self.reporting_line_depth is not None and self.reporting_line_depth < 0:
            raise MatchingError("reporting_line_depth must be None or a non-negative number")
        if self.candidates_per_mentee < 1:
            raise MatchingError("candidates_per_mentee must be at least 1")
        for name in ("exclusions", "previous_pairs"):
            value = getattr(self, name)
            if not isinstance(value, frozenset):
                object.__setattr__(self, name, frozenset(value))
        if not isinstance(self.locked_pairs, tuple):
            object.__setattr__(self, "locked_pairs", tuple(self.locked_pairs))

    def effective_weights(self) -> dict[str, float]:
        """Return the weights actually used (the department one is 0 when not preferred)."""
        weights = self.weights.as_dict()
        if not self.prefer_different_department:
            weights["different_department"] = 0.0
        if sum(weights.values()) <= 0:
            raise MatchingError("all effective weights are zero")
        return weights
