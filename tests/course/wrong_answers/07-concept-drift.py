"""Classic wrong answers of chapter 07 (concept drift, stream detectors); each must lose points.

Format (see AUTHORING.md): WRONG_ANSWERS maps a solution cell's grade_id to
(short name, replacement cell source) pairs, each losing points on ``test_<grade_id>``;
SHORTCUTS maps it to an answer that calls a library instead of doing the work (the
guard forbids driftscope and river); CORRECT_ANSWERS holds right answers written
another way, which must keep full marks; TAMPERING holds answers that try to switch
the grading off or fool it, which must lose their points.
`error_stream` has no shortcut: no library function reads the station's logs.
"""

# --- shared pieces ---------------------------------------------------------------------------

_PH_HEAD = '''class PageHinkley:
    def __init__(self, min_instances=30, delta=0.005, threshold=50.0, alpha=1 - 0.0001, mode="up"):
        self.min_instances, self.delta, self.threshold = min_instances, delta, threshold
        self.alpha, self.mode = alpha, mode
        self._reset()

    def _reset(self):
        self._n, self._mean = 0, 0.0
        self._s_up, self._m_up = 0.0, float("inf")
        self._s_down, self._m_down = 0.0, float("-inf")
        self._drift = False

    @property
    def drift_detected(self):
        return self._drift
'''

_PH_DECIDE = '''
        if self._n >= self.min_instances:
            up = self._s_up - self._m_up > self.threshold
            down = self._m_down - self._s_down > self.threshold
            self._drift = {"up": up, "down": down, "both": up or down}[self.mode]
        return self._drift
'''

_PH_SUMS = '''        d = x - self._mean
        self._s_up = self.alpha * self._s_up + d - self.delta
        self._m_up = min(self._m_up, self._s_up)
        self._s_down = self.alpha * self._s_down + d + self.delta
        self._m_down = max(self._m_down, self._s_down)
'''

_DDM_HEAD = '''class DDM:
    def __init__(self, warm_start=30, warning_threshold=2.0, drift_threshold=3.0):
        self.warm_start = warm_start
        self.warning_threshold, self.drift_threshold = warning_threshold, drift_threshold
        self._reset()

    def _reset(self):
        self._n, self._p = 0, 0.0
        self._p_min = self._s_min = float("inf")
        self._drift = self._warning = False

    @property
    def drift_detected(self):
        return self._drift

    @property
    def warning_detected(self):
        return self._warning
'''

_DDM_DECIDE = '''            self._warning = p + s > self._p_min + self.warning_threshold * self._s_min
            if p + s > self._p_min + self.drift_threshold * self._s_min:
                self._drift, self._warning = True, False
        return self._drift
'''

WRONG_ANSWERS = {
    "error_stream": [
        ("uses every label, also those that arrive after as_of", '''def error_stream(logs, as_of):
    as_of = pd.Timestamp(as_of)
    known = logs[(logs["timestamp"] < as_of) & logs["label"].notna()]
    known = known.sort_values(["label_at", "timestamp"], kind="stable")
    return (known["prediction"].astype(str) != known["label"].astype(str)).to_numpy().astype(int)'''),
        ("in the order the requests were sent, not the order the labels arrived", '''def error_stream(logs, as_of):
    as_of = pd.Timestamp(as_of)
    known = logs[(logs["timestamp"] < as_of) & logs["label"].notna() & (logs["label_at"] <= as_of)]
    known = known.sort_values("timestamp", kind="stable")
    return (known["prediction"].astype(str) != known["label"].astype(str)).to_numpy().astype(int)'''),
        ("keeps requests sent at or after as_of", '''def error_stream(logs, as_of):
    as_of = pd.Timestamp(as_of)
    known = logs[logs["label"].notna() & (logs["label_at"] <= as_of)]
    known = known.sort_values(["label_at", "timestamp"], kind="stable")
    return (known["prediction"].astype(str) != known["label"].astype(str)).to_numpy().astype(int)'''),
        ("returns booleans, not 0/1 integers", '''def error_stream(logs, as_of):
    as_of = pd.Timestamp(as_of)
    known = logs[(logs["timestamp"] < as_of) & logs["label"].notna() & (logs["label_at"] <= as_of)]
    known = known.sort_values(["label_at", "timestamp"], kind="stable")
    return (known["prediction"].astype(str) != known["label"].astype(str)).to_numpy()'''),
    ],
    "PageHinkley": [
        ("the mean excludes x (updated after d)", _PH_HEAD + '''
    def update(self, x):
        if self._drift:
            self._reset()
        self._n += 1
        d = x - self._mean
        self._mean += (x - self._mean) / self._n
        self._s_up = self.alpha * self._s_up + d - self.delta
        self._m_up = min(self._m_up, self._s_up)
        self._s_down = self.alpha * self._s_down + d + self.delta
        self._m_down = max(self._m_down, self._s_down)''' + _PH_DECIDE),
        ("no reset after a detection", _PH_HEAD + '''
    def update(self, x):
        self._n += 1
        self._mean += (x - self._mean) / self._n
''' + _PH_SUMS + _PH_DECIDE.replace("        if self._n", "        if self._n", 1)),
        ("the mode is ignored: always both directions", _PH_HEAD + '''
    def update(self, x):
        if self._drift:
            self._reset()
        self._n += 1
        self._mean += (x - self._mean) / self._n
''' + _PH_SUMS + '''        if self._n >= self.min_instances:
            self._drift = (self._s_up - self._m_up > self.threshold
                           or self._m_down - self._s_down > self.threshold)
        return self._drift
'''),
        ("the forgetting factor applied after adding the deviation", _PH_HEAD + '''
    def update(self, x):
        if self._drift:
            self._reset()
        self._n += 1
        self._mean += (x - self._mean) / self._n
        d = x - self._mean
        self._s_up = self.alpha * (self._s_up + d - self.delta)
        self._m_up = min(self._m_up, self._s_up)
        self._s_down = self.alpha * (self._s_down + d + self.delta)
        self._m_down = max(self._m_down, self._s_down)''' + _PH_DECIDE),
    ],
    "DDM": [
        ("p_min and s_min updated during the warm start", _DDM_HEAD + '''
    def update(self, x):
        if self._drift:
            self._reset()
        self._n += 1
        self._p += (x - self._p) / self._n
        p = self._p
        s = (p * (1 - p) / self._n) ** 0.5
        if p + s <= self._p_min + self._s_min:
            self._p_min, self._s_min = p, s
        if self._n > self.warm_start:
''' + _DDM_DECIDE),
        ("no reset after a detection", _DDM_HEAD + '''
    def update(self, x):
        self._n += 1
        self._p += (x - self._p) / self._n
        p = self._p
        s = (p * (1 - p) / self._n) ** 0.5
        if self._n > self.warm_start:
            if p + s <= self._p_min + self._s_min:
                self._p_min, self._s_min = p, s
''' + _DDM_DECIDE),
        ("standard deviation without the division by n", _DDM_HEAD + '''
    def update(self, x):
        if self._drift:
            self._reset()
        self._n += 1
        self._p += (x - self._p) / self._n
        p = self._p
        s = (p * (1 - p)) ** 0.5
        if self._n > self.warm_start:
            if p + s <= self._p_min + self._s_min:
                self._p_min, self._s_min = p, s
''' + _DDM_DECIDE),
        ("drift tested against the warning threshold", _DDM_HEAD + '''
    def update(self, x):
        if self._drift:
            self._reset()
        self._n += 1
        self._p += (x - self._p) / self._n
        p = self._p
        s = (p * (1 - p) / self._n) ** 0.5
        if self._n > self.warm_start:
            if p + s <= self._p_min + self._s_min:
                self._p_min, self._s_min = p, s
            self._warning = p + s > self._p_min + self.warning_threshold * self._s_min
            if self._warning:
                self._drift, self._warning = True, False
        return self._drift
'''),
    ],
}

SHORTCUTS = {
    "PageHinkley": '''class PageHinkley:
    def __init__(self, min_instances=30, delta=0.005, threshold=50.0, alpha=1 - 0.0001, mode="up"):
        from river.drift import PageHinkley as RiverPageHinkley
        self._inner = RiverPageHinkley(min_instances=min_instances, delta=delta, threshold=threshold,
                                       alpha=alpha, mode=mode)

    @property
    def drift_detected(self):
        return self._inner.drift_detected

    def update(self, x):
        self._inner.update(x)
        return self._inner.drift_detected''',
    "DDM": '''import driftscope

class DDM:
    def __init__(self, warm_start=30, warning_threshold=2.0, drift_threshold=3.0):
        self._inner = driftscope.DDM(warm_start, warning_threshold, drift_threshold)

    @property
    def drift_detected(self):
        return self._inner.drift_detected

    @property
    def warning_detected(self):
        return self._inner.warning_detected

    def update(self, x):
        return self._inner.update(x)''',
}

CORRECT_ANSWERS = {
    "error_stream": [
        ("numpy lexsort on the arrival times", '''def error_stream(logs, as_of):
    cutoff = np.datetime64(pd.Timestamp(as_of).to_datetime64())
    sent = logs["timestamp"].to_numpy()
    arrived = logs["label_at"].to_numpy()
    keep = (sent < cutoff) & ~pd.isna(arrived) & (arrived <= cutoff) & logs["label"].notna().to_numpy()
    order = np.lexsort((sent[keep], arrived[keep]))
    wrong = logs["prediction"].astype(object).to_numpy()[keep] != logs["label"].astype(object).to_numpy()[keep]
    return wrong[order].astype(np.int64)'''),
    ],
    "PageHinkley": [
        ("a dict of state, math.inf and explicit mode branches", '''import math

class PageHinkley:
    def __init__(self, min_instances=30, delta=0.005, threshold=50.0, alpha=1 - 0.0001, mode="up"):
        if mode not in ("up", "down", "both"):
            raise ValueError(f"mode must be up, down or both, got {mode!r}")
        self.params = dict(min_instances=min_instances, delta=delta, threshold=threshold, alpha=alpha)
        self.mode = mode
        self.state = None
        self._flag = False

    @property
    def drift_detected(self):
        return self._flag

    def update(self, x):
        if self.state is None or self._flag:
            self.state = {"n": 0, "mean": 0.0, "s_up": 0.0, "min_up": math.inf, "s_down": 0.0, "max_down": -math.inf}
        st, pr = self.state, self.params
        st["n"] += 1
        st["mean"] = st["mean"] + (1.0 / st["n"]) * (x - st["mean"])
        dev = x - st["mean"]
        st["s_up"] = pr["alpha"] * st["s_up"] + dev - pr["delta"]
        st["s_down"] = pr["alpha"] * st["s_down"] + dev + pr["delta"]
        if st["s_up"] < st["min_up"]:
            st["min_up"] = st["s_up"]
        if st["s_down"] > st["max_down"]:
            st["max_down"] = st["s_down"]
        flag = False
        if st["n"] >= pr["min_instances"]:
            if self.mode in ("up", "both") and st["s_up"] - st["min_up"] > pr["threshold"]:
                flag = True
            if self.mode in ("down", "both") and st["max_down"] - st["s_down"] > pr["threshold"]:
                flag = True
        self._flag = flag
        return flag'''),
    ],
    "DDM": [
        ("math.sqrt, a stored p_min + s_min and a pending-reset flag", '''import math

class DDM:
    def __init__(self, warm_start=30, warning_threshold=2.0, drift_threshold=3.0):
        self.warm_start = warm_start
        self.w, self.d = warning_threshold, drift_threshold
        self._fresh()

    def _fresh(self):
        self.n, self.p = 0, 0.0
        self.best = (math.inf, math.inf, math.inf)  # (p + s, p, s)
        self._drift = self._warn = False

    drift_detected = property(lambda self: self._drift)
    warning_detected = property(lambda self: self._warn)

    def update(self, x):
        if self._drift:
            self._fresh()
        self.n += 1
        self.p += (x - self.p) / self.n
        s = math.sqrt(self.p * (1.0 - self.p) / self.n)
        level = self.p + s
        if self.n <= self.warm_start:
            return False
        if level <= self.best[0]:
            self.best = (level, self.p, s)
        _, p_min, s_min = self.best
        self._drift = level > p_min + self.d * s_min
        self._warn = (not self._drift) and level > p_min + self.w * s_min
        return self._drift'''),
    ],
}

TAMPERING = {
    "PageHinkley": [
        ("guard switch: watchtower.guard.no_shortcuts replaced, then River called", '''import watchtower.guard

class _NoGuard:
    def __init__(self, *forbidden, exercise=None):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

watchtower.guard.no_shortcuts = _NoGuard

class PageHinkley:
    def __init__(self, min_instances=30, delta=0.005, threshold=50.0, alpha=1 - 0.0001, mode="up"):
        from river.drift import PageHinkley as RiverPageHinkley
        self._inner = RiverPageHinkley(min_instances=min_instances, delta=delta, threshold=threshold,
                                       alpha=alpha, mode=mode)

    @property
    def drift_detected(self):
        return self._inner.drift_detected

    def update(self, x):
        self._inner.update(x)
        return self._inner.drift_detected'''),
    ],
    "DDM": [
        ("patched comparison: River's DDM, the tests' oracle, replaced by a wrong answer so that both agree", _DDM_HEAD + '''
    def update(self, x):
        if self._drift:
            self._reset()
        self._n += 1
        self._p += (x - self._p) / self._n
        p = self._p
        s = (p * (1 - p) / self._n) ** 0.5
        if p + s <= self._p_min + self._s_min:
            self._p_min, self._s_min = p, s
        if self._n > self.warm_start:
''' + _DDM_DECIDE + '''

import river.drift.binary
river.drift.binary.DDM = DDM'''),
    ],
    "error_stream": [
        ("lying object: an array whose tolist() compares equal to anything", '''class _Agreeable(list):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False


class _Stream(np.ndarray):
    def tolist(self):
        return _Agreeable()


def error_stream(logs, as_of):
    return np.zeros(3, dtype=int).view(_Stream)'''),
    ],
}
