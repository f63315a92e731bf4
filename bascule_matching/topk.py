"""Layer 1c: each mentee's best mentors, without ever building the dense matrix.

The score of a pair is the dot product of a mentee vector and a mentor vector (weighted
features, plus one-hot columns for the career gap and hard rules, the format and the
department). Mentors have a dozen non-zero features, so chunks of mentees of the same
classes are scored against every mentor eligible for them by one float32 sparse × dense
product. Only each mentee's best mentors are kept, with the (k + 1)-th score as the
bound of every pair left out (used by the certificate)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .classes import STAGES, class_code, class_eligibility
from .scoring import FORMAT_TABLE

# Mentees scored per matrix product: at most this many (mentee, mentor) cells at once (and
# at least 64 mentees). Small blocks stay in the processor's caches between the product and
# the selection of the top scores: 2²¹ cells took 4.6–5.4 s at 100,000 participants where
# 2²³ took 5.8 s.
ROW_CHUNK = 2048
CHUNK_CELLS = 1 << 21
# Chunks scored at once (scipy's sparse products and numpy release the GIL).
THREADS = 2
# Columns sampled per row to set the threshold above which the top of the row is sought, and
# how many times k + 1 scores are expected above it.
SAMPLE_COLUMNS = 2048
SURVIVORS = 2
# Added to the product of a pair breaking the language or level rule (scores are in [0, 1]).
PENALTY = 16.0
ELIGIBLE_FLOOR = np.float32(-1.0)
# Odd multiplier (Knuth's) spreading each mentee's starting mentor for ties.
TIE_SPREAD = 2654435761
# Margin added to bounds taken from float32 scores (their rounding error is far below it).
FLOAT32_MARGIN = 1e-5


class TopK:
    """Each mentee's best mentors of an encoded problem, by chunks of the score matrix."""

    def _embedding(self, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Mentee and mentor vectors (float32) whose dot product is the score of a pair.

        The weighted features of the sparse components come first; then one column per
        (language set, level) of the mentors in `cols`, per format and per department, so
        that the career gap, the format and the department components are products too.
        A pair breaking the language or the level rule gets −PENALTY instead of its career
        gap, which puts its product far below 0 (scores are in [0, 1]).
        """
        e, m, w = self.mentees, self.mentors, self.w
        n_e, n_f = len(e.ids), e.dense.shape[1]
        n_ls = len(self.language_sets)
        m_class = class_code(m.language_set[cols], m.level[cols])
        codes, code_m = np.unique(m_class, return_inverse=True)
        n_dept = len(self.department_index)
        n_c, width = len(codes), n_f + len(codes) + 4 + n_dept + 1
        x = np.zeros((n_e, width), dtype=np.float32)
        y = np.zeros((len(cols), width), dtype=np.float32)
        x[:, :n_f] = e.dense
        y[:, :n_f] = m.dense[cols]
        # Career gap and hard rules, by (language set, level) of the mentor.
        table = np.where(
            class_eligibility(self).reshape(n_ls, STAGES, n_ls, STAGES),
            w["career_gap"] * self.gap_table[None, :, None, :],
            -PENALTY,
        ).reshape(n_ls * STAGES, n_ls * STAGES)
        x[:, n_f : n_f + n_c] = table[class_code(e.language_set, e.level)][:, codes]
        y[np.arange(len(cols)), n_f + code_m] = 1
        start = n_f + n_c
        x[:, start : start + 4] = w["format"] * FORMAT_TABLE[e.format]
        y[np.arange(len(cols)), start + m.format[cols]] = 1
        start += 4
        # Department: 1 − same, 0.5 when either is unknown (last column: unknown mentor).
        wd = w["different_department"]
        known = e.department >= 0
        x[:, start : start + n_dept] = np.where(known[:, None], wd, wd / 2)
        x[np.flatnonzero(known), start + e.department[known]] = 0
        x[:, start + n_dept] = wd / 2
        dept_m = m.department[cols]
        y[np.arange(len(cols)), np.where(dept_m >= 0, start + dept_m, start + n_dept)] = 1
        return x, y

    def candidates(
        self,
        k: int,
        rows: np.ndarray | None = None,
        mentor_ok: np.ndarray | None = None,
        exact_scores: bool = True,
    ) -> Candidates:
        """Top-`k` eligible mentors of each mentee of `rows`, with the bound of the others,
        as flat candidate pairs: in the order of `rows`, then by decreasing score (see
        `top_lists`). With `exact_scores` their scores are recomputed in float64 (otherwise
        they are the float32 ones, with int32 indices)."""
        rows = np.arange(len(self.mentees.ids)) if rows is None else np.asarray(rows, np.int64)
        lists = self.top_lists(k, rows, mentor_ok)
        valid = lists.cols >= 0  # each row's candidates are a prefix of its list
        cand_rows = np.repeat(rows.astype(np.int32), valid.sum(axis=1))
        cand_cols = lists.cols[valid]
        cand_scores = lists.scores[valid]
        if exact_scores:
            cand_rows, cand_cols = cand_rows.astype(np.int64), cand_cols.astype(np.int64)
            cand_scores = self.score_pairs(cand_rows, cand_cols)
        return Candidates(
            rows=cand_rows,
            cols=cand_cols,
            scores=cand_scores,
            bound_rows=rows,
            upper=lists.upper,
            evaluated_pairs=lists.evaluated_pairs,
        )

    def top_lists(self, k: int, rows: np.ndarray, mentor_ok: np.ndarray | None = None) -> TopLists:
        """Top-`k` eligible mentors of each mentee of `rows`, with the bound of the others.

        Every pair of an eligible class pair is scored, exactly up to float32 rounding, by
        chunks of mentees sorted by class: one sparse × dense product per chunk (each
        mentor's few non-zero features, hard rules included as a penalty, times the chunk's
        mentee vectors) against the mentors eligible for one of the chunk's classes at
        least, two chunks at a time on two threads. The top k + 1 of each mentee are found
        among the scores above a threshold read from a sample of mentors, without sorting
        the rows. Row i of the lists holds the mentors of `rows[i]` by decreasing score
        (then mentor), padded with −1; `upper` is the (k + 1)-th score plus a margin for the
        rounding (−inf when there is none). `mentor_ok` restricts the mentors (those with
        capacity left).
        """
        rows = np.asarray(rows, np.int64)
        if mentor_ok is None:
            mentor_ok = self.mentors.capacity > 0
        usable = np.flatnonzero(mentor_ok)
        if not len(usable) or not len(rows):
            return TopLists.empty(len(rows), k)
        x, y = self._embedding(usable)
        # Mentors as sparse rows: a dozen features, plus one column each for their class,
        # format and department.
        y_sparse = sp.csr_matrix(y)
        del y
        keep = k + 1
        n_u = len(usable)
        chunk_rows = max(64, min(ROW_CHUNK, CHUNK_CELLS // n_u))
        # Mentees by class (language set, level), so that a chunk holds few classes and is
        # scored only against the mentors eligible for one of them at least.
        e, m = self.mentees, self.mentors
        class_ok = class_eligibility(self)
        e_class = class_code(e.language_set[rows], e.level[rows])
        m_class = class_code(m.language_set[usable], m.level[usable])
        perm = np.argsort(e_class, kind="stable")
        ordered = rows[perm]
        refused_at, refused_col = self._refused(ordered, usable)
        rng = np.random.default_rng(self.program.seed)
        blocks: dict[tuple, tuple] = {}
        jobs = []
        scored = 0
        # The mentors of a block as sparse rows, made when first needed and dropped after
        # the last chunk using them (chunks of the same classes come one after the other).
        uses: dict[tuple, int] = {}
        slices: dict[tuple, sp.csr_matrix] = {}
        lock = threading.Lock()

        def mentors_of(key: tuple) -> sp.csr_matrix:
            with lock:
                if key not in slices:
                    slices[key] = y_sparse[blocks[key][0]]
                return slices[key]

        def done_with(key: tuple) -> None:
            with lock:
                uses[key] -= 1
                if not uses[key]:
                    del slices[key]

        for start in range(0, len(rows), chunk_rows):
            key = tuple(np.unique(e_class[perm[start : start + chunk_rows]]).tolist())
            if key not in blocks:
                sub = np.flatnonzero(class_ok[list(key)][:, m_class].any(axis=0))
                sample = np.sort(rng.choice(len(sub), min(len(sub), SAMPLE_COLUMNS), replace=False))
                # Rank in the sample leaving about SURVIVORS × keep scores above it.
                rank = int(np.ceil(SURVIVORS * keep * len(sample) / max(1, len(sub))))
                blocks[key] = (sub, sample, min(max(0, len(sample) - 1), rank))
            jobs.append((start, key))
            uses[key] = uses.get(key, 0) + 1
            scored += len(blocks[key][0]) * len(perm[start : start + chunk_rows])

        out_cols = np.full((len(rows), k), -1, dtype=np.int32)
        out_scores = np.full((len(rows), k), -np.inf, dtype=np.float32)
        upper = np.full(len(rows), -np.inf)

        def top(job: tuple) -> None:
            start, key = job
            sub, sample, rank = blocks[key]
            chunk = ordered[start : start + chunk_rows]
            if not len(sub):
                return
            # Mentors × mentees of the chunk (the chunk's vectors stay in cache).
            scores = mentors_of(key) @ np.ascontiguousarray(x[chunk].T)
            done_with(key)
            # Refused pairs (reporting lines, exclusions…): −inf.
            lo, hi = np.searchsorted(refused_at, [start, start + len(chunk)])
            at, col = refused_at[lo:hi] - start, np.searchsorted(sub, refused_col[lo:hi])
            hit = col < len(sub)
            hit[hit] = sub[col[hit]] == refused_col[lo:hi][hit]
            scores[col[hit], at[hit]] = -np.inf
            # Ties go to different mentors for different mentees: each mentee reads the
            # mentors from its own starting point (otherwise tied mentees all list the same
            # few mentors, and fewer of them can be matched).
            shift = (chunk * TIE_SPREAD) % len(sub)
            r, rank_of, c, s, bound = _top_columns(scores, k, sample, rank, len(sub) > keep, shift)
            # Each chunk writes the rows of its own mentees only.
            dest = perm[start + r]
            out_cols[dest, rank_of] = usable[sub[c]]
            out_scores[dest, rank_of] = s
            upper[perm[start : start + len(bound)]] = bound

        with ThreadPoolExecutor(THREADS) as pool:
            for _ in pool.map(top, jobs):
                pass
        return TopLists(cols=out_cols, scores=out_scores, upper=upper, evaluated_pairs=scored)

    def _refused(self, ordered: np.ndarray, usable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The refused pairs (reporting lines, exclusions…) between the mentees `ordered`
        and the mentors `usable`: (position in `ordered`, position in `usable`), sorted."""
        n_m = len(self.mentors.ids)
        if not len(self.exceptions) or not len(ordered):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        # The codes are sorted, so each mentee's refused pairs are one slice of them: the
        # slices of `ordered` one after the other come out sorted by position without a
        # sort (with flat teams there are tens of millions of them: few temporary copies).
        first = np.searchsorted(self.exceptions, np.arange(len(self.mentees.ids) + 1) * n_m)
        count = (first[1:] - first[:-1])[ordered]
        ends = np.cumsum(count)
        index = np.repeat(first[ordered] - (ends - count), count)
        index += np.arange(len(index))
        at = np.repeat(np.arange(len(ordered), dtype=np.int64), count)
        mentor = self.exceptions[index]
        del index
        np.remainder(mentor, n_m, out=mentor)
        column = np.full(n_m, -1, dtype=np.int64)
        column[usable] = np.arange(len(usable))
        col = column[mentor]
        del mentor
        hit = col >= 0
        if not hit.all():
            at, col = at[hit], col[hit]
        return at, col


def _top_columns(
    scores: np.ndarray,
    k: int,
    sample: np.ndarray,
    rank: int,
    threshold_first: bool,
    shift: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The k best rows (mentors) of each column (mentee) of a float32 score block above
    ELIGIBLE_FLOOR, as (column, rank in the column, row, score) sorted by column, decreasing
    score, then row counted from `shift[column]` (0 by default) round to it; and per column
    the (k + 1)-th score plus FLOAT32_MARGIN (−inf when there is none)."""
    keep = k + 1
    n_rows, n = scores.shape
    if threshold_first:
        part = -np.partition(-scores[sample], rank, axis=0)[rank]
        threshold = np.maximum(part, ELIGIBLE_FLOOR)
        flat = np.flatnonzero(scores > threshold[None, :])
        count = np.bincount(flat % n, minlength=n)
        short = (count < keep) & (part > ELIGIBLE_FLOOR)
        if short.any():
            # Unlucky sample: the exact (k + 1)-th score of these columns.
            fix = np.flatnonzero(short)
            kth = -np.partition(-scores[:, fix], keep - 1, axis=0)[keep - 1]
            below = np.nextafter(kth, np.float32(-np.inf))
            threshold[fix] = np.maximum(below, ELIGIBLE_FLOOR)
            flat = np.flatnonzero(scores > threshold[None, :])
    else:
        flat = np.flatnonzero(scores > ELIGIBLE_FLOOR)
    c, r = np.divmod(flat, n)
    s = scores.ravel()[flat]
    del flat
    if shift is not None:
        c = (c + shift[r]) % n_rows  # rows counted from each column's own start
    # Sorted by column, decreasing score, then row: one sort of a packed integer key
    # (column, score bits flipped so that larger scores come first, row).
    c_bits = max(1, (n_rows - 1).bit_length())
    r_bits = max(1, (n - 1).bit_length())
    if c_bits + r_bits + 32 <= 63:
        bits = s.view(np.int32).astype(np.int64)
        ordered = np.where(bits < 0, bits ^ 0x7FFFFFFF, bits) + (1 << 31)  # increasing in s
        key = (r << (32 + c_bits)) | (((1 << 32) - 1 - ordered) << c_bits) | c
        key.sort()
        r, c = key >> (32 + c_bits), key & ((1 << c_bits) - 1)
        if shift is not None:
            c = (c - shift[r]) % n_rows
        s = scores[c, r]
    else:
        order = np.lexsort((c, -s, r))
        r, c, s = r[order], c[order], s[order]
        if shift is not None:
            c = (c - shift[r]) % n_rows
    first = np.searchsorted(r, np.arange(n))
    pos = np.arange(len(r)) - first[r]
    kept = pos < k
    nxt = pos == k
    upper = np.full(n, -np.inf)
    upper[r[nxt]] = s[nxt].astype(float) + FLOAT32_MARGIN
    return r[kept], pos[kept], c[kept], s[kept], upper


@dataclass(frozen=True)
class TopLists:
    """Each mentee's best mentors as a row of fixed width `k` (mentor indices, −1 past the
    end; float32 scores, −inf past the end) and `upper`, a bound of its eligible pairs left
    out (−inf if none)."""

    cols: np.ndarray
    scores: np.ndarray
    upper: np.ndarray
    evaluated_pairs: int

    @classmethod
    def empty(cls, n: int, k: int) -> TopLists:
        """No mentor at all for `n` mentees."""
        return cls(
            np.full((n, k), -1, dtype=np.int32),
            np.full((n, k), -np.inf, dtype=np.float32),
            np.full(n, -np.inf),
            0,
        )


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs (indices) with exact scores, and for each mentee of `bound_rows` an
    upper bound (`upper`, −inf if none) of the score of its eligible pairs left out."""

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray
    bound_rows: np.ndarray
    upper: np.ndarray
    evaluated_pairs: int

    def matrix(self, shape: tuple[int, int]) -> sp.csr_matrix:
        """The candidates as a sparse matrix (explicit zeros kept: they are allowed pairs)."""
        return sp.csr_matrix((self.scores, (self.rows, self.cols)), shape=shape)
