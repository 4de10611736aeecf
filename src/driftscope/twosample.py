"""Two-sample comparisons of numeric samples: Kolmogorov-Smirnov and Wasserstein.

Both work on sorted samples; the private ``_sorted`` kernels let a report sort
each column once and reuse it for every statistic.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.stats import distributions

# SciPy's own exact two-sided p-value (Hodges' lattice-path count). Reusing it
# keeps ks_test equal to scipy.stats.ks_2samp to the last bit; the pinned
# SciPy range (>=1.17,<1.18) keeps this private name stable and
# tests/test_twosample.py fails loudly if it moves.
from scipy.stats._stats_py import _attempt_exact_2kssamp

from ._results import KSResult
from ._validation import as_sample

__all__ = ["ks_test", "wasserstein"]

# scipy.stats.ks_2samp(method="auto") is exact up to this size of the larger sample.
_MAX_EXACT_N = 10_000


def ks_test(reference: Any, current: Any) -> KSResult:
    """Two-sample Kolmogorov-Smirnov test, two-sided.

    Parameters
    ----------
    reference, current : array_like
        1-D numeric samples, any sizes. NaN, None and +/-inf are dropped and
        counted in the result.

    Returns
    -------
    result : KSResult
        Unpacks as ``statistic, pvalue``. ``statistic`` is
        ``max |F_ref(x) - F_cur(x)|`` over all x, the empirical CDFs counting
        values ``<= x`` (ties included); ``pvalue`` is two-sided. Both equal
        ``scipy.stats.ks_2samp(reference, current)`` (``method="auto"``).
        The result also carries the sample sizes, the number of dropped
        values and the p-value ``method``.

    Raises
    ------
    EmptySampleError, AllNaNError
        If a sample is empty or has no finite value.
    DtypeError
        If a sample is not numeric.
    ShapeError
        If an input is not one-dimensional.

    See Also
    --------
    wasserstein : How far the distribution moved, not only whether it did.
    scipy.stats.ks_2samp : The reference implementation.

    Notes
    -----
    As in SciPy's ``method="auto"``: when the larger sample has at most
    10 000 values, the p-value is exact (``method == "exact"``); otherwise,
    or if the exact computation overflows, it is the asymptotic
    ``scipy.stats.kstwo.sf(D, round(n * m / (n + m)))`` (``"asymp"``). In
    the exact case the statistic is snapped to the lattice ``h / lcm(n, m)``
    as SciPy does. A p-value below `alpha` is evidence of drift.

    Each sample is sorted once; the CDFs are read with binary searches.

    References
    ----------
    .. [1] J. L. Hodges Jr., "The significance probability of the Smirnov
           two-sample test", Arkiv foer Matematik 3, 469-486, 1958.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.stats import ks_2samp
    >>> from driftscope import ks_test
    >>> rng = np.random.default_rng(2043)
    >>> reference = rng.normal(0.0, 1.0, 300)
    >>> current = np.append(rng.normal(0.5, 1.0, 200), np.nan)
    >>> result = ks_test(reference, current)
    >>> result.n_current, result.n_dropped, result.method
    (200, 1, 'exact')
    >>> statistic, pvalue = result
    >>> bool(pvalue < 0.05)
    True
    >>> expected = ks_2samp(reference, current[:-1])
    >>> bool(statistic == expected.statistic and abs(pvalue - expected.pvalue) < 1e-12)
    True
    """
    ref, ref_dropped = as_sample(reference, "reference")
    cur, cur_dropped = as_sample(current, "current")
    statistic, pvalue, method = _ks_sorted(np.sort(ref), np.sort(cur))
    return KSResult(statistic, pvalue, ref.size, cur.size, ref_dropped, cur_dropped, method)


def _ks_sorted(x: np.ndarray, y: np.ndarray) -> tuple[float, float, str]:
    n1, n2 = x.size, y.size
    pooled = np.concatenate((x, y))
    # side="right": the CDF at a tied value counts every copy of it.
    diff = np.searchsorted(x, pooled, side="right") / n1 - np.searchsorted(y, pooled, side="right") / n2
    d = max(float(np.max(diff)), float(np.clip(-np.min(diff), 0, 1)))
    if max(n1, n2) <= _MAX_EXACT_N:
        success, d_exact, prob = _attempt_exact_2kssamp(n1, n2, math.gcd(n1, n2), d, "two-sided")
        if success:
            return float(d_exact), float(np.clip(prob, 0.0, 1.0)), "exact"
        # SciPy keeps the snapped statistic when it falls back.
        d = float(d_exact)
    m, n = sorted((float(n1), float(n2)), reverse=True)
    prob = distributions.kstwo.sf(d, np.round(m * n / (m + n)))
    return d, float(np.clip(prob, 0.0, 1.0)), "asymp"


def wasserstein(reference: Any, current: Any, *, normed: bool = False) -> float:
    """First Wasserstein (earth mover's) distance between two samples.

    Parameters
    ----------
    reference, current : array_like
        1-D numeric samples, any sizes. NaN, None and +/-inf are dropped.
    normed : bool, default False
        Divide by ``max(std(reference), 0.001)`` (population standard
        deviation, ``ddof=0``), as Evidently's ``"wasserstein"`` drift test
        does; the result is then in units of reference standard deviations.

    Returns
    -------
    distance : float
        ``integral |F_ref(x) - F_cur(x)| dx``, in the units of the data (or of
        reference standard deviations when `normed`). Equals
        ``scipy.stats.wasserstein_distance(reference, current)``.

    Raises
    ------
    EmptySampleError, AllNaNError
        If a sample is empty or has no finite value.
    DtypeError
        If a sample is not numeric.
    ShapeError
        If an input is not one-dimensional.

    See Also
    --------
    ks_test : The largest CDF gap instead of the area between the CDFs.
    scipy.stats.wasserstein_distance : The reference implementation.

    Notes
    -----
    For samples of equal size it is the mean absolute difference between
    the sorted samples. Evidently flags drift when the normed distance is
    ``>= 0.1``.

    Examples
    --------
    >>> import numpy as np
    >>> from driftscope import wasserstein
    >>> wasserstein([0.0, 1.0, 3.0], [5.0, 6.0, 8.0])    # every value moved by 5
    5.0
    >>> rng = np.random.default_rng(2043)
    >>> reference = rng.normal(10.0, 2.0, 1_000)
    >>> current = reference + 1.0                        # shift by half a std
    >>> round(wasserstein(reference, current, normed=True), 2)
    0.5
    """
    ref, _ = as_sample(reference, "reference")
    cur, _ = as_sample(current, "current")
    ref_sorted = np.sort(ref)
    distance = _wasserstein_sorted(ref_sorted, np.sort(cur))
    if normed:
        distance /= max(float(np.std(ref_sorted)), 0.001)
    return distance


def _wasserstein_sorted(x: np.ndarray, y: np.ndarray) -> float:
    pooled = np.concatenate((x, y))
    # Two sorted runs: the stable sort (timsort) merges them in linear time.
    pooled.sort(kind="stable")
    deltas = np.diff(pooled)
    x_cdf = np.searchsorted(x, pooled[:-1], side="right") / x.size
    y_cdf = np.searchsorted(y, pooled[:-1], side="right") / y.size
    return float(np.dot(np.abs(x_cdf - y_cdf), deltas))
