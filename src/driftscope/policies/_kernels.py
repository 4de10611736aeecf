"""Statistics on pre-sorted samples: the fast path behind `drift_report`.

A report sorts every numeric column once (reference and current, missing
values already dropped) and reads everything off the sorted arrays: the
Kolmogorov-Smirnov test, the Wasserstein distance and PSI through the
sorted-input kernels behind `ks_test`, `wasserstein` and `psi`
(``driftscope.twosample._ks_sorted``, ``_wasserstein_sorted``,
``driftscope.divergence._psi_sorted``), and the distinct values and the
chi-square test of homogeneity here. The public functions validate and sort
their inputs on every call; these kernels trust their caller.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = [
    "merge_sorted",
    "pooled_ecdfs",
    "ks_sorted",
    "wasserstein_pooled",
    "n_unique_sorted",
    "unique_counts_sorted",
    "chi2_contingency_pvalue",
]


def merge_sorted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Merge two sorted float arrays into one sorted array, in O(n).

    NumPy's stable sort of float64 is a timsort, which finds the two sorted
    runs of the concatenation and merges them without a full sort.
    """
    return np.sort(np.concatenate((a, b)), kind="stable")


def pooled_ecdfs(a: np.ndarray, b: np.ndarray, merged: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ECDFs of sorted `a` and `b` along `merged`, their sorted union, in O(n).

    Entry ``i`` counts the values of each sample among ``merged[:i + 1]``; at
    the last copy of a tied value this is the ECDF (``side="right"``), inside
    a run of ties it is a partial count. The KS statistic reads only the
    ends of runs, and the Wasserstein sum multiplies the inside of runs by a
    zero gap, so both are exact. One binary search of `a` into `b` places
    every value of `a` in the merge (ties: `a` first); a cumulative sum does
    the rest, where SciPy does two binary searches of the pooled sample.
    """
    position = np.arange(a.size) + np.searchsorted(b, a, side="left")
    from_a = np.zeros(merged.size, dtype=bool)
    from_a[position] = True
    count_a = np.cumsum(from_a)
    count_b = np.arange(1, merged.size + 1) - count_a
    return count_a / a.size, count_b / b.size


def ks_sorted(a: np.ndarray, b: np.ndarray, merged: np.ndarray) -> tuple[float, float]:
    """``(statistic, pvalue)`` of the two-sided KS test, as `driftscope.ks_test` and SciPy.

    Up to 10,000 values per sample this is driftscope's exact kernel; beyond,
    the statistic comes from `pooled_ecdfs` and the p-value from Smirnov's
    distribution ``kstwo.sf(d, round(m n / (m + n)))``, as ``scipy.stats.ks_2samp``.
    """
    from ..twosample import _MAX_EXACT_N, _ks_sorted

    if max(a.size, b.size) <= _MAX_EXACT_N:
        d, p, _ = _ks_sorted(a, b)
        return d, p
    cdf_a, cdf_b = pooled_ecdfs(a, b, merged)
    ends = np.empty(merged.size, dtype=bool)
    ends[:-1] = merged[1:] != merged[:-1]
    ends[-1] = True
    diff = cdf_a[ends] - cdf_b[ends]
    d = max(float(np.max(diff)), float(np.clip(-np.min(diff), 0, 1)))
    m, n = sorted((float(a.size), float(b.size)), reverse=True)
    p = stats.kstwo.sf(d, np.round(m * n / (m + n)))
    return d, float(np.clip(p, 0.0, 1.0))


def wasserstein_pooled(a: np.ndarray, b: np.ndarray, merged: np.ndarray) -> float:
    """First Wasserstein distance of sorted `a` and `b`: the area between their ECDFs.

    ``sum |F_a - F_b| * (x[i+1] - x[i])`` over the pooled sorted points, the
    sum `scipy.stats.wasserstein_distance` computes.
    """
    if merged.size < 2:
        return 0.0
    # |F_a - F_b| = |count_a * n_b - count_b * n_a| / (n_a n_b), in exact integers.
    n_a, n_b = a.size, b.size
    position = np.arange(n_a) + np.searchsorted(b, a, side="left")
    from_a = np.zeros(merged.size, dtype=np.int64)
    from_a[position] = 1
    count_a = np.cumsum(from_a[:-1])
    gap = count_a * (n_a + n_b) - np.arange(1, merged.size, dtype=np.int64) * n_a
    np.abs(gap, out=gap)
    return float(np.dot(gap, np.diff(merged))) / (n_a * n_b)


def n_unique_sorted(s: np.ndarray) -> int:
    """Number of distinct values of a sorted array."""
    if s.size == 0:
        return 0
    return int(np.count_nonzero(s[1:] != s[:-1])) + 1


def unique_counts_sorted(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of a sorted array and how often each occurs."""
    starts = np.flatnonzero(np.concatenate(([True], s[1:] != s[:-1])))
    counts = np.diff(np.append(starts, s.size))
    return s[starts], counts


def chi2_contingency_pvalue(ref_counts: np.ndarray, cur_counts: np.ndarray) -> tuple[float, float, int]:
    """Pearson's chi-square test of homogeneity on a 2 x K table (no Yates correction).

    Expected counts come from the pooled shares, so a category only the
    current sample has is an ordinary cell, not a division by zero. Returns
    ``(statistic, pvalue, dof)``; a single category gives ``(0.0, 1.0, 0)``.
    """
    keep = (ref_counts + cur_counts) > 0
    ref = ref_counts[keep].astype(np.float64)
    cur = cur_counts[keep].astype(np.float64)
    k = ref.size
    if k < 2:
        return 0.0, 1.0, 0
    n_ref, n_cur = ref.sum(), cur.sum()
    pooled = (ref + cur) / (n_ref + n_cur)
    e_ref, e_cur = pooled * n_ref, pooled * n_cur
    stat = float(np.sum((ref - e_ref) ** 2 / e_ref) + np.sum((cur - e_cur) ** 2 / e_cur))
    return stat, float(stats.chi2.sf(stat, k - 1)), k - 1
