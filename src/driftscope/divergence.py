"""Divergences and distances between two distributions over the same bins.

`kl_divergence`, `js_divergence`, `js_distance`, `hellinger`,
`total_variation` and `psi_from_counts` take two vectors of counts or
probabilities (each normalised to sum to one). `psi` takes two raw samples and
bins them on the reference's quantiles first.
"""

from __future__ import annotations

import math
from typing import Any

from ._kernels import (
    counts,
    counts_sorted,
    hellinger_shares,
    js_divergence_shares,
    kl_shares,
    psi_shares,
    quantile_edges,
    total_variation_shares,
)
from ._results import Statistic
from ._validation import (
    as_distribution_pair,
    as_sample,
    as_sorted_sample,
    check_log_base,
    check_nonnegative,
    check_positive,
    check_bins,
)

__all__ = [
    "kl_divergence",
    "js_divergence",
    "js_distance",
    "hellinger",
    "total_variation",
    "psi",
    "psi_from_counts",
]


#: Why the floor for empty shares must be positive.
FLOOR_WHY = "it replaces empty shares inside a logarithm"


def kl_divergence(p: Any, q: Any, *, epsilon: float = 0.0, base: float | None = None) -> float:
    """Kullback-Leibler divergence ``KL(p || q)``.

    Parameters
    ----------
    p, q : array_like
        Counts or probabilities over the same bins, 1-D, finite and
        non-negative, not all zero. Each is divided by its sum.
    epsilon : float, default 0.0
        The additive constant: added to every bin of both normalised
        distributions, which are then normalised again. A small ``epsilon``
        keeps the divergence finite when `q` has empty bins that `p` does not.
        (PSI's ``floor`` is another thing: it replaces empty shares only.)
    base : float, optional
        Base of the logarithm; natural logarithm (nats) when None, bits with 2.

    Returns
    -------
    kl : float
        ``sum(p_i * log(p_i / q_i))``, with ``0 * log(0 / q) = 0``; ``inf`` if
        some ``q_i == 0 < p_i`` (possible only when ``epsilon == 0``).

    Raises
    ------
    EmptySampleError
        If `p` or `q` is empty.
    InvalidDistributionError
        If a bin is negative or all bins are zero.
    NonFiniteError
        If a bin is NaN or inf.
    LengthMismatchError
        If `p` and `q` have different lengths.
    DtypeError
        If `p` or `q` is not numeric.
    ShapeError
        If an input is not one-dimensional.
    ParameterError
        If `epsilon` is negative or `base` is not positive or is 1.

    See Also
    --------
    js_divergence : Symmetric and bounded.
    scipy.stats.entropy : Equal when ``epsilon == 0``.

    Notes
    -----
    Not symmetric: ``KL(p || q) != KL(q || p)`` in general, so the order of
    the arguments is the direction: the first argument is the first
    distribution of the divergence, here as in `sketch_kl` (``sketch_kl(
    reference, current)`` is ``KL(reference || current)``) and in chapter
    01's ``kl_alert``, which computes ``KL(reference || live)``.
    The chapter-01 exercise ``kl_divergence_pure`` adds its epsilon to the
    inputs without renormalising; this function renormalises, so the result
    is a true divergence of two distributions.

    References
    ----------
    .. [1] S. Kullback and R. A. Leibler, "On information and sufficiency",
           Annals of Mathematical Statistics 22(1), 79-86, 1951.

    Examples
    --------
    >>> from driftscope import kl_divergence
    >>> from scipy.stats import entropy
    >>> p, q = [0.5, 0.5], [0.9, 0.1]
    >>> kl_divergence(p, q, base=2)       # 0.5*log2(0.5/0.9) + 0.5*log2(0.5/0.1)
    0.7369656
    >>> bool(abs(kl_divergence(p, q) - entropy(p, q)) < 1e-15)
    True
    >>> kl_divergence([1, 1], [1, 0])
    inf
    >>> kl_divergence([1, 1], [1, 0], epsilon=1e-3) < float("inf")
    True
    """
    log_base = check_log_base(base)
    epsilon = check_nonnegative(epsilon, "epsilon")
    p, q = as_distribution_pair(p, q)
    if epsilon:
        p, q = p + epsilon, q + epsilon
        p, q = p / p.sum(), q / q.sum()
    kl = kl_shares(p, q)
    return kl if log_base is None else kl / log_base


def js_divergence(p: Any, q: Any, *, base: float | None = 2) -> float:
    """Jensen-Shannon divergence between two distributions.

    Parameters
    ----------
    p, q : array_like
        Counts or probabilities over the same bins, 1-D, finite and
        non-negative, not all zero. Each is divided by its sum.
    base : float or None, default 2
        Base of the logarithm. With 2 the divergence lies in [0, 1]; None is
        the natural logarithm (at most ``ln 2``).

    Returns
    -------
    js : float
        ``(KL(p || m) + KL(q || m)) / 2`` with ``m = (p + q) / 2``; always
        finite, symmetric, 0 only when ``p == q``. Equals
        ``scipy.spatial.distance.jensenshannon(p, q, base) ** 2``.

    Raises
    ------
    EmptySampleError
        If `p` or `q` is empty.
    InvalidDistributionError
        If a bin is negative or all bins are zero.
    NonFiniteError
        If a bin is NaN or inf.
    LengthMismatchError
        If `p` and `q` have different lengths.
    DtypeError
        If `p` or `q` is not numeric.
    ShapeError
        If an input is not one-dimensional.
    ParameterError
        If `base` is not positive or is 1.

    See Also
    --------
    js_distance : Its square root, a metric.
    kl_divergence : The asymmetric, unbounded parent.

    Notes
    -----
    Rounding can make the sum a hair below zero for identical inputs; it is
    clipped at 0.

    References
    ----------
    .. [1] J. Lin, "Divergence measures based on the Shannon entropy",
           IEEE Transactions on Information Theory 37(1), 145-151, 1991.

    Examples
    --------
    >>> from driftscope import js_divergence
    >>> js_divergence([1, 0], [0, 1])      # disjoint supports: the maximum
    1.0
    >>> js_divergence([0.5, 0.5], [0.9, 0.1])   # jensenshannon(p, q, 2) ** 2
    0.1467931
    """
    return _js(p, q, base)


def _js(p: Any, q: Any, base: Any) -> float:
    log_base = check_log_base(base)
    p, q = as_distribution_pair(p, q)
    js = js_divergence_shares(p, q)
    return js if log_base is None else js / log_base


def js_distance(p: Any, q: Any, *, base: float | None = 2) -> float:
    """Jensen-Shannon distance: the square root of `js_divergence`.

    Parameters
    ----------
    p, q : array_like
        Counts or probabilities over the same bins, 1-D, finite and
        non-negative, not all zero. Each is divided by its sum.
    base : float or None, default 2
        Base of the logarithm; with 2 the distance lies in [0, 1].

    Returns
    -------
    distance : float
        Equals ``scipy.spatial.distance.jensenshannon(p, q, base)``. Note that
        SciPy's default base is ``e``, driftscope's is 2.

    Raises
    ------
    EmptySampleError
        If `p` or `q` is empty.
    InvalidDistributionError
        If a bin is negative or all bins are zero.
    NonFiniteError
        If a bin is NaN or inf.
    LengthMismatchError
        If `p` and `q` have different lengths.
    DtypeError
        If `p` or `q` is not numeric.
    ShapeError
        If an input is not one-dimensional.
    ParameterError
        If `base` is not positive or is 1.

    See Also
    --------
    js_divergence : The square of this distance.
    scipy.spatial.distance.jensenshannon : The same number.

    Notes
    -----
    Unlike the divergence, the distance satisfies the triangle inequality.

    Examples
    --------
    >>> from driftscope import js_distance
    >>> from scipy.spatial.distance import jensenshannon
    >>> p, q = [0.5, 0.5], [0.9, 0.1]
    >>> js_distance(p, q)
    0.3831359
    >>> bool(abs(js_distance(p, q) - jensenshannon(p, q, 2)) < 1e-15)
    True
    """
    return math.sqrt(_js(p, q, base))


def hellinger(p: Any, q: Any) -> float:
    """Hellinger distance between two distributions.

    Parameters
    ----------
    p, q : array_like
        Counts or probabilities over the same bins, 1-D, finite and
        non-negative, not all zero. Each is divided by its sum.

    Returns
    -------
    distance : float
        ``sqrt(sum((sqrt(p_i) - sqrt(q_i)) ** 2) / 2)``, in [0, 1]: 0 for equal
        distributions, 1 for disjoint supports.

    Raises
    ------
    EmptySampleError
        If `p` or `q` is empty.
    InvalidDistributionError
        If a bin is negative or all bins are zero.
    NonFiniteError
        If a bin is NaN or inf.
    LengthMismatchError
        If `p` and `q` have different lengths.
    DtypeError
        If `p` or `q` is not numeric.
    ShapeError
        If an input is not one-dimensional.

    See Also
    --------
    total_variation : Bounds it: ``H**2 <= TV <= sqrt(2) * H``.

    Notes
    -----
    Mathematically equal to ``sqrt(1 - sum(sqrt(p_i * q_i)))``, the form
    Evidently uses for categorical columns; the difference-of-roots form
    computed here does not lose digits to cancellation when ``p`` is close
    to ``q``.

    References
    ----------
    .. [1] E. Hellinger, "Neue Begruendung der Theorie quadratischer Formen
           von unendlichvielen Veraenderlichen", J. Reine Angew. Math. 136,
           210-271, 1909.

    Examples
    --------
    >>> from driftscope import hellinger
    >>> hellinger([1, 0], [0, 1])
    1.0
    >>> hellinger([0.5, 0.5], [0.9, 0.1])   # sqrt(1 - sqrt(.45) - sqrt(.05))
    0.3249197
    """
    p, q = as_distribution_pair(p, q)
    return hellinger_shares(p, q)


def total_variation(p: Any, q: Any) -> float:
    """Total variation distance between two distributions.

    Parameters
    ----------
    p, q : array_like
        Counts or probabilities over the same bins, 1-D, finite and
        non-negative, not all zero. Each is divided by its sum.

    Returns
    -------
    distance : float
        ``sum(|p_i - q_i|) / 2``, in [0, 1]: the largest difference in
        probability the two distributions give to any set of bins.

    Raises
    ------
    EmptySampleError
        If `p` or `q` is empty.
    InvalidDistributionError
        If a bin is negative or all bins are zero.
    NonFiniteError
        If a bin is NaN or inf.
    LengthMismatchError
        If `p` and `q` have different lengths.
    DtypeError
        If `p` or `q` is not numeric.
    ShapeError
        If an input is not one-dimensional.

    See Also
    --------
    hellinger : Another bounded distance.

    Notes
    -----
    This is the statistic of Evidently's ``"TVD"`` test; Evidently adds a
    permutation p-value, which driftscope does not.

    Examples
    --------
    >>> from driftscope import total_variation
    >>> total_variation([0.5, 0.5], [0.9, 0.1])   # (0.4 + 0.4) / 2
    0.4
    >>> total_variation([10, 30], [1, 3])         # counts are normalised
    0.0
    """
    p, q = as_distribution_pair(p, q)
    return total_variation_shares(p, q)


def psi(reference: Any, current: Any, *, bins: int = 10, floor: float = 1e-4) -> Statistic:
    """Population stability index of a current sample against a reference.

    Parameters
    ----------
    reference, current : array_like
        Raw 1-D numeric samples. NaN, None and +/-inf are dropped.
    bins : int, default 10
        Number of reference-quantile bins asked for; ties in the reference
        can merge some (see `bin_edges`).
    floor : float, default 1e-4
        The share an empty bin (in either sample) is given before the
        logarithm (chapter 03's ``epsilon``; not added to the other shares).

    Returns
    -------
    psi : Statistic
        ``sum((l_i - r_i) * ln(l_i / r_i))`` over the bins, where ``r_i`` and
        ``l_i`` are the reference and current shares. Non-negative and finite.
        A `float` that also carries ``n_reference``, ``n_current`` and the
        missing values dropped (``n_dropped_reference``,
        ``n_dropped_current``, ``n_dropped``).
        Rules of thumb: below 0.1 no shift, 0.1 to 0.25 moderate, above 0.25
        major.

    Raises
    ------
    EmptySampleError, AllNaNError
        If a sample is empty or has no finite value.
    DtypeError
        If a sample is not numeric.
    ShapeError
        If an input is not one-dimensional.
    ParameterError
        If `bins` is not an integer >= 1 or `floor` is not > 0.

    See Also
    --------
    psi_from_counts : PSI on counts you already have (e.g. categories).
    bin_edges : The edges used here, ``bin_edges(reference, bins)``.

    Notes
    -----
    Exactly the chapter-03 recipe: interior edges at the reference quantiles
    ``k / bins`` (``numpy.quantile``, default ``"linear"`` method), duplicates
    removed, outer edges ``-inf`` and ``+inf``; bin ``i`` is
    ``[edges[i], edges[i+1])``. Shares are counts over the sample size, and a
    share of exactly 0 becomes `floor` (the shares are not renormalised).

    The formula is symmetric in ``r`` and ``l``, but the edges come from the
    reference, so ``psi(a, b)`` and ``psi(b, a)`` generally differ.

    The reference is sorted once; its bin counts then cost ``O(bins log n)``
    and the current sample is binned in ``O(m log bins)``.

    References
    ----------
    .. [1] B. Yurdakul, "Statistical properties of population stability
           index", PhD thesis, Western Michigan University, 2018.

    Examples
    --------
    >>> import numpy as np
    >>> from driftscope import psi
    >>> rng = np.random.default_rng(2043)
    >>> reference = rng.normal(0.0, 1.0, 5_000)
    >>> bool(psi(reference, rng.normal(0.0, 1.0, 5_000)) < 0.1)   # same source
    True
    >>> bool(psi(reference, rng.normal(1.0, 1.0, 5_000)) > 0.25)  # shifted mean
    True

    A hand-checkable case: the reference quartiles of 1..8 are 2.75, 4.5 and
    6.25, so the current sample puts shares 0, 0, 0.5, 0.5 where the reference
    has 0.25 each:

    >>> psi(np.arange(1.0, 9.0), [5.0, 6.0, 7.0, 8.0], bins=4)
    4.2570318

    That is ``2 * (1e-4 - 0.25) * ln(1e-4 / 0.25) + 2 * 0.25 * ln(2)``.
    """
    bins = check_bins(bins)
    floor = check_positive(floor, "floor", why=FLOOR_WHY)
    ref, ref_dropped = as_sorted_sample(reference, "reference")
    cur, cur_dropped = as_sample(current, "current")
    edges = quantile_edges(ref, bins)
    value = psi_shares(counts_sorted(ref, edges) / ref.size, counts(cur, edges) / cur.size, floor)
    return Statistic(value, ref.size, cur.size, ref_dropped, cur_dropped)


def psi_from_counts(reference_counts: Any, current_counts: Any, *,
                    floor: float = 1e-4) -> float:
    """Population stability index from counts (or shares) over the same bins.

    Parameters
    ----------
    reference_counts, current_counts : array_like
        Counts or probabilities per bin or category, 1-D, finite and
        non-negative, not all zero. Each is divided by its sum.
    floor : float, default 1e-4
        The share a bin that is exactly 0 is given before the logarithm.

    Returns
    -------
    psi : float
        ``sum((l_i - r_i) * ln(l_i / r_i))``, ``r`` and ``l`` the reference and
        current shares. Symmetric in its two arguments.

    Raises
    ------
    EmptySampleError
        If either input is empty.
    InvalidDistributionError
        If a bin is negative or all bins are zero.
    NonFiniteError
        If a bin is NaN or inf.
    LengthMismatchError
        If the inputs have different lengths.
    DtypeError
        If an input is not numeric.
    ShapeError
        If an input is not one-dimensional.
    ParameterError
        If `floor` is not > 0.

    See Also
    --------
    psi : Bins two raw samples first.
    category_counts : Counts of two categorical samples over shared categories.

    Notes
    -----
    ``psi(reference, current, bins=b)`` equals ``psi_from_counts`` of
    ``bin_counts(reference, e)`` and ``bin_counts(current, e)`` with
    ``e = bin_edges(reference, b)``. The PSI is Jeffreys' divergence,
    ``KL(l || r) + KL(r || l)``, when no share is 0.

    Examples
    --------
    >>> from driftscope import psi_from_counts
    >>> psi_from_counts([50, 50], [80, 20])   # 0.3*ln(0.8/0.5) - 0.3*ln(0.2/0.5) = 0.3*ln(4)
    0.4158883
    >>> psi_from_counts([80, 20], [50, 50])   # symmetric
    0.4158883
    """
    floor = check_positive(floor, "floor", why=FLOOR_WHY)
    r, cur = as_distribution_pair(reference_counts, current_counts,
                                  ("reference_counts", "current_counts"))
    return psi_shares(r, cur, floor)
