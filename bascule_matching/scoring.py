"""Layer 1b: exact (float64) scores of any pairs, and the dense matrix for small instances.

The score of a pair is the weighted sum of seven components in [0, 1] (model.COMPONENTS):
the sparse ones are products of the two sides' weighted features, the others are read from
small tables (format, department, career gap).
"""

from __future__ import annotations

import numpy as np

from .model import COMPONENTS

SPARSE_COMPONENTS = ("mentor_can_help", "mentee_can_help", "shared_interests", "availability")
# Rows: mentee format, columns: mentor format (in_person, virtual, hybrid, no preference).
FORMAT_TABLE = np.array(
    [
        [1.0, 0.0, 0.5, 1.0],
        [0.0, 1.0, 0.5, 1.0],
        [0.5, 0.5, 1.0, 1.0],
        [1.0, 1.0, 1.0, 1.0],
    ]
)


class ExactScoring:
    """Exact scores and components of pairs of an encoded problem."""

    def components(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Return the unweighted components (pairs × 7, order of COMPONENTS) of the pairs."""
        e, m, w = self.mentees, self.mentors, self.w
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        # By mentor, so that the gathers of a mentor's features hit the same cache lines.
        by_mentor = np.argsort(cols, kind="stable")
        rows, cols = rows[by_mentor], cols[by_mentor]
        out = np.zeros((len(rows), len(COMPONENTS)))
        sparse = self._sparse_rows()
        for start in range(0, len(rows), 1 << 16):
            r, c = rows[start : start + (1 << 16)], cols[start : start + (1 << 16)]
            block = out[start : start + len(r)]
            for k, name in enumerate(SPARSE_COMPONENTS):
                if w[name] > 0:
                    # The mentee's non-zero features of the component (padded with zeros)
                    # times the mentor's same features.
                    idx, val = sparse[k]
                    total = (val[r] * m.dense[c[:, None], idx[r]]).sum(axis=1)
                    block[:, k] = np.clip(total / w[name], 0.0, 1.0)
            block[:, 4] = FORMAT_TABLE[e.format[r], m.format[c]]
            block[:, 5] = _department(e.department[r], m.department[c])
            block[:, 6] = self.gap_table[e.level[r], m.level[c]]
        unsorted = np.empty_like(out)
        unsorted[by_mentor] = out
        return unsorted

    def score_pairs(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Exact scores in [0, 1] of (mentee, mentor) index pairs (eligibility not checked)."""
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        if len(rows) == 0:
            return np.zeros(0)
        weights = np.array([self.w[name] for name in COMPONENTS])
        return self.components(rows, cols) @ weights

    def _score_block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Exact scores of every mentee in `rows` against every mentor in `cols` (dense)."""
        e, m, w = self.mentees, self.mentors, self.w
        scores = e.dense[rows] @ m.dense[cols].T
        scores += w["format"] * FORMAT_TABLE[e.format[rows][:, None], m.format[cols][None, :]]
        scores += w["different_department"] * _department(
            e.department[rows][:, None], m.department[cols][None, :]
        )
        scores += w["career_gap"] * self.gap_table[e.level[rows][:, None], m.level[cols][None, :]]
        return scores

    def _eligible_block(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        e, m = self.mentees, self.mentors
        ok = self.language_ok[e.language_set[rows][:, None], m.language_set[cols][None, :]]
        ok &= (e.level[rows][:, None] - m.level[cols][None, :]) >= self.program.min_level_gap
        ok &= (m.capacity[cols] > 0)[None, :]
        if len(self.exceptions):
            codes = rows[:, None].astype(np.int64) * len(m.ids) + cols[None, :]
            lo, hi = np.searchsorted(self.exceptions, [codes.min(), codes.max() + 1])
            if hi > lo:
                ok &= ~np.isin(codes, self.exceptions[lo:hi])
        return ok

    def dense_scores(self) -> np.ndarray:
        """The full mentees × mentors score matrix, NaN where a pair is not eligible.

        Only for small instances: the reference solver of the benchmark and the tests.
        """
        n_e, n_m = len(self.mentees.ids), len(self.mentors.ids)
        out = np.full((n_e, n_m), np.nan)
        cols = np.arange(n_m)
        for start in range(0, n_e, 1024):
            rows = np.arange(start, min(n_e, start + 1024))
            block = self._score_block(rows, cols)
            block[~self._eligible_block(rows, cols)] = np.nan
            out[rows] = block
        return out

    def _sparse_rows(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per sparse component, each mentee's non-zero features of that component as
        (indices, values), padded with zeros to the same width."""
        if self._mentee_sparse is None:
            self._mentee_sparse = []
            for k in range(len(SPARSE_COMPONENTS)):
                lo, hi = int(self.offsets[k]), int(self.offsets[k + 1])
                dense = self.mentees.dense[:, lo:hi]
                nnz = (dense != 0).sum(axis=1)
                width = max(1, int(nnz.max()) if len(nnz) else 1)
                order = np.argsort(dense == 0, axis=1, kind="stable")[:, :width]
                values = np.take_along_axis(dense, order, axis=1)
                self._mentee_sparse.append((order + lo, values))
        return self._mentee_sparse


def _department(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Different-department component: 1 if different, 0 if the same, 0.5 if unknown."""
    return np.where((a < 0) | (b < 0), 0.5, np.where(a == b, 0.0, 1.0))
