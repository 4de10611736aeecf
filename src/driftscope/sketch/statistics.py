"""Drift statistics on two sketches: the same numbers as on the raw data binned alike."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .. import _kernels as K
from .._validation import check_instance, check_not_empty, check_positive, check_same_edges
from ..divergence import FLOOR_WHY, hellinger, js_distance, kl_divergence
from .categories import CategorySketch, ordered_labels
from .histogram import HistogramSketch

__all__ = ["aligned_counts", "sketch_psi", "sketch_kl", "sketch_js_distance", "sketch_hellinger",
           "KSBound", "sketch_ks_bound"]


def _check_nonempty(sketch: Any, name: str) -> None:
    check_not_empty(sketch.n + sketch.n_missing, sketch.n, name)


def aligned_counts(reference: Any, current: Any, bins: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Counts of two sketches over the same bins (or categories), after checking them.

    Histograms: on their shared fine bins, or with `bins` on the reference's
    quantile bins ``k / bins`` (`HistogramSketch.coarse_quantiles`).
    Categories: over the union of both, in `ordered_labels` order.
    """
    check_instance(reference, "reference", (HistogramSketch, CategorySketch),
                   "a HistogramSketch or CategorySketch")
    check_instance(current, "current", type(reference), f"a {type(reference).__name__}",
                   why=" like the reference")
    _check_nonempty(reference, "reference")
    _check_nonempty(current, "current")
    if isinstance(reference, CategorySketch):
        labels = ordered_labels({**reference.counts, **current.counts})
        return (np.array([reference.counts.get(k, 0) for k in labels], dtype=np.int64),
                np.array([current.counts.get(k, 0) for k in labels], dtype=np.int64))
    check_same_edges(reference, current, ("reference", "current"))
    if bins is None:
        return reference.counts, current.counts
    interior = np.unique(reference.coarse_quantiles(bins, name="reference"))
    return reference.rebin(interior).counts, current.rebin(interior).counts


_COMMON_RAISES = """
    Raises
    ------
    DtypeError
        If an input is not a sketch, or the two are of different kinds.
    EmptySampleError, AllNaNError
        If a sketch holds no value, or only missing ones.
    SketchMismatchError
        If the two histogram sketches have different edges.
    ParameterError
        If a parameter is out of its domain, or `bins` is given and the
        reference sketch has no quantiles or `bins` does not divide them."""


def sketch_psi(reference: Any, current: Any, *, bins: int | None = 10,
               floor: float = 1e-4) -> float:
    """Population stability index from two sketches.

    Parameters
    ----------
    reference, current : HistogramSketch or CategorySketch
        Sketches of the same kind; histogram sketches with identical edges.
    bins : int or None, default 10
        Histogram sketches only (ignored for categories): compare on the
        `bins` reference-quantile bins rebuilt from the reference sketch's
        quantiles, exactly `psi`'s bins; None compares on the sketches' own
        (fine) bins.
    floor : float, default 1e-4
        The share an empty bin is given, as in `psi`.

    Returns
    -------
    psi : float
        ``psi_from_counts`` of the two count vectors.
%s

    See Also
    --------
    psi : The same number from the raw samples.
    HistogramSketch.coarsen : The coarse bins used with `bins`.

    Notes
    -----
    With ``reference = HistogramSketch.from_reference(ref, bins=B)``, `bins`
    dividing ``B`` and ``current`` any sketch with the reference's edges,
    ``sketch_psi(reference, current, bins=b) == psi(ref, cur, bins=b)``
    exactly: the coarse bins are unions of fine bins (see the module
    docstring), so the counts, the shares and the sum are the same numbers.
    On a sketch without quantiles (e.g. from SQL with other edges) pass
    ``bins=None``: the PSI on the sketch's own bins, again exactly
    `psi_from_counts` on the raw data binned alike.

    Examples
    --------
    >>> import numpy as np
    >>> from driftscope import HistogramSketch, psi, sketch_psi
    >>> rng = np.random.default_rng(2043)
    >>> ref, cur = rng.normal(0, 1, 5_000), rng.normal(0.3, 1, 5_000)
    >>> reference = HistogramSketch.from_reference(ref, bins=100)
    >>> current = reference.empty_like()
    >>> for batch in np.array_split(cur, 7):
    ...     _ = current.update(batch)
    >>> sketch_psi(reference, current) == psi(ref, cur)
    True
    """
    floor = check_positive(floor, "floor", why=FLOOR_WHY)
    ref_counts, cur_counts = aligned_counts(reference, current, bins)
    return K.psi_shares(ref_counts / ref_counts.sum(), cur_counts / cur_counts.sum(), floor)


def sketch_kl(reference: Any, current: Any, *, bins: int | None = None, epsilon: float = 0.0,
              base: float | None = None) -> float:
    """Kullback-Leibler divergence ``KL(reference || current)`` from two sketches.

    Parameters
    ----------
    reference, current : HistogramSketch or CategorySketch
        Sketches of the same kind; histogram sketches with identical edges.
    bins : int or None, default None
        None: the sketches' own bins. An integer: the reference-quantile
        bins as in `sketch_psi` (histogram sketches only).
    epsilon, base : float
        As in `kl_divergence`.

    Returns
    -------
    kl : float
        ``kl_divergence(reference_counts, current_counts, epsilon, base)``:
        ``inf`` when the reference fills a bin the current sample left empty
        and ``epsilon == 0``.
%s

    See Also
    --------
    kl_divergence : The same number from the counts.

    Notes
    -----
    The arguments are in the divergence's order, as in `kl_divergence`
    (``KL(p || q)`` for ``(p, q)``) and chapter 01's ``kl_alert``
    (``KL(reference || live)``); for ``KL(current || reference)`` swap them.
    The result equals `kl_divergence` on the raw data binned on the same
    edges, exactly.

    Examples
    --------
    >>> from driftscope import HistogramSketch, sketch_kl
    >>> reference = HistogramSketch([0.0, 1.0, 2.0]).update([0.5, 1.5])
    >>> current = reference.empty_like().update([0.5, 0.6, 0.7, 1.5])
    >>> sketch_kl(reference, current, base=2)   # 0.5 log2(0.5/0.75) + 0.5 log2(0.5/0.25)
    0.2075187
    """
    ref_counts, cur_counts = aligned_counts(reference, current, bins)
    return kl_divergence(ref_counts, cur_counts, epsilon=epsilon, base=base)


def sketch_js_distance(reference: Any, current: Any, *, bins: int | None = None,
                       base: float | None = 2) -> float:
    """Jensen-Shannon distance from two sketches.

    Parameters
    ----------
    reference, current : HistogramSketch or CategorySketch
        Sketches of the same kind; histogram sketches with identical edges.
    bins : int or None, default None
        As in `sketch_kl`.
    base : float or None, default 2
        As in `js_distance`; with 2 the distance lies in [0, 1].

    Returns
    -------
    distance : float
        ``js_distance`` of the two count vectors (symmetric).
%s

    See Also
    --------
    js_distance : The same number from the counts.

    Examples
    --------
    >>> from driftscope import CategorySketch, sketch_js_distance
    >>> reference = CategorySketch({"a": 1, "b": 1})
    >>> sketch_js_distance(reference, CategorySketch({"a": 9, "b": 1}))
    0.3831359
    >>> sketch_js_distance(reference, CategorySketch({"c": 5}))   # only unseen categories
    1.0
    """
    ref_counts, cur_counts = aligned_counts(reference, current, bins)
    return js_distance(ref_counts, cur_counts, base=base)


def sketch_hellinger(reference: Any, current: Any, *, bins: int | None = None) -> float:
    """Hellinger distance from two sketches.

    Parameters
    ----------
    reference, current : HistogramSketch or CategorySketch
        Sketches of the same kind; histogram sketches with identical edges.
    bins : int or None, default None
        As in `sketch_kl`.

    Returns
    -------
    distance : float
        ``hellinger`` of the two count vectors, in [0, 1].
%s

    See Also
    --------
    hellinger : The same number from the counts.

    Examples
    --------
    >>> from driftscope import CategorySketch, sketch_hellinger
    >>> sketch_hellinger(CategorySketch({"a": 1, "b": 1}), CategorySketch({"a": 9, "b": 1}))
    0.3249197
    """
    ref_counts, cur_counts = aligned_counts(reference, current, bins)
    return hellinger(ref_counts, cur_counts)


for _f in (sketch_psi, sketch_kl, sketch_js_distance, sketch_hellinger):
    if _f.__doc__:  # None under python -OO
        _f.__doc__ = _f.__doc__ % _COMMON_RAISES
del _f


class KSBound(NamedTuple):
    """An interval ``[lower, upper]`` that contains the exact two-sample KS statistic.

    Returned by `sketch_ks_bound`; unpacks as ``lower, upper``.
    """

    lower: float
    upper: float

    @property
    def width(self) -> float:
        """``upper - lower``: how much the bins hide."""
        return self.upper - self.lower

    def __contains__(self, statistic: Any) -> bool:
        return self.lower <= statistic <= self.upper


def sketch_ks_bound(reference: Any, current: Any) -> KSBound:
    """Bounds on the two-sample Kolmogorov-Smirnov statistic from two histogram sketches.

    Parameters
    ----------
    reference, current : HistogramSketch
        Sketches with identical edges.

    Returns
    -------
    bound : KSBound
        ``(lower, upper)`` with ``lower <= D <= upper`` for the KS statistic
        ``D = ks_test(ref, cur).statistic`` of *every* pair of samples with
        these counts, and both ends attained by some such pair: no tighter
        interval can be had from the counts. ``upper - lower`` is at most the
        largest share any single bin holds in either sample.

    Raises
    ------
    DtypeError
        If an input is not a `HistogramSketch` (categories have no order).
    EmptySampleError, AllNaNError
        If a sketch holds no value, or only missing ones.
    SketchMismatchError
        If the two sketches have different edges.

    See Also
    --------
    ks_test : The exact statistic and its p-value, from the raw samples.

    Notes
    -----
    Let ``F`` and ``G`` be the empirical CDFs of the reference and current
    samples (``F(x)`` = share of values ``<= x``), ``e_0 = -inf < e_1 < ...
    < e_k = +inf`` the edges, ``p_i`` and ``q_i`` the shares in bin
    ``[e_i, e_{i+1})``, and ``A_i = p_0 + ... + p_{i-1}``,
    ``B_i = q_0 + ... + q_{i-1}`` the cumulative shares, which are the
    left limits ``F(e_i-)`` and ``G(e_i-)`` (``A_0 = B_0 = 0``,
    ``A_k = B_k = 1``). The bound is

    .. math::

        L = \\max_i |A_i - B_i|, \\qquad
        U = \\max_{0 \\le i < k} \\max(A_{i+1} - B_i, \\; B_{i+1} - A_i).

    *Lower.* ``F(e_i-) - G(e_i-)`` is the limit of ``F(x) - G(x)`` as ``x``
    rises to ``e_i``, so its absolute value is at most
    ``D = sup_x |F(x) - G(x)|``; hence ``L <= D``.

    *Upper.* Every finite ``x`` lies in one bin, ``e_i <= x < e_{i+1}``.
    ``F(x)`` counts all values below ``e_i`` and no value at or above
    ``e_{i+1}``, so ``A_i <= F(x) <= A_{i+1}``; likewise
    ``B_i <= G(x) <= B_{i+1}``. Then ``F(x) - G(x) <= A_{i+1} - B_i`` and
    ``G(x) - F(x) <= B_{i+1} - A_i``; taking the supremum over ``x`` gives
    ``D <= U``.

    *Sharpness.* Putting each bin's values of both samples at one common
    point inside the bin makes ``F - G`` constant on bins with value
    ``A_{i+1} - B_{i+1}``, so ``D = L``. Putting bin ``i``'s reference
    values at ``e_i`` and its current values just below ``e_{i+1}`` makes
    ``F(e_i) - G(e_i) = A_{i+1} - B_i`` (and symmetrically), so ``D = U``.

    *Width.* ``A_{i+1} - B_i = (A_i - B_i) + p_i <= L + p_i`` and
    ``B_{i+1} - A_i <= L + q_i``, so ``U - L <= max_i max(p_i, q_i)``. With
    ``B`` reference-quantile bins and a current sample from a similar
    distribution every bin holds about ``1 / B`` of each sample: the width
    is about ``1 / B`` to ``2 / B`` (0.01 to 0.02 with 100 bins). A
    current sample piled into few bins widens it; ties in the data are
    never split across bins, so discrete data lose nothing extra.

    The shares are computed as ``count / n`` in floating point, the same
    expression `ks_test` evaluates, so the ends match it to rounding
    (``ks_test`` snaps its statistic to the lattice ``h / lcm(n, m)`` for
    exact p-values, which can move it by one ulp).

    Examples
    --------
    >>> import numpy as np
    >>> from driftscope import HistogramSketch, ks_test, sketch_ks_bound
    >>> rng = np.random.default_rng(2043)
    >>> ref, cur = rng.normal(0, 1, 3_000), rng.normal(0.2, 1, 3_000)
    >>> reference = HistogramSketch.from_reference(ref, bins=100)
    >>> bound = sketch_ks_bound(reference, reference.empty_like().update(cur))
    >>> bool(bound.lower <= ks_test(ref, cur).statistic <= bound.upper)
    True
    >>> bool(bound.width <= 0.02)
    True
    """
    for name, sketch in (("reference", reference), ("current", current)):
        check_instance(sketch, name, HistogramSketch, "a HistogramSketch",
                       why=" (the KS statistic needs ordered values)")
    _check_nonempty(reference, "reference")
    _check_nonempty(current, "current")
    check_same_edges(reference, current, ("reference", "current"))
    a = np.concatenate(([0], np.cumsum(reference.counts))) / reference.n
    b = np.concatenate(([0], np.cumsum(current.counts))) / current.n
    lower = float(np.max(np.abs(a - b)))
    upper = float(max(np.max(a[1:] - b[:-1]), np.max(b[1:] - a[:-1])))
    return KSBound(lower, min(max(upper, lower), 1.0))
