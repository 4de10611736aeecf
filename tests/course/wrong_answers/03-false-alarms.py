"""Classic wrong answers of chapter 03 (false alarms, PSI); each must lose points on its test cell.

Format (see AUTHORING.md): WRONG_ANSWERS maps a solution cell's grade_id to
(short name, replacement cell source) pairs; SHORTCUTS maps it to an answer
that calls a library instead of doing the work, which must score zero with a
message saying why. tests/course/test_autograde.py runs them all through nbgrader.
`psi_severity` has no shortcut: no library function reads PSI values.
"""

_SHARES = '''
    def shares(values):
        values = np.asarray(values, dtype=float)
        counts = np.bincount(np.searchsorted(edges, values, side="right") - 1, minlength=len(edges) - 1)
        share = counts / values.size
        return np.where(share == 0, epsilon, share)
'''

WRONG_ANSWERS = {
    "quantile_edges": [
        ("equal-width edges", '''def quantile_edges(reference, bins=10):
    reference = np.asarray(reference, dtype=float)
    inner = np.linspace(reference.min(), reference.max(), bins + 1)[1:-1]
    return np.concatenate([[-np.inf], inner, [np.inf]])'''),
        ("min and max instead of infinite outer edges", '''def quantile_edges(reference, bins=10):
    return np.unique(np.quantile(np.asarray(reference, dtype=float), np.linspace(0, 1, bins + 1)))'''),
        ("duplicates kept", '''def quantile_edges(reference, bins=10):
    inner = np.quantile(np.asarray(reference, dtype=float), np.arange(1, bins) / bins)
    return np.concatenate([[-np.inf], inner, [np.inf]])'''),
        ("np.percentile with fractions instead of percents", '''def quantile_edges(reference, bins=10):
    inner = np.percentile(np.asarray(reference, dtype=float), np.arange(1, bins) / bins)
    return np.concatenate([[-np.inf], np.unique(inner), [np.inf]])'''),
        ("nearest-rank quantiles instead of numpy's default", '''def quantile_edges(reference, bins=10):
    inner = np.quantile(np.asarray(reference, dtype=float), np.arange(1, bins) / bins, method="lower")
    return np.concatenate([[-np.inf], np.unique(inner), [np.inf]])'''),
    ],
    "psi": [
        ("bins closed on the right (left, right]", '''def psi(reference, live, bins=10, epsilon=1e-4):
    edges = quantile_edges(reference, bins)
    def shares(values):
        values = np.asarray(values, dtype=float)
        counts = np.bincount(np.searchsorted(edges, values, side="left") - 1, minlength=len(edges) - 1)
        share = counts / values.size
        return np.where(share == 0, epsilon, share)
    r, l = shares(reference), shares(live)
    return float(np.sum((l - r) * np.log(l / r)))'''),
        ("epsilon added to every bin", '''def psi(reference, live, bins=10, epsilon=1e-4):
    edges = quantile_edges(reference, bins)
    def shares(values):
        values = np.asarray(values, dtype=float)
        counts = np.bincount(np.searchsorted(edges, values, side="right") - 1, minlength=len(edges) - 1)
        return counts / values.size + epsilon
    r, l = shares(reference), shares(live)
    return float(np.sum((l - r) * np.log(l / r)))'''),
        ("log base 10", '''def psi(reference, live, bins=10, epsilon=1e-4):
    edges = quantile_edges(reference, bins)''' + _SHARES + '''    r, l = shares(reference), shares(live)
    return float(np.sum((l - r) * np.log10(l / r)))'''),
        ("edges from both samples", '''def psi(reference, live, bins=10, epsilon=1e-4):
    edges = quantile_edges(np.concatenate([np.asarray(reference, float), np.asarray(live, float)]), bins)''' + _SHARES + '''    r, l = shares(reference), shares(live)
    return float(np.sum((l - r) * np.log(l / r)))'''),
        ("epsilon only for empty live bins", '''def psi(reference, live, bins=10, epsilon=1e-4):
    edges = quantile_edges(reference, bins)
    k = len(edges) - 1
    r = np.bincount(np.searchsorted(edges, np.asarray(reference, float), side="right") - 1, minlength=k) / len(reference)
    l = np.bincount(np.searchsorted(edges, np.asarray(live, float), side="right") - 1, minlength=k) / len(live)
    l = np.where(l == 0, epsilon, l)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = (l - r) * np.log(l / r)
    return float(np.nansum(np.where(np.isfinite(terms), terms, 0.0)))'''),
        ("empty bins skipped instead of epsilon", '''def psi(reference, live, bins=10, epsilon=1e-4):
    edges = quantile_edges(reference, bins)
    k = len(edges) - 1
    r = np.bincount(np.searchsorted(edges, np.asarray(reference, float), side="right") - 1, minlength=k) / len(reference)
    l = np.bincount(np.searchsorted(edges, np.asarray(live, float), side="right") - 1, minlength=k) / len(live)
    keep = (r > 0) & (l > 0)
    return float(np.sum((l[keep] - r[keep]) * np.log(l[keep] / r[keep])))'''),
        ("renormalises the shares after epsilon", '''def psi(reference, live, bins=10, epsilon=1e-4):
    edges = quantile_edges(reference, bins)''' + _SHARES + '''    r, l = shares(reference), shares(live)
    r, l = r / r.sum(), l / l.sum()
    return float(np.sum((l - r) * np.log(l / r)))'''),
        ("KL divergence instead of PSI", '''def psi(reference, live, bins=10, epsilon=1e-4):
    edges = quantile_edges(reference, bins)''' + _SHARES + '''    r, l = shares(reference), shares(live)
    return float(np.sum(l * np.log(l / r)))'''),
        ("ignores the bins argument", '''def psi(reference, live, bins=10, epsilon=1e-4):
    edges = quantile_edges(reference, 10)''' + _SHARES + '''    r, l = shares(reference), shares(live)
    return float(np.sum((l - r) * np.log(l / r)))'''),
    ],
    "psi_severity": [
        ("<= at the lines", '''def psi_severity(value):
    if value <= 0.1:
        return "none"
    if value <= 0.25:
        return "moderate"
    return "major"'''),
        ("thresholds 0.1 and 0.2", '''def psi_severity(value):
    if value < 0.1:
        return "none"
    if value < 0.2:
        return "moderate"
    return "major"'''),
        ("capitalised labels", '''def psi_severity(value):
    if value < 0.1:
        return "None"
    if value < 0.25:
        return "Moderate"
    return "Major"'''),
    ],
    "drift_verdict": [
        ("p-value alone", '''def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    return "drift" if ks_2samp(reference, live).pvalue < alpha else "no drift"'''),
        ("PSI alone", '''def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    return "drift" if psi(reference, live) >= psi_threshold else "no drift"'''),
        ("PSI checked before significance", '''def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    if psi(reference, live) < psi_threshold:
        return "negligible"
    if ks_2samp(reference, live).pvalue >= alpha:
        return "no drift"
    return "drift"'''),
        ("<= at the PSI threshold", '''def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    if ks_2samp(reference, live).pvalue >= alpha:
        return "no drift"
    if psi(reference, live) <= psi_threshold:
        return "negligible"
    return "drift"'''),
        ("p <= alpha counts as significant", '''def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    if ks_2samp(reference, live).pvalue > alpha:
        return "no drift"
    if psi(reference, live) < psi_threshold:
        return "negligible"
    return "drift"'''),
        ("PSI with the samples swapped", '''def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    if ks_2samp(reference, live).pvalue >= alpha:
        return "no drift"
    if psi(live, reference) < psi_threshold:
        return "negligible"
    return "drift"'''),
        ("ignores psi_threshold", '''def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    if ks_2samp(reference, live).pvalue >= alpha:
        return "no drift"
    if psi(reference, live) < 0.1:
        return "negligible"
    return "drift"'''),
        ("ignores alpha", '''def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    if ks_2samp(reference, live).pvalue >= 0.05:
        return "no drift"
    if psi(reference, live) < psi_threshold:
        return "negligible"
    return "drift"'''),
        ("KS statistic D instead of the p-value", '''def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    if ks_2samp(reference, live).statistic < alpha:
        return "no drift"
    if psi(reference, live) < psi_threshold:
        return "negligible"
    return "drift"'''),
    ],
}

SHORTCUTS = {
    "quantile_edges": '''def quantile_edges(reference, bins=10):
    import driftscope
    return driftscope.bin_edges(reference, bins=bins, strategy="quantile")''',
    "psi": '''def psi(reference, live, bins=10, epsilon=1e-4):
    import driftscope
    return float(driftscope.psi(reference, live, bins=bins, floor=epsilon))''',
    "drift_verdict": '''def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    import driftscope
    if driftscope.ks_test(reference, live).pvalue >= alpha:
        return "no drift"
    return "negligible" if driftscope.psi(reference, live) < psi_threshold else "drift"''',
}

# Tampering (AUTHORING.md, "Tamper-proof grading"): flagged by watchtower.integrity,
# zeroes every autograded cell of the notebook under `make grade`.
TAMPERING = {
    "psi": [
        ("patched comparison by name: unittest.mock.patch on math.isclose (audit)", '''from unittest import mock

mock.patch("math.isclose", lambda *args, **kwargs: True).start()


def psi(reference, live, bins=10, epsilon=1e-4):
    return 0.0'''),
        ("lying object without a dunder: unittest.mock.ANY (audit)", '''from unittest.mock import ANY


def psi(reference, live, bins=10, epsilon=1e-4):
    return ANY'''),
        ("guard switch, then driftscope.psi", '''import contextlib
import watchtower.guard


@contextlib.contextmanager
def _no_guard(*modules, exercise=None):
    yield


watchtower.guard.no_shortcuts = _no_guard


def psi(reference, live, bins=10, epsilon=1e-4):
    import driftscope
    return float(driftscope.psi(reference, live, bins=bins))'''),
    ],
    "quantile_edges": [
        ("patched comparison: np.allclose and np.array_equal always True", '''np.allclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True


def quantile_edges(reference, bins=10):
    return np.linspace(np.min(reference), np.max(reference), bins + 1)'''),
    ],
    "psi_severity": [
        ("lying object: a string equal to every verdict", '''class Verdict(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def psi_severity(value):
    return Verdict("none")'''),
    ],
}

CORRECT_ANSWERS = {
    "psi": [
        ("imports math: the sum over bins with math.log", '''import math


def psi(reference, live, bins=10, epsilon=1e-4):
    """Population Stability Index of `live` against `reference` on reference-quantile bins."""
    edges = quantile_edges(reference, bins)
    k = len(edges) - 1

    def shares(values):
        values = np.asarray(values, dtype=float)
        counts = np.bincount(np.searchsorted(edges, values, side="right") - 1, minlength=k)
        return [float(c) / values.size if c else epsilon for c in counts]

    r, l = shares(reference), shares(live)
    return float(math.fsum((b - a) * math.log(b / a) for a, b in zip(r, l)))'''),
    ],
    "drift_verdict": [
        ("a dataclass holding the evidence", '''from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    """What the verdict rests on: the KS p-value and, when it matters, the PSI."""

    pvalue: float
    psi: float | None = None

    def verdict(self, alpha, psi_threshold):
        if self.pvalue >= alpha:
            return "no drift"
        return "negligible" if self.psi < psi_threshold else "drift"


def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    """The verdict "no drift", "negligible" or "drift", from the KS p-value and the PSI."""
    pvalue = ks_2samp(reference, live).pvalue
    evidence = Evidence(pvalue, psi(reference, live) if pvalue < alpha else None)
    return evidence.verdict(alpha, psi_threshold)'''),
        ("its own PSI inline, summed with math.fsum from the last bin", '''import math


def drift_verdict(reference, live, alpha=0.05, psi_threshold=0.1):
    """The verdict "no drift", "negligible" or "drift", from the KS p-value and the PSI."""
    if not ks_2samp(reference, live).pvalue < alpha:
        return "no drift"
    edges = quantile_edges(reference)
    k = len(edges) - 1
    r = np.bincount(np.searchsorted(edges, np.asarray(reference, float), side="right") - 1, minlength=k)
    l = np.bincount(np.searchsorted(edges, np.asarray(live, float), side="right") - 1, minlength=k)
    terms = []
    for rc, lc in zip(r[::-1], l[::-1]):
        rs = rc / len(reference) if rc else 1e-4
        ls = lc / len(live) if lc else 1e-4
        terms.append((ls - rs) * math.log(ls / rs))
    return "negligible" if math.fsum(terms) < psi_threshold else "drift"'''),
    ],
    "quantile_edges": [
        ("np.percentile in percent, sorted(set(...))", '''def quantile_edges(reference, bins=10):
    """Bin edges at the reference's quantiles k/bins, with -inf and +inf outside."""
    inner = np.percentile(np.asarray(reference, dtype=float), [100 * k / bins for k in range(1, bins)])
    return np.array([-np.inf] + sorted(set(inner.tolist())) + [np.inf])'''),
    ],
}
