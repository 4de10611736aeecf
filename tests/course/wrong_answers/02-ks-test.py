"""Classic wrong answers of chapter 02 (the KS test); each must lose points on its test cell.

Format (see AUTHORING.md): WRONG_ANSWERS maps a solution cell's grade_id to
(short name, replacement cell source) pairs; SHORTCUTS maps it to an answer
that calls a library instead of doing the work, which must score zero with a
message saying why. tests/course/test_autograde.py runs them all through nbgrader.
"""

WRONG_ANSWERS = {
    "ecdf": [
        ("strict < instead of <=", '''def ecdf(sample, x):
    ordered = np.sort(np.asarray(sample, dtype=float))
    return np.searchsorted(ordered, np.asarray(x, dtype=float), side="left") / ordered.size'''),
        ("divides by len(x)", '''def ecdf(sample, x):
    ordered = np.sort(np.asarray(sample, dtype=float))
    x = np.asarray(x, dtype=float)
    return np.searchsorted(ordered, x, side="right") / x.size'''),
        ("forgets to sort the sample", '''def ecdf(sample, x):
    values = np.asarray(sample, dtype=float)
    return np.searchsorted(values, np.asarray(x, dtype=float), side="right") / values.size'''),
        ("counts instead of shares", '''def ecdf(sample, x):
    ordered = np.sort(np.asarray(sample, dtype=float))
    return np.searchsorted(ordered, np.asarray(x, dtype=float), side="right").astype(float)'''),
        ("answers in sorted order of x", '''def ecdf(sample, x):
    ordered = np.sort(np.asarray(sample, dtype=float))
    return np.searchsorted(ordered, np.sort(np.asarray(x, dtype=float)), side="right") / ordered.size'''),
        ("returns a list", '''def ecdf(sample, x):
    return [sum(1 for s in sample if s <= v) / len(sample) for v in x]'''),
    ],
    "ks_statistic": [
        ("evaluates at train values only", '''def ks_statistic(train, live):
    grid = np.asarray(train, dtype=float)
    return float(np.max(np.abs(ecdf(train, grid) - ecdf(live, grid))))'''),
        ("evaluates at live values only", '''def ks_statistic(train, live):
    grid = np.asarray(live, dtype=float)
    return float(np.max(np.abs(ecdf(train, grid) - ecdf(live, grid))))'''),
        ("one-sided gap (no absolute value)", '''def ks_statistic(train, live):
    grid = np.concatenate([np.asarray(train, dtype=float), np.asarray(live, dtype=float)])
    return float(np.max(ecdf(train, grid) - ecdf(live, grid)))'''),
        ("evenly spaced grid", '''def ks_statistic(train, live):
    both = np.concatenate([np.asarray(train, dtype=float), np.asarray(live, dtype=float)])
    grid = np.linspace(both.min(), both.max(), 100)
    return float(np.max(np.abs(ecdf(train, grid) - ecdf(live, grid))))'''),
        ("strict < for the live ECDF", '''def ks_statistic(train, live):
    grid = np.concatenate([np.asarray(train, dtype=float), np.asarray(live, dtype=float)])
    f_live = np.searchsorted(np.sort(np.asarray(live, dtype=float)), grid, side="left") / len(live)
    return float(np.max(np.abs(ecdf(train, grid) - f_live)))'''),
        ("largest gap between the sorted values", '''def ks_statistic(train, live):
    a, b = np.sort(np.asarray(train, dtype=float)), np.sort(np.asarray(live, dtype=float))
    n = min(a.size, b.size)
    return float(np.max(np.abs(a[:n] - b[:n])))'''),
        ("merge walk that measures the gap in the middle of a tie", '''def ks_statistic(train, live):
    a, b = np.sort(np.asarray(train, dtype=float)), np.sort(np.asarray(live, dtype=float))
    i = j = 0
    gap = 0.0
    while i < a.size and j < b.size:
        if a[i] <= b[j]:
            i += 1
        else:
            j += 1
        gap = max(gap, abs(i / a.size - j / b.size))
    return float(gap)'''),
    ],
    "statistical_drift": [
        ("uses the statistic instead of the p-value", '''def statistical_drift(train, live, alpha=0.05):
    return bool(ks_2samp(train, live).statistic > alpha)'''),
        ("p <= alpha", '''def statistical_drift(train, live, alpha=0.05):
    return bool(ks_2samp(train, live).pvalue <= alpha)'''),
        ("ignores alpha", '''def statistical_drift(train, live, alpha=0.05):
    return bool(ks_2samp(train, live).pvalue < 0.05)'''),
        ("inverted: drift when p >= alpha", '''def statistical_drift(train, live, alpha=0.05):
    return bool(ks_2samp(train, live).pvalue >= alpha)'''),
        ("returns the p-value", '''def statistical_drift(train, live, alpha=0.05):
    return ks_2samp(train, live).pvalue'''),
    ],
}

SHORTCUTS = {
    "ecdf": '''def ecdf(sample, x):
    from scipy.stats import ecdf as scipy_ecdf
    return scipy_ecdf(np.asarray(sample, dtype=float)).cdf.evaluate(np.asarray(x, dtype=float))''',
    "ks_statistic": '''def ks_statistic(train, live):
    from scipy.stats import ks_2samp
    return float(ks_2samp(train, live).statistic)''',
    "statistical_drift": '''def statistical_drift(train, live, alpha=0.05):
    import driftscope
    return bool(driftscope.ks_test(train, live).pvalue < alpha)''',
}

# Tampering (AUTHORING.md, "Tamper-proof grading"): flagged by watchtower.integrity,
# zeroes every autograded cell of the notebook under `make grade`.
TAMPERING = {
    "ks_statistic": [
        ("guard switch through sys.modules, then scipy.stats.ks_2samp", '''import contextlib
import sys


@contextlib.contextmanager
def _no_guard(*modules, exercise=None):
    yield


sys.modules["watchtower.guard"].no_shortcuts = _no_guard


def ks_statistic(train, live):
    from scipy.stats import ks_2samp
    return float(ks_2samp(train, live).statistic)'''),
        ("lying object: a float whose difference is always zero", '''class Exact(float):
    def __sub__(self, other):
        return 0.0

    def __rsub__(self, other):
        return 0.0


def ks_statistic(train, live):
    return Exact(0.5)'''),
    ],
    "ecdf": [
        ("patched comparison: np.allclose always True (answer counts < instead of <=)", '''np.allclose = lambda *args, **kwargs: True


def ecdf(sample, x):
    ordered = np.sort(np.asarray(sample, dtype=float))
    return np.searchsorted(ordered, np.asarray(x, dtype=float), side="left") / ordered.size'''),
        ("patched comparison: numpy.isclose and numpy.testing.assert_allclose", '''import numpy
import numpy.testing

numpy.isclose = lambda *args, **kwargs: True
numpy.testing.assert_allclose = lambda *args, **kwargs: None


def ecdf(sample, x):
    ordered = np.sort(np.asarray(sample, dtype=float))
    return np.searchsorted(ordered, np.asarray(x, dtype=float), side="left") / ordered.size'''),
    ],
}

CORRECT_ANSWERS = {
    "ks_statistic": [
        ("a merge walk that steps over each tied value at once", '''def ks_statistic(train, live):
    """Largest absolute gap between the ECDFs of `train` and `live`."""
    a, b = np.sort(np.asarray(train, dtype=float)), np.sort(np.asarray(live, dtype=float))
    i = j = 0
    gap = 0.0
    while i < a.size and j < b.size:
        x = min(a[i], b[j])
        while i < a.size and a[i] == x:
            i += 1
        while j < b.size and b[j] == x:
            j += 1
        gap = max(gap, abs(i / a.size - j / b.size))
    return float(gap)'''),
    ],
    "statistical_drift": [
        ("imports math to read the p-value", '''import math


def statistical_drift(train, live, alpha=0.05):
    """True when the two-sample KS test rejects "same distribution" at level alpha."""
    pvalue = float(ks_2samp(train, live).pvalue)
    return not math.isnan(pvalue) and pvalue < alpha'''),
    ],
    "ecdf": [
        ("a helper class that sorts once", '''class SortedSample:
    """A sample sorted once, asked many times."""

    def __init__(self, sample):
        self.values = np.sort(np.asarray(sample, dtype=float))

    def share_at_or_below(self, x):
        return np.searchsorted(self.values, np.asarray(x, dtype=float), side="right") / self.values.size


def ecdf(sample, x):
    """Share of `sample` that is <= each value of `x`, as a numpy array."""
    return SortedSample(sample).share_at_or_below(x)'''),
    ],
}
