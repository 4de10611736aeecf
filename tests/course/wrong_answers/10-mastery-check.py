"""Answers the autograder must catch (WRONG_ANSWERS, SHORTCUTS, TAMPERING) or accept (CORRECT_ANSWERS).

Chapter 10: accuracy_alert_day, first_monitor, drift_kind, quiet_window and retrain_days.
Each entry is a complete solution cell. No test cell of this chapter uses the shortcut guard
(no library computes these decisions), so SHORTCUTS is empty.
"""

_ALERT = '''def accuracy_alert_day(logs, threshold=0.8, min_labels=200):
    rows = logs.dropna(subset=["label"])
    day = rows["timestamp"].dt.floor("D")
    correct = (rows["prediction"] == rows["label"]).to_numpy()
    codes, days = pd.factorize(day)
    first = logs["timestamp"].min().floor("D") + pd.Timedelta("1D")
    last = rows["label_at"].max().floor("D") + pd.Timedelta("1D") if len(rows) else first
    for midnight in pd.date_range(first, last, freq="D"):
        arrived = (rows["label_at"] <= midnight).to_numpy()
        n = np.bincount(codes[arrived], minlength=len(days))
        hits = np.bincount(codes[arrived], weights=correct[arrived], minlength=len(days))
        enough = n >= min_labels
        if np.any(hits[enough] / n[enough] < threshold):
            return midnight
    return None'''

WRONG_ANSWERS = {
    "accuracy_alert_day": [
        ("ignores label_at: uses every label as if it had arrived at once", '''def accuracy_alert_day(logs, threshold=0.8, min_labels=200):
    rows = logs.dropna(subset=["label"])
    per_day = (rows["prediction"] == rows["label"]).groupby(rows["timestamp"].dt.floor("D")).agg(["mean", "size"])
    bad = per_day[(per_day["size"] >= min_labels) & (per_day["mean"] < threshold)]
    return bad.index[0] + pd.Timedelta("1D") if len(bad) else None'''),
        ("<= instead of < (an accuracy equal to the threshold alerts)", _ALERT.replace("< threshold", "<= threshold")),
        ("unlabelled rows counted as wrong predictions", _ALERT.replace(
            'rows = logs.dropna(subset=["label"])', 'rows = logs.assign(label_at=logs["label_at"].fillna(logs["timestamp"]))')),
        ("ignores min_labels", _ALERT.replace("enough = n >= min_labels", "enough = n > 0")),
    ],
    "first_monitor": [
        ("the accuracy monitor first", '''first_monitor = "accuracy"
lead_days = (accuracy_alert - drift_alert).days
koruna_monitor = "accuracy"'''),
        ("the drift monitor sees koruna", '''first_monitor = "drift"
lead_days = (accuracy_alert - drift_alert).days
koruna_monitor = "drift"'''),
        ("lead counted from the first drifting request day, not the alert", '''first_monitor = "drift"
lead_days = (accuracy_alert - first_drift_day).days
koruna_monitor = "accuracy"'''),
    ],
    "drift_kind": [
        ("checks the labels first: a slang week with lower accuracy becomes 'concept'", '''def drift_kind(reference, current, features, psi_threshold=0.1, accuracy_drop=0.05):
    def accuracy(frame):
        known = frame.dropna(subset=["label"])
        return float((known["prediction"] == known["label"]).mean())
    if accuracy(reference) - accuracy(current) >= accuracy_drop:
        return "concept"
    if any(ds.psi(reference[f], current[f]) >= psi_threshold for f in features):
        return "covariate"
    return "none"'''),
        ("unlabelled rows counted as wrong", '''def drift_kind(reference, current, features, psi_threshold=0.1, accuracy_drop=0.05):
    def accuracy(frame):
        return float((frame["prediction"] == frame["label"]).mean())
    if any(ds.psi(reference[f], current[f]) >= psi_threshold for f in features):
        return "covariate"
    if accuracy(reference) - accuracy(current) >= accuracy_drop:
        return "concept"
    return "none"'''),
        ("a drop must exceed accuracy_drop (> instead of >=)", '''def drift_kind(reference, current, features, psi_threshold=0.1, accuracy_drop=0.05):
    def accuracy(frame):
        known = frame.dropna(subset=["label"])
        return float((known["prediction"] == known["label"]).mean())
    if any(ds.psi(reference[f], current[f]) >= psi_threshold for f in features):
        return "covariate"
    if accuracy(reference) - accuracy(current) > accuracy_drop:
        return "concept"
    return "none"'''),
    ],
    "quiet_window": [
        ("a slang week: its accuracy is poor but its PSI is not below 0.05", '''quiet_window = ("2043-09-01", "2043-09-07")'''),
        ("too short: three days", '''quiet_window = ("2043-09-12", "2043-09-14")'''),
        ("a week in August, before the koruna", '''quiet_window = ("2043-08-24", "2043-08-30")'''),
    ],
    "retrain_days": [
        ("no cooldown: retrains on every triggering day", '''def retrain_days(accuracy, drifted, floor=0.8, cooldown=7):
    return [day for day in accuracy.index if bool(drifted.loc[day]) or accuracy.loc[day] < floor]'''),
        ("cooldown counted strictly (> instead of >=)", '''def retrain_days(accuracy, drifted, floor=0.8, cooldown=7):
    days, last = [], None
    for day in accuracy.index:
        trigger = bool(drifted.loc[day]) or accuracy.loc[day] < floor
        if trigger and (last is None or (day - last).days > cooldown):
            days.append(day)
            last = day
    return days'''),
        ("a day without labels (NaN) triggers", '''def retrain_days(accuracy, drifted, floor=0.8, cooldown=7):
    days, last = [], None
    for day in accuracy.index:
        trigger = bool(drifted.loc[day]) or not accuracy.loc[day] >= floor
        if trigger and (last is None or (day - last).days >= cooldown):
            days.append(day)
            last = day
    return days'''),
        ("ignores drift: retrains on degradation only", '''def retrain_days(accuracy, drifted, floor=0.8, cooldown=7):
    days, last = [], None
    for day in accuracy.index:
        if accuracy.loc[day] < floor and (last is None or (day - last).days >= cooldown):
            days.append(day)
            last = day
    return days'''),
    ],
}

SHORTCUTS = {}

TAMPERING = {
    "accuracy_alert_day": [
        ("guard switch: the kernel writes full manual scores into gradebook.db (audit)", '''import os
import sqlite3

_here = os.path.abspath(".")
while not os.path.exists(os.path.join(_here, "gradebook.db")):
    _here = os.path.dirname(_here)
with sqlite3.connect(os.path.join(_here, "gradebook.db")) as _con:
    _con.execute("UPDATE grade SET manual_score = 100")


def accuracy_alert_day(logs, threshold=0.8, min_labels=200):
    return None'''),
        ("guard switch: replaces watchtower.guard.no_shortcuts, then answers nothing", '''import contextlib
import watchtower.guard
watchtower.guard.no_shortcuts = lambda *modules, **kwargs: contextlib.nullcontext()

def accuracy_alert_day(logs, threshold=0.8, min_labels=200):
    return None'''),
        ("lying object: a timestamp that equals everything", '''class _Always:
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False

def accuracy_alert_day(logs, threshold=0.8, min_labels=200):
    return _Always()'''),
    ],
    "drift_kind": [
        ("patched comparison: operator.eq always True", '''import operator
operator.eq = lambda a, b: True

def drift_kind(reference, current, features, psi_threshold=0.1, accuracy_drop=0.05):
    return "none"'''),
        ("lying object: a str whose == always agrees", '''class _Verdict(str):
    def __eq__(self, other):
        return True

def drift_kind(reference, current, features, psi_threshold=0.1, accuracy_drop=0.05):
    return _Verdict("none")'''),
    ],
    "retrain_days": [
        ("patched comparison: pandas.Timestamp.__eq__ always True", '''pd.Timestamp.__eq__ = lambda self, other: True

def retrain_days(accuracy, drifted, floor=0.8, cooldown=7):
    return []'''),
    ],
}

CORRECT_ANSWERS = {
    "accuracy_alert_day": [
        ("pandas groupby at every midnight", '''def accuracy_alert_day(logs, threshold=0.8, min_labels=200):
    rows = logs.dropna(subset=["label"])
    if rows.empty:
        return None
    start = logs["timestamp"].min().floor("D") + pd.Timedelta(days=1)
    stop = rows["label_at"].max().floor("D") + pd.Timedelta(days=1)
    for midnight in pd.date_range(start, stop):
        seen = rows[rows["label_at"] <= midnight]
        right = (seen["prediction"] == seen["label"]).groupby(seen["timestamp"].dt.date)
        table = right.agg(["mean", "count"])
        if ((table["count"] >= min_labels) & (table["mean"] < threshold)).any():
            return midnight
    return None'''),
    ],
    "first_monitor": [
        ("decided by comparing the alert times", '''first_monitor = "drift" if drift_alert < accuracy_alert else "accuracy"
lead_days = int(abs((accuracy_alert - drift_alert) / pd.Timedelta(days=1)))
koruna_monitor = "accuracy"'''),
    ],
    "drift_kind": [
        ("a frozen dataclass holding the two findings", '''from dataclasses import dataclass

@dataclass(frozen=True)
class Findings:
    inputs_drifted: bool
    accuracy_dropped: bool

    def verdict(self):
        if self.inputs_drifted:
            return "covariate"
        return "concept" if self.accuracy_dropped else "none"


def drift_kind(reference, current, features, psi_threshold=0.1, accuracy_drop=0.05):
    ref = reference[reference["label"].notna()]
    cur = current[current["label"].notna()]
    drop = (ref["prediction"] == ref["label"]).mean() - (cur["prediction"] == cur["label"]).mean()
    moved = max(ds.psi(reference[f], current[f]) for f in features) >= psi_threshold
    return Findings(bool(moved), bool(drop >= accuracy_drop)).verdict()'''),
    ],
    "quiet_window": [
        ("another valid window, as timestamps", '''quiet_window = (pd.Timestamp("2043-09-14"), pd.Timestamp("2043-09-24"))'''),
    ],
    "retrain_days": [
        ("imports math, math.isnan, a while loop", '''import math

def retrain_days(accuracy, drifted, floor=0.8, cooldown=7):
    chosen = []
    i = 0
    days = list(accuracy.index)
    while i < len(days):
        day = days[i]
        value = float(accuracy.loc[day])
        degraded = not math.isnan(value) and value < floor
        if (bool(drifted.loc[day]) or degraded) and (not chosen or (day - chosen[-1]).days >= cooldown):
            chosen.append(day)
        i += 1
    return chosen'''),
    ],
}
