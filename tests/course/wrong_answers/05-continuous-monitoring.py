"""Answers the autograder must catch (WRONG_ANSWERS, SHORTCUTS, TAMPERING) or accept (CORRECT_ANSWERS).

Chapter 05: alert_states, benjamini_hochberg (the contract of COURSE.md section 5),
false_alarm_rate and segment_drift. Each entry is a complete solution cell.
"""

WRONG_ANSWERS = {
    "alert_states": [
        (">= instead of > (a score equal to the threshold counts as active)", '''def alert_states(scores, threshold, for_windows=0):
    states, run = [], 0
    for score in np.asarray(scores, dtype=float):
        run = run + 1 if score >= threshold else 0
        states.append("inactive" if run == 0 else "firing" if run - 1 >= for_windows else "pending")
    return states'''),
        ("NaN (no data) counted as active", '''def alert_states(scores, threshold, for_windows=0):
    states, run = [], 0
    for score in np.asarray(scores, dtype=float):
        run = run + 1 if not score <= threshold else 0
        states.append("inactive" if run == 0 else "firing" if run - 1 >= for_windows else "pending")
    return states'''),
        ("off by one in the for clause (fires one window early)", '''def alert_states(scores, threshold, for_windows=0):
    states, run = [], 0
    for score in np.asarray(scores, dtype=float):
        run = run + 1 if score > threshold else 0
        states.append("inactive" if run == 0 else "firing" if run >= for_windows else "pending")
    return states'''),
        ("counts every active window so far, not consecutive ones", '''def alert_states(scores, threshold, for_windows=0):
    states, count = [], 0
    for score in np.asarray(scores, dtype=float):
        if score > threshold:
            count += 1
            states.append("firing" if count - 1 >= for_windows else "pending")
        else:
            states.append("inactive")
    return states'''),
        ("'resolved' as a state after firing", '''def alert_states(scores, threshold, for_windows=0):
    states, run = [], 0
    for score in np.asarray(scores, dtype=float):
        run = run + 1 if score > threshold else 0
        if run == 0:
            states.append("resolved" if states and states[-1] in ("firing", "resolved") else "inactive")
        else:
            states.append("firing" if run - 1 >= for_windows else "pending")
    return states'''),
    ],
    "benjamini_hochberg": [
        ("no step-up: each p-value only against its own line", '''def benjamini_hochberg(pvalues, alpha=0.05):
    p = np.asarray(pvalues, dtype=float)
    m = p.size
    order = np.argsort(p)
    reject = np.zeros(m, dtype=bool)
    reject[order] = p[order] <= np.arange(1, m + 1) / m * alpha
    return reject'''),
        ("step-down: stops at the first p-value above its line", '''def benjamini_hochberg(pvalues, alpha=0.05):
    p = np.asarray(pvalues, dtype=float)
    m = p.size
    order = np.argsort(p)
    reject = np.zeros(m, dtype=bool)
    for k, i in enumerate(order, start=1):
        if p[i] > k / m * alpha:
            break
        reject[i] = True
    return reject'''),
        ("< instead of <= (a p-value on its line is not rejected)", '''def benjamini_hochberg(pvalues, alpha=0.05):
    p = np.asarray(pvalues, dtype=float)
    m = p.size
    order = np.argsort(p)
    below = p[order] < np.arange(1, m + 1) / m * alpha
    k = np.nonzero(below)[0].max() + 1 if below.any() else 0
    reject = np.zeros(m, dtype=bool)
    reject[order[:k]] = True
    return reject'''),
        ("answers in sorted order, not the input's", '''def benjamini_hochberg(pvalues, alpha=0.05):
    p = np.sort(np.asarray(pvalues, dtype=float))
    m = p.size
    below = p <= np.arange(1, m + 1) / m * alpha
    k = np.nonzero(below)[0].max() + 1 if below.any() else 0
    return np.arange(m) < k'''),
        ("Bonferroni instead of Benjamini-Hochberg", '''def benjamini_hochberg(pvalues, alpha=0.05):
    p = np.asarray(pvalues, dtype=float)
    return p <= alpha / p.size'''),
    ],
    "false_alarm_rate": [
        ("share of single tests, not of windows", '''def false_alarm_rate(pvalues, alpha=0.05, correction=None):
    table = np.asarray(pvalues, dtype=float)
    m = table.shape[1]
    if correction == "bonferroni":
        return float((table < alpha / m).mean())
    if correction == "benjamini-hochberg":
        return float(np.mean([benjamini_hochberg(row, alpha) for row in table]))
    return float((table < alpha).mean())'''),
        ("Bonferroni divides alpha by every test in the table", '''def false_alarm_rate(pvalues, alpha=0.05, correction=None):
    table = np.asarray(pvalues, dtype=float)
    if correction == "bonferroni":
        flagged = table < alpha / table.size
    elif correction == "benjamini-hochberg":
        flagged = np.array([benjamini_hochberg(row, alpha) for row in table])
    else:
        flagged = table < alpha
    return float(flagged.any(axis=1).mean())'''),
        ("Benjamini-Hochberg over the whole table, not window by window", '''def false_alarm_rate(pvalues, alpha=0.05, correction=None):
    table = np.asarray(pvalues, dtype=float)
    m = table.shape[1]
    if correction == "bonferroni":
        flagged = table < alpha / m
    elif correction == "benjamini-hochberg":
        flagged = benjamini_hochberg(table.ravel(), alpha).reshape(table.shape)
    else:
        flagged = table < alpha
    return float(flagged.any(axis=1).mean())'''),
    ],
    "segment_drift": [
        ("each segment against the whole reference", '''def segment_drift(reference, current, column, by):
    scores = {}
    for segment in current[by].dropna().unique():
        cur = current.loc[current[by] == segment, column].dropna()
        if len(cur):
            scores[segment] = ds.psi(reference[column].dropna(), cur)
    return pd.Series(scores, dtype=float).sort_values(ascending=False)'''),
        ("sorted from the smallest PSI up", '''def segment_drift(reference, current, column, by):
    scores = {}
    for segment in current[by].dropna().unique():
        ref = reference.loc[reference[by] == segment, column].dropna()
        cur = current.loc[current[by] == segment, column].dropna()
        if len(ref) and len(cur):
            scores[segment] = ds.psi(ref, cur)
    return pd.Series(scores, dtype=float).sort_values()'''),
        ("keeps segments without rows (every category of a categorical)", '''def segment_drift(reference, current, column, by):
    scores = {}
    for segment, rows in current.groupby(by, observed=False):
        scores[segment] = ds.psi(reference.loc[reference[by] == segment, column], rows[column])
    return pd.Series(scores, dtype=float).sort_values(ascending=False)'''),
    ],
}

SHORTCUTS = {
    "alert_states": '''def alert_states(scores, threshold, for_windows=0):
    import driftscope
    return driftscope.alert_states(scores, threshold, for_windows)''',
    "benjamini_hochberg": '''def benjamini_hochberg(pvalues, alpha=0.05):
    from scipy.stats import false_discovery_control
    return false_discovery_control(pvalues) <= alpha''',
}

# Correct answers written another way: each must keep full marks.
CORRECT_ANSWERS = {
    "alert_states": [
        ("plain Python with math.isnan and a streak counter", '''import math

def alert_states(scores, threshold, for_windows=0):
    out = []
    streak = 0
    for s in list(scores):
        s = float(s)
        if math.isnan(s) or not s > threshold:
            streak = 0
            out.append("inactive")
            continue
        streak += 1
        out.append("pending" if streak <= for_windows else "firing")
    return out'''),
    ],
    "benjamini_hochberg": [
        ("adjusted p-values with a running minimum, like SciPy", '''def benjamini_hochberg(pvalues, alpha=0.05):
    p = np.asarray(pvalues, dtype=float)
    m = len(p)
    order = np.argsort(p)
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    result = np.empty(m, dtype=bool)
    result[order] = np.minimum(adjusted, 1.0) <= alpha
    return result'''),
    ],
    "false_alarm_rate": [
        ("a loop over the windows", '''def false_alarm_rate(pvalues, alpha=0.05, correction=None):
    alarms = 0
    rows = [list(map(float, row)) for row in pvalues]
    for row in rows:
        if correction is None:
            hit = min(row) < alpha
        elif correction == "bonferroni":
            hit = min(row) < alpha / len(row)
        else:
            hit = bool(np.any(benjamini_hochberg(row, alpha)))
        alarms += hit
    return alarms / len(rows)'''),
    ],
    "segment_drift": [
        ("a frozen dataclass per segment, sorted with key=", '''from dataclasses import dataclass


@dataclass(frozen=True)
class SegmentScore:
    segment: object
    psi: float


def segment_drift(reference, current, column, by):
    found = []
    for segment in pd.unique(current[by].dropna()):
        ref = reference[column][reference[by] == segment].dropna()
        cur = current[column][current[by] == segment].dropna()
        if ref.size > 0 and cur.size > 0:
            found.append(SegmentScore(segment, float(ds.psi(ref, cur))))
    found.sort(key=lambda s: s.psi, reverse=True)
    return pd.Series([s.psi for s in found], index=[s.segment for s in found], dtype=float)'''),
        ("groupby on the observed segments", '''def segment_drift(reference, current, column, by):
    ref_groups = dict(list(reference.dropna(subset=[column]).groupby(by, observed=True)[column]))
    result = {}
    for segment, values in current.dropna(subset=[column]).groupby(by, observed=True)[column]:
        if segment in ref_groups and len(values) and len(ref_groups[segment]):
            result[segment] = ds.psi(ref_groups[segment], values)
    return pd.Series(result, dtype=float).sort_values(ascending=False)'''),
    ],
}

# Answers that game the grader rather than solve the exercise. Some pass the test cells
# (that is the point); the grading process's static check must zero the notebook.
TAMPERING = {
    "alert_states": [
        ("guard switch: replaces watchtower.guard.no_shortcuts, then calls the library", '''import contextlib
import watchtower.guard
watchtower.guard.no_shortcuts = lambda *modules, **kwargs: contextlib.nullcontext()
from driftscope import alert_states'''),
        ("lying object: a list whose == always agrees", '''class _Agreeable(list):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False

def alert_states(scores, threshold, for_windows=0):
    return _Agreeable()'''),
    ],
    "benjamini_hochberg": [
        ("patched comparison: numpy.array_equal always True", '''np.array_equal = lambda *args, **kwargs: True

def benjamini_hochberg(pvalues, alpha=0.05):
    p = np.asarray(pvalues, dtype=float)
    return p <= alpha / p.size'''),
    ],
    "false_alarm_rate": [
        ("lying object: a float whose ==, - and abs always agree", '''class _Whatever(float):
    def __eq__(self, other):
        return True
    def __sub__(self, other):
        return 0.0

def false_alarm_rate(pvalues, alpha=0.05, correction=None):
    return _Whatever(0.0)'''),
    ],
}
