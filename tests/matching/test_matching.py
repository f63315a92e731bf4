"""Property tests of the matching engine (pure Python: no database)."""

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from bascule_matching import (
    COMPONENTS,
    REASON_CODES,
    MatchingError,
    Participant,
    Problem,
    Program,
    Weights,
    assign,
    match,
)

SKILLS = ["ai", "social", "video", "data", "nego"]
INTERESTS = ["cycling", "chess", "music", "cooking"]
SLOTS = ["mon-am", "tue-am", "wed-pm", "fri-pm"]
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def populations(draw, max_mentees=6, max_mentors=5):
    n_e = draw(st.integers(1, max_mentees))
    n_m = draw(st.integers(1, max_mentors))
    people = []
    for i in range(n_e + n_m):
        side = "mentee" if i < n_e else "mentor"
        levels = st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 4), max_size=3)
        people.append(
            Participant(
                id=f"{side[:3]}{i}",
                side=side,
                can_share=draw(levels),
                wants=draw(levels),
                interests=frozenset(draw(st.sets(st.sampled_from(INTERESTS), max_size=3))),
                availability=frozenset(draw(st.sets(st.sampled_from(SLOTS), max_size=3))),
                format=draw(st.sampled_from(["in_person", "virtual", "hybrid", ""])),
                languages=frozenset(draw(st.sets(st.sampled_from(["fr", "en", "de"]), min_size=1))),
                department_id=draw(st.sampled_from([None, "d1", "d2"])),
                manager_id=draw(st.sampled_from([None, *[p.id for p in people]])),
                seniority=draw(st.integers(4, 8) if side == "mentee" else st.integers(1, 6)),
                capacity=draw(st.integers(0, 2)) if side == "mentor" else 1,
            )
        )
    mentees = [p.id for p in people if p.side == "mentee"]
    mentors = [p.id for p in people if p.side == "mentor"]
    pairs = st.tuples(st.sampled_from(mentees), st.sampled_from(mentors))
    program = Program(
        weights=draw(st.sampled_from([Weights(), Weights.reciprocal()])),
        min_level_gap=draw(st.integers(0, 2)),
        max_level_gap=draw(st.sampled_from([None, 3])),
        reporting_line_depth=draw(st.sampled_from([None, 1])),
        forbid_same_manager=draw(st.booleans()),
        prefer_different_department=draw(st.booleans()),
        exclusions=frozenset(draw(st.sets(pairs, max_size=2))),
        previous_pairs=frozenset(draw(st.sets(pairs, max_size=2))),
        allow_previous_pairs=draw(st.booleans()),
        candidates_per_mentee=draw(st.integers(1, 3)),
        seed=draw(st.integers(0, 3)),
    )
    return people, program


def chain(people, pid, depth):
    managers = {p.id: p.manager_id for p in people}
    found, current = [], pid
    while (depth is None or len(found) < depth) and managers.get(current) is not None:
        current = managers[current]
        if current in found or current == pid:
            break
        found.append(current)
    return found


def eligible(people, program, mentee, mentor):
    """Hard constraints, written independently of the engine."""
    if not mentee.languages & mentor.languages:
        return False
    if mentee.seniority - mentor.seniority < program.min_level_gap:
        return False
    if mentor.capacity <= 0:
        return False
    depth = program.reporting_line_depth
    if mentor.id in chain(people, mentee.id, depth) or mentee.id in chain(people, mentor.id, depth):
        return False
    same_manager = mentee.manager_id is not None and mentee.manager_id == mentor.manager_id
    if program.forbid_same_manager and same_manager:
        return False
    pair = {(mentee.id, mentor.id), (mentor.id, mentee.id)}
    if pair & program.exclusions:
        return False
    return program.allow_previous_pairs or not pair & program.previous_pairs


def reference(scores, allowed, capacity):
    """Dense reference: mentors repeated per capacity, cardinality first, then score."""
    cols = np.repeat(np.arange(len(capacity)), capacity)
    if len(cols) == 0 or scores.shape[0] == 0:
        return 0, 0.0
    weight = np.where(allowed[:, cols], 1000.0 + scores[:, cols], 0.0)
    r, c = linear_sum_assignment(weight, maximize=True)
    ok = allowed[r, cols[c]]
    return int(ok.sum()), float(scores[r, cols[c]][ok].sum())


@FAST
@given(populations())
def test_hard_constraints_capacity_and_optimum(data):
    people, program = data
    by_id = {p.id: p for p in people}
    result = match(people, program)
    load = {}
    for pair in result.pairs:
        mentee, mentor = by_id[pair.mentee_id], by_id[pair.mentor_id]
        assert mentee.side == "mentee" and mentor.side == "mentor"
        assert eligible(people, program, mentee, mentor)
        load[mentor.id] = load.get(mentor.id, 0) + 1
        assert 0 <= pair.score <= 1
        assert set(pair.breakdown) == set(COMPONENTS)
    assert all(load[m] <= by_id[m].capacity for m in load)
    assert len({p.mentee_id for p in result.pairs}) == len(result.pairs)

    # The certificate's bound is at least the true optimum over all eligible pairs.
    problem = Problem(people, program)
    dense = problem.dense_scores()
    mentees = [by_id[i] for i in problem.mentees.ids]
    mentors = [by_id[i] for i in problem.mentors.ids]
    allowed = np.array(
        [[eligible(people, program, e, m) for m in mentors] for e in mentees], dtype=bool
    ).reshape(len(mentees), len(mentors))
    assert np.array_equal(allowed, ~np.isnan(dense))
    best_n, best_score = reference(np.nan_to_num(dense), allowed, problem.mentors.capacity)
    cert = result.certificate
    assert cert.matched == best_n
    assert cert.max_matched_proven
    assert cert.total_score == pytest.approx(best_score, abs=1e-5)
    assert cert.upper_bound >= best_score - 1e-6
    assert cert.gap_percent <= 0.1 + 1e-9 or cert.rounds > program.max_rounds


@FAST
@given(populations())
def test_same_input_same_output_and_locks(data):
    people, program = data
    first, second = match(people, program), match(people, program)
    assert first == second
    by_id = {p.id: p for p in people}
    possible = [
        (e.id, m.id)
        for e in people
        for m in people
        if e.side == "mentee" and m.side == "mentor" and eligible(people, program, e, m)
    ]
    if possible:
        lock = possible[0]
        locked = match(people, Program(**{**program.__dict__, "locked_pairs": (lock,)}))
        assert (lock[0], lock[1]) in {(p.mentee_id, p.mentor_id) for p in locked.pairs}
        assert all(eligible(people, program, by_id[p.mentee_id], by_id[p.mentor_id])
                   for p in locked.pairs)  # fmt: skip


@FAST
@given(populations())
def test_every_reason_is_a_known_code_with_its_data(data):
    people, program = data
    result = match(people, program)
    reasons = [r for pair in result.pairs for r in pair.reasons]
    for person in result.unmatched:
        assert person.reasons
        reasons += person.reasons
    for reason in reasons:
        assert set(REASON_CODES[reason["code"]]) <= set(reason)


def brute_force(matrix, capacity, locked=(), forbidden=()):
    dense = matrix.toarray()
    allowed = np.zeros(dense.shape, dtype=bool)
    coo = matrix.tocoo()
    allowed[coo.row, coo.col] = True
    for r, c in forbidden:
        allowed[r, c] = False
    best = (-1, -1.0)
    choices = [[None, *range(dense.shape[1])] for _ in range(dense.shape[0])]
    for pick in itertools.product(*choices):
        if any(pick[r] != c for r, c in locked):
            continue
        cols = [c for c in pick if c is not None]
        if any(cols.count(c) > capacity[c] for c in set(cols)):
            continue
        if any(c is not None and not allowed[r, c] for r, c in enumerate(pick)):
            continue
        value = (len(cols), round(sum(dense[r, c] for r, c in enumerate(pick) if c is not None), 6))
        best = max(best, value)
    return best


@st.composite
def sparse_instances(draw, max_rows=5, max_cols=3):
    n_r, n_c = draw(st.integers(1, max_rows)), draw(st.integers(1, max_cols))
    cells = draw(st.sets(st.tuples(st.integers(0, n_r - 1), st.integers(0, n_c - 1))))
    cells = sorted(cells)
    values = [draw(st.integers(0, 1000)) / 1000 for _ in cells]
    matrix = sp.csr_matrix(
        (values, ([r for r, _ in cells], [c for _, c in cells])), shape=(n_r, n_c)
    )
    capacity = draw(st.lists(st.integers(0, 2), min_size=n_c, max_size=n_c))
    return matrix, capacity, cells


@FAST
@given(sparse_instances(), st.data())
def test_assign_equals_brute_force(instance, data):
    matrix, capacity, cells = instance
    forbidden = data.draw(st.sets(st.sampled_from(cells), max_size=2)) if cells else set()
    result = assign(matrix, capacity, forbidden=forbidden)
    assert not {(r, c) for r, c in result.pairs()} & set(forbidden)
    assert (result.matched, round(result.total_score, 6)) == brute_force(
        matrix, capacity, forbidden=forbidden
    )
    usable = [cell for cell in cells if cell not in forbidden and capacity[cell[1]] > 0]
    if usable:
        lock = usable[0]
        locked = assign(matrix, capacity, locked=[lock], forbidden=forbidden)
        assert lock in locked.pairs()
        assert (locked.matched, round(locked.total_score, 6)) == brute_force(
            matrix, capacity, locked=[lock], forbidden=forbidden
        )


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_assign_equals_dense_reference_on_medium_instances(seed):
    rng = np.random.default_rng(seed)
    n_r, n_c = rng.integers(20, 60), rng.integers(10, 40)
    allowed = rng.random((n_r, n_c)) < rng.uniform(0.05, 0.5)
    scores = np.round(rng.random((n_r, n_c)), 4)
    capacity = rng.integers(0, 3, n_c)
    matrix = sp.csr_matrix((scores[allowed], np.nonzero(allowed)), shape=(n_r, n_c))
    result = assign(matrix, capacity)
    n, total = reference(scores, allowed, capacity)
    assert result.matched == n
    assert result.total_score == pytest.approx(total, abs=1e-6 * n_r)


def test_explicit_zero_is_an_allowed_pair_and_errors_are_raised():
    matrix = sp.csr_matrix((np.array([0.0]), (np.array([0]), np.array([0]))), shape=(1, 1))
    assert assign(matrix, [1]).matched == 1
    with pytest.raises(MatchingError):
        assign(matrix, [0], locked=[(0, 0)])
    with pytest.raises(MatchingError):
        assign(matrix, [1], locked=[(0, 0)], forbidden=[(0, 0)])


def test_the_garbage_collector_is_left_as_it_was():
    import gc

    people = [
        Participant("m", "mentor", languages=frozenset({"fr"}), seniority=2),
        Participant("e", "mentee", languages=frozenset({"fr"}), seniority=6),
    ]
    assert gc.isenabled()
    assert match(people).certificate.matched == 1
    assert gc.isenabled()
    with pytest.raises(MatchingError):
        match(people + [people[0]])  # a participant twice
    assert gc.isenabled()
    gc.disable()
    try:
        match(people)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reasons_name_the_skills_interests_and_slots_in_order():
    lea = Participant(
        "lea", "mentor", can_share={"social": 4, "ai": 3}, wants={"nego": 2},
        interests=frozenset({"cycling"}), availability=frozenset({"tue-am"}),
        languages=frozenset({"fr"}), department_id="digital", seniority=2,
    )  # fmt: skip
    bernard = Participant(
        "bernard", "mentee", can_share={"nego": 4}, wants={"social": 4, "ai": 4},
        interests=frozenset({"cycling"}), availability=frozenset({"tue-am", "wed-pm"}),
        languages=frozenset({"fr", "de"}), department_id="finance", seniority=7,
    )  # fmt: skip
    hans = Participant("hans", "mentee", languages=frozenset({"de"}), seniority=7)
    result = match([lea, bernard, hans])
    (pair,) = result.pairs
    codes = [r["code"] for r in pair.reasons]
    assert codes[:4] == [
        "mentor_can_help",
        "mentee_can_help",
        "shared_interests",
        "availability_overlap",
    ]
    assert pair.reasons[0]["skills"] == ["social", "ai"]
    assert pair.reasons[1]["skills"] == ["nego"]
    assert pair.reasons[3]["slots"] == ["tue-am"]
    assert "different_departments" in codes
    (alone,) = result.unmatched
    assert list(alone.reasons) == [{"code": "no_common_language", "languages": ["de"]}]


@FAST
@given(populations(max_mentees=8, max_mentors=8), st.integers(1, 4))
def test_candidates_are_the_exact_top_k_and_bound_the_rest(data, k):
    people, program = data
    problem = Problem(people, program)
    dense = problem.dense_scores()
    found = problem.candidates(k)
    assert np.array_equal(found.bound_rows, np.arange(dense.shape[0]))
    for e in range(dense.shape[0]):
        eligible_scores = np.sort(dense[e][~np.isnan(dense[e])])[::-1]
        mine = found.cols[found.rows == e]
        assert len(mine) == min(k, len(eligible_scores))
        assert not np.isnan(dense[e, mine]).any()
        assert np.allclose(np.sort(found.scores[found.rows == e])[::-1], eligible_scores[:k])
        assert np.allclose(found.scores[found.rows == e], dense[e, mine])
        rest = np.delete(dense[e], mine)
        rest = rest[~np.isnan(rest)]
        if len(rest):
            assert found.upper[e] >= rest.max()
        else:
            assert found.upper[e] == -np.inf


def test_medium_population_is_certified_against_the_dense_optimum():
    rng = np.random.default_rng(5)
    skills = [f"s{i}" for i in range(12)]
    people = []
    for i in range(260):
        side = "mentee" if i < 140 else "mentor"
        people.append(
            Participant(
                f"p{i}",
                side,
                can_share={s: int(rng.integers(1, 5)) for s in rng.choice(skills, 3, False)},
                wants={s: int(rng.integers(1, 5)) for s in rng.choice(skills, 2, False)},
                interests=frozenset(rng.choice(INTERESTS, 2, False).tolist()),
                availability=frozenset(rng.choice(SLOTS, 2, False).tolist()),
                format=str(rng.choice(["in_person", "virtual", "hybrid", ""])),
                languages=frozenset(rng.choice(["fr", "en"], int(rng.integers(1, 3)), False)),
                department_id=int(rng.integers(0, 4)),
                manager_id=f"p{rng.integers(0, i)}" if i and rng.random() < 0.5 else None,
                seniority=int(rng.integers(4, 9) if side == "mentee" else rng.integers(1, 5)),
                capacity=int(rng.integers(1, 3)) if side == "mentor" else 1,
            )
        )
    program = Program(candidates_per_mentee=2, max_rounds=6)
    result = match(people, program)
    problem = Problem(people, program)
    dense = problem.dense_scores()
    best_n, best_score = reference(np.nan_to_num(dense), ~np.isnan(dense), problem.mentors.capacity)
    cert = result.certificate
    assert cert.matched == best_n and cert.max_matched_proven
    assert cert.upper_bound >= best_score - 1e-6
    assert cert.total_score >= best_score * (1 - cert.gap_percent / 100) - 1e-6
    assert cert.gap_percent <= 0.1
    assert match(people, program) == result


def test_unmatched_mentor_reasons_match_a_pair_by_pair_check():
    from bascule_matching.explain import explain_unmatched_mentors

    rng = np.random.default_rng(11)
    people = [
        Participant(
            f"p{i}",
            "mentee" if i < 30 else "mentor",
            languages=frozenset(rng.choice(["fr", "en", "de"], int(rng.integers(1, 3)), False)),
            manager_id=f"p{rng.integers(0, i)}" if i and rng.random() < 0.6 else None,
            seniority=int(rng.integers(3, 9) if i < 30 else rng.integers(1, 7)),
            capacity=int(rng.integers(0, 3)),
        )
        for i in range(60)
    ]
    for program in (Program(min_level_gap=3), Program(min_level_gap=1, forbid_same_manager=True)):
        problem = Problem(people, program)
        n_e, everyone = len(problem.mentees.ids), np.arange(len(problem.mentors.ids))
        expected = [
            "mentees_matched_elsewhere"
            if problem.eligible(np.arange(n_e), np.full(n_e, m)).any()
            else "no_eligible_mentee"
            for m in everyone
        ]
        got = [r[0]["code"] for r in explain_unmatched_mentors(problem, everyone)]
        assert got == expected
        assert "no_eligible_mentee" in got
