"""Named results of the tests in driftscope.

Like SciPy's results, each unpacks as a 2-tuple (``statistic, pvalue = ...``;
``reject, pvalues_adjusted = ...`` for multiple testing) and carries more
attributes by name: sample sizes after cleaning, how many missing values were
dropped, and whatever else a report needs to explain the number.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Iterator

import numpy as np

__all__ = ["KSResult", "ChiSquareResult", "ZTestResult", "MultipleTestResult", "Statistic",
           "PredictionDriftResult", "AccuracyEstimate", "RealisedAccuracy"]


class _PairResult:
    """Unpacks as its first two fields; repr shows every field."""

    _pair: tuple[str, str] = ("statistic", "pvalue")

    def __iter__(self) -> Iterator[Any]:
        return iter((getattr(self, self._pair[0]), getattr(self, self._pair[1])))

    def __len__(self) -> int:
        return 2

    def __getitem__(self, index: int) -> Any:
        return tuple(self)[index]

    def __repr__(self) -> str:
        body = ", ".join(f"{f.name}={_short(getattr(self, f.name))}" for f in fields(self))
        return f"{type(self).__name__}({body})"


def _short(value: Any) -> str:
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    return repr(value)


class _SampleSizes:
    @property
    def n_dropped(self) -> int:
        """Missing values (NaN, None, inf) dropped from both samples together."""
        return self.n_dropped_reference + self.n_dropped_current


@dataclass(frozen=True, repr=False, eq=False)
class KSResult(_SampleSizes, _PairResult):
    """Result of `driftscope.ks_test`; unpacks as ``statistic, pvalue``.

    Attributes
    ----------
    statistic : float
        The two-sample Kolmogorov-Smirnov statistic, in [0, 1].
    pvalue : float
        Two-sided p-value, as `scipy.stats.ks_2samp` with ``method="auto"``.
    n_reference, n_current : int
        Sample sizes after dropping missing values.
    n_dropped_reference, n_dropped_current : int
        Missing values dropped from each sample (`n_dropped` is their sum).
    method : str
        ``"exact"`` or ``"asymp"``: how the p-value was computed.
    """

    statistic: float
    pvalue: float
    n_reference: int
    n_current: int
    n_dropped_reference: int
    n_dropped_current: int
    method: str


@dataclass(frozen=True, repr=False, eq=False)
class ChiSquareResult(_SampleSizes, _PairResult):
    """Result of `driftscope.chi_square_test`; unpacks as ``statistic, pvalue``.

    Attributes
    ----------
    statistic : float
        Pearson's chi-square statistic (``inf`` when the current sample has a
        category the reference never saw).
    pvalue : float
        Upper tail of the chi-square distribution with `dof` degrees of freedom.
    dof : int
        Degrees of freedom, the number of categories minus one.
    categories : numpy.ndarray
        The categories compared, the union of both samples.
    n_reference, n_current : int
        Sample sizes after dropping missing values.
    n_dropped_reference, n_dropped_current : int
        Missing values dropped from each sample (`n_dropped` is their sum).
    """

    statistic: float
    pvalue: float
    dof: int
    categories: np.ndarray
    n_reference: int
    n_current: int
    n_dropped_reference: int
    n_dropped_current: int


@dataclass(frozen=True, repr=False, eq=False)
class ZTestResult(_SampleSizes, _PairResult):
    """Result of `driftscope.z_test`; unpacks as ``statistic, pvalue``.

    Attributes
    ----------
    statistic : float
        The z statistic: share of `category` in current minus its share in
        reference, over the pooled standard error.
    pvalue : float
        Two-sided p-value from the standard normal distribution.
    category : object
        The category whose share is compared.
    n_reference, n_current : int
        Sample sizes after dropping missing values.
    n_dropped_reference, n_dropped_current : int
        Missing values dropped from each sample (`n_dropped` is their sum).
    """

    statistic: float
    pvalue: float
    category: Any
    n_reference: int
    n_current: int
    n_dropped_reference: int
    n_dropped_current: int


@dataclass(frozen=True, repr=False, eq=False)
class MultipleTestResult(_PairResult):
    """Result of `driftscope.bonferroni` and `driftscope.benjamini_hochberg`.

    Unpacks as ``reject, pvalues_adjusted``.

    Attributes
    ----------
    reject : numpy.ndarray of bool
        Whether each hypothesis is rejected: ``pvalues_adjusted < alpha``.
    pvalues_adjusted : numpy.ndarray of float
        Adjusted p-values, in the order of the input.
    alpha : float
        The family-wise error rate (Bonferroni) or false discovery rate
        (Benjamini-Hochberg) controlled.
    method : str
        ``"bonferroni"`` or ``"benjamini-hochberg"``.
    """

    _pair = ("reject", "pvalues_adjusted")

    reject: np.ndarray
    pvalues_adjusted: np.ndarray
    alpha: float
    method: str


class Statistic(float):
    """A float statistic of two samples that also counts what it compared and dropped.

    It is a `float` (arithmetic, comparisons, formatting and JSON see only the
    number), with the sample sizes after cleaning and the missing values
    (NaN, None, +/-inf) dropped from each sample, like the named results.

    Attributes
    ----------
    n_reference, n_current : int
        Sample sizes after dropping missing values.
    n_dropped_reference, n_dropped_current : int
        Missing values dropped from each sample (`n_dropped` is their sum).
    """

    __slots__ = ("n_reference", "n_current", "n_dropped_reference", "n_dropped_current")

    def __new__(cls, value: float, n_reference: int, n_current: int, n_dropped_reference: int,
                n_dropped_current: int) -> "Statistic":
        self = super().__new__(cls, value)
        self.n_reference = int(n_reference)
        self.n_current = int(n_current)
        self.n_dropped_reference = int(n_dropped_reference)
        self.n_dropped_current = int(n_dropped_current)
        return self

    def __reduce__(self):
        return (type(self), (float(self), self.n_reference, self.n_current,
                             self.n_dropped_reference, self.n_dropped_current))

    @property
    def n_dropped(self) -> int:
        """Missing values dropped from both samples together."""
        return self.n_dropped_reference + self.n_dropped_current


# --- performance without labels (driftscope.performance) ---------------------------------------


@dataclass(frozen=True, repr=False, eq=False)
class PredictionDriftResult(_SampleSizes, _PairResult):
    """Result of `prediction_drift`; unpacks as ``statistic, pvalue``.

    Attributes
    ----------
    statistic : float
        Chi-square statistic of the current counts against the reference shares.
    pvalue : float
        Its p-value (`driftscope.chi_square_test`).
    psi : float
        Population stability index of the two share vectors.
    reference_shares, current_shares : dict
        Class -> share, over the same classes.
    n_reference, n_current : int
        Predictions counted (missing ones dropped).
    n_dropped_reference, n_dropped_current : int
        Missing predictions (NaN, None, pd.NA, +/-inf) dropped from each
        sample (`n_dropped` is their sum).
    """

    statistic: float
    pvalue: float
    psi: float
    reference_shares: dict
    current_shares: dict
    n_reference: int
    n_current: int
    n_dropped_reference: int
    n_dropped_current: int


@dataclass(frozen=True, repr=False, eq=False)
class AccuracyEstimate(_PairResult):
    """Result of `expected_accuracy`; unpacks as ``accuracy, std``.

    Attributes
    ----------
    accuracy : float
        Expected accuracy: the mean confidence of the predicted class.
    std : float
        Standard deviation of the accuracy these requests would realise if the
        confidences were exact probabilities: ``sqrt(sum(c * (1 - c))) / n``.
    n : int
        Confidences used.
    n_dropped_confidence : int
        Missing confidences dropped (NaN, None, inf).
    """

    _pair = ("accuracy", "std")
    accuracy: float
    std: float
    n: int
    n_dropped_confidence: int

    @property
    def n_dropped(self) -> int:
        """Missing confidences dropped."""
        return self.n_dropped_confidence


@dataclass(frozen=True, repr=False, eq=False)
class RealisedAccuracy(_PairResult):
    """Result of `realised_accuracy`; unpacks as ``accuracy, n_labelled``.

    Attributes
    ----------
    accuracy : float
        Share of the labelled requests predicted right.
    n_labelled : int
        Requests with a label.
    n_unlabelled : int
        Requests without one (not reviewed, or not yet).
    """

    _pair = ("accuracy", "n_labelled")
    accuracy: float
    n_labelled: int
    n_unlabelled: int
