"""Hard rules fed from the org tree, input checks of `assign`, and the same-manager rule at
the scale of flat teams."""

import numpy as np
import pytest
import scipy.sparse as sp

from bascule_matching import MatchingError, Participant, Problem, Program, assign, match


def person(pid, side, manager_id=None, seniority=None):
    return Participant(
        pid,
        side,
        languages=frozenset({"fr"}),
        seniority=seniority or (6 if side == "mentee" else 2),
        manager_id=manager_id,
    )


def paired(people, program):
    return {(p.mentee_id, p.mentor_id) for p in match(people, program).pairs}


# -- same manager known through the org tree -----------------------------------------------


@pytest.mark.parametrize(
    "mentee_manager, mentor_manager, org_tree",
    [
        (None, None, {"e": "boss", "m": "boss"}),  # both only in the org tree
        ("boss", None, {"m": "boss"}),  # the mentor only in the org tree
        (None, "boss", {"e": "boss"}),  # the mentee only in the org tree
    ],
)
def test_same_manager_known_only_through_the_org_tree_is_refused(
    mentee_manager, mentor_manager, org_tree
):
    people = [person("e", "mentee", mentee_manager), person("m", "mentor", mentor_manager)]
    allowed = Program(org_tree=org_tree)
    assert paired(people, allowed) == {("e", "m")}
    refused = Program(org_tree=org_tree, forbid_same_manager=True)
    problem = Problem(people, refused)
    assert not problem.eligible(np.array([0]), np.array([0]))[0]
    assert np.isnan(problem.dense_scores()[0, 0])
    assert paired(people, refused) == set()
    with pytest.raises(MatchingError):
        locked = Program(org_tree=org_tree, forbid_same_manager=True, locked_pairs=(("e", "m"),))
        match(people, locked)


def test_a_participant_s_own_manager_overrides_the_org_tree_for_the_same_manager_rule():
    # The org tree says both report to "boss", but the mentee's own record says "other":
    # the participant's manager_id wins, as for reporting lines.
    people = [person("e", "mentee", "other"), person("m", "mentor")]
    program = Program(org_tree={"e": "boss", "m": "boss"}, forbid_same_manager=True)
    assert paired(people, program) == {("e", "m")}
    # Recorded the other way round: the org tree says different, the record says the same.
    people = [person("e", "mentee", "boss"), person("m", "mentor", "boss")]
    program = Program(org_tree={"e": "x", "m": "y"}, forbid_same_manager=True)
    assert paired(people, program) == set()


def test_same_manager_rule_in_a_mixed_population():
    rng = np.random.default_rng(3)
    managers = ["b0", "b1", "b2"]
    people, org_tree = [], {}
    for i in range(30):
        side = "mentee" if i < 16 else "mentor"
        boss = managers[int(rng.integers(0, 3))]
        known_in_record = rng.random() < 0.5
        people.append(person(f"p{i}", side, boss if known_in_record else None))
        if not known_in_record:
            org_tree[f"p{i}"] = boss
    program = Program(org_tree=org_tree, forbid_same_manager=True)
    boss_of = {p.id: p.manager_id or org_tree[p.id] for p in people}
    problem = Problem(people, program)
    allowed = ~np.isnan(problem.dense_scores())
    for i, e in enumerate(problem.mentees.ids):
        for j, m in enumerate(problem.mentors.ids):
            assert allowed[i, j] == (boss_of[e] != boss_of[m]), (e, m)
    for e, m in paired(people, program):
        assert boss_of[e] != boss_of[m]


# -- assign: indices of locked and forbidden pairs -----------------------------------------


def full(n_rows, n_cols):
    rows, cols = np.divmod(np.arange(n_rows * n_cols), n_cols)
    scores = np.linspace(0.1, 0.9, n_rows * n_cols)
    return sp.csr_matrix((scores, (rows, cols)), shape=(n_rows, n_cols))


@pytest.mark.parametrize("pair", [(0, 2), (2, 0), (-1, 0), (0, -1), (5, 5), (-1, -1)])
def test_out_of_range_forbidden_pair_is_an_error_not_another_pair(pair):
    matrix = full(2, 2)
    with pytest.raises(MatchingError, match="forbidden pair"):
        assign(matrix, [1, 1], forbidden=[pair])
    # In range, the same call works; (0, 2) used to forbid (1, 0) silently.
    assert assign(matrix, [1, 1], forbidden=[(1, 1)]).matched == 2


@pytest.mark.parametrize("pair", [(0, 2), (2, 0), (-1, 0), (0, -1), (1, 7)])
def test_out_of_range_locked_pair_is_an_error_not_a_numpy_error(pair):
    matrix = full(2, 2)
    with pytest.raises(MatchingError, match="locked pair") as caught:
        assign(matrix, [1, 1], locked=[pair])
    assert type(caught.value) is MatchingError


def test_forbidden_and_locked_in_range_still_work():
    matrix = full(2, 3)
    result = assign(matrix, [1, 1, 1], locked=[(1, 0)], forbidden=[(0, 2), (0, 1)])
    assert result.pairs() == [(1, 0)]  # row 0 may only use column 0, taken by the lock
    result = assign(matrix, [2, 1, 1], locked=[(1, 0)], forbidden=[(0, 2), (0, 1)])
    assert result.pairs() == [(0, 0), (1, 0)]
    # numpy integers and an empty iterable are accepted
    assert assign(matrix, np.array([1, 1, 1]), forbidden=np.zeros((0, 2), int)).matched == 2
    assert assign(matrix, [1, 1, 1], locked=[(np.int64(0), np.int32(2))]).pairs()[0] == (0, 2)


def test_scores_closer_than_the_resolution_are_ties():
    # Documented: pairs are compared at 1e-6 (SCALE). Above it, the better pair wins.
    matrix = sp.csr_matrix(np.array([[0.5 + 2e-6], [0.5]]))
    assert assign(matrix, [1]).pairs() == [(0, 0)]
    matrix = sp.csr_matrix(np.array([[0.5], [0.5 + 2e-6]]))
    assert assign(matrix, [1]).pairs() == [(1, 0)]


# -- the same-manager rule with flat teams ---------------------------------------------------


def flat_teams(n_teams, team_size):
    people = []
    for t in range(n_teams):
        for i in range(team_size):
            side = "mentee" if i % 2 == 0 else "mentor"
            pid = f"t{t}-{i}"
            people.append(person(pid, side, f"boss{t}" if t % 2 else None))
    # Half the teams known through the org tree only.
    org_tree = {f"t{t}-{i}": f"boss{t}" for t in range(0, n_teams, 2) for i in range(team_size)}
    return people, org_tree


def test_flat_teams_exceptions_are_exactly_the_same_team_pairs():
    people, org_tree = flat_teams(4, 6)
    problem = Problem(people, Program(org_tree=org_tree, forbid_same_manager=True))
    n_m = len(problem.mentors.ids)
    team = {pid: pid.split("-")[0] for pid in problem.mentees.ids + problem.mentors.ids}
    expected = sorted(
        e * n_m + m
        for e, a in enumerate(problem.mentees.ids)
        for m, b in enumerate(problem.mentors.ids)
        if team[a] == team[b]
    )
    assert problem.exceptions.dtype == np.int64
    assert problem.exceptions.tolist() == expected
    assert not set(paired(people, Program(org_tree=org_tree, forbid_same_manager=True))) & {
        (a, b) for a in problem.mentees.ids for b in problem.mentors.ids if team[a] == team[b]
    }


def test_flat_teams_same_manager_pairs_are_built_as_arrays():
    # 20 teams of 400, managers on the participants' records: 20 × 200 × 200 = 800,000
    # refused pairs. As a Python set of tuples they took 114 MiB at the peak (and 0.5 s);
    # as int64 arrays, 15 MiB.
    import tracemalloc

    people = [
        person(f"t{t}-{i}", "mentee" if i % 2 == 0 else "mentor", f"boss{t}")
        for t in range(20)
        for i in range(400)
    ]
    program = Program(forbid_same_manager=True)
    tracemalloc.start()
    try:
        problem = Problem(people, program)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(problem.exceptions) == 20 * 200 * 200
    assert peak < 40 * 2**20
