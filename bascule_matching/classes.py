"""Classes of people: the same language set and career stage, hence the same eligibility.

Two rules of eligibility depend on the class only (a common language; the mentee's career
stage at least `min_level_gap` above the mentor's); the others are exceptions between two
people (reporting lines, exclusions, earlier pairs). A class is coded as one integer,
language set × STAGES + career stage, everywhere in the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .problem import Problem

# Career stages run from 1 to 8; index 0 is unused, so a table by stage has STAGES rows.
STAGES = 9


def class_code(language_set: np.ndarray, level: np.ndarray) -> np.ndarray:
    """The class of people with this language set and career stage."""
    return np.asarray(language_set, np.int64) * STAGES + np.asarray(level, np.int64)


def stage_of(code: np.ndarray) -> np.ndarray:
    """The career stage of a class."""
    return np.asarray(code) % STAGES


def language_set_of(code: np.ndarray) -> np.ndarray:
    """The language set (index in `Problem.language_sets`) of a class."""
    return np.asarray(code) // STAGES


def stage_allowed(min_level_gap: int) -> np.ndarray:
    """Boolean table (mentee stage × mentor stage) of the reverse rule."""
    stages = np.arange(STAGES)
    return (stages[:, None] - stages[None, :]) >= min_level_gap


def class_eligibility(problem: Problem) -> np.ndarray:
    """Boolean matrix (mentee class × mentor class): pairs of these classes are eligible
    unless they are exceptions (a common language, the reverse rule)."""
    allowed = stage_allowed(problem.program.min_level_gap)
    return (problem.language_ok[:, None, :, None] & allowed[None, :, None, :]).reshape(
        len(problem.language_sets) * STAGES, -1
    )
