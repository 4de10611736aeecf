"""The numerical kernels of driftscope: every statistic is computed here, once.

The public functions (`ks_test`, `wasserstein`, `psi`, `chi_square_test`,
`category_counts`, ...) validate their input at the boundary and call these
kernels; the report policies, the streaming sketches and the distributed
engine call the very same kernels on data they have already cleaned, so a
statistic has one implementation whatever the road to it.

Contract: the kernels trust their caller. Sample kernels take *sorted*,
finite float64 arrays (`sort_split` makes them from raw values in one sort);
count kernels take int64 counts aligned bin by bin (or category by
category), each sample with at least one value.

Why they are fast:

* a numeric column is sorted once (`sort_split`); missing values are found
  at the ends of the sorted array instead of by a separate pass;
* quantile edges are read off the sorted reference (`quantile_edges`), the
  numbers ``numpy.quantile`` gives without its partition copy;
* KS is two binary searches of one sorted sample into the other
  (`ks_sorted`), SciPy's statistic to the last bit without pooling;
* Wasserstein is the area between the two quantile functions, whose
  breakpoints ``i / n`` and ``j / m`` are known in closed form: O(n + m)
  integer arithmetic, no merge and no search (`wasserstein_sorted`);
* categorical counts are one hash pass (`value_counts`), never a Python
  loop over values.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
from scipy import stats
from scipy.special import rel_entr

from .errors import NumericOverflowError

# SciPy's own exact two-sided KS p-value (Hodges' lattice-path count). Reusing
# it keeps ks_test equal to scipy.stats.ks_2samp to the last bit; the pinned
# SciPy range (>=1.17,<1.18) keeps this private name stable and
# tests/driftscope/test_twosample.py fails loudly if it moves.
from scipy.stats._stats_py import _attempt_exact_2kssamp

__all__ = [
    "SortedSample",
    "sort_split",
    "quantile_positions",
    "lerp",
    "sorted_quantiles",
    "quantile_edges",
    "counts",
    "counts_sorted",
    "bin_lookup_table",
    "bin_index",
    "ks_statistic_sorted",
    "ks_sorted",
    "wasserstein_sorted",
    "wasserstein_normed_sorted",
    "std_sorted",
    "overflow_exponent",
    "linspace_edges",
    "normalise",
    "count_total",
    "add_counts",
    "check_count_total",
    "n_distinct_sorted",
    "n_distinct_pooled",
    "value_counts_sorted",
    "kth_pooled",
    "pooled_quantile",
    "value_counts",
    "value_counts_from_pandas",
    "align_counts",
    "psi_shares",
    "kl_shares",
    "js_divergence_shares",
    "js_distance_counts",
    "hellinger_shares",
    "total_variation_shares",
    "chi_square_gof",
    "chi_square_homogeneity",
    "z_test_counts",
]

#: scipy.stats.ks_2samp(method="auto") is exact up to this size of the larger sample.
MAX_EXACT_KS = 10_000


# --- one sort per numeric sample ---------------------------------------------------------------

class SortedSample(NamedTuple):
    """A numeric sample sorted once, split into its finite values and the rest.

    ``full`` is the whole sorted array: ``-inf`` values first, then the
    finite ones, then ``+inf``, then NaN (NumPy sorts NaN last).
    """

    full: np.ndarray
    n_neg_inf: int
    n_pos_inf: int
    n_nan: int

    @property
    def finite(self) -> np.ndarray:
        """The finite values, sorted (a view)."""
        return self.full[self.n_neg_inf:self.full.size - self.n_nan - self.n_pos_inf]

    @property
    def with_infinities(self) -> np.ndarray:
        """Finite values and +/-inf, sorted, NaN left out (a view)."""
        return self.full[:self.full.size - self.n_nan]

    @property
    def n_missing(self) -> int:
        """NaN and +/-inf values."""
        return self.n_neg_inf + self.n_pos_inf + self.n_nan


def sort_split(values: np.ndarray, *, overwrite: bool = False) -> SortedSample:
    """Sort a float64 array once and locate its -inf, +inf and NaN at the ends.

    With `overwrite` the array is sorted in place (the caller owns a copy);
    otherwise a sorted copy is made. Finding the non-finite values costs
    three binary searches, not a pass over the data.
    """
    if overwrite:
        values.sort()
        s = values
    else:
        s = np.sort(values)
    n = s.size
    if n == 0:
        return SortedSample(s, 0, 0, 0)
    end = int(np.searchsorted(s, np.nan, side="left")) if np.isnan(s[-1]) else n
    n_neg = int(np.searchsorted(s[:end], -np.inf, side="right")) if end and s[0] == -np.inf else 0
    hi = end
    if end and s[end - 1] == np.inf:
        hi = int(np.searchsorted(s[:end], np.inf, side="left"))
    return SortedSample(s, n_neg, end - hi, n - end)


# --- quantiles and bins ------------------------------------------------------------------------

def quantile_positions(n: int, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Order statistics and weights behind ``numpy.quantile(x, levels)`` of `n` values.

    Returns ``(previous, next, gamma)``: 0-based ranks into the sorted values
    and the interpolation weights, computed as NumPy's default ``"linear"``
    method computes them, so ``lerp(x[previous], x[next], gamma)`` is
    ``numpy.quantile(x, levels)`` bit for bit. Knowing the ranks first lets
    a caller fetch just those order statistics, e.g. from the partitions of
    a distributed column.
    """
    virtual = (n - 1) * np.asarray(levels, dtype=np.float64)
    previous = np.floor(virtual)
    following = previous + 1
    above = virtual >= n - 1
    previous[above] = n - 1
    following[above] = n - 1
    below = virtual < 0
    previous[below] = 0
    following[below] = 0
    gamma = np.asarray(virtual - np.floor(virtual), dtype=np.float64)
    return previous.astype(np.intp), following.astype(np.intp), gamma


def lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """NumPy's quantile interpolation between neighbouring order statistics, to the bit."""
    with np.errstate(over="ignore", invalid="ignore"):
        diff_b_a = b - a
        out = np.add(a, diff_b_a * t)
        np.subtract(b, diff_b_a * (1 - t), out=out, where=t >= 0.5)
    overflowed = np.isinf(diff_b_a)
    if overflowed.any():
        # Neighbours of opposite signs near the float limit: b - a overflows
        # where the weighted mean cannot (NumPy's quantile returns +/-inf there).
        w = np.asarray(t)[overflowed] if np.ndim(t) else t
        out[overflowed] = a[overflowed] * (1 - w) + b[overflowed] * w
    return out


def quantile_edges(sorted_reference: np.ndarray, bins: int) -> np.ndarray:
    """Reference-quantile bin edges: ``-inf``, the distinct quantiles ``k / bins``, ``+inf``.

    The interior edges equal ``numpy.quantile(reference, k / bins)``
    (``"linear"``), read off the sorted array without NumPy's partition copy.
    """
    levels = np.arange(1, bins) / bins
    return np.concatenate(([-np.inf], np.unique(sorted_quantiles(sorted_reference, levels)),
                           [np.inf]))


def sorted_quantiles(sorted_values: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """``numpy.quantile(sorted_values, levels)``, reading only the needed order statistics."""
    previous, following, gamma = quantile_positions(sorted_values.size, levels)
    return lerp(sorted_values[previous], sorted_values[following], gamma)


def counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Counts of finite `values` (any order) in ``[edges[i], edges[i+1])``; outside: outer bins."""
    n_bins = edges.size - 1
    # side="right" puts a value equal to edges[i] in bin i; the clip sends
    # values below/above the edges (and the last right edge) to the outer bins.
    index = np.searchsorted(edges, values, side="right") - 1
    np.clip(index, 0, n_bins - 1, out=index)
    return np.bincount(index, minlength=n_bins).astype(np.int64, copy=False)


def counts_sorted(sorted_values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """The same counts as `counts`, from sorted values in ``O(bins log n)``."""
    inner = np.searchsorted(sorted_values, edges[1:-1], side="left")
    cumulative = np.concatenate(([0], inner, [sorted_values.size]))
    return np.diff(cumulative).astype(np.int64, copy=False)


LUT_CELLS_PER_BIN = 64
LUT_MAX_EDGES_PER_CELL = 4


def bin_lookup_table(edges: np.ndarray) -> tuple:
    """``(lo, scale, table)`` for `bin_index`, or ``()`` to binary-search.

    Cell ``c = floor((x - lo) * scale) + 1`` (clipped to ``0 .. cells + 1``)
    maps to ``table[c]``, the bin of the cell's left end: a guess within a
    few bins of the truth. ``64 * n_bins`` cells: O(bins) memory.
    """
    interior = edges[1:-1]
    if interior.size < 8:
        return ()
    cells = LUT_CELLS_PER_BIN * interior.size
    lo = float(interior[0])
    with np.errstate(over="ignore", divide="ignore"):
        scale = cells / (float(interior[-1]) - lo)
    if not math.isfinite(scale) or scale <= 0:
        return ()
    starts = lo + (np.arange(cells + 2) - 1.0) / scale
    # intp, not a smaller integer: the bin indices then need no conversion.
    table = np.searchsorted(interior, starts, side="right").astype(np.intp)
    if int(np.max(np.diff(table))) > LUT_MAX_EDGES_PER_CELL:
        return ()  # e.g. heavy tails: most edges in a few cells, the fix-up would loop
    return (lo, scale, table)


def bin_index(values: np.ndarray, edges: np.ndarray, table: tuple) -> np.ndarray:
    """Bin of each finite value: ``searchsorted(edges[1:-1], values, side="right")``.

    side="right" puts x == edges[i] in bin i, as `counts` does. A binary
    search per value costs a branch mispredicted at every level; a lookup
    table (`bin_lookup_table`) over a uniform grid of the edge range guesses
    the bin in three array operations instead, and a fix-up moves each guess
    to the bin with ``edges[b] <= x < edges[b+1]``, so the result is the same
    whatever the table says (the table only makes it faster). An empty
    `table` means binary search.
    """
    if not table:  # few edges, or edges too crowded somewhere: binary search
        return np.searchsorted(edges[1:-1], values, side="right")
    lo, scale, lookup = table
    with np.errstate(over="ignore"):  # |x| near 1e308: clipped just below
        cell = (values - lo) * scale
    np.clip(cell, -1.0, lookup.size - 2.0, out=cell)
    cell += 1.0
    b = np.take(lookup, cell.astype(np.intp))
    while True:  # up: x at or above the bin's right edge
        up = values >= np.take(edges, b + 1)
        if not up.any():
            break
        b += up
    while True:  # down: x below the bin's left edge
        down = values < np.take(edges, b)
        if not down.any():
            break
        b -= down
    return b
# --- magnitudes near the float range -----------------------------------------------------------
#
# Sums of n terms of size s overflow when n s nears 1.8e308 although every
# term, and often the result, is finite. The kernels then work on the values
# scaled by a power of two (exact: only the exponent changes, except for
# values that become subnormal, far below the result's last digit) and scale
# the result back. Ordinary inputs never take this road, so their results
# stay SciPy's and NumPy's to the bit.

#: Intermediate sums are kept below 2**_SAFE_EXPONENT.
_SAFE_EXPONENT = 1016


def overflow_exponent(magnitude: float, terms: float) -> int:
    """The power of two to scale by so that `terms` values of size `magnitude` sum finitely.

    Returns 0 when no scaling is needed (the common case), else ``e > 0``:
    dividing the values by ``2**e`` keeps ``terms * magnitude`` below
    ``2**1016``.
    """
    if magnitude == 0 or not math.isfinite(magnitude):
        return 0
    need = math.frexp(magnitude)[1] + max(int(math.ceil(terms)), 1).bit_length() - _SAFE_EXPONENT
    return max(need, 0)


def _scale_back(value: float, exponent: int, what: str) -> float:
    try:
        return math.ldexp(value, exponent)
    except OverflowError:
        raise NumericOverflowError(
            f"{what} is about 2**{math.frexp(value)[1] + exponent}, beyond the float64 range "
            "(1.8e308); rescale the data first", name=what) from None


def normalise(a: np.ndarray) -> np.ndarray:
    """Non-negative finite `a` (not all 0) divided by its sum, even when the sum overflows."""
    with np.errstate(over="ignore"):
        total = a.sum()
    if not math.isfinite(total):
        a = a / a.max()  # every term <= 1: the sum is at most the number of bins
        total = a.sum()
    return a / total


#: Counts are int64; a sketch's total stays at or below this, so every sum of its counts is exact.
MAX_COUNT = 2 ** 63 - 1


def count_total(counts: np.ndarray) -> int:
    """The exact sum of non-negative int64 `counts`, as a Python int (never wraps)."""
    if counts.size == 0:
        return 0
    if float(counts.max()) * counts.size < 2.0 ** 62:
        return int(counts.sum())
    return sum(counts.tolist())


def add_counts(total: np.ndarray, more: np.ndarray, what: str) -> None:
    """``total += more`` for int64 counts, refused (nothing added) if the total would pass 2**63 - 1."""
    check_count_total(count_total(total) + count_total(more), what)
    total += more


def check_count_total(n: int, what: str) -> int:
    """`n`, after checking a sketch's total count fits in int64 (so its sums never wrap)."""
    if n > MAX_COUNT:
        raise NumericOverflowError(
            f"{what}: the counts would add up to {n:,} values, more than int64 counts hold "
            "(2**63 - 1); "
            "nothing was added", name=what)
    return n


def std_sorted(x: np.ndarray) -> float:
    """``numpy.std(x)`` (``ddof=0``) of sorted finite `x`, without overflow near 1.8e308."""
    e = _std_exponent(x)
    if e == 0:
        return float(np.std(x))
    return math.ldexp(float(np.std(np.ldexp(x, -e))), e)


def _std_exponent(x: np.ndarray) -> int:
    """Scaling that keeps ``n`` squared deviations (each up to ``(2 s)**2``) summable."""
    magnitude = _magnitude(x)
    if magnitude == 0 or not math.isfinite(magnitude):
        return 0
    return max(math.frexp(magnitude)[1] + 1 - (_SAFE_EXPONENT - x.size.bit_length()) // 2, 0)


def linspace_edges(lo: float, hi: float, n_bins: int) -> np.ndarray:
    """``numpy.linspace(lo, hi, n_bins + 1)``, also where ``hi - lo`` overflows."""
    lo, hi = float(lo), float(hi)
    if math.isfinite(hi - lo):
        return np.linspace(lo, hi, n_bins + 1)
    return np.ldexp(np.linspace(lo / 2, hi / 2, n_bins + 1), 1)


# --- two sorted samples ------------------------------------------------------------------------

def ks_statistic_sorted(a: np.ndarray, b: np.ndarray) -> float:
    """``max |F_a - F_b|`` of two sorted samples, bit for bit ``scipy.stats.ks_2samp``'s.

    ``F_a - F_b`` rises only where `a` has values and falls only where `b`
    has, so its maximum is at a value of `a` and its minimum at a value of
    `b`: one binary search of each sample into the other gives both, with
    the same divisions and subtraction SciPy evaluates on the pooled sample.
    """
    n, m = a.size, b.size
    plus = np.arange(1, n + 1) / n
    plus -= np.searchsorted(b, a, side="right") / m
    minus = np.arange(1, m + 1) / m
    minus -= np.searchsorted(a, b, side="right") / n
    return max(float(np.max(plus)), float(np.clip(np.max(minus), 0, 1)))


def ks_sorted(a: np.ndarray, b: np.ndarray) -> tuple[float, float, str]:
    """``(statistic, pvalue, method)`` of the two-sided two-sample KS test, as SciPy's ``"auto"``.

    Exact p-value (``"exact"``) when the larger sample has at most 10,000
    values and the computation does not overflow, with the statistic snapped
    to the lattice ``h / lcm(n, m)`` as SciPy does; else Smirnov's
    asymptotic ``kstwo.sf(d, round(n m / (n + m)))`` (``"asymp"``).
    """
    n1, n2 = a.size, b.size
    d = ks_statistic_sorted(a, b)
    if max(n1, n2) <= MAX_EXACT_KS:
        success, d_exact, prob = _attempt_exact_2kssamp(n1, n2, math.gcd(n1, n2), d, "two-sided")
        if success:
            return float(d_exact), float(np.clip(prob, 0.0, 1.0)), "exact"
        d = float(d_exact)  # SciPy keeps the snapped statistic when it falls back
    m, n = sorted((float(n1), float(n2)), reverse=True)
    prob = stats.distributions.kstwo.sf(d, np.round(m * n / (m + n)))
    return d, float(np.clip(prob, 0.0, 1.0)), "asymp"


_W_CHUNK = 1 << 18


def wasserstein_sorted(a: np.ndarray, b: np.ndarray) -> float:
    """First Wasserstein distance of two sorted samples, in O(n + m).

    ``W = integral_0^1 |Q_a(u) - Q_b(u)| du``, the area between the quantile
    functions (equal to the area between the CDFs that
    ``scipy.stats.wasserstein_distance`` sums). ``Q_a`` steps at ``i / n``
    and ``Q_b`` at ``j / m``; in units of ``1 / (n m)`` the breakpoints are
    the integers ``i m`` and ``j n``, and the breakpoint before ``i m`` is
    ``max((i - 1) m, n floor((i m - 1) / n))``: every piece of the integral
    is found by integer arithmetic, without merging or searching. Memory is
    bounded by working in chunks. Samples holding +/-inf take SciPy's route
    (`_wasserstein_cdf`), so inf and NaN come out as SciPy's.

    Finite samples so large that the sums would overflow are scaled by a
    power of two first (`overflow_exponent`); a distance beyond the float
    range raises `NumericOverflowError`.
    """
    e = _wasserstein_exponent(a, b)
    if e == 0:
        return _wasserstein_unscaled(a, b)
    return _scale_back(_wasserstein_unscaled(np.ldexp(a, -e), np.ldexp(b, -e)), e,
                       "the Wasserstein distance")


def wasserstein_normed_sorted(reference: np.ndarray, current: np.ndarray,
                              floor: float = 0.001) -> float:
    """Wasserstein distance over ``max(std(reference), floor)`` (Evidently's normed score).

    Both samples are scaled alike when the distance or the standard
    deviation would overflow, so the ratio is finite whenever it can be; a
    ratio beyond the float range (a constant reference far from the
    current values) is ``inf``, as Evidently's.
    """
    e = max(_wasserstein_exponent(reference, current), _std_exponent(reference))
    if e == 0:
        # Infinite values (Evidently's route, inf or NaN as Evidently's) warn in np.std.
        with np.errstate(invalid="ignore", over="ignore"):
            return _wasserstein_unscaled(reference, current) / max(float(np.std(reference)), floor)
    a, b = np.ldexp(reference, -e), np.ldexp(current, -e)
    with np.errstate(over="ignore"):
        return _wasserstein_unscaled(a, b) / max(float(np.std(a)), math.ldexp(floor, -e))


def _magnitude(x: np.ndarray) -> float:
    if x.size == 0:
        return 0.0
    return max(abs(float(x[0])), abs(float(x[-1])))


def _wasserstein_exponent(a: np.ndarray, b: np.ndarray) -> int:
    magnitude = max(_magnitude(a), _magnitude(b))
    if not math.isfinite(magnitude):
        return 0  # SciPy's route for infinities
    # gaps of up to 2 s, weighted by piece lengths summing to n m
    return overflow_exponent(magnitude, 2.0 * (float(a.size) * float(b.size) + a.size + b.size))


def _wasserstein_unscaled(a: np.ndarray, b: np.ndarray) -> float:
    n, m = a.size, b.size
    if n == 0 or m == 0:
        return 0.0
    if not (math.isfinite(a[0]) and math.isfinite(a[-1]) and math.isfinite(b[0])
            and math.isfinite(b[-1])) or n * m >= 2 ** 62:
        return _wasserstein_cdf(a, b)
    if n == m:
        total = 0.0
        for start in range(0, n, _W_CHUNK):
            diff = np.subtract(a[start:start + _W_CHUNK], b[start:start + _W_CHUNK])
            total += float(np.sum(np.abs(diff, out=diff)))
        return total / n
    return (_quantile_area(a, b, first=True) + _quantile_area(b, a, first=False)) / n / m


def _quantile_area(a: np.ndarray, b: np.ndarray, *, first: bool) -> float:
    """``n m`` times the area on the pieces of ``[0, 1]`` that end at a breakpoint of `a`.

    The piece ending at ``t = i m`` (``i = 1..n``) starts at the previous
    breakpoint, ``max((i - 1) m, j n)`` with ``j`` the number of `b`
    breakpoints below ``t``; on it ``Q_a = a[i - 1]`` and
    ``Q_b = b[(t - 1) // n]``. Where breakpoints of both coincide, the piece
    belongs to the sample called with ``first=True``: the other's piece
    counts the equal breakpoint as before it and has length 0, so the two
    calls add up every piece exactly once.
    """
    n, m = a.size, b.size
    total = 0.0
    for start in range(0, n, _W_CHUNK):
        i = np.arange(start + 1, min(n, start + _W_CHUNK) + 1, dtype=np.int64)
        t = i * m
        index_b = (t - 1) // n
        before = index_b if first else t // n  # b breakpoints < t, or <= t
        previous = np.maximum(t - m, before * n)
        t -= previous  # the piece lengths
        gap = np.subtract(a[start:start + i.size], b[index_b])
        np.abs(gap, out=gap)
        total += float(np.dot(t.astype(np.float64), gap))
    return total


def _wasserstein_cdf(a: np.ndarray, b: np.ndarray) -> float:
    """SciPy's algorithm (area between the CDFs over the pooled sorted values), for any input."""
    pooled = np.concatenate((a, b))
    pooled.sort(kind="stable")  # two sorted runs: timsort merges them in linear time
    with np.errstate(invalid="ignore", over="ignore"):
        deltas = np.diff(pooled)
        a_cdf = np.searchsorted(a, pooled[:-1], side="right") / a.size
        b_cdf = np.searchsorted(b, pooled[:-1], side="right") / b.size
        return float(np.sum(np.multiply(np.abs(a_cdf - b_cdf), deltas)))


def n_distinct_sorted(s: np.ndarray) -> int:
    """Number of distinct values of a sorted array."""
    if s.size == 0:
        return 0
    return int(np.count_nonzero(s[1:] != s[:-1])) + 1


def n_distinct_pooled(a: np.ndarray, b: np.ndarray, limit: int) -> int:
    """Distinct values of two sorted samples pooled, counted up to ``limit + 1``.

    Returns the exact count when it is at most `limit`, else ``limit + 1``:
    a decision such as Evidently's "more than 5 values" needs no more, and
    a continuous column answers after one pass over one sample.
    """
    for s in (a, b):
        if n_distinct_sorted(s) > limit:
            return limit + 1
    values = np.union1d(a, b)  # both have at most `limit` distinct values
    return min(values.size, limit + 1)


def value_counts_sorted(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Value counts of two sorted numeric samples over the union of their values."""
    values_a, counts_a = _unique_counts_sorted(a)
    values_b, counts_b = _unique_counts_sorted(b)
    values = np.union1d(values_a, values_b)
    out_a = np.zeros(values.size, dtype=np.int64)
    out_b = np.zeros(values.size, dtype=np.int64)
    out_a[np.searchsorted(values, values_a)] = counts_a
    out_b[np.searchsorted(values, values_b)] = counts_b
    return values, out_a, out_b


def _unique_counts_sorted(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    starts = np.flatnonzero(np.concatenate(([True], s[1:] != s[:-1])))
    return s[starts], np.diff(np.append(starts, s.size))


def kth_pooled(a: np.ndarray, b: np.ndarray, k: int) -> float:
    """The `k`-th smallest (0-based) value of two sorted samples pooled, in O(log n)."""
    n, m = a.size, b.size
    lo, hi = max(0, k + 1 - m), min(k + 1, n)
    while lo < hi:  # smallest i (values taken from a) with b[k - i] <= a[i]
        i = (lo + hi) // 2
        if b[k - i] > a[i]:
            lo = i + 1
        else:
            hi = i
    i, j = lo, k + 1 - lo
    return float(max(a[i - 1] if i > 0 else -np.inf, b[j - 1] if j > 0 else -np.inf))


def pooled_quantile(a: np.ndarray, b: np.ndarray, levels: Any) -> np.ndarray:
    """``numpy.quantile(concatenate((a, b)), levels)`` of two sorted samples, without pooling."""
    previous, following, gamma = quantile_positions(a.size + b.size, np.atleast_1d(levels))
    lower = np.array([kth_pooled(a, b, int(k)) for k in previous])
    upper = np.array([kth_pooled(a, b, int(k)) for k in following])
    return lerp(lower, upper, gamma)


# --- categorical samples -----------------------------------------------------------------------

def value_counts(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """``(labels, counts)`` of a 1-D array or pandas Series, missing labels dropped.

    One hash pass (pandas ``value_counts``): labels equal in Python (``1``,
    ``1.0``, ``True``) are one label; NaN, None, pd.NA, NaT and +/-inf are
    missing. Labels are in order of first appearance (category order for a
    pandas Categorical, whose unused categories are left out). String,
    categorical and other extension labels come back as an object array.
    Raises TypeError for unhashable labels.
    """
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(values, copy=False)
    return value_counts_from_pandas(series.value_counts(dropna=True, sort=False))


def value_counts_from_pandas(vc: Any) -> tuple[np.ndarray, np.ndarray]:
    """`value_counts`'s ``(labels, counts)`` from a pandas ``value_counts(dropna=True)`` result."""
    import pandas as pd

    index = vc.index
    if isinstance(index, pd.CategoricalIndex) or index.dtype.kind not in "biufmM":
        labels = np.empty(len(index), dtype=object)
        labels[:] = list(index)
    else:
        labels = index.to_numpy()
    freq = vc.to_numpy(dtype=np.int64)
    keep = freq > 0
    if labels.dtype.kind == "f":
        keep &= ~np.isinf(labels)
    elif labels.dtype == object:
        # pandas counts unhashable objects (lists, dicts) by equality; labels
        # must be hashable, and hash() raises the TypeError callers expect.
        keep &= np.fromiter((not (isinstance(v, (float, np.floating)) and math.isinf(v))
                             and hash(v) is not None for v in labels), dtype=bool,
                            count=labels.size)
    if not keep.all():
        labels, freq = labels[keep], freq[keep]
    return labels, freq


def align_counts(labels_a: np.ndarray, counts_a: np.ndarray, labels_b: np.ndarray,
                 counts_b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts of two samples over the union of their labels.

    The categories are sorted when they can be ordered, else in order of
    first appearance (`labels_a` first). Only the distinct labels are
    pooled, never the samples.
    """
    import pandas as pd

    if labels_a.dtype.kind != labels_b.dtype.kind or labels_a.dtype.kind == "O":
        # Concatenating ints with strings would turn 1 into "1"; object arrays
        # keep each label's own type and equality.
        labels_a, labels_b = labels_a.astype(object), labels_b.astype(object)
    codes, categories = pd.factorize(np.concatenate((labels_a, labels_b)))
    categories = np.asarray(categories)
    try:
        order = np.argsort(categories, kind="stable")
    except TypeError:  # labels that cannot be ordered, e.g. 1 and "a": first appearance
        order = np.arange(categories.size)
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    codes = rank[codes]
    k = categories.size
    out_a = np.zeros(k, dtype=np.int64)
    out_b = np.zeros(k, dtype=np.int64)
    np.add.at(out_a, codes[:labels_a.size], counts_a)
    np.add.at(out_b, codes[labels_a.size:], counts_b)
    return categories[order], out_a, out_b


# --- divergences of two distributions over the same bins ---------------------------------------

def psi_shares(r: np.ndarray, c: np.ndarray, floor: float) -> float:
    """``sum((c - r) ln(c / r))`` with every share of exactly 0 replaced by `floor`."""
    r = np.where(r == 0, floor, r)
    c = np.where(c == 0, floor, c)
    return float(np.sum((c - r) * np.log(c / r)))


def kl_shares(p: np.ndarray, q: np.ndarray) -> float:
    """``KL(p || q)`` in nats of two normalised distributions (``inf`` where q is 0 < p)."""
    return float(np.sum(rel_entr(p, q)))


def js_divergence_shares(p: np.ndarray, q: np.ndarray) -> float:
    """Jensen-Shannon divergence in nats of two normalised distributions.

    The operations of ``scipy.spatial.distance.jensenshannon`` (so the two
    agree to the last bits), clipped at 0 against rounding.
    """
    m = (p + q) / 2.0
    return max(float(np.sum(rel_entr(p, m)) + np.sum(rel_entr(q, m))) / 2.0, 0.0)


def js_distance_counts(a: np.ndarray, b: np.ndarray) -> float:
    """Jensen-Shannon distance (natural log) of two count vectors over the same bins."""
    return math.sqrt(js_divergence_shares(a / a.sum(), b / b.sum()))


def hellinger_shares(p: np.ndarray, q: np.ndarray) -> float:
    """Hellinger distance of two normalised distributions (difference-of-roots form)."""
    return math.sqrt(float(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)) / 2.0)


def total_variation_shares(p: np.ndarray, q: np.ndarray) -> float:
    """Total variation distance of two normalised distributions."""
    return float(np.sum(np.abs(p - q))) / 2.0


# --- tests on counts ---------------------------------------------------------------------------

def chi_square_gof(ref_counts: np.ndarray, cur_counts: np.ndarray) -> tuple[float, float, int]:
    """Evidently's chi-square: current counts against the reference shares.

    ``E_i = R_i n_cur / n_ref``, statistic ``sum((O_i - E_i)^2 / E_i)`` with
    ``k - 1`` degrees of freedom (``scipy.stats.chisquare(O, E)``). A
    category the reference never saw (``E_i = 0 < O_i``) makes the
    statistic ``inf`` and the p-value 0. One category: ``(0.0, 1.0, 0)``.
    """
    dof = ref_counts.size - 1
    if dof <= 0:
        return 0.0, 1.0, 0
    n_ref, n_cur = count_total(ref_counts), count_total(cur_counts)
    expected = ref_counts * (n_cur / n_ref)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (cur_counts - expected) ** 2 / expected
    # E_i = 0 with O_i = 0 (a category neither sample has) adds nothing.
    terms = np.where((expected == 0) & (cur_counts == 0), 0.0, terms)
    statistic = float(np.sum(terms))
    return statistic, float(stats.chi2.sf(statistic, dof)), dof


def chi_square_homogeneity(ref_counts: np.ndarray, cur_counts: np.ndarray) -> tuple[float, float, int]:
    """Pearson's chi-square test of homogeneity on a 2 x K table (no Yates correction).

    Expected counts come from the pooled shares, so a category only one
    sample has is an ordinary cell. Empty columns are left out. Returns
    ``(statistic, pvalue, dof)``; fewer than two categories: ``(0.0, 1.0, 0)``.
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


def z_test_counts(ref_counts: np.ndarray, cur_counts: np.ndarray, index: int = 0
                  ) -> tuple[float, float]:
    """Two-proportion z-test on the share of category `index`: ``(statistic, pvalue)``.

    ``z = (c - r) / sqrt(P (1 - P) (1/n_r + 1/n_c))``, ``P`` the pooled share,
    ``p = 2 norm.sf(|z|)``. A pooled share of 0 or 1 (nothing to compare)
    gives ``(0.0, 1.0)``.
    """
    n_ref, n_cur = count_total(ref_counts), count_total(cur_counts)
    r, c = ref_counts[index] / n_ref, cur_counts[index] / n_cur
    pooled = (ref_counts[index] + cur_counts[index]) / (n_ref + n_cur)
    variance = pooled * (1.0 - pooled) * (1.0 / n_ref + 1.0 / n_cur)
    if variance == 0:
        return 0.0, 1.0
    statistic = float((c - r) / np.sqrt(variance))
    return statistic, float(2.0 * stats.norm.sf(abs(statistic)))
