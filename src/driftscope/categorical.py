"""Drift tests for categorical samples, as Evidently 0.7 computes them.

Both tests reproduce Evidently's ``"chisquare"`` and ``"z"`` stattests
(``evidently.legacy.calculations.stattests``) so that a driftscope report
with ``policy="evidently"`` gets Evidently's p-values; the few places where
Evidently returns NaN or loses precision are documented in each function.
"""

from __future__ import annotations

from typing import Any

from ._kernels import chi_square_gof, z_test_counts
from ._results import ChiSquareResult, ZTestResult
from ._validation import as_category_pair, check_category

__all__ = ["chi_square_test", "z_test"]

_NO_CATEGORY = object()


def chi_square_test(reference: Any, current: Any) -> ChiSquareResult:
    """Chi-square test of the current category counts against the reference shares.

    Parameters
    ----------
    reference, current : array_like
        1-D categorical samples (strings, integers, booleans, ...). Missing
        values (NaN, None, pd.NA, NaT, +/-inf) are dropped and counted.

    Returns
    -------
    result : ChiSquareResult
        Unpacks as ``statistic, pvalue``. Also carries ``dof``, the
        ``categories`` (union of both samples), sample sizes and dropped
        counts.

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
    z_test : For a binary category.
    category_counts : The counts this test compares.
    scipy.stats.chisquare : The goodness-of-fit test used.

    Notes
    -----
    A goodness-of-fit test, not a contingency-table test: over the union of
    the categories, the observed counts ``O_i`` of the current sample are
    compared with ``E_i = R_i * n_current / n_reference``, the reference
    counts rescaled to the current size. The statistic is
    ``sum((O_i - E_i) ** 2 / E_i)`` and the p-value the upper tail of the
    chi-square distribution with ``k - 1`` degrees of freedom, ``k`` the
    number of categories: ``scipy.stats.chisquare(O, E)``. This is exactly
    Evidently 0.7's ``"chisquare"`` stattest (after Evidently drops NaN and
    inf).

    A category the reference never saw has ``E_i = 0``: the statistic is
    ``inf`` and the p-value 0 (drift), as in Evidently. With a single
    category in both samples there is nothing to compare: driftscope returns
    statistic 0 and p-value 1 with ``dof == 0``, where SciPy and Evidently
    return a NaN p-value (which Evidently treats as no drift).

    References
    ----------
    .. [1] K. Pearson, "On the criterion that a given system of deviations
           from the probable ...", Philosophical Magazine 50, 157-175, 1900.

    Examples
    --------
    >>> from driftscope import chi_square_test
    >>> reference = ["a"] * 50 + ["b"] * 50
    >>> current = ["a"] * 30 + ["b"] * 70
    >>> result = chi_square_test(reference, current)
    >>> result.statistic          # (30 - 50)**2 / 50 + (70 - 50)**2 / 50
    16.0
    >>> result.dof, result.categories.tolist()
    (1, ['a', 'b'])
    >>> statistic, pvalue = result
    >>> bool(pvalue < 0.05)
    True
    >>> chi_square_test(["a", "b"], ["a", "c"]).pvalue    # "c" is new
    0.0
    """
    categories, ref_counts, cur_counts, ref_dropped, cur_dropped = as_category_pair(reference,
                                                                                    current)
    statistic, pvalue, dof = chi_square_gof(ref_counts, cur_counts)
    n_ref, n_cur = int(ref_counts.sum()), int(cur_counts.sum())
    return ChiSquareResult(statistic, pvalue, dof, categories, n_ref, n_cur, ref_dropped,
                           cur_dropped)


def z_test(reference: Any, current: Any, *, category: Any = _NO_CATEGORY) -> ZTestResult:
    """Two-proportion z-test on the share of one category.

    Parameters
    ----------
    reference, current : array_like
        1-D categorical samples, usually binary (e.g. ``True``/``False`` or
        two labels). Missing values (NaN, None, pd.NA, NaT, +/-inf) are
        dropped and counted.
    category : optional
        The category whose share is compared. By default the first of the
        sorted categories of both samples, as Evidently chooses it. With more
        than two categories, the others are pooled against it.

    Returns
    -------
    result : ZTestResult
        Unpacks as ``statistic, pvalue``. ``statistic`` is
        ``(c - r) / sqrt(P * (1 - P) * (1/n_r + 1/n_c))``, with ``r`` and
        ``c`` the shares of `category` in reference and current and ``P`` the
        pooled share; ``pvalue = 2 * norm.sf(|statistic|)``. Also carries the
        ``category``, sample sizes and dropped counts.

    Raises
    ------
    EmptySampleError, AllNaNError
        If a sample is empty or has only missing values.
    DtypeError
        If a label is unhashable or complex.
    ShapeError
        If an input is not one-dimensional.
    ParameterError
        If `category` appears in neither sample.

    See Also
    --------
    chi_square_test : For any number of categories.

    Notes
    -----
    The same test as Evidently 0.7's ``"z"`` stattest, which Evidently picks
    for binary categorical columns: Evidently's statistic uses the share of
    the *other* categories, reference minus current, which is the same
    number. When every value of both samples is `category` (pooled share 1)
    the statistic is 0 and the p-value 1, as in Evidently.

    Evidently computes ``2 * (1 - norm.cdf(|z|))``, which rounds to 0 for
    ``|z| > 8.3``; driftscope uses the survival function, so tiny p-values
    stay accurate. The two agree to within 1e-15.

    Examples
    --------
    >>> from driftscope import z_test
    >>> reference = [0] * 80 + [1] * 20
    >>> current = [0] * 60 + [1] * 40
    >>> result = z_test(reference, current)
    >>> result.category
    0
    >>> round(result.statistic, 4)   # (0.6 - 0.8) / sqrt(0.7 * 0.3 * 0.02)
    -3.0861
    >>> bool(result.pvalue < 0.05)
    True
    """
    categories, ref_counts, cur_counts, ref_dropped, cur_dropped = as_category_pair(reference,
                                                                                    current)
    n_ref, n_cur = int(ref_counts.sum()), int(cur_counts.sum())
    if category is _NO_CATEGORY:
        index = 0
    else:
        index = check_category(category, categories)
    statistic, pvalue = z_test_counts(ref_counts, cur_counts, index)
    label = categories[index]
    return ZTestResult(statistic, pvalue, label.item() if hasattr(label, "item") else label,
                       n_ref, n_cur, ref_dropped, cur_dropped)
