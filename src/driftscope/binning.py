"""Bins for numeric samples and aligned counts for categorical ones.

Binning turns two samples into two distributions over the same bins, which is
what the divergences in `driftscope.divergence` compare. The semantics are
the course's (chapter 01 ``histogram``, chapter 03 ``quantile_edges``), so a
student's answer and driftscope agree number for number.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._kernels import counts, quantile_edges
from ._validation import (
    as_category_pair,
    as_sample,
    as_sorted_sample,
    check_edges,
    check_bins,
    check_bins_apart,
    check_choice,
)

__all__ = ["bin_edges", "bin_counts", "category_counts"]

_STRATEGIES = ("quantile", "uniform", "sturges")


def bin_edges(reference: Any, bins: int = 10, strategy: str = "quantile") -> np.ndarray:
    """Bin edges fitted to a reference sample.

    Parameters
    ----------
    reference : array_like
        The reference sample, 1-D numbers. NaN, None and +/-inf are dropped.
    bins : int, default 10
        Number of bins asked for (ignored by ``"sturges"``). Quantile edges
        can give fewer bins when the reference has ties.
    strategy : {"quantile", "uniform", "sturges"}, default "quantile"
        ``"quantile"``: interior edges at the reference quantiles ``k / bins``
        for ``k = 1, ..., bins - 1`` (NumPy's default ``"linear"`` method),
        duplicates removed, outer edges ``-inf`` and ``+inf``: every bin holds
        about the same share of the reference and no value falls outside.
        ``"uniform"``: ``bins`` equal-width bins from the reference minimum to
        its maximum, as ``numpy.histogram_bin_edges(reference, bins)``.
        ``"sturges"``: ``numpy.histogram_bin_edges(reference, "sturges")``,
        ``ceil(log2(n)) + 1`` equal-width bins (what Evidently uses on the
        pooled samples; pass the concatenation to reproduce it).

    Returns
    -------
    edges : numpy.ndarray
        Strictly increasing float64 edges, ``len(edges) - 1`` bins.

    Raises
    ------
    EmptySampleError, AllNaNError
        If `reference` is empty or has no finite value.
    DtypeError
        If `reference` is not numeric.
    ShapeError
        If an input is not one-dimensional.
    ParameterError
        If `bins` is not an integer >= 1 or `strategy` is unknown, or uniform
        or Sturges bins would be too narrow to tell apart in float64 (e.g. a
        constant reference beyond 2**53, which NumPy widens by only 0.5).

    See Also
    --------
    bin_counts : Count a sample in these bins.
    psi : Population stability index on quantile bins.

    Notes
    -----
    With quantile edges the outer bins are unbounded, so `bin_counts` never
    has to decide where an out-of-range value goes. Uniform and Sturges edges
    are finite; `bin_counts` puts values beyond them in the outer bins.

    Examples
    --------
    >>> import numpy as np
    >>> from driftscope import bin_edges
    >>> reference = np.arange(1.0, 10.0)          # 1, 2, ..., 9
    >>> bin_edges(reference, bins=4)             # quartiles 3, 5, 7
    array([-inf,   3.,   5.,   7.,  inf])
    >>> bin_edges(reference, bins=4, strategy="uniform")
    array([1., 3., 5., 7., 9.])
    >>> bin_edges([1.0, 1.0, 1.0, 2.0], bins=4)  # tied quantiles collapse
    array([-inf, 1.  , 1.25,  inf])
    """
    bins = check_bins(bins)
    strategy = check_choice(strategy, "strategy", _STRATEGIES)
    if strategy == "quantile":
        # The interior edges are numpy.quantile's numbers to the bit (an edge
        # one ulp away would move tied values to another bin than the
        # student's answer), read off the sorted sample.
        values, _ = as_sorted_sample(reference, "reference")
        return quantile_edges(values, bins)
    values, _ = as_sample(reference, "reference")
    how = bins if strategy == "uniform" else "sturges"
    if math.isfinite(float(values.max()) - float(values.min())):
        edges = _equal_width_edges(values, how)
    else:
        # The range max - min overflows: NumPy's edges on the halved values,
        # doubled (exact, as halving and doubling only change the exponent).
        edges = _equal_width_edges(np.ldexp(values, -1), how)
        edges = None if edges is None else np.ldexp(edges, 1)
    # E.g. a constant reference beyond 2**53: NumPy widens it by 0.5 on
    # each side, which is no width at all at that magnitude.
    return check_bins_apart(edges, values, strategy)


def _equal_width_edges(values: np.ndarray, how: Any) -> np.ndarray | None:
    """``numpy.histogram_bin_edges(values, how)``, or None where NumPy overflows or gives up."""
    with np.errstate(over="ignore", invalid="ignore"):
        try:
            edges = np.histogram_bin_edges(values, bins=how)
        except ValueError:  # "Too many bins for data range", NaN widths
            return None
    return edges if np.isfinite(edges).all() else None


def bin_counts(values: Any, edges: Any) -> np.ndarray:
    """Count a sample in bins, losing no value.

    Parameters
    ----------
    values : array_like
        1-D numbers. NaN, None and +/-inf are dropped (not counted).
    edges : array_like
        Strictly increasing bin edges, at least two; only the first and last
        may be infinite (as from `bin_edges`).

    Returns
    -------
    counts : numpy.ndarray of int64
        ``len(edges) - 1`` counts. Bin ``i`` holds the values in
        ``[edges[i], edges[i+1])``; the last bin also holds its right edge.
        Values below ``edges[0]`` count in the first bin and values above
        ``edges[-1]`` in the last, so the counts add up to the number of
        finite values.

    Raises
    ------
    EmptySampleError, AllNaNError
        If `values` is empty or has no finite value.
    DtypeError
        If `values` or `edges` is not numeric.
    ShapeError
        If an input is not one-dimensional, or there are fewer than two edges.
    ParameterError, NonFiniteError
        If the edges are not strictly increasing, contain NaN, or have an
        infinite interior edge.

    See Also
    --------
    bin_edges : Edges fitted to a reference sample.
    numpy.histogram : Drops values outside the edges instead.

    Notes
    -----
    One binary search per value into the edges (``O(n log bins)``); the
    values need not be sorted.

    Examples
    --------
    >>> from driftscope import bin_counts
    >>> bin_counts([0.5, 1.0, 1.5, 2.0, 3.0, 9.0], edges=[1.0, 2.0, 3.0])
    array([3, 3])

    0.5 is below the first edge (first bin), 2.0 opens the second bin, 3.0 is
    the right edge of the last bin and 9.0 is beyond it (last bin).
    """
    edges = check_edges(edges)
    values, _ = as_sample(values, "values")
    return counts(values, edges)


def category_counts(reference: Any, current: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count two categorical samples over the union of their categories.

    Parameters
    ----------
    reference, current : array_like
        1-D category labels (strings, integers, booleans, ...). Missing values
        (NaN, None, pd.NA, NaT, +/-inf) are dropped.

    Returns
    -------
    categories : numpy.ndarray
        Every category seen in either sample, sorted when the labels can be
        ordered, else in order of first appearance (reference first).
        Categories only the current sample has are kept.
    reference_counts, current_counts : numpy.ndarray of int64
        How often each category occurs in each sample (zeros included).

    Raises
    ------
    EmptySampleError, AllNaNError
        If a sample is empty or has only missing values.
    DtypeError
        If a label is unhashable or complex.
    ShapeError
        If an input is not one-dimensional.

    See Also
    --------
    chi_square_test, z_test : Tests on these counts.
    psi_from_counts : PSI on these counts.

    Notes
    -----
    Labels that compare equal are one category, as in a Python set or a
    pandas ``value_counts``: ``1``, ``1.0`` and ``True`` are the same. Numbers
    and strings are never mixed up (``1`` and ``"1"`` stay two categories).

    Examples
    --------
    >>> from driftscope import category_counts
    >>> cats, ref, cur = category_counts(["a", "b", "b", None], ["b", "c", "c"])
    >>> cats.tolist(), ref.tolist(), cur.tolist()
    (['a', 'b', 'c'], [1, 2, 0], [0, 1, 2])
    """
    categories, ref_counts, cur_counts, _, _ = as_category_pair(reference, current)
    return categories, ref_counts, cur_counts
