"""The statistics of insights against textbook values and an independent implementation."""

import math
import random
from statistics import NormalDist

import numpy as np
import pytest
import scipy.stats as sps
from hypothesis import given, settings
from hypothesis import strategies as st

from bascule.insights import stats
from bascule.insights.stats import MIN_CELL, TOTAL, Reason

# Freireich et al. (1963), remission times in weeks; False = censored.
SIX_MP = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
SIX_MP_EVENT = [bool(x) for x in [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]]
PLACEBO = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]

FAST = settings(max_examples=40, deadline=None)


# --- An independent implementation, plain Python ---------------------------------------------


def reference_km(durations, observed):
    """Kaplan–Meier with Greenwood's variance and the log(-log) interval, step by step."""
    z = NormalDist().inv_cdf(0.975)
    times = sorted({t for t, e in zip(durations, observed, strict=True) if e})
    survival, greenwood, rows = 1.0, 0.0, []
    for t in times:
        at_risk = sum(1 for d in durations if d >= t)
        deaths = sum(1 for d, e in zip(durations, observed, strict=True) if e and d == t)
        survival *= 1 - deaths / at_risk
        if at_risk > deaths:
            greenwood += deaths / (at_risk * (at_risk - deaths))
        if 0 < survival < 1:
            se = math.sqrt(greenwood) / abs(math.log(survival))
            low, high = survival ** math.exp(z * se), survival ** math.exp(-z * se)
        else:
            low = high = survival
        rows.append((t, survival, low, high, at_risk))
    return rows


def reference_logrank(durations_a, observed_a, durations_b, observed_b):
    """The textbook log-rank: (O − E)² / V for group a, summed over the event times."""
    everyone = [(d, e, 0) for d, e in zip(durations_a, observed_a, strict=True)]
    everyone += [(d, e, 1) for d, e in zip(durations_b, observed_b, strict=True)]
    observed_minus_expected = variance = 0.0
    for t in sorted({d for d, e, _g in everyone if e}):
        n = sum(1 for d, _e, _g in everyone if d >= t)
        n_a = sum(1 for d, _e, g in everyone if d >= t and g == 0)
        deaths = sum(1 for d, e, _g in everyone if e and d == t)
        deaths_a = sum(1 for d, e, g in everyone if e and d == t and g == 0)
        observed_minus_expected += deaths_a - deaths * n_a / n
        if n > 1:
            variance += deaths * (n_a / n) * (1 - n_a / n) * (n - deaths) / (n - 1)
    return observed_minus_expected**2 / variance


def censored_data(max_size=25):
    return st.lists(
        st.tuples(st.integers(min_value=0, max_value=30), st.booleans()),
        min_size=1,
        max_size=max_size,
    )


# --- Kaplan–Meier ----------------------------------------------------------------------------


def test_kaplan_meier_of_the_leukemia_data():
    curve = stats.kaplan_meier(SIX_MP, SIX_MP_EVENT)
    expected = {6: 0.857, 7: 0.807, 10: 0.753, 13: 0.690, 16: 0.627, 22: 0.538, 23: 0.448}
    for week, value in expected.items():
        assert curve.survival_at(week) == pytest.approx(value, abs=5e-4)
    assert curve.times == (6, 7, 10, 13, 16, 22, 23)
    assert curve.at_risk == (21, 17, 15, 12, 11, 7, 6)
    assert curve.n == 21 and curve.events == 9
    # A step function: 1 before the first event, constant between events and after the last.
    assert curve.survival_at(5.9) == 1.0
    assert curve.survival_at(8) == curve.survival_at(7)
    assert curve.survival_at(100) == pytest.approx(0.448, abs=5e-4)
    assert curve.interval_at(0) == (1.0, 1.0)
    low, high = curve.interval_at(6)
    assert low < 0.857 < high


def test_kaplan_meier_edge_cases():
    nobody_left = stats.kaplan_meier([3, 5, 8], [False, False, False])
    assert nobody_left.times == () and nobody_left.survival_at(10) == 1.0
    everyone_left = stats.kaplan_meier([1, 2], [True, True])
    assert everyone_left.survival_at(2) == 0.0
    assert everyone_left.interval_at(2) == (0.0, 0.0)
    with pytest.raises(ValueError):
        stats.kaplan_meier([], [])
    with pytest.raises(ValueError):
        stats.kaplan_meier([-1], [True])


@FAST
@given(censored_data())
def test_kaplan_meier_agrees_with_the_reference(data):
    durations = [d for d, _e in data]
    observed = [e for _d, e in data]
    curve = stats.kaplan_meier(durations, observed)
    reference = reference_km(durations, observed)
    assert len(curve.times) == len(reference)
    for index, (t, survival, low, high, at_risk) in enumerate(reference):
        assert curve.times[index] == t
        assert curve.at_risk[index] == at_risk
        assert curve.survival[index] == pytest.approx(survival, abs=1e-9)
        assert curve.lower[index] == pytest.approx(low, abs=1e-6)
        assert curve.upper[index] == pytest.approx(high, abs=1e-6)


# --- Log-rank --------------------------------------------------------------------------------


def test_logrank_of_the_leukemia_data():
    result = stats.logrank(SIX_MP, SIX_MP_EVENT, PLACEBO, [True] * len(PLACEBO))
    assert result.chi2 == pytest.approx(16.79, abs=0.01)
    assert result.z**2 == pytest.approx(result.chi2)
    assert result.p_value == pytest.approx(4.2e-5, rel=0.02)


def test_logrank_is_none_without_events_or_a_group():
    assert stats.logrank([1, 2], [False, False], [3], [False]) is None
    assert stats.logrank([], [], [3], [True]) is None


@FAST
@given(censored_data(15), censored_data(15))
def test_logrank_agrees_with_the_reference(a, b):
    durations_a, observed_a = [d for d, _e in a], [e for _d, e in a]
    durations_b, observed_b = [d for d, _e in b], [e for _d, e in b]
    result = stats.logrank(durations_a, observed_a, durations_b, observed_b)
    if not any(observed_a + observed_b):
        assert result is None
        return
    variance_zero = len(set(durations_a + durations_b)) == 1 or not durations_a or not durations_b
    try:
        expected = reference_logrank(durations_a, observed_a, durations_b, observed_b)
    except ZeroDivisionError:
        variance_zero = True
    if variance_zero:
        return  # undefined statistic: nothing to compare
    assert result is not None
    assert result.chi2 == pytest.approx(expected, rel=1e-6, abs=1e-9)


# --- Wilson ----------------------------------------------------------------------------------


def wilson_formula(k, n):
    z = NormalDist().inv_cdf(0.975)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_wilson_intervals():
    none = stats.wilson(0, 10)
    assert none.low == 0.0 and none.high == pytest.approx(0.2775, abs=1e-4)
    everyone = stats.wilson(10, 10)
    assert everyone.high == pytest.approx(1.0) and everyone.low == pytest.approx(0.7225, abs=1e-4)
    some = stats.wilson(37, 52)
    low, high = wilson_formula(37, 52)
    assert (some.low, some.high) == (pytest.approx(low), pytest.approx(high))
    assert some.estimate == pytest.approx(37 / 52)
    for k, n in [(-1, 5), (6, 5), (0, 0)]:
        with pytest.raises(ValueError):
            stats.wilson(k, n)


def test_wilson_gives_scipy_s_interval():
    for n in [1, 2, 5, 7, 13, 52, 100, 999, 20_000]:
        for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            ours = stats.wilson(k, n)
            theirs = sps.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
            assert ours.low == pytest.approx(theirs.low, abs=1e-12)
            assert ours.high == pytest.approx(theirs.high, abs=1e-12)
            assert 0.0 <= ours.low <= ours.estimate <= ours.high <= 1.0


# --- Paired change ---------------------------------------------------------------------------


def test_paired_change():
    before = [2, 3, 3, 2, 4, 1, 3, 2]
    after = [3, 4, 3, 4, 4, 3, 4, 3]
    change = stats.paired_change(before, after)
    differences = [a - b for a, b in zip(after, before, strict=True)]
    mean = sum(differences) / len(differences)
    sd = math.sqrt(sum((d - mean) ** 2 for d in differences) / (len(differences) - 1))
    half = 2.3646243 * sd / math.sqrt(len(differences))  # t(0.975, 7)
    assert change.n == 8 and change.median_difference == 1.0
    assert change.mean_difference == pytest.approx(mean)
    assert (change.mean_low, change.mean_high) == (
        pytest.approx(mean - half, abs=1e-6),
        pytest.approx(mean + half, abs=1e-6),
    )
    assert change.wilcoxon is not None and 0 < change.wilcoxon.p_value < 0.05


def test_paired_change_never_raises_on_the_data():
    assert stats.paired_change([1, 2, 3, 4], [2, 3, 4, 5]) is None  # fewer than 5
    flat = stats.paired_change([3] * 6, [3] * 6)
    assert flat.wilcoxon is None and flat.mean_difference == 0 and flat.mean_low == 0
    assert stats.wilcoxon_test([0, 0, 0, 0, 0]) is None
    assert stats.wilcoxon_test([1, 2]) is None
    with pytest.raises(ValueError):
        stats.paired_change([1, 2], [1])


# --- Small cells -----------------------------------------------------------------------------


def test_enough():
    assert not stats.enough(4) and stats.enough(MIN_CELL)


def test_one_way_breakdown():
    result = stats.suppress({"Paris": 30, "Lyon": 3, "Lille": 8, "Nantes": 0})
    assert result.hidden == {"Lyon": Reason.SMALL, "Lille": Reason.COMPLEMENTARY}
    assert result.value("Paris") == 30 and result.value(TOTAL) == 41
    assert result.value("Nantes") == 0  # names nobody
    assert result.value("Lyon") is None


def test_one_way_hides_the_total_when_no_other_cell_can():
    result = stats.suppress({"Paris": 0, "Lyon": 3, "Lille": 0})
    assert result.hidden == {"Lyon": Reason.SMALL, TOTAL: Reason.SMALL}
    nothing_small = stats.suppress({"Paris": 6, "Lyon": 7})
    assert nothing_small.hidden == {}
    narrowed = stats.suppress({"Paris": 6, "Lyon": 7}, hide_total=True)
    # The hidden total is the sum of the cells: one of them goes too.
    assert narrowed.hidden == {TOTAL: Reason.COMPLEMENTARY, "Paris": Reason.COMPLEMENTARY}


def test_two_way_table():
    table = {
        "Marketing": {"Paris": 12, "Lyon": 2, "Lille": 9},
        "Finance": {"Paris": 20, "Lyon": 7, "Lille": 6},
    }
    result = stats.suppress(table)
    assert result.hidden[("Marketing", "Lyon")] == Reason.SMALL
    # Its row and its column each need a second hidden cell.
    assert result.is_hidden(("Marketing", "Lille"))
    assert result.is_hidden(("Finance", "Lyon"))
    assert result.is_hidden(("Finance", "Lille"))
    assert result.value(("Marketing", TOTAL)) == 23
    assert result.value((TOTAL, TOTAL)) == 56


def check_lines(table, result):
    counts, lines = stats._lines(table)
    for cells, total in lines:
        hidden = [key for key in cells if result.is_hidden(key)]
        if hidden and not result.is_hidden(total):
            assert len(hidden) >= 2, (cells, result.hidden)
        # Nor a hidden total over shown cells (their sum).
        if result.is_hidden(total) and any(counts[key] for key in cells):
            assert hidden, (cells, result.hidden)
    for key, count in counts.items():
        if not result.is_hidden(key):
            assert count == 0 or count >= MIN_CELL


def determined_cells(table, result):
    """The hidden cells of a 2-D table that its rows' and columns' sums determine exactly,
    by linear algebra (independent of the rule's graph reasoning): a hidden cell is
    determined when its column in the system restricted to hidden cells is not a
    combination of the others."""
    counts, lines = stats._lines(table)
    keys = [key for key in counts if result.is_hidden(key)]
    if not keys:
        return []
    matrix = np.zeros((len(lines), len(keys)))
    for i, (cells, total) in enumerate(lines):
        for j, key in enumerate(keys):
            if key in cells:
                matrix[i, j] = 1
            elif key == total:
                matrix[i, j] = -1
    rank = np.linalg.matrix_rank(matrix)
    return [
        key
        for j, key in enumerate(keys)
        if np.linalg.matrix_rank(np.delete(matrix, j, axis=1)) < rank
    ]


counts = st.integers(min_value=0, max_value=12)


@FAST
@given(st.dictionaries(st.text("abcdef", min_size=1, max_size=2), counts, max_size=8))
def test_one_way_property(table):
    check_lines(table, stats.suppress(table))


@FAST
@given(
    st.lists(st.lists(counts, min_size=1, max_size=5), min_size=1, max_size=5).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    )
)
def test_two_way_property(rows):
    table = {f"r{i}": {f"c{j}": v for j, v in enumerate(row)} for i, row in enumerate(rows)}
    result = stats.suppress(table)
    check_lines(table, result)
    assert determined_cells(table, result) == []


def test_a_bridge_between_two_blocks_gets_a_second_route():
    """Two blocks of hidden cells joined by one hidden cell: each row and column has two
    hidden cells or more, yet the joining cell is the difference of two sums (rows r1 and
    r2 minus columns a and b). The rule closes a cycle through it."""
    table = {
        "r1": {"a": 2, "b": 3, "c": 4, "d": 20},
        "r2": {"a": 3, "b": 2, "c": 0, "d": 20},
        "r3": {"a": 20, "b": 20, "c": 3, "d": 2},
        "r4": {"a": 20, "b": 20, "c": 2, "d": 3},
    }
    counts, lines = stats._lines(table)
    lines_only = {key: Reason.SMALL for key, n in counts.items() if 0 < n < MIN_CELL}
    stats._protect_lines(counts, lines, lines_only)
    assert determined_cells(table, stats.Suppressed(counts, lines_only)) == [("r1", "c")]
    result = stats.suppress(table)
    check_lines(table, result)
    assert determined_cells(table, result) == []
    assert Reason.COMPLEMENTARY in result.hidden.values()


def test_adversarial_filters_never_show_a_small_group():
    """Narrow a breakdown step by step (department, then location, then level), the way a
    dashboard's filters would: no step shows a group of 1 to 4, and a narrowed table whose
    group was hidden one step up hides its total."""
    rng = random.Random(17)
    people = [
        (rng.choice("ABCD"), rng.choice(["Paris", "Lyon", "Lille"]), rng.randint(1, 8))
        for _ in range(140)
    ]
    steps = [0, 1, 2]

    def narrow(group, depth, parent_hidden):
        if depth == len(steps):
            return
        attribute = steps[depth]
        breakdown = {}
        for person in group:
            breakdown[person[attribute]] = breakdown.get(person[attribute], 0) + 1
        result = stats.suppress(breakdown, hide_total=parent_hidden)
        for key, count in result.counts.items():
            shown = result.value(key)
            assert shown is None or shown == 0 or shown >= MIN_CELL
            assert shown is None or shown == count
        if parent_hidden:
            assert result.value(TOTAL) is None
        check_lines(breakdown, result)
        for value in breakdown:
            subgroup = [p for p in group if p[attribute] == value]
            narrow(subgroup, depth + 1, result.is_hidden(value))

    narrow(people, 0, False)


@pytest.mark.parametrize(
    "differences",
    [
        [1, 1, 2, -1, 0, 3, 1, 2],
        [0.5, -0.5, 1, 1, 1, 0, 0, -2, 1.5],
        [2, 2, 2, 2, -2, 1, 1, 0, 3, -1],
    ],
)
def test_the_exact_test_with_ties_gives_scipys_statistic_and_p_value(differences):
    """With ties or zeros and few differences, the sign flips are counted at once (scipy's
    permutation test evaluates them one by one): the same result."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = sps.wilcoxon(differences, alternative="two-sided")
    result = stats.wilcoxon_test(differences)
    assert result.statistic == float(expected.statistic)
    assert result.p_value == pytest.approx(float(expected.pvalue), rel=1e-12)
