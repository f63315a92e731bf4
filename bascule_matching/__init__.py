"""Bascule's matching engine: open, optimal and explainable mentor–mentee matching.

Two layers: `scoring` turns participants' features into sparse candidate pairs with a score
and its breakdown; `assignment.assign` picks the pairs (as many mentees as possible, then the
best total score). `match` runs both, certifies the result against the best possible matching
over all eligible pairs, and explains every pair and every person left aside; `render`
turns the explanations into French or English sentences. No Django here.
"""

from .assignment import Assignment, assign
from .certificate import Certificate
from .engine import MatchedPair, MatchResult, Unmatched, match
from .explain import REASON_CODES
from .model import COMPONENTS, MatchingError, Participant, Program, Weights
from .problem import Problem

__all__ = [
    "COMPONENTS",
    "Assignment",
    "Certificate",
    "MatchResult",
    "MatchedPair",
    "MatchingError",
    "Participant",
    "REASON_CODES",
    "Problem",
    "Program",
    "Unmatched",
    "Weights",
    "assign",
    "match",
]
