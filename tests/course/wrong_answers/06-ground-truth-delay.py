"""Classic wrong answers of chapter 06 (ground-truth delay, proxies); each must lose points.

Format (see AUTHORING.md): WRONG_ANSWERS maps a solution cell's grade_id to
(short name, replacement cell source) pairs, each losing points on ``test_<grade_id>``;
SHORTCUTS maps it to an answer that calls driftscope instead of doing the work;
CORRECT_ANSWERS holds right answers written another way, which must keep full marks;
TAMPERING holds answers that try to switch the grading off or fool it, which must lose
their points. `realised_accuracy` has no shortcut: its test forbids nothing (driftscope's
performance_timeline takes whole logs with other column rules).
"""

WRONG_ANSWERS = {
    "prediction_shares": [
        ("classes never predicted left out", '''def prediction_shares(predictions, classes):
    predictions = list(predictions)
    for p in predictions:
        if p not in classes:
            raise ValueError(f"unknown class {p!r}")
    return {c: predictions.count(c) / len(predictions) for c in classes if c in predictions}'''),
        ("predictions outside classes silently dropped", '''def prediction_shares(predictions, classes):
    predictions = [p for p in predictions if p in classes]
    return {c: predictions.count(c) / len(predictions) for c in classes}'''),
        ("counts instead of shares", '''def prediction_shares(predictions, classes):
    predictions = list(predictions)
    for p in predictions:
        if p not in classes:
            raise ValueError(f"unknown class {p!r}")
    return {c: float(predictions.count(c)) for c in classes}'''),
    ],
    "realised_accuracy": [
        ("every label used, also those that arrive after as_of", '''def realised_accuracy(logs, as_of):
    as_of = pd.Timestamp(as_of)
    known = logs[(logs["timestamp"] < as_of) & logs["label"].notna()]
    correct = known["prediction"].astype(str) == known["label"].astype(str)
    return correct.groupby(known["timestamp"].dt.normalize()).mean().sort_index()'''),
        ("requests sent at or after as_of kept", '''def realised_accuracy(logs, as_of):
    as_of = pd.Timestamp(as_of)
    known = logs[logs["label"].notna() & (logs["label_at"] <= as_of)]
    correct = known["prediction"].astype(str) == known["label"].astype(str)
    return correct.groupby(known["timestamp"].dt.normalize()).mean().sort_index()'''),
        ("grouped by the day the label arrived", '''def realised_accuracy(logs, as_of):
    as_of = pd.Timestamp(as_of)
    known = logs[(logs["timestamp"] < as_of) & logs["label"].notna() & (logs["label_at"] <= as_of)]
    correct = known["prediction"].astype(str) == known["label"].astype(str)
    return correct.groupby(known["label_at"].dt.normalize()).mean().sort_index()'''),
        ("unlabelled requests counted as wrong", '''def realised_accuracy(logs, as_of):
    as_of = pd.Timestamp(as_of)
    sent = logs[logs["timestamp"] < as_of]
    arrived = sent["label"].notna() & (sent["label_at"] <= as_of)
    correct = arrived & (sent["prediction"].astype(str) == sent["label"].astype(str))
    per_day = correct.groupby(sent["timestamp"].dt.normalize()).mean()
    return per_day[arrived.groupby(sent["timestamp"].dt.normalize()).any()].sort_index()'''),
    ],
    "expected_accuracy": [
        ("share of confidences above 0.5", '''def expected_accuracy(confidence):
    return float(np.mean(np.asarray(confidence, dtype=float) > 0.5))'''),
        ("median instead of mean", '''def expected_accuracy(confidence):
    return float(np.median(np.asarray(confidence, dtype=float)))'''),
        ("expected error rate instead of accuracy", '''def expected_accuracy(confidence):
    return float(1 - np.mean(np.asarray(confidence, dtype=float)))'''),
    ],
}

SHORTCUTS = {
    "prediction_shares": '''def prediction_shares(predictions, classes):
    import driftscope
    return driftscope.prediction_shares(predictions, classes)''',
    "expected_accuracy": '''from driftscope import expected_accuracy as _cbpe

def expected_accuracy(confidence):
    return _cbpe(confidence).accuracy''',
}

CORRECT_ANSWERS = {
    "prediction_shares": [
        ("collections.Counter", '''from collections import Counter

def prediction_shares(predictions, classes):
    counts = Counter(predictions)
    unknown = set(counts) - set(classes)
    if unknown:
        raise ValueError(f"predictions outside the classes: {sorted(map(str, unknown))}")
    total = sum(counts.values())
    return {c: counts.get(c, 0) / total for c in classes}'''),
        ("a helper class that tallies", '''class Tally:
    """Counts of the known classes; refuses the others."""

    def __init__(self, classes):
        self.counts = dict.fromkeys(classes, 0)

    def add(self, label):
        if label not in self.counts:
            raise ValueError(f"{label!r} is not one of {list(self.counts)}")
        self.counts[label] += 1


def prediction_shares(predictions, classes):
    tally = Tally(classes)
    for p in predictions:
        tally.add(p)
    total = sum(tally.counts.values())
    return {c: n / total for c, n in tally.counts.items()}'''),
    ],
    "realised_accuracy": [
        ("pandas resample on the request time", '''def realised_accuracy(logs, as_of):
    cutoff = pd.Timestamp(as_of)
    ok = (logs.timestamp < cutoff) & (logs.label_at <= cutoff)
    known = logs.loc[ok & logs.label.notna(), ["timestamp", "prediction", "label"]]
    right = pd.Series((known.prediction.astype(object) == known.label.astype(object)).to_numpy(dtype=float),
                      index=pd.DatetimeIndex(known.timestamp))
    return right.resample("D").mean().dropna()'''),
    ],
    "expected_accuracy": [
        ("math.fsum over the values", '''import math

def expected_accuracy(confidence):
    values = [float(c) for c in confidence]
    return math.fsum(values) / len(values)'''),
    ],
}

TAMPERING = {
    "prediction_shares": [
        ("guard switch through an alias of globals() (audit)", '''import contextlib

_namespace = globals()


@contextlib.contextmanager
def _no_guard(*modules, exercise=None):
    yield


_namespace["no_shortcuts"] = _no_guard


def prediction_shares(predictions, classes):
    import driftscope
    return driftscope.prediction_shares(predictions, classes)'''),
        ("guard switch: watchtower.guard.no_shortcuts replaced, then driftscope called", '''import watchtower.guard

class _NoGuard:
    def __init__(self, *forbidden, exercise=None):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

watchtower.guard.no_shortcuts = _NoGuard

def prediction_shares(predictions, classes):
    import driftscope
    return driftscope.prediction_shares(predictions, classes)'''),
        ("lying object: a dict that compares equal to anything", '''class _Agreeable(dict):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

def prediction_shares(predictions, classes):
    return _Agreeable({c: 1 / len(classes) for c in classes})'''),
    ],
    "expected_accuracy": [
        ("patched comparison: math.isclose always True", '''import math
math.isclose = lambda *args, **kwargs: True

def expected_accuracy(confidence):
    return 0.0'''),
    ],
}
