"""Common wrong answers of chapter 00 (Everything is green) that the autograder must catch.

Each replacement is a whole solution cell; the round-trip test swaps it into the
solution notebook, autogrades, and requires ``test_<exercise>`` to lose points.
Chapter 00 has no shortcut guard: no driftscope or SciPy function solves these
exercises.
"""

WRONG_ANSWERS = {
    "system_health": [
        ("counts 429 as OK (status < 500)", '''def system_health(logs):
    latency = logs["latency_ms"]
    return {
        "requests": int(len(logs)),
        "ok_rate": float((logs["status"] < 500).mean()),
        "p50_latency_ms": float(latency.quantile(0.50)),
        "p99_latency_ms": float(latency.quantile(0.99)),
    }'''),
        ("mean latency instead of the median", '''def system_health(logs):
    latency = logs["latency_ms"]
    return {
        "requests": int(len(logs)),
        "ok_rate": float((logs["status"] == 200).mean()),
        "p50_latency_ms": float(latency.mean()),
        "p99_latency_ms": float(latency.quantile(0.99)),
    }'''),
        ("p99 by nearest rank instead of interpolation", '''def system_health(logs):
    latency = sorted(logs["latency_ms"])
    return {
        "requests": len(logs),
        "ok_rate": float((logs["status"] == 200).mean()),
        "p50_latency_ms": float(logs["latency_ms"].median()),
        "p99_latency_ms": float(latency[int(0.99 * len(latency))]),
    }'''),
        ("latency percentiles of successful requests only", '''def system_health(logs):
    latency = logs.loc[logs["status"] == 200, "latency_ms"]
    return {
        "requests": int(len(logs)),
        "ok_rate": float((logs["status"] == 200).mean()),
        "p50_latency_ms": float(latency.quantile(0.50)),
        "p99_latency_ms": float(latency.quantile(0.99)),
    }'''),
    ],
    "daily_accuracy": [
        ("counts unlabelled requests as wrong", '''def daily_accuracy(logs):
    correct = (logs["prediction"] == logs["label"]).astype(float)
    return correct.groupby(logs["timestamp"].dt.floor("D")).mean()'''),
        ("groups by the day the label arrived", '''def daily_accuracy(logs):
    labelled = logs[logs["label"].notna()]
    correct = (labelled["prediction"] == labelled["label"]).astype(float)
    return correct.groupby(labelled["label_at"].dt.floor("D")).mean()'''),
        ("keeps days without labels as NaN", '''def daily_accuracy(logs):
    correct = (logs["prediction"] == logs["label"]).astype(float)
    correct[logs["label"].isna()] = float("nan")
    return correct.groupby(logs["timestamp"].dt.floor("D")).mean()'''),
        ("one overall accuracy instead of one per day", '''def daily_accuracy(logs):
    labelled = logs[logs["label"].notna()]
    acc = float((labelled["prediction"] == labelled["label"]).mean())
    days = sorted(labelled["timestamp"].dt.floor("D").unique())
    return pd.Series(acc, index=days)'''),
        ("drops labelled requests that did not answer 200", '''def daily_accuracy(logs):
    labelled = logs[logs["label"].notna() & (logs["status"] == 200)]
    correct = (labelled["prediction"] == labelled["label"]).astype(float)
    return correct.groupby(labelled["timestamp"].dt.floor("D")).mean().sort_index()'''),
    ],
    "silent_failure_days": [
        ("strict thresholds: 99% OK and p99 = limit count as red", '''def silent_failure_days(logs, min_ok_rate=0.99, max_p99_ms=100.0, min_accuracy=0.8):
    day = logs["timestamp"].dt.floor("D")
    system = pd.DataFrame({d: system_health(g) for d, g in logs.groupby(day)}).T
    green = (system["ok_rate"] > min_ok_rate) & (system["p99_latency_ms"] < max_p99_ms)
    accuracy = daily_accuracy(logs).reindex(system.index)
    return sorted(pd.Timestamp(d) for d in system.index[green & (accuracy < min_accuracy)])'''),
        ("accuracy equal to the minimum counts as red", '''def silent_failure_days(logs, min_ok_rate=0.99, max_p99_ms=100.0, min_accuracy=0.8):
    day = logs["timestamp"].dt.floor("D")
    system = pd.DataFrame({d: system_health(g) for d, g in logs.groupby(day)}).T
    green = (system["ok_rate"] >= min_ok_rate) & (system["p99_latency_ms"] <= max_p99_ms)
    accuracy = daily_accuracy(logs).reindex(system.index)
    return sorted(pd.Timestamp(d) for d in system.index[green & (accuracy <= min_accuracy)])'''),
        ("mean latency instead of p99", '''def silent_failure_days(logs, min_ok_rate=0.99, max_p99_ms=100.0, min_accuracy=0.8):
    day = logs["timestamp"].dt.floor("D")
    ok = (logs["status"] == 200).groupby(day).mean()
    mean_latency = logs["latency_ms"].groupby(day).mean()
    accuracy = daily_accuracy(logs).reindex(ok.index)
    silent = (ok >= min_ok_rate) & (mean_latency <= max_p99_ms) & (accuracy < min_accuracy)
    return sorted(pd.Timestamp(d) for d in ok.index[silent])'''),
        ("days without labels counted as red", '''def silent_failure_days(logs, min_ok_rate=0.99, max_p99_ms=100.0, min_accuracy=0.8):
    day = logs["timestamp"].dt.floor("D")
    system = pd.DataFrame({d: system_health(g) for d, g in logs.groupby(day)}).T
    green = (system["ok_rate"] >= min_ok_rate) & (system["p99_latency_ms"] <= max_p99_ms)
    accuracy = daily_accuracy(logs).reindex(system.index).fillna(0.0)
    return sorted(pd.Timestamp(d) for d in system.index[green & (accuracy < min_accuracy)])'''),
        ("ignores the system: every model-red day", '''def silent_failure_days(logs, min_ok_rate=0.99, max_p99_ms=100.0, min_accuracy=0.8):
    accuracy = daily_accuracy(logs)
    return sorted(pd.Timestamp(d) for d in accuracy.index[accuracy < min_accuracy])'''),
        ("hard-coded limits", '''def silent_failure_days(logs, min_ok_rate=0.99, max_p99_ms=100.0, min_accuracy=0.8):
    day = logs["timestamp"].dt.floor("D")
    system = pd.DataFrame({d: system_health(g) for d, g in logs.groupby(day)}).T
    green = (system["ok_rate"] >= 0.99) & (system["p99_latency_ms"] <= 100.0)
    accuracy = daily_accuracy(logs).reindex(system.index)
    return sorted(pd.Timestamp(d) for d in system.index[green & (accuracy < 0.8)])'''),
    ],
}

# No driftscope or SciPy function solves a chapter-00 exercise, so no shortcut to forbid.
SHORTCUTS: dict[str, str] = {}

# Tampering (AUTHORING.md, "Tamper-proof grading"): flagged by watchtower.integrity,
# zeroes every autograded cell of the notebook under `make grade`.
_MEAN_LATENCY = '''def system_health(logs):
    latency = logs["latency_ms"]
    return {
        "requests": int(len(logs)),
        "ok_rate": float((logs["status"] == 200).mean()),
        "p50_latency_ms": float(latency.mean()),
        "p99_latency_ms": float(latency.max()),
    }'''

TAMPERING = {
    "system_health": [
        ("guard switch: no_shortcuts replaced by a do-nothing context manager", '''import contextlib
import watchtower.guard


@contextlib.contextmanager
def _no_guard(*modules, exercise=None):
    yield


watchtower.guard.no_shortcuts = _no_guard


''' + _MEAN_LATENCY),
        ("patched comparison: math.isclose always True",
         "import math\n\nmath.isclose = lambda *args, **kwargs: True\n\n\n" + _MEAN_LATENCY),
        ("lying object: numbers equal to anything", '''class Anything(float):
    def __eq__(self, other):
        return True

    def __sub__(self, other):
        return 0.0

    __hash__ = float.__hash__


def system_health(logs):
    return {key: Anything(0.0) for key in ("requests", "ok_rate", "p50_latency_ms", "p99_latency_ms")}'''),
    ],
    "daily_accuracy": [
        ("patched comparison: np.allclose always True", '''np.allclose = lambda *args, **kwargs: True


def daily_accuracy(logs):
    correct = (logs["prediction"] == logs["label"]).astype(float)
    return correct.groupby(logs["timestamp"].dt.floor("D")).mean()'''),
        ("patched comparison: pandas' assert_frame_equal silenced", '''import pandas.testing


pandas.testing.assert_frame_equal = lambda *args, **kwargs: None


def daily_accuracy(logs):
    correct = (logs["prediction"] == logs["label"]).astype(float)
    return correct.groupby(logs["timestamp"].dt.floor("D")).mean()'''),
    ],
    "silent_failure_days": [
        ("lying object: a list equal to every list of days", '''class Days(list):
    def __eq__(self, other):
        return True


def silent_failure_days(logs, min_ok_rate=0.99, max_p99_ms=100.0, min_accuracy=0.8):
    return Days()'''),
    ],
}

CORRECT_ANSWERS = {
    "daily_accuracy": [
        ("a loop over the rows with a dict per day", '''def daily_accuracy(logs):
    """Share of correct predictions among labelled requests, per day of the request."""
    right, seen = {}, {}
    for when, prediction, label in zip(logs["timestamp"], logs["prediction"], logs["label"]):
        if pd.isna(label):
            continue
        day = pd.Timestamp(when).normalize()
        seen[day] = seen.get(day, 0) + 1
        right[day] = right.get(day, 0) + (prediction == label)
    days = sorted(seen)
    return pd.Series([right[d] / seen[d] for d in days], index=pd.DatetimeIndex(days), dtype=float)'''),
    ],
    "system_health": [
        ("imports math: quantiles by hand with linear interpolation", '''import math


def system_health(logs):
    """Summarise status and latency of a request log."""
    latency = sorted(float(x) for x in logs["latency_ms"])

    def quantile(q):
        position = (len(latency) - 1) * q
        low, high = math.floor(position), math.ceil(position)
        return latency[low] + (latency[high] - latency[low]) * (position - low)

    ok = sum(1 for status in logs["status"] if status == 200)
    return {
        "requests": len(latency),
        "ok_rate": ok / len(latency),
        "p50_latency_ms": float(quantile(0.50)),
        "p99_latency_ms": float(quantile(0.99)),
    }'''),
    ],
    "silent_failure_days": [
        ("a dataclass per day", '''from dataclasses import dataclass


@dataclass
class DayVerdict:
    day: pd.Timestamp
    ok_rate: float
    p99_latency_ms: float
    accuracy: float

    def silent(self, min_ok_rate, max_p99_ms, min_accuracy):
        green = self.ok_rate >= min_ok_rate and self.p99_latency_ms <= max_p99_ms
        return green and self.accuracy < min_accuracy  # NaN (no labels) is not red


def silent_failure_days(logs, min_ok_rate=0.99, max_p99_ms=100.0, min_accuracy=0.8):
    """Days that look healthy to system monitoring while the model is failing."""
    accuracy = daily_accuracy(logs)
    verdicts = []
    for day, group in logs.groupby(logs["timestamp"].dt.floor("D")):
        health = system_health(group)
        verdicts.append(DayVerdict(pd.Timestamp(day), health["ok_rate"], health["p99_latency_ms"],
                                   float(accuracy.get(day, float("nan")))))
    return sorted(v.day for v in verdicts if v.silent(min_ok_rate, max_p99_ms, min_accuracy))'''),
    ],
}
