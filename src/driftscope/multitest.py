"""Multiple testing: many columns tested at once without a flood of false alarms.

Testing 40 columns at ``alpha = 0.05`` flags two of them on an ordinary day.
Bonferroni controls the chance of *any* false alarm; Benjamini-Hochberg the
expected *share* of false alarms among the alarms, and keeps more power.
Both return adjusted p-values and reject a hypothesis when its adjusted
p-value is ``< alpha`` -- strict, like every other drift decision in
driftscope and in Evidently.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._results import MultipleTestResult
from ._validation import as_pvalues, check_probability

__all__ = ["bonferroni", "benjamini_hochberg"]


def bonferroni(pvalues: Any, alpha: float = 0.05) -> MultipleTestResult:
    """Bonferroni correction: control the family-wise error rate.

    Parameters
    ----------
    pvalues : array_like
        1-D p-values, one per hypothesis (e.g. per column), each in [0, 1].
        NaN is an error, not dropped: it would misalign the decisions.
    alpha : float, default 0.05
        The family-wise error rate, strictly between 0 and 1.

    Returns
    -------
    result : MultipleTestResult
        Unpacks as ``reject, pvalues_adjusted``: ``pvalues_adjusted`` is
        ``min(m * p_i, 1)`` for ``m`` hypotheses, and ``reject`` is
        ``pvalues_adjusted < alpha``, in the order of the input.

    Raises
    ------
    EmptySampleError
        If `pvalues` is empty.
    NonFiniteError
        If a p-value is NaN or inf.
    InvalidPValueError
        If a p-value is outside [0, 1].
    DtypeError
        If `pvalues` is not numeric.
    ShapeError
        If an input is not one-dimensional.
    ParameterError
        If `alpha` is not strictly between 0 and 1.

    See Also
    --------
    benjamini_hochberg : Less conservative, controls the false discovery rate.

    Notes
    -----
    The chance of at least one false rejection is at most `alpha`, whatever
    the dependence between the tests.

    Examples
    --------
    >>> from driftscope import bonferroni
    >>> reject, adjusted = bonferroni([0.001, 0.02, 0.3, 0.8])
    >>> reject
    array([ True, False, False, False])
    >>> adjusted
    array([0.004, 0.08 , 1.   , 1.   ])
    """
    alpha = check_probability(alpha, "alpha")
    p = as_pvalues(pvalues)
    adjusted = np.minimum(p * p.size, 1.0)
    return MultipleTestResult(adjusted < alpha, adjusted, alpha, "bonferroni")


def benjamini_hochberg(pvalues: Any, alpha: float = 0.05) -> MultipleTestResult:
    """Benjamini-Hochberg procedure: control the false discovery rate.

    Parameters
    ----------
    pvalues : array_like
        1-D p-values, one per hypothesis (e.g. per column), each in [0, 1].
        NaN is an error, not dropped: it would misalign the decisions.
    alpha : float, default 0.05
        The false discovery rate, strictly between 0 and 1.

    Returns
    -------
    result : MultipleTestResult
        Unpacks as ``reject, pvalues_adjusted``. With ``p_(1) <= ... <= p_(m)``
        the sorted p-values, the adjusted value of ``p_(k)`` is
        ``min(1, min_{j >= k} m * p_(j) / j)``, equal to
        ``scipy.stats.false_discovery_control(pvalues)``; ``reject`` is
        ``pvalues_adjusted < alpha``, in the order of the input.

    Raises
    ------
    EmptySampleError
        If `pvalues` is empty.
    NonFiniteError
        If a p-value is NaN or inf.
    InvalidPValueError
        If a p-value is outside [0, 1].
    DtypeError
        If `pvalues` is not numeric.
    ShapeError
        If an input is not one-dimensional.
    ParameterError
        If `alpha` is not strictly between 0 and 1.

    See Also
    --------
    bonferroni : Controls the chance of any false alarm instead.
    scipy.stats.false_discovery_control : The same adjusted p-values.

    Notes
    -----
    ``pvalues_adjusted < alpha`` is the step-up rule with a strict
    inequality: find the largest ``k`` with ``m * p_(k) / k < alpha`` and
    reject the ``k`` smallest p-values. The expected share of false alarms
    among the alarms is at most `alpha` for independent (or positively
    dependent) tests.

    References
    ----------
    .. [1] Y. Benjamini and Y. Hochberg, "Controlling the false discovery
           rate: a practical and powerful approach to multiple testing",
           J. R. Statist. Soc. B 57(1), 289-300, 1995.

    Examples
    --------
    >>> from driftscope import benjamini_hochberg
    >>> reject, adjusted = benjamini_hochberg([0.001, 0.02, 0.3, 0.8])
    >>> reject                     # Bonferroni keeps only the first
    array([ True,  True, False, False])
    >>> adjusted                   # 4*0.001/1, 4*0.02/2, 4*0.3/3, 4*0.8/4
    array([0.004, 0.04 , 0.4  , 0.8  ])
    """
    alpha = check_probability(alpha, "alpha")
    p = as_pvalues(pvalues)
    m = p.size
    order = np.argsort(p)
    scaled = p[order] * (m / np.arange(1, m + 1, dtype=np.float64))
    # Step-up: each adjusted value is the smallest scaled value at or after it.
    scaled = np.minimum.accumulate(scaled[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.clip(scaled, 0.0, 1.0)
    return MultipleTestResult(adjusted < alpha, adjusted, alpha, "benjamini-hochberg")
