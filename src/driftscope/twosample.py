"""Two-sample comparisons of numeric samples: Kolmogorov-Smirnov and Wasserstein.

Both validate and sort each sample once, then call the sorted-sample kernels
``driftscope._kernels.ks_sorted`` and ``wasserstein_sorted``, the very ones
a drift report runs on its sorted columns.
"""

from __future__ import annotations

import math
from typing import Any

from ._kernels import ks_sorted, wasserstein_normed_sorted, wasserstein_sorted
from ._results import KSResult, Statistic
from ._validation import as_sorted_sample, check_bool
from .errors import NumericOverflowError

__all__ = ["ks_test", "wasserstein"]


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

    Each sample is sorted once; the statistic is one binary search of each
    sample into the other (``O((n + m) log(n + m))`` in all).

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
    ref, ref_dropped = as_sorted_sample(reference, "reference")
    cur, cur_dropped = as_sorted_sample(current, "current")
    statistic, pvalue, method = ks_sorted(ref, cur)
    return KSResult(statistic, pvalue, ref.size, cur.size, ref_dropped, cur_dropped, method)


def wasserstein(reference: Any, current: Any, *, normed: bool = False) -> Statistic:
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
    distance : Statistic
        ``integral |F_ref(x) - F_cur(x)| dx``, in the units of the data (or of
        reference standard deviations when `normed`). Equals
        ``scipy.stats.wasserstein_distance(reference, current)``. A `float`
        that also carries ``n_reference``, ``n_current`` and the missing
        values dropped (``n_dropped_reference``, ``n_dropped_current``,
        ``n_dropped``).

    Raises
    ------
    EmptySampleError, AllNaNError
        If a sample is empty or has no finite value.
    DtypeError
        If a sample is not numeric.
    ShapeError
        If an input is not one-dimensional.
    NumericOverflowError
        If the distance is beyond the float64 range (about 1.8e308). Samples
        whose sums would overflow are scaled first, so this happens only
        when the answer itself cannot be represented.

    See Also
    --------
    ks_test : The largest CDF gap instead of the area between the CDFs.
    scipy.stats.wasserstein_distance : The reference implementation.

    Notes
    -----
    Computed as the area between the two quantile functions, which equals
    the area between the CDFs: for samples of equal size it is the mean
    absolute difference between the sorted samples, and in general each
    sample is sorted once and the rest is ``O(n + m)``. Evidently flags
    drift when the normed distance is ``>= 0.1``.

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
    normed = check_bool(normed, "normed")
    ref, ref_dropped = as_sorted_sample(reference, "reference")
    cur, cur_dropped = as_sorted_sample(current, "current")
    if normed:
        distance = wasserstein_normed_sorted(ref, cur)
        if math.isinf(distance):
            raise NumericOverflowError(
                "the normed Wasserstein distance is beyond the float64 range (the reference is "
                "nearly constant, its std is floored at 0.001, and the current values are far "
                "away); use normed=False", name="current")
    else:
        distance = wasserstein_sorted(ref, cur)
    return Statistic(distance, ref.size, cur.size, ref_dropped, cur_dropped)
