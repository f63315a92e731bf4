"""Input checks of `assign`."""

import numpy as np
import pytest
import scipy.sparse as sp

from bascule_matching import MatchingError, assign

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
