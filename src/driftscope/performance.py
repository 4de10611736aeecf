"""Model performance while the labels are late: prediction drift and CBPE.

Ground truth usually arrives days after a prediction, and often for only some
requests. Until it does, a monitor has two proxies:

==========================  =====================================================
`prediction_shares`         class shares of the predictions (a fraud model that
                            flagged 1% and now flags 90% has a problem)
`prediction_drift`          those shares against a reference: chi-square and PSI
`expected_accuracy`         confidence-based performance estimation (CBPE): the
                            accuracy the model's calibrated confidence promises
`IsotonicCalibrator`        maps raw confidences to P(correct), fitted on
                            labelled reference data
`realised_accuracy`         the accuracy measured once the labels have arrived
`performance_timeline`      both, per period, with the labels known at ``as_of``
==========================  =====================================================

CBPE is exact in expectation when the confidences are calibrated
(P(correct | confidence = c) = c) and the relation between inputs and labels
has not changed. Uncalibrated scores and concept drift break it; the course
(chapters 06 and 07) shows both.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._results import AccuracyEstimate, PredictionDriftResult, RealisedAccuracy
from ._validation import (
    as_category_counts,
    as_confidence,
    as_label_pair,
    as_outcomes,
    check_classes,
    check_columns_present,
    check_fixed_length,
    check_labels_in_classes,
    check_time,
)
from .errors import ParameterError

__all__ = [
    "prediction_shares",
    "prediction_drift",
    "PredictionDriftResult",
    "expected_accuracy",
    "AccuracyEstimate",
    "realised_accuracy",
    "RealisedAccuracy",
    "IsotonicCalibrator",
    "performance_timeline",
]


# --------------------------------------------------------------------------
# Prediction drift
# --------------------------------------------------------------------------


def _shares(labels: np.ndarray, counts: np.ndarray, classes: Any, name: str) -> dict:
    if classes is None:
        order = sorted(range(labels.size), key=lambda i: (str(type(labels[i])), labels[i]))
        return {labels[i]: float(counts[i]) / float(counts.sum()) for i in order}
    classes = check_classes(classes)
    check_labels_in_classes(labels, classes, name)
    out = dict.fromkeys(classes, 0.0)
    total = float(counts.sum())
    for lab, cnt in zip(labels.tolist(), counts.tolist()):
        out[lab] = cnt / total
    return out


def prediction_shares(predictions: Any, classes: Any = None) -> dict:
    """Share of each class among a model's predictions.

    Parameters
    ----------
    predictions : array_like
        1-D predicted labels. Missing values (NaN, None, pd.NA) are dropped.
    classes : sequence, optional
        Every class the model can predict, in the order wanted. Classes never
        predicted get 0.0. By default the classes seen, sorted.

    Returns
    -------
    shares : dict
        Class -> share of the predictions, summing to 1.

    Raises
    ------
    EmptySampleError, AllNaNError
        If `predictions` is empty or has only missing values.
    DtypeError
        If a label is unhashable or complex.
    ShapeError
        If `predictions` is not one-dimensional.
    ParameterError
        If a prediction is not in `classes`, or `classes` is empty or repeats
        a class.

    See Also
    --------
    prediction_drift : The same shares against a reference.

    Examples
    --------
    >>> from driftscope import prediction_shares
    >>> prediction_shares(["ok", "fraud", "ok", "ok"], classes=["ok", "fraud", "unsure"])
    {'ok': 0.75, 'fraud': 0.25, 'unsure': 0.0}
    """
    labels, counts, _ = as_category_counts(predictions, "predictions")
    return _shares(labels, counts, classes, "predictions")


def prediction_drift(reference: Any, current: Any, classes: Any = None) -> PredictionDriftResult:
    """Have the class shares of the predictions moved away from the reference?

    Parameters
    ----------
    reference, current : array_like
        1-D predicted labels of the reference period and of the current one.
        Missing values are dropped and counted
        (``n_dropped_reference``, ``n_dropped_current``).
    classes : sequence, optional
        Every class the model can predict; by default the union of both
        samples, sorted.

    Returns
    -------
    result : PredictionDriftResult
        Unpacks as ``statistic, pvalue``; also ``psi`` and both share dicts.

    Raises
    ------
    EmptySampleError, AllNaNError
        If a sample is empty or has only missing values.
    DtypeError
        If a label is unhashable or complex.
    ShapeError
        If an input is not one-dimensional.
    ParameterError
        If a prediction is not in `classes`.

    See Also
    --------
    chi_square_test : The test used.
    psi_from_counts : The effect size used (floor 1e-4 for empty classes).

    Notes
    -----
    The predictions are the one output a monitor sees at once, for every
    request: a change in their shares is evidence of drift in the inputs or
    of a broken model, long before the labels say so. It is a proxy: shares
    can stay put while accuracy falls (concept drift), and can move while
    accuracy holds (the world really has more fraud).

    Examples
    --------
    The seed's fraud model: 1% of transactions flagged in the reference,
    90% today.

    >>> from driftscope import prediction_drift
    >>> reference = ["fraud"] * 10 + ["ok"] * 990
    >>> today = ["fraud"] * 90 + ["ok"] * 10
    >>> result = prediction_drift(reference, today)
    >>> result.current_shares
    {'fraud': 0.9, 'ok': 0.1}
    >>> bool(result.pvalue < 1e-10), round(result.psi, 2)
    (True, 6.05)
    """
    from ._kernels import chi_square_gof
    from .divergence import psi_from_counts

    ref_labels, ref_counts, ref_dropped = as_category_counts(reference, "reference")
    cur_labels, cur_counts, cur_dropped = as_category_counts(current, "current")
    if classes is None:  # the union of both samples, sorted as prediction_shares sorts
        union = np.array(list(dict.fromkeys(ref_labels.tolist() + cur_labels.tolist())), dtype=object)
        classes = list(_shares(union, np.ones(union.size), None, "classes"))
    ref_shares = _shares(ref_labels, ref_counts, classes, "reference")
    cur_shares = _shares(cur_labels, cur_counts, classes, "current")
    n_ref, n_cur = int(ref_counts.sum()), int(cur_counts.sum())
    r = np.array([ref_shares[c] * n_ref for c in classes])
    q = np.array([cur_shares[c] * n_cur for c in classes])
    seen = (r > 0) | (q > 0)  # a class nobody predicted adds no degree of freedom
    statistic, pvalue, _ = chi_square_gof(np.rint(r[seen]), np.rint(q[seen]))
    return PredictionDriftResult(float(statistic), float(pvalue), psi_from_counts(r, q),
                                 ref_shares, cur_shares, n_ref, n_cur, ref_dropped, cur_dropped)


# --------------------------------------------------------------------------
# Accuracy: expected (CBPE) and realised
# --------------------------------------------------------------------------


def expected_accuracy(confidence: Any) -> AccuracyEstimate:
    """Accuracy estimated without labels from the model's confidence (CBPE).

    Parameters
    ----------
    confidence : array_like
        1-D probabilities the model gave to the class it predicted, one per
        request (not a probability matrix). Missing values are dropped and
        counted.

    Returns
    -------
    result : AccuracyEstimate
        Unpacks as ``accuracy, std``.

    Raises
    ------
    EmptySampleError, AllNaNError
        If `confidence` is empty or has only missing values.
    DtypeError
        If the values are not numbers.
    ShapeError
        If `confidence` is not one-dimensional.
    InvalidDistributionError
        If a confidence is outside [0, 1].

    See Also
    --------
    IsotonicCalibrator : Makes raw scores calibrated first.
    realised_accuracy : The accuracy once the labels are in.

    Notes
    -----
    Request ``i`` is correct with probability :math:`c_i` when the model is
    calibrated, so the number correct is a sum of independent Bernoulli
    variables (Poisson-binomial): its mean over ``n`` requests is
    :math:`\\bar c`, with standard deviation
    :math:`\\sqrt{\\sum_i c_i (1 - c_i)} / n`. This is NannyML's CBPE for
    accuracy. It fails when the confidences are not calibrated (most raw
    scores are not: fit an `IsotonicCalibrator` on labelled reference data),
    and under concept drift, where the model stays as sure of itself as
    before while the right answers change.

    References
    ----------
    .. [1] NannyML, "Confidence-based performance estimation (CBPE)",
       https://nannyml.readthedocs.io (how it works: performance estimation).

    Examples
    --------
    >>> from driftscope import expected_accuracy
    >>> estimate = expected_accuracy([0.9, 0.6, 0.8, 0.7])
    >>> round(estimate.accuracy, 4), round(estimate.std, 4)   # sqrt(0.09 + 0.24 + 0.16 + 0.21) / 4
    (0.75, 0.2092)
    """
    c, dropped = as_confidence(confidence)
    n = c.size
    # fsum: the mean of many confidences near 1 without drift from rounding
    mean = math.fsum(c.tolist()) / n
    std = math.sqrt(max(math.fsum((c * (1.0 - c)).tolist()), 0.0)) / n
    return AccuracyEstimate(mean, std, n, dropped)


def realised_accuracy(predictions: Any, labels: Any) -> RealisedAccuracy:
    """Accuracy on the requests whose label is known.

    Parameters
    ----------
    predictions, labels : array_like
        1-D, aligned: the model's prediction and the true label of each
        request. A missing label (NaN, None, pd.NA) means the request has not
        been labelled (yet); it is left out and counted.

    Returns
    -------
    result : RealisedAccuracy
        Unpacks as ``accuracy, n_labelled``.

    Raises
    ------
    EmptySampleError
        If no request has a label.
    LengthMismatchError
        If the two inputs have different lengths.
    ShapeError
        If an input is not one-dimensional.

    See Also
    --------
    expected_accuracy : The estimate available before the labels.
    performance_timeline : Both per period, with delayed labels.

    Examples
    --------
    >>> from driftscope import realised_accuracy
    >>> realised_accuracy(["a", "b", "a", "b"], ["a", "a", None, "b"])
    RealisedAccuracy(accuracy=0.6666666666666666, n_labelled=3, n_unlabelled=1)
    """
    p, y, known = as_label_pair(predictions, labels)
    n = int(known.sum())
    correct = sum(1 for a, b in zip(p[known].tolist(), y[known].tolist()) if a == b)
    return RealisedAccuracy(correct / n, n, int(y.size - n))


# --------------------------------------------------------------------------
# Calibration
# --------------------------------------------------------------------------


def _pava(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted isotonic (non-decreasing) least squares fit, pool adjacent violators."""
    means, weights, sizes = [], [], []
    for yi, wi in zip(y.tolist(), w.tolist()):
        means.append(yi)
        weights.append(wi)
        sizes.append(1)
        while len(means) > 1 and means[-2] >= means[-1]:
            # pool equal neighbours too, as scikit-learn does: fewer blocks, same fit
            m1, w1, s1 = means.pop(), weights.pop(), sizes.pop()
            wt = weights[-1] + w1
            means[-1] = (means[-1] * weights[-1] + m1 * w1) / wt
            weights[-1] = wt
            sizes[-1] += s1
    return np.repeat(np.array(means), sizes)


class IsotonicCalibrator:
    """Map raw confidence scores to calibrated probabilities of being right.

    Fitted on labelled reference data (the scores and whether each
    prediction was correct), it learns the non-decreasing function of the
    score that best predicts correctness (isotonic regression), as NannyML's
    CBPE does before estimating. `transform` interpolates linearly between
    the fitted points and clips outside them.

    Attributes
    ----------
    thresholds_ : numpy.ndarray
        The distinct scores seen in `fit`, sorted.
    values_ : numpy.ndarray
        Calibrated probability at each threshold (non-decreasing).

    Notes
    -----
    The same fit and interpolation as scikit-learn's
    ``IsotonicRegression(increasing=True, out_of_bounds="clip")`` on
    ``(score, correct)`` (tests/driftscope/test_performance.py compares them).
    Ties in the scores are pooled first (their mean correctness, weighted by
    their count).

    References
    ----------
    .. [1] B. Zadrozny, C. Elkan, "Transforming classifier scores into
       accurate multiclass probability estimates", KDD 2002.

    Examples
    --------
    An over-confident model: it says 0.9 or more, and is right 70% of the time.

    >>> import numpy as np
    >>> from driftscope import IsotonicCalibrator, expected_accuracy
    >>> rng = np.random.default_rng(1)
    >>> score = rng.uniform(0.9, 1.0, 5000)
    >>> correct = rng.random(5000) < 0.7 + 3 * (score - 0.95)   # 0.55 ... 0.85
    >>> round(expected_accuracy(score).accuracy, 3), round(float(correct.mean()), 3)
    (0.95, 0.692)
    >>> calibrator = IsotonicCalibrator().fit(score, correct)
    >>> round(expected_accuracy(calibrator.transform(score)).accuracy, 3)
    0.692

    On the data it was fitted on, the calibrated mean is the realised
    accuracy exactly (isotonic regression keeps the mean).
    """

    def fit(self, confidence: Any, correct: Any) -> "IsotonicCalibrator":
        """Fit on reference scores and whether each prediction was right.

        Parameters
        ----------
        confidence : array_like
            1-D scores in [0, 1], finite (no missing values: each belongs to a
            label).
        correct : array_like
            1-D booleans or 0/1, aligned with `confidence`.

        Returns
        -------
        self : IsotonicCalibrator

        Raises
        ------
        EmptySampleError
            If the inputs are empty.
        NonFiniteError
            If a score is missing or infinite.
        InvalidDistributionError
            If a score is outside [0, 1] or `correct` is not 0/1.
        LengthMismatchError
            If the inputs have different lengths.
        DtypeError, ShapeError
            If an input is not numeric or not one-dimensional.
        """
        c, _ = as_confidence(confidence, drop_missing=False)
        ok = as_outcomes(correct, c.size)
        x, inverse, counts = np.unique(c, return_inverse=True, return_counts=True)
        y = np.bincount(inverse, weights=ok) / counts
        self.thresholds_ = x
        self.values_ = np.clip(_pava(y, counts.astype(float)), 0.0, 1.0)
        return self

    def transform(self, confidence: Any) -> np.ndarray:
        """Calibrated probabilities for new scores (NaN stays NaN).

        Parameters
        ----------
        confidence : array_like
            1-D scores in [0, 1].

        Returns
        -------
        calibrated : numpy.ndarray
            float64, same length.

        Raises
        ------
        ParameterError
            If the calibrator has not been fitted.
        InvalidDistributionError
            If a score is outside [0, 1].
        DtypeError, ShapeError
            If `confidence` is not numeric or not one-dimensional.
        """
        if not hasattr(self, "thresholds_"):
            raise ParameterError("IsotonicCalibrator: call fit(confidence, correct) on labelled "
                                 "reference data before transform", name="confidence")
        a = np.asarray(confidence, dtype=float)
        finite = np.isfinite(a)
        if a.ndim != 1 or finite.any():  # NaN stays NaN; the rest must be probabilities
            as_confidence(a[finite] if a.ndim == 1 else a)
        return np.interp(a, self.thresholds_, self.values_)

    def __repr__(self) -> str:
        fitted = f"{self.thresholds_.size} thresholds" if hasattr(self, "thresholds_") else "unfitted"
        return f"IsotonicCalibrator({fitted})"


# --------------------------------------------------------------------------
# Both, over time, with delayed labels
# --------------------------------------------------------------------------


def performance_timeline(logs: Any, *, as_of: Any, freq: str = "D", origin: Any = None,
                         time: str = "timestamp", prediction: str = "prediction",
                         confidence: str = "confidence", label: str = "label",
                         label_at: str = "label_at"):
    """Expected and realised accuracy per period, as known at ``as_of``.

    Parameters
    ----------
    logs : pandas.DataFrame
        One row per request, with the columns named below.
    as_of : str or pandas.Timestamp
        The moment of the view: requests sent before it count, labels count
        only if they had arrived (``label_at <= as_of``).
    freq : str
        Length of the periods, fixed: ``"D"`` (days), ``"7D"`` (weeks),
        ``"6h"``...
    origin : str or pandas.Timestamp, optional
        Start of the first period; by default midnight of the first request's
        day. Weeks then start on that weekday.
    time, prediction, confidence, label, label_at : str
        Column names.

    Returns
    -------
    timeline : pandas.DataFrame
        Indexed by the start of each period that has requests, sorted:
        ``requests``, ``expected_accuracy`` (mean confidence), ``expected_std``,
        ``labelled`` (labels arrived by ``as_of``) and ``realised_accuracy``
        (NaN while ``labelled`` is 0: not known yet, never a guess).

    Raises
    ------
    ParameterError
        If a column is missing, `as_of` or `origin` is not a time, or `freq` is
        not a fixed length.

    See Also
    --------
    expected_accuracy, realised_accuracy : The two numbers, for one set of requests.

    Examples
    --------
    >>> import pandas as pd
    >>> from driftscope import performance_timeline
    >>> logs = pd.DataFrame({
    ...     "timestamp": pd.to_datetime(["2043-09-01 10:00", "2043-09-01 11:00", "2043-09-02 09:00"]),
    ...     "prediction": ["a", "b", "a"], "confidence": [0.9, 0.7, 0.8],
    ...     "label": ["a", "a", "a"],
    ...     "label_at": pd.to_datetime(["2043-09-02", "2043-09-04", "2043-09-04"])})
    >>> performance_timeline(logs, as_of="2043-09-03")[["requests", "expected_accuracy",
    ...                                                "labelled", "realised_accuracy"]]
                requests  expected_accuracy  labelled  realised_accuracy
    2043-09-01         2                0.8         1                1.0
    2043-09-02         1                0.8         0                NaN
    """
    import pandas as pd

    check_columns_present(logs, (time, prediction, confidence, label, label_at))
    cutoff = check_time(as_of, "as_of")
    step = check_fixed_length(freq)
    seen = logs.loc[logs[time] < cutoff]
    start = seen[time].min().normalize() if origin is None else check_time(origin, "origin")
    period = start + ((seen[time] - start) // step) * step
    if len(seen):
        as_confidence(seen[confidence])
    arrived = seen[label].notna() & (seen[label_at] <= cutoff)
    correct = (seen[prediction].astype(object) == seen[label].astype(object)) & arrived
    c = seen[confidence].astype(float)
    frame = pd.DataFrame({"period": period, "c": c, "var": c * (1 - c),
                          "arrived": arrived, "correct": correct})
    g = frame.groupby("period", sort=True)
    out = pd.DataFrame({
        "requests": g.size(),
        "expected_accuracy": g["c"].mean(),
        "expected_std": np.sqrt(g["var"].sum()) / g.size(),
        "labelled": g["arrived"].sum().astype(np.int64),
    })
    out["realised_accuracy"] = g["correct"].sum() / out["labelled"].where(out["labelled"] > 0)
    out.index.name = None
    return out
