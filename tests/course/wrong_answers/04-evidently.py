"""Common wrong answers of chapter 04 (Level 2: Evidently) that the autograder must catch.

Each replacement is a whole solution cell; the round-trip test swaps it into the
solution notebook, autogrades, and requires ``test_<exercise>`` (or one of its
``test_<exercise>_<part>`` cells) to lose points. The test cells of
``sturges_psi`` and ``drifted_columns`` forbid driftscope and Evidently, which
reproduce or are the rules being asked for.
"""

WRONG_ANSWERS = {
    "sturges_psi": [
        ("reference-quantile bins (chapter 03's PSI, as Evidently's docstring says)", '''def sturges_psi(reference, current):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    inner = np.unique(np.quantile(reference, np.arange(1, 10) / 10))
    edges = np.concatenate([[-np.inf], inner, [np.inf]])
    r = np.histogram(reference, edges)[0] / len(reference)
    c = np.histogram(current, edges)[0] / len(current)
    r, c = np.where(r == 0, 1e-4, r), np.where(c == 0, 1e-4, c)
    return float(np.sum((r - c) * np.log(r / c)))'''),
        ("Sturges on the current sample alone", '''def sturges_psi(reference, current):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.histogram_bin_edges(current, bins="sturges")
    shares = []
    for values in (reference, current):
        share = np.histogram(values, edges)[0] / len(values)
        smallest = share[share > 0].min()
        share[share == 0] = smallest / 1e6 if smallest <= 1e-4 else 1e-4
        shares.append(share)
    r, c = shares
    return float(np.sum((r - c) * np.log(r / c)))'''),
        ("Sturges on the reference alone", '''def sturges_psi(reference, current):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.histogram_bin_edges(reference, bins="sturges")
    shares = []
    for values in (reference, current):
        share = np.histogram(values, edges)[0] / len(values)
        smallest = share[share > 0].min()
        share[share == 0] = smallest / 1e6 if smallest <= 1e-4 else 1e-4
        shares.append(share)
    r, c = shares
    return float(np.sum((r - c) * np.log(r / c)))'''),
        ("30 bins, as PSI's n_bins asks (Evidently ignores it)", '''def sturges_psi(reference, current):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins=30)
    shares = []
    for values in (reference, current):
        share = np.histogram(values, edges)[0] / len(values)
        smallest = share[share > 0].min()
        share[share == 0] = smallest / 1e6 if smallest <= 1e-4 else 1e-4
        shares.append(share)
    r, c = shares
    return float(np.sum((r - c) * np.log(r / c)))'''),
        ("no epsilon: empty bins stay at zero", '''def sturges_psi(reference, current):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
    r = np.histogram(reference, edges)[0] / len(reference)
    c = np.histogram(current, edges)[0] / len(current)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.nansum((r - c) * np.log(r / c)))'''),
        ("empty bins always get 0.0001", '''def sturges_psi(reference, current):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
    r = np.histogram(reference, edges)[0] / len(reference)
    c = np.histogram(current, edges)[0] / len(current)
    r, c = np.where(r == 0, 1e-4, r), np.where(c == 0, 1e-4, c)
    return float(np.sum((r - c) * np.log(r / c)))'''),
        ("epsilon added to every share", '''def sturges_psi(reference, current):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
    r = np.histogram(reference, edges)[0] / len(reference) + 1e-4
    c = np.histogram(current, edges)[0] / len(current) + 1e-4
    return float(np.sum((r - c) * np.log(r / c)))'''),
        ("KL divergence instead of PSI", '''def sturges_psi(reference, current):
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
    shares = []
    for values in (reference, current):
        share = np.histogram(values, edges)[0] / len(values)
        smallest = share[share > 0].min()
        share[share == 0] = smallest / 1e6 if smallest <= 1e-4 else 1e-4
        shares.append(share)
    r, c = shares
    return float(np.sum(r * np.log(r / c)))'''),
    ],
    "drifted_columns": [
        ("strict < for K-S too", '''def drifted_columns(snapshot):
    drifted = []
    for metric in snapshot.dict()["metrics"]:
        config = metric["config"]
        if not config["type"].endswith("ValueDrift"):
            continue
        if config["method"].endswith("p_value"):
            flagged = metric["value"] < config["threshold"]
        else:
            flagged = metric["value"] >= config["threshold"]
        if flagged:
            drifted.append(config["column"])
    return sorted(drifted)'''),
        ("<= for every p-value test", '''def drifted_columns(snapshot):
    drifted = []
    for metric in snapshot.dict()["metrics"]:
        config = metric["config"]
        if not config["type"].endswith("ValueDrift"):
            continue
        if config["method"].endswith("p_value"):
            flagged = metric["value"] <= config["threshold"]
        else:
            flagged = metric["value"] >= config["threshold"]
        if flagged:
            drifted.append(config["column"])
    return sorted(drifted)'''),
        ("every score read as a p-value", '''def drifted_columns(snapshot):
    return sorted(m["config"]["column"] for m in snapshot.dict()["metrics"]
                  if m["config"]["type"].endswith("ValueDrift") and m["value"] < m["config"]["threshold"])'''),
        ("strict > for distances", '''def drifted_columns(snapshot):
    drifted = []
    for metric in snapshot.dict()["metrics"]:
        config = metric["config"]
        if not config["type"].endswith("ValueDrift"):
            continue
        method, threshold, score = config["method"], config["threshold"], metric["value"]
        if method == "K-S p_value":
            flagged = score <= threshold
        elif method in ("chi-square p_value", "Z-test p_value"):
            flagged = score < threshold
        else:
            flagged = score > threshold
        if flagged:
            drifted.append(config["column"])
    return sorted(drifted)'''),
        ("hard-coded default thresholds 0.05 and 0.1", '''def drifted_columns(snapshot):
    drifted = []
    for metric in snapshot.dict()["metrics"]:
        config = metric["config"]
        if not config["type"].endswith("ValueDrift"):
            continue
        method, score = config["method"], metric["value"]
        if method == "K-S p_value":
            flagged = score <= 0.05
        elif method in ("chi-square p_value", "Z-test p_value"):
            flagged = score < 0.05
        else:
            flagged = score >= 0.1
        if flagged:
            drifted.append(config["column"])
    return sorted(drifted)'''),
        ("only the two default distances count as distances (psi read as a p-value)", '''def drifted_columns(snapshot):
    drifted = []
    for metric in snapshot.dict()["metrics"]:
        config = metric["config"]
        if not config["type"].endswith("ValueDrift"):
            continue
        method, threshold, score = config["method"], config["threshold"], metric["value"]
        if method == "K-S p_value":
            flagged = score <= threshold
        elif method in ("Wasserstein distance (normed)", "Jensen-Shannon distance"):
            flagged = score >= threshold
        else:
            flagged = score < threshold
        if flagged:
            drifted.append(config["column"])
    return sorted(drifted)'''),
        ("report order instead of sorted", '''def drifted_columns(snapshot):
    drifted = []
    for metric in snapshot.dict()["metrics"]:
        config = metric["config"]
        if not config["type"].endswith("ValueDrift"):
            continue
        method, threshold, score = config["method"], config["threshold"], metric["value"]
        if method == "K-S p_value":
            flagged = score <= threshold
        elif method in ("chi-square p_value", "Z-test p_value"):
            flagged = score < threshold
        else:
            flagged = score >= threshold
        if flagged:
            drifted.append(config["column"])
    return drifted'''),
    ],
    "choose_drift_share": [
        ("returns the largest quiet share (a share EQUAL to drift_share lights up)", '''def choose_drift_share(verdicts, quiet_days):
    share = verdicts.mean(axis=1)
    quiet = verdicts.index.isin(quiet_days)
    threshold = float(share[quiet].max())
    if not (share[~quiet] > threshold).any():
        return None
    return threshold'''),
        ("returns the number of columns instead of the share", '''def choose_drift_share(verdicts, quiet_days):
    drifted = verdicts.sum(axis=1)
    quiet = verdicts.index.isin(quiet_days)
    k = int(drifted[quiet].max()) + 1
    if k > verdicts.shape[1] or not (drifted[~quiet] >= k).any():
        return None
    return float(k)'''),
        ("never None: ignores whether the share ever lights up", '''def choose_drift_share(verdicts, quiet_days):
    drifted = verdicts.sum(axis=1)
    quiet = verdicts.index.isin(quiet_days)
    k = min(int(drifted[quiet].max()) + 1, verdicts.shape[1])
    return k / verdicts.shape[1]'''),
        ("five columns hard-coded (the station's table)", '''def choose_drift_share(verdicts, quiet_days):
    drifted = verdicts.sum(axis=1)
    quiet = verdicts.index.isin(quiet_days)
    k = int(drifted[quiet].max()) + 1
    if k > 5 or not (drifted[~quiet] >= k).any():
        return None
    return k / 5'''),
        ("the first fourteen rows taken as the quiet days", '''def choose_drift_share(verdicts, quiet_days):
    drifted = verdicts.sum(axis=1).to_numpy()
    quiet, other = drifted[:14], drifted[14:]
    k = int(quiet.max()) + 1
    if k > verdicts.shape[1] or not (other >= k).any():
        return None
    return k / verdicts.shape[1]'''),
        ("the largest share seen on any other day", '''def choose_drift_share(verdicts, quiet_days):
    share = verdicts.mean(axis=1)
    quiet = verdicts.index.isin(quiet_days)
    threshold = float(share[~quiet].max())
    if threshold <= share[quiet].max():
        return None
    return threshold'''),
    ],
}

SHORTCUTS = {
    "sturges_psi": '''def sturges_psi(reference, current):
    import pandas as pd
    from evidently.legacy.calculations.stattests.psi import _psi
    from evidently.legacy.core import ColumnType
    return float(_psi(pd.Series(reference), pd.Series(current), ColumnType.Numerical, 0.1)[0])''',
    "drifted_columns": '''def drifted_columns(snapshot):
    from driftscope.policies import evidently_preset
    return sorted(m["config"]["column"] for m in snapshot.dict()["metrics"]
                  if m["config"]["type"].endswith("ValueDrift")
                  and evidently_preset.drifted(m["config"]["method"], m["value"], m["config"]["threshold"]))''',
}

# Tampering (AUTHORING.md, "Tamper-proof grading"): flagged by watchtower.integrity,
# zeroes every autograded cell of the notebook under `make grade`.
TAMPERING = {
    "sturges_psi": [
        ("guard switch, then Evidently's own PSI", '''import contextlib
import watchtower.guard


@contextlib.contextmanager
def _no_guard(*modules, exercise=None):
    yield


watchtower.guard.no_shortcuts = _no_guard


def sturges_psi(reference, current):
    import pandas as pd
    from evidently.legacy.calculations.stattests.psi import _psi
    from evidently.legacy.core import ColumnType
    return float(_psi(pd.Series(reference), pd.Series(current), ColumnType.Numerical, 0.1)[0])'''),
    ],
    "choose_drift_share": [
        ("patched comparison: abs always 0 (answer returns the count)", '''import builtins

builtins.abs = lambda x: 0.0


def choose_drift_share(verdicts, quiet_days):
    drifted = verdicts.sum(axis=1)
    return float(drifted[verdicts.index.isin(quiet_days)].max() + 1)'''),
        ("patched comparison: numpy.testing.assert_allclose silenced", '''np.testing.assert_allclose = lambda *args, **kwargs: None


def choose_drift_share(verdicts, quiet_days):
    return 0.5'''),
    ],
    "drifted_columns": [
        ("lying object: a list equal to every answer", '''class Columns(list):
    def __eq__(self, other):
        return True


def drifted_columns(snapshot):
    return Columns()'''),
    ],
}

CORRECT_ANSWERS = {
    "sturges_psi": [
        ("imports math: Sturges' count by hand, np.linspace edges, np.searchsorted counts", '''import math


def sturges_psi(reference, current):
    """Evidently 0.7's PSI of a numerical column: equal-width Sturges bins over the pooled range."""
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    pooled = np.concatenate([reference, current])
    n_bins = math.ceil(math.log2(pooled.size) + 1)
    edges = np.linspace(pooled.min(), pooled.max(), n_bins + 1)

    def shares(values):
        index = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, n_bins - 1)
        share = np.bincount(index, minlength=n_bins) / values.size
        smallest = share[share > 0].min()
        return np.where(share == 0, smallest * 1e-6 if smallest <= 1e-4 else 1e-4, share)

    r, c = shares(reference), shares(current)
    return math.fsum((r - c) * np.log(r / c))'''),
        ("a dataclass for the binned sample, pandas cut for the counts", '''from dataclasses import dataclass


@dataclass(frozen=True)
class Binned:
    shares: np.ndarray

    @classmethod
    def of(cls, values, edges):
        counts = pd.cut(pd.Series(values), edges, right=False, include_lowest=True).value_counts(sort=False)
        counts.iloc[-1] += int((np.asarray(values) == edges[-1]).sum())  # the last bin holds its right edge
        share = counts.to_numpy() / len(values)
        smallest = share[share > 0].min()
        return cls(np.where(share == 0, smallest / 1e6 if smallest <= 1e-4 else 1e-4, share))


def sturges_psi(reference, current):
    """Evidently 0.7's PSI of a numerical column: equal-width Sturges bins over the pooled range."""
    edges = np.histogram_bin_edges(np.concatenate([np.asarray(reference), np.asarray(current)]), bins="sturges")
    r, c = Binned.of(reference, edges).shares, Binned.of(current, edges).shares
    return float(((r - c) * np.log(r / c)).sum())'''),
    ],
    "drifted_columns": [
        ("a namedtuple per method: which way its threshold points", '''from collections import namedtuple

Rule = namedtuple("Rule", "method drifted")

RULES = [
    Rule("K-S p_value", lambda score, threshold: score <= threshold),
    Rule("chi-square p_value", lambda score, threshold: score < threshold),
    Rule("Z-test p_value", lambda score, threshold: score < threshold),
]


def drifted_columns(snapshot):
    """Sorted names of the columns an Evidently 0.7 DataDriftPreset snapshot flags as drifted."""
    drifted = []
    for metric in snapshot.dict()["metrics"]:
        config = metric["config"]
        if not config["type"].endswith("ValueDrift"):
            continue
        rule = next((r for r in RULES if r.method == config["method"]), None)
        score, threshold = metric["value"], config["threshold"]
        flagged = rule.drifted(score, threshold) if rule else score >= threshold
        if flagged:
            drifted.append(str(config["column"]))
    return sorted(drifted)'''),
    ],
    "choose_drift_share": [
        ("imports math: exact fractions, the setting just above the loudest quiet day", '''import math
from fractions import Fraction


def choose_drift_share(verdicts, quiet_days):
    """The smallest drift_share k/n that no quiet day reaches and at least one other day does, or None."""
    n = len(verdicts.columns)
    quiet_days = set(quiet_days)
    share = {day: Fraction(int(row.sum()), n) for day, row in verdicts.iterrows()}
    loudest_quiet = max((s for day, s in share.items() if day in quiet_days), default=Fraction(0))
    setting = Fraction(math.floor(loudest_quiet * n) + 1, n)
    if setting > 1 or not any(s >= setting for day, s in share.items() if day not in quiet_days):
        return None
    return float(setting)'''),
        ("a dataclass per setting, numpy on the counts", '''from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    k: int
    n: int

    def lights_up(self, counts):
        return counts >= self.k  # a share of count/n is at least k/n


def choose_drift_share(verdicts, quiet_days):
    """The smallest drift_share k/n that no quiet day reaches and at least one other day does, or None."""
    counts = verdicts.to_numpy().sum(axis=1)
    quiet = verdicts.index.isin(quiet_days)
    n = verdicts.shape[1]
    for setting in (Setting(k, n) for k in range(1, n + 1)):
        if not setting.lights_up(counts[quiet]).any():
            return setting.k / setting.n if setting.lights_up(counts[~quiet]).any() else None
    return None'''),
    ],
}
