"""Every population family, against the dense exact reference: the most mentees possible,
proven; within 0.1 % of the optimum with default settings; a reported gap close to the true
one. And the maximum-cardinality pass on its own, from any starting matching."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bascule_matching import Participant, Problem, Program, match
from bascule_matching.cardinality import maximum_matching
from tests.matching.families import FAMILIES, family
from tests.matching.test_matching import FAST, eligible, populations, reference


def exact(people, program) -> tuple[int, float]:
    """Most mentees any matching can match (locks kept), and the best total score."""
    problem = Problem(people, program)
    dense = problem.dense_scores()
    capacity = problem.mentors.capacity.copy()
    free = np.ones(dense.shape[0], dtype=bool)
    locked_total = 0.0
    for e, m in problem.locked:
        locked_total += dense[e, m]
        free[e] = False
        capacity[m] -= 1
    best_n, best = reference(np.nan_to_num(dense[free]), ~np.isnan(dense[free]), capacity)
    return best_n + len(problem.locked), best + locked_total


@pytest.mark.parametrize("size", [120, 600])
@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_family_is_matched_in_full_and_certified_within_a_tenth_of_a_percent(name, size):
    for seed in (0, 1):
        people, program = family(name, size, seed)
        result = match(people, program)
        best_n, best = exact(people, program)
        cert = result.certificate
        assert cert.matched == best_n, (name, size, seed)
        assert cert.max_matched_proven
        assert cert.upper_bound >= best - 1e-6
        true_gap = 100 * (best - cert.total_score) / best if best > 0 else 0.0
        assert true_gap <= cert.gap_percent + 1e-6
        assert cert.gap_percent <= 0.1, (name, size, seed, cert.gap_percent)
        # The reported gap is close to the true one (not a loose bound).
        assert cert.gap_percent - true_gap <= 0.05


def without_profiles(people):
    return [
        dataclasses.replace(
            p, can_share={}, wants={}, interests=frozenset(), availability=frozenset(), format=""
        )
        for p in people
    ]


@FAST
@given(populations(max_mentees=9, max_mentors=6))
def test_ties_never_cost_a_pair(data):
    """Empty profiles make every score tie: the most mentees possible are still matched,
    even with one candidate per mentee."""
    people, program = data
    people = without_profiles(people)
    program = dataclasses.replace(program, candidates_per_mentee=1, locked_pairs=())
    result = match(people, program)
    best_n, _ = exact(people, program)
    assert result.certificate.matched == best_n
    assert result.certificate.max_matched_proven


@FAST
@given(populations(max_mentees=9, max_mentors=6), st.randoms(use_true_random=False))
def test_the_cardinality_pass_reaches_the_maximum_from_any_matching(data, rnd):
    people, program = data
    program = dataclasses.replace(program, locked_pairs=())
    problem = Problem(people, program)
    n_e, n_m = len(problem.mentees.ids), len(problem.mentors.ids)
    by_id = {p.id: p for p in people}
    # A random matching of eligible pairs to start from (possibly empty).
    start = np.full(n_e, -1, dtype=np.int64)
    load = np.zeros(n_m, dtype=np.int64)
    for e in range(n_e):
        for m in rnd.sample(range(n_m), n_m):
            room = load[m] < problem.mentors.capacity[m]
            if room and rnd.random() < 0.5 and problem.eligible(np.array([e]), np.array([m]))[0]:
                start[e], load[m] = m, load[m] + 1
                break
    found = maximum_matching(problem, np.ones(n_e, dtype=bool), problem.mentors.capacity, start)
    best_n, _ = exact(people, program)
    assert found.matched == best_n
    load = np.bincount(found.match_of[found.match_of >= 0], minlength=n_m)
    assert np.all(load <= problem.mentors.capacity)
    for e, m in enumerate(found.match_of.tolist()):
        if m >= 0:
            mentee, mentor = by_id[problem.mentees.ids[e]], by_id[problem.mentors.ids[m]]
            assert eligible(people, program, mentee, mentor)


def test_the_cardinality_pass_completes_a_matching_left_short():
    """From a matching of one pair, the pass matches every mentee that can be matched, each
    unmatched mentee placed once, and says so."""
    people, program = family("empty", 40, 0)
    problem = Problem(people, program)
    n_e, n_m = len(problem.mentees.ids), len(problem.mentors.ids)
    start = np.full(n_e, -1, dtype=np.int64)
    e, m = next(
        (e, m)
        for e in range(n_e)
        for m in range(n_m)
        if problem.eligible(np.array([e]), np.array([m]))[0]
    )
    start[e] = m
    found = maximum_matching(problem, np.ones(n_e, bool), problem.mentors.capacity, start)
    best_n, _ = exact(people, program)
    assert found.matched == best_n > 1
    assert found.augmented == best_n - 1


def test_short_lists_still_match_everyone_who_can_be_matched():
    """Twelve mentees want the one skill four mentors share; eight other mentors share none.
    With one candidate per mentee, the lists name the same few mentors: the engine still
    matches all twelve (a maximum matching's pairs are put in play) and proves it."""
    fr = frozenset({"fr"})
    people = [
        Participant(f"e{i}", "mentee", wants={"ai": 4}, languages=fr, seniority=7)
        for i in range(12)
    ]
    people += [
        Participant(
            f"m{i}",
            "mentor",
            can_share={"ai": 4, "video": 1 + i % 4} if i < 4 else {"video": 4},
            languages=fr,
            seniority=2,
        )
        for i in range(12)
    ]
    result = match(people, Program(candidates_per_mentee=1))
    assert result.certificate.matched == 12
    assert result.certificate.max_matched_proven
    assert result.certificate.gap_percent <= 0.1
    # The four who share the skill are used for it.
    sharing = {p.mentor_id for p in result.pairs if p.breakdown["mentor_can_help"] > 0}
    assert sharing == {"m0", "m1", "m2", "m3"}


def test_the_bound_outside_the_pool_holds_with_prices_carrying_a_large_bonus():
    """The bound among matchings of the largest size adds a bonus of ν + 1 to every price;
    at such magnitudes float32 rounds a reduced score by far more than the 1e-5 margin. The
    bound of the pairs left out of play must still cover every one of them, exactly."""
    from bascule_matching.engine import _CandidateSet

    people, program = family("sparse", 300, 3)
    problem = Problem(people, program)
    n_e, n_m = len(problem.mentees.ids), len(problem.mentors.ids)
    rows = np.arange(n_e)
    pool = _CandidateSet(problem, rows, problem.mentors.capacity > 0, 1)
    pool.select(np.zeros(n_m), np.full(n_e, -1))
    rng = np.random.default_rng(0)
    prices = 50_000.0 + rng.random(n_m)  # a bonus of 50,000 and prices in [0, 1)
    outside = pool.outside(prices, n_e)
    dense = problem.dense_scores()
    in_play = np.zeros((n_e, n_m), dtype=bool)
    in_play[pool.rows, pool.cols] = True
    reduced = np.where(~np.isnan(dense) & ~in_play, dense - prices[None, :], -np.inf)
    assert np.all(outside >= reduced.max(axis=1) - 1e-12)
