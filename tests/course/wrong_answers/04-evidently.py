"""Common wrong answers of chapter 04 (Level 2: Evidently) that the autograder must catch.

Each replacement is a whole solution cell; the round-trip test swaps it into the
solution notebook, autogrades, and requires ``test_<exercise>`` to lose points.
The shortcuts call driftscope's reproduction of Evidently's rules
(``driftscope.policies.evidently_preset``), which the test cells forbid.
"""

WRONG_ANSWERS = {
    "drift_share": [
        ("returns the number of drifted columns", '''def drift_share(snapshot):
    for metric in snapshot.dict()["metrics"]:
        if metric["config"]["type"].endswith("DriftedColumnsCount"):
            return float(metric["value"]["count"])'''),
        ("returns the preset's drift_share setting", '''def drift_share(snapshot):
    for metric in snapshot.dict()["metrics"]:
        if metric["config"]["type"].endswith("DriftedColumnsCount"):
            return float(metric["config"]["drift_share"])'''),
        ("divides the count by all metrics (the count metric included)", '''def drift_share(snapshot):
    metrics = snapshot.dict()["metrics"]
    for metric in metrics:
        if metric["config"]["type"].endswith("DriftedColumnsCount"):
            return metric["value"]["count"] / len(metrics)'''),
        ("returns the dataset verdict (share >= 0.5) instead of the share", '''def drift_share(snapshot):
    for metric in snapshot.dict()["metrics"]:
        if metric["config"]["type"].endswith("DriftedColumnsCount"):
            return float(metric["value"]["share"] >= metric["config"]["drift_share"])'''),
        ("recounts with p < threshold for every method", '''def drift_share(snapshot):
    drifts = [m["value"] < m["config"]["threshold"] for m in snapshot.dict()["metrics"]
              if m["config"]["type"].endswith("ValueDrift")]
    return sum(drifts) / len(drifts)'''),
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
    "evidently_default_test": [
        ("small means fewer than 1,000 rows (< instead of <=)", '''def evidently_default_test(kind, n_reference, n_unique):
    if n_reference < 1000:
        if kind == "numerical" and n_unique > 5:
            return "K-S p_value"
        return "chi-square p_value" if n_unique > 2 else "Z-test p_value"
    if kind == "numerical" and n_unique > 5:
        return "Wasserstein distance (normed)"
    return "Jensen-Shannon distance"'''),
        ("five distinct values already count as continuous (>= 5)", '''def evidently_default_test(kind, n_reference, n_unique):
    if n_reference <= 1000:
        if kind == "numerical" and n_unique >= 5:
            return "K-S p_value"
        return "chi-square p_value" if n_unique > 2 else "Z-test p_value"
    if kind == "numerical" and n_unique >= 5:
        return "Wasserstein distance (normed)"
    return "Jensen-Shannon distance"'''),
        ("binary categories get chi-square (no Z-test)", '''def evidently_default_test(kind, n_reference, n_unique):
    if n_reference <= 1000:
        if kind == "numerical" and n_unique > 5:
            return "K-S p_value"
        return "chi-square p_value"
    if kind == "numerical" and n_unique > 5:
        return "Wasserstein distance (normed)"
    return "Jensen-Shannon distance"'''),
        ("the kind alone decides: numbers always K-S or Wasserstein", '''def evidently_default_test(kind, n_reference, n_unique):
    if kind == "numerical":
        return "K-S p_value" if n_reference <= 1000 else "Wasserstein distance (normed)"
    if n_reference <= 1000:
        return "chi-square p_value" if n_unique > 2 else "Z-test p_value"
    return "Jensen-Shannon distance"'''),
        ("large categorical with many values gets chi-square", '''def evidently_default_test(kind, n_reference, n_unique):
    if n_reference <= 1000:
        if kind == "numerical" and n_unique > 5:
            return "K-S p_value"
        return "chi-square p_value" if n_unique > 2 else "Z-test p_value"
    if kind == "numerical" and n_unique > 5:
        return "Wasserstein distance (normed)"
    if kind == "categorical" and n_unique > 5:
        return "chi-square p_value"
    return "Jensen-Shannon distance"'''),
        ("short method names", '''def evidently_default_test(kind, n_reference, n_unique):
    if n_reference <= 1000:
        if kind == "numerical" and n_unique > 5:
            return "ks"
        return "chisquare" if n_unique > 2 else "z"
    if kind == "numerical" and n_unique > 5:
        return "wasserstein"
    return "jensenshannon"'''),
    ],
}

SHORTCUTS = {
    "drift_share": '''def drift_share(snapshot):
    from driftscope.policies.evidently_preset import drifted
    drifts = [drifted(m["config"]["method"], m["value"], m["config"]["threshold"])
              for m in snapshot.dict()["metrics"] if m["config"]["type"].endswith("ValueDrift")]
    return sum(drifts) / len(drifts)''',
    "drifted_columns": '''def drifted_columns(snapshot):
    from driftscope.policies import evidently_preset
    return sorted(m["config"]["column"] for m in snapshot.dict()["metrics"]
                  if m["config"]["type"].endswith("ValueDrift")
                  and evidently_preset.drifted(m["config"]["method"], m["value"], m["config"]["threshold"]))''',
    "evidently_default_test": '''def evidently_default_test(kind, n_reference, n_unique):
    from driftscope.policies.evidently_preset import choose_test
    return choose_test(kind, n_reference, n_unique)''',
}

# Tampering (AUTHORING.md, "Tamper-proof grading"): flagged by watchtower.integrity,
# zeroes every autograded cell of the notebook under `make grade`.
TAMPERING = {
    "evidently_default_test": [
        ("guard switch, then Evidently's own registry", '''import contextlib
import watchtower.guard


@contextlib.contextmanager
def _no_guard(*modules, exercise=None):
    yield


watchtower.guard.no_shortcuts = _no_guard


def evidently_default_test(kind, n_reference, n_unique):
    import numpy as np
    import pandas as pd
    from evidently.legacy.calculations.stattests.registry import _get_default_stattest
    from evidently.legacy.core import ColumnType
    reference = pd.Series(np.arange(n_reference) % n_unique)
    column_type = ColumnType.Numerical if kind == "numerical" else ColumnType.Categorical
    return _get_default_stattest(reference, pd.Series(np.arange(n_unique)), column_type).display_name'''),
    ],
    "drift_share": [
        ("patched comparison: abs always 0 (answer returns the count)", '''import builtins

builtins.abs = lambda x: 0.0


def drift_share(snapshot):
    for metric in snapshot.dict()["metrics"]:
        if metric["config"]["type"].endswith("DriftedColumnsCount"):
            return float(metric["value"]["count"])
    raise ValueError("no DriftedColumnsCount metric")'''),
        ("patched comparison: numpy.testing.assert_allclose silenced", '''np.testing.assert_allclose = lambda *args, **kwargs: None


def drift_share(snapshot):
    for metric in snapshot.dict()["metrics"]:
        if metric["config"]["type"].endswith("DriftedColumnsCount"):
            return float(metric["value"]["count"])
    raise ValueError("no DriftedColumnsCount metric")'''),
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
    "drift_share": [
        ("imports math to refuse a missing share", '''import math


def drift_share(snapshot):
    """Share of drifted columns in an Evidently 0.7 DataDriftPreset snapshot, as a float."""
    for metric in snapshot.dict()["metrics"]:
        if metric["config"]["type"].endswith("DriftedColumnsCount"):
            share = float(metric["value"]["share"])
            if math.isnan(share):
                raise ValueError("the snapshot's drifted share is NaN")
            return share
    raise ValueError("the snapshot has no DriftedColumnsCount metric: was it a DataDriftPreset report?")'''),
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
}
