"""The matching problem: participants encoded (encoding.py), scored exactly (scoring.py),
and each mentee's best mentors found (topk.py)."""

from __future__ import annotations

from .encoding import Encoding
from .scoring import ExactScoring
from .topk import TopK


class Problem(Encoding, ExactScoring, TopK):
    """A program's participants encoded as arrays, with hard constraints and exact scoring.

    Build it once with `Problem(participants, program)`; `top_lists()` and `candidates()` then
    give each mentee's best mentors, `score_pairs()` scores any pairs exactly,
    `dense_scores()` builds the full matrix for small instances (reference and tests).
    """
