"""Classic wrong answers of chapter 08 (feedback loops, retraining); each must lose points on its test cell.

Format (see AUTHORING.md): WRONG_ANSWERS maps a solution cell's grade_id to
(short name, replacement cell source) pairs; SHORTCUTS maps it to an answer
that calls a library instead of doing the work, which must score zero with a
message saying why. tests/course/test_autograde.py runs them all through nbgrader.
`exposure_adjusted_risk` and `should_retrain` have no shortcut: no library
function computes them (feedback_loop only runs the whole simulation).
"""

_RISK_HEAD = '''def exposure_adjusted_risk(records, detection, history, history_days=5.0):
    history = np.asarray(history, dtype=float)
    k = history.size
    district = records["district"].to_numpy(dtype=int)
    recorded = np.bincount(district, weights=records["recorded"].to_numpy(dtype=float), minlength=k)
'''

WRONG_ANSWERS = {
    "belief_gap": [
        ("summed absolute difference without the half", '''def belief_gap(sim):
    diff = (sim["predicted_risk"] - sim["true_share"]).abs()
    return diff.groupby(sim["day"]).sum().sort_index()'''),
        ("largest absolute difference instead of the total variation", '''def belief_gap(sim):
    diff = (sim["predicted_risk"] - sim["true_share"]).abs()
    return diff.groupby(sim["day"]).max().sort_index()'''),
        ("indexed by position instead of by day", '''def belief_gap(sim):
    diff = (sim["predicted_risk"] - sim["true_share"]).abs()
    return (diff.groupby(sim["day"]).sum().sort_index() / 2).reset_index(drop=True)'''),
        ("mean absolute difference per district", '''def belief_gap(sim):
    diff = (sim["predicted_risk"] - sim["true_share"]).abs()
    return diff.groupby(sim["day"]).mean().sort_index()'''),
    ],
    "exposure_adjusted_risk": [
        ("raw recorded counts, no exposure", _RISK_HEAD + '''    counts = history + recorded
    return counts / counts.sum()'''),
        ("patrol count as the effort", _RISK_HEAD + '''    effort = np.bincount(district, weights=records["patrols"].to_numpy(dtype=float), minlength=k)
    rate = (history + recorded) / (history_days + effort)
    return rate / rate.sum()'''),
        ("linear exposure detection * patrols", _RISK_HEAD + '''    exposure = np.minimum(1.0, detection * records["patrols"].to_numpy(dtype=float))
    effort = np.bincount(district, weights=exposure, minlength=k)
    rate = (history + recorded) / (history_days + effort)
    return rate / rate.sum()'''),
        ("history_days fixed at 5", _RISK_HEAD + '''    exposure = 1.0 - (1.0 - detection) ** records["patrols"].to_numpy(dtype=float)
    effort = np.bincount(district, weights=exposure, minlength=k)
    rate = (history + recorded) / (5.0 + effort)
    return rate / rate.sum()'''),
        ("rates not normalised to shares", _RISK_HEAD + '''    exposure = 1.0 - (1.0 - detection) ** records["patrols"].to_numpy(dtype=float)
    effort = np.bincount(district, weights=exposure, minlength=k)
    return (history + recorded) / (history_days + effort)'''),
    ],
    "should_retrain": [
        ("<= at the tolerance line", '''def should_retrain(policy, drift_detected, accuracy, baseline, tolerance=0.05):
    if policy == "never":
        return False
    if policy == "nightly":
        return True
    if policy == "on_drift":
        return bool(drift_detected)
    if policy == "on_degradation":
        return accuracy is not None and accuracy <= baseline - tolerance
    raise ValueError(f"unknown retraining policy {policy!r}")'''),
        ("an unknown policy means never", '''def should_retrain(policy, drift_detected, accuracy, baseline, tolerance=0.05):
    if policy == "nightly":
        return True
    if policy == "on_drift":
        return bool(drift_detected)
    if policy == "on_degradation":
        return accuracy is not None and accuracy < baseline - tolerance
    return False'''),
        ("unknown accuracy counts as a degradation", '''def should_retrain(policy, drift_detected, accuracy, baseline, tolerance=0.05):
    if policy == "never":
        return False
    if policy == "nightly":
        return True
    if policy == "on_drift":
        return bool(drift_detected)
    if policy == "on_degradation":
        return accuracy is None or accuracy < baseline - tolerance
    raise ValueError(f"unknown retraining policy {policy!r}")'''),
        ("accuracy None not handled", '''def should_retrain(policy, drift_detected, accuracy, baseline, tolerance=0.05):
    if policy == "never":
        return False
    if policy == "nightly":
        return True
    if policy == "on_drift":
        return bool(drift_detected)
    if policy == "on_degradation":
        return accuracy < baseline - tolerance
    raise ValueError(f"unknown retraining policy {policy!r}")'''),
        ("ignores the tolerance", '''def should_retrain(policy, drift_detected, accuracy, baseline, tolerance=0.05):
    if policy == "never":
        return False
    if policy == "nightly":
        return True
    if policy == "on_drift":
        return bool(drift_detected)
    if policy == "on_degradation":
        return accuracy is not None and accuracy < baseline - 0.05
    raise ValueError(f"unknown retraining policy {policy!r}")'''),
        ("on_drift also retrains on low accuracy", '''def should_retrain(policy, drift_detected, accuracy, baseline, tolerance=0.05):
    if policy == "never":
        return False
    if policy == "nightly":
        return True
    degraded = accuracy is not None and accuracy < baseline - tolerance
    if policy == "on_drift":
        return bool(drift_detected) or degraded
    if policy == "on_degradation":
        return degraded
    raise ValueError(f"unknown retraining policy {policy!r}")'''),
    ],
}

SHORTCUTS = {
    "belief_gap": '''def belief_gap(sim):
    import driftscope
    return pd.Series({day: driftscope.total_variation(g["predicted_risk"].to_numpy(), g["true_share"].to_numpy())
                      for day, g in sim.groupby("day")}).sort_index()''',
}

# Tampering (AUTHORING.md, "Tamper-proof grading"): flagged by watchtower.integrity,
# zeroes every autograded cell of the notebook under `make grade`.
TAMPERING = {
    "belief_gap": [
        ("patched builtin through print.__self__, the builtins module (audit)", '''_b = getattr(print, "__se" + "lf__")
_b.abs = lambda x: 0.0


def belief_gap(sim):
    return 0.0'''),
        ("guard switch: sys.settrace and sys.setprofile through builtins.exec (audit)", '''import builtins

builtins.exec("import sys; sys.setprofile(None)")


def belief_gap(sim):
    return 0.0'''),
        ("guard switch, then driftscope.total_variation", '''import contextlib
import watchtower.guard


@contextlib.contextmanager
def _no_guard(*modules, exercise=None):
    yield


watchtower.guard.no_shortcuts = _no_guard


def belief_gap(sim):
    import driftscope
    return pd.Series({day: driftscope.total_variation(g["predicted_risk"].to_numpy(), g["true_share"].to_numpy())
                      for day, g in sim.groupby("day")}).sort_index()'''),
    ],
    "exposure_adjusted_risk": [
        ("patched comparison: np.allclose always True", '''np.allclose = lambda *args, **kwargs: True


def exposure_adjusted_risk(records, detection, history, history_days=5.0):
    history = np.asarray(history, dtype=float)
    return history / history.sum()'''),
    ],
    "should_retrain": [
        ("lying object: a decision equal to True and to False", '''class Decision:
    def __eq__(self, other):
        return True

    def __bool__(self):
        return True

    __hash__ = object.__hash__


def should_retrain(policy, drift_detected, accuracy, baseline, tolerance=0.05):
    return Decision()'''),
    ],
}

CORRECT_ANSWERS = {
    "belief_gap": [
        ("imports math: math.fsum day by day", '''import math


def belief_gap(sim):
    """Per day, the total variation distance between predicted risk and true share."""
    gaps = {}
    for day, rows in sim.groupby("day"):
        gaps[day] = 0.5 * math.fsum(abs(p - q) for p, q in zip(rows["predicted_risk"], rows["true_share"]))
    return pd.Series(gaps).sort_index()'''),
    ],
    "exposure_adjusted_risk": [
        ("a dataclass per sector that accumulates records and effort", '''from dataclasses import dataclass


@dataclass
class Sector:
    recorded: float
    effort: float

    def add(self, recorded, exposure):
        self.recorded += recorded
        self.effort += exposure

    def rate(self):
        return self.recorded / self.effort


def exposure_adjusted_risk(records, detection, history, history_days=5.0):
    """Risk shares from theft recorded per unit of detection effort (inverse propensity)."""
    sectors = [Sector(float(h), float(history_days)) for h in history]
    for row in records.itertuples():
        sectors[int(row.district)].add(row.recorded, 1.0 - (1.0 - detection) ** row.patrols)
    rates = np.array([s.rate() for s in sectors])
    return rates / rates.sum()'''),
    ],
    "should_retrain": [
        ("a table of rules keyed by policy", '''RULES = {
    "never": lambda drift, accuracy, floor: False,
    "nightly": lambda drift, accuracy, floor: True,
    "on_drift": lambda drift, accuracy, floor: bool(drift),
    "on_degradation": lambda drift, accuracy, floor: accuracy is not None and accuracy < floor,
}


def should_retrain(policy, drift_detected, accuracy, baseline, tolerance=0.05):
    """Tonight's decision of a retraining policy: True to retrain."""
    if policy not in RULES:
        raise ValueError(f"no retraining policy called {policy!r}; known: {sorted(RULES)}")
    return RULES[policy](drift_detected, accuracy, baseline - tolerance)'''),
    ],
}
