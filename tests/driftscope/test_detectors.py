"""Stream detectors (driftscope.detectors) against River 0.26, step for step.

Each case runs driftscope's detector and River's side by side over the same
stream and compares the steps at which they flag drift (and, for DDM, a
warning), which covers the reset after a detection too; for ADWIN also the
window's width, mean and variance at every step. Streams: abrupt and
gradual changes, no change, heavy noise, both directions, several changes in
a row, long streams (50,000 values), 0/1 error streams, and other parameters.
The common bad-input sweep (NaN, inf, strings) is in tests/driftscope/test_common.py.
"""

import inspect
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import driftscope as ds
from driftscope.synthetic import drifting_stream
from needs import require

river_drift = require("river.drift")


# --- streams ------------------------------------------------------------------------------------

def values(n=4000, cp=2000, before=0.0, after=1.0, width=0, noise=1.0, seed=0):
    return drifting_stream(n, change_point=cp, before=before, after=after, kind="values",
                           width=width, noise=noise, seed=seed)


def errors(n=4000, cp=2000, before=0.1, after=0.3, width=0, seed=0):
    return drifting_stream(n, change_point=cp, before=before, after=after, width=width, seed=seed)


def piecewise(levels, length, noise=1.0, seed=0, binary=False):
    """One segment of `length` values per level: several change points in a row."""
    rng = np.random.default_rng(seed)
    level = np.repeat(np.asarray(levels, dtype=float), length)
    if binary:
        return (rng.random(level.size) < level).astype(np.int64)
    return level + rng.normal(0.0, noise, level.size)


# --- running both -------------------------------------------------------------------------------

def run_driftscope(det, stream):
    drifts, warnings, states = [], [], []
    for i, x in enumerate(stream):
        flag = det.update(x)
        assert flag is det.drift_detected
        if flag:
            drifts.append(i)
        if getattr(det, "warning_detected", False):
            warnings.append(i)
        if isinstance(det, ds.ADWIN):
            states.append((det.width, det.estimation, det.variance))
    return drifts, warnings, states


def run_river(det, stream):
    drifts, warnings, states = [], [], []
    for i, x in enumerate(stream):
        try:
            det.update(x)
        except BaseException as exc:  # River's ADWIN panics with max_buckets=1
            if type(exc).__name__ != "PanicException":
                raise
            return drifts, warnings, states, i
        if det.drift_detected:
            drifts.append(i)
        if getattr(det, "warning_detected", False):
            warnings.append(i)
        if isinstance(det, river_drift.ADWIN):
            # River's `variance` is the sum of squared deviations (width x driftscope's)
            w = det.width
            states.append((int(w), det.estimation, det.variance / w if w else 0.0))
    return drifts, warnings, states, None


RIVER = {"PageHinkley": lambda **kw: river_drift.PageHinkley(**kw),
         "DDM": lambda **kw: river_drift.binary.DDM(**kw),
         "ADWIN": lambda **kw: river_drift.ADWIN(**kw)}


def assert_agree(name, stream, kwargs):
    """Same drift and warning steps (and ADWIN window) as River; returns the drift steps."""
    ours = run_driftscope(getattr(ds, name)(**kwargs), stream)
    # River gets what a user would pass it: Python ints/floats (ints stay ints for DDM)
    river_kwargs = {"mode": "up", **kwargs} if name == "PageHinkley" else kwargs  # River: "both"
    theirs = run_river(RIVER[name](**river_kwargs), stream.tolist())
    stop = len(stream) if theirs[3] is None else theirs[3]
    drifts = [i for i in ours[0] if i < stop]
    assert drifts == theirs[0], f"{name}{kwargs}: drift steps differ"
    assert [i for i in ours[1] if i < stop] == theirs[1], f"{name}{kwargs}: warning steps differ"
    for step, (a, b) in enumerate(zip(ours[2], theirs[2])):
        assert a[0] == b[0] and a[1] == b[1], f"ADWIN{kwargs} window differs at step {step}: {a} {b}"
        assert math.isclose(a[2], b[2], rel_tol=1e-12, abs_tol=1e-12), (step, a, b)
    return ours[0]


# --- agreement with River on seeded streams -----------------------------------------------------

PH_CASES = {
    "abrupt-up": (values(after=1.5), {}),
    "abrupt-up-both": (values(after=1.5, seed=1), {"mode": "both"}),
    "abrupt-down": (values(after=-1.5, seed=2), {"mode": "down"}),
    "abrupt-down-up-mode": (values(after=-1.5, seed=2), {"mode": "up"}),
    "gradual-up": (values(after=1.0, width=800, seed=3), {"threshold": 20.0}),
    "gradual-down": (values(after=-1.0, width=800, seed=4), {"mode": "both", "threshold": 20.0}),
    "no-change": (values(after=0.0, seed=5), {"mode": "both", "threshold": 10.0}),
    "noisy": (values(after=1.0, noise=5.0, seed=6), {"mode": "both", "threshold": 25.0}),
    "small-shift": (values(after=0.2, noise=0.5, seed=7), {"delta": 0.0, "threshold": 5.0}),
    "forgetting": (values(after=1.0, seed=8), {"alpha": 0.99, "threshold": 5.0, "mode": "both"}),
    "no-forgetting": (values(after=1.0, seed=9), {"alpha": 1.0, "min_instances": 200}),
    "big-delta": (values(after=3.0, seed=10), {"delta": 0.5, "threshold": 2.0, "mode": "both"}),
    "integers": (np.random.default_rng(11).integers(0, 5, 4000) + (np.arange(4000) >= 2000) * 3,
                 {"mode": "both"}),
    "long-50k": (piecewise([0, 1, -1, 2, 0, 0.5, -0.5, 3, 1, 0], 5000, seed=12),
                 {"mode": "both", "threshold": 30.0}),
    "long-50k-frequent": (piecewise([0, 0.3] * 25, 1000, noise=0.5, seed=13),
                          {"mode": "both", "threshold": 3.0, "min_instances": 10}),
}

DDM_CASES = {
    "abrupt": (errors(), {}),
    "abrupt-large": (errors(before=0.05, after=0.5, seed=1), {}),
    "gradual": (errors(after=0.35, width=1000, seed=2), {}),
    "no-change": (errors(after=0.1, seed=3), {}),
    "improving": (errors(before=0.3, after=0.05, seed=4), {}),
    "starts-perfect": (errors(before=0.0, after=0.2, seed=5), {}),
    "always-wrong": (np.ones(500, dtype=np.int64), {}),
    "always-right": (np.zeros(500, dtype=np.int64), {}),
    "thresholds": (errors(seed=6), {"warm_start": 100, "warning_threshold": 1.5,
                                     "drift_threshold": 2.5}),
    "tight": (errors(seed=7), {"warm_start": 1, "warning_threshold": 1.0, "drift_threshold": 1.0}),
    "bools": (errors(seed=8).astype(bool), {}),
    "floats": (errors(seed=9).astype(float), {}),
    "long-50k": (piecewise([0.1, 0.3, 0.1, 0.5, 0.2] * 2, 5000, seed=10, binary=True), {}),
}

ADWIN_CASES = {
    "abrupt-up": (values(after=1.0), {}),
    "abrupt-down": (values(after=-0.7, seed=1), {}),
    "gradual": (values(after=1.0, width=800, seed=2), {}),
    "no-change": (values(after=0.0, seed=3), {}),
    "noisy": (values(after=1.0, noise=4.0, seed=4), {}),
    "errors": (errors(seed=5), {}),
    "clock-1": (values(after=0.5, seed=6), {"clock": 1}),
    "delta-0.1": (values(after=0.5, seed=7), {"delta": 0.1, "clock": 8}),
    "max-buckets-2": (values(after=1.0, seed=8), {"max_buckets": 2, "clock": 1}),
    "max-buckets-8": (values(after=1.0, seed=9), {"max_buckets": 8}),
    "max-buckets-1": (values(after=1.0, seed=10), {"max_buckets": 1, "clock": 4}),
    "min-window-1": (values(after=1.0, seed=11), {"min_window_length": 1, "grace_period": 0}),
    "min-window-50": (values(after=1.0, seed=12), {"min_window_length": 50, "grace_period": 200}),
    "large-values": (values(before=1e6, after=1e6 + 300, noise=1000.0, seed=13), {}),
    "long-50k": (piecewise([0, 1, -1, 2, 0, 0.5, -0.5, 3, 1, 0], 5000, seed=14), {}),
}

CASES = ([("PageHinkley", c) for c in PH_CASES] + [("DDM", c) for c in DDM_CASES]
         + [("ADWIN", c) for c in ADWIN_CASES])
TABLES = {"PageHinkley": PH_CASES, "DDM": DDM_CASES, "ADWIN": ADWIN_CASES}


@pytest.mark.parametrize("name, case", CASES, ids=[f"{n}-{c}" for n, c in CASES])
def test_same_steps_as_river(name, case):
    stream, kwargs = TABLES[name][case]
    assert_agree(name, stream, kwargs)


def test_the_streams_exercise_the_detectors():
    # Agreement on streams where nothing is flagged would prove little.
    counts = {name: sum(len(run_driftscope(getattr(ds, name)(**kw), s)[0])
                        for s, kw in TABLES[name].values()) for name in TABLES}
    assert counts["PageHinkley"] > 100 and counts["DDM"] > 20 and counts["ADWIN"] > 20, counts
    # and the obvious ones are caught after, not before, the change
    assert run_driftscope(ds.PageHinkley(), values(n=3000, cp=500, after=1.5))[0][0] >= 500
    assert run_driftscope(ds.ADWIN(), values(after=1.0))[0][0] >= 2000


def test_river_adwin_max_buckets_1_panics_where_driftscope_goes_on():
    # With max_buckets=1, merging leaves empty levels and River 0.26's second deletion in a
    # row panics ("slice index starts at 1 but ends at 0"); driftscope agrees up to there.
    stream = values(5000, cp=751, after=-2.515473441843831, noise=0.8796786852923599, seed=34)
    kwargs = {"max_buckets": 1, "clock": 4}
    theirs = run_river(river_drift.ADWIN(**kwargs), stream.tolist())
    assert theirs[3] == 763  # where River panicked
    drifts = assert_agree("ADWIN", stream, kwargs)
    assert 763 in drifts and len(run_driftscope(ds.ADWIN(**kwargs), stream)[2]) == len(stream)


# --- properties (Hypothesis) --------------------------------------------------------------------

segments = st.lists(st.tuples(st.floats(-3, 3), st.integers(20, 400)), min_size=1, max_size=6)


def segment_stream(segs, noise, seed):
    rng = np.random.default_rng(seed)
    level = np.concatenate([np.full(n, m) for m, n in segs])
    return level + rng.normal(0.0, noise, level.size)


@settings(max_examples=40)
@given(segs=segments, noise=st.floats(0.0, 3.0), seed=st.integers(0, 2**32 - 1),
       min_instances=st.integers(1, 60), delta=st.floats(0, 0.5),
       threshold=st.floats(0, 30), alpha=st.sampled_from([1.0, 0.9999, 0.999, 0.9]),
       mode=st.sampled_from(["up", "down", "both"]))
def test_page_hinkley_matches_river(segs, noise, seed, min_instances, delta, threshold, alpha, mode):
    kwargs = dict(min_instances=min_instances, delta=delta, threshold=threshold, alpha=alpha,
                  mode=mode)
    assert_agree("PageHinkley", segment_stream(segs, noise, seed), kwargs)


@settings(max_examples=40)
@given(segs=st.lists(st.tuples(st.floats(0, 1), st.integers(10, 500)), min_size=1, max_size=6),
       seed=st.integers(0, 2**32 - 1), warm_start=st.integers(0, 100),
       warning=st.floats(0, 4), extra=st.floats(0, 3))
def test_ddm_matches_river(segs, seed, warm_start, warning, extra):
    rng = np.random.default_rng(seed)
    level = np.concatenate([np.full(n, p) for p, n in segs])
    stream = (rng.random(level.size) < level).astype(np.int64)
    kwargs = dict(warm_start=warm_start, warning_threshold=warning, drift_threshold=warning + extra)
    assert_agree("DDM", stream, kwargs)


@settings(max_examples=30)
@given(segs=segments, noise=st.floats(0.0, 3.0), seed=st.integers(0, 2**32 - 1),
       delta=st.floats(1e-4, 0.5), clock=st.integers(1, 40), max_buckets=st.integers(2, 8),
       min_window_length=st.integers(1, 30), grace_period=st.integers(0, 100))
def test_adwin_matches_river(segs, noise, seed, delta, clock, max_buckets, min_window_length,
                             grace_period):
    kwargs = dict(delta=delta, clock=clock, max_buckets=max_buckets,
                  min_window_length=min_window_length, grace_period=grace_period)
    assert_agree("ADWIN", segment_stream(segs, noise, seed), kwargs)


@settings(max_examples=30)
@given(xs=st.lists(st.floats(-1e9, 1e9) | st.integers(-1000, 1000), max_size=300))
def test_arbitrary_values_match_river(xs):
    stream = np.array(xs, dtype=float)
    assert_agree("PageHinkley", stream, {"min_instances": 3, "threshold": 1.0, "mode": "both"})
    assert_agree("ADWIN", stream, {"clock": 1, "grace_period": 0, "min_window_length": 1})


@settings(max_examples=25)
@given(segs=segments, seed=st.integers(0, 2**32 - 1),
       name=st.sampled_from(["PageHinkley", "DDM", "ADWIN"]))
def test_after_a_detection_the_next_update_starts_afresh(segs, seed, name):
    stream = segment_stream(segs, 1.0, seed)
    if name == "DDM":
        stream = (stream > 0).astype(np.int64)
    kwargs = {"PageHinkley": {"threshold": 5.0, "mode": "both"}, "DDM": {},
              "ADWIN": {"clock": 4}}[name]
    drifts = run_driftscope(getattr(ds, name)(**kwargs), stream)[0]
    for i in drifts[:3]:  # the rest of the stream, fed to a fresh detector, gives the same steps
        fresh = run_driftscope(getattr(ds, name)(**kwargs), stream[i + 1:])[0]
        assert [j - i - 1 for j in drifts if j > i] == fresh


# --- API ----------------------------------------------------------------------------------------

def test_defaults_follow_the_course_contract():
    sig = {name: {p.name: p.default for p in inspect.signature(getattr(ds, name)).parameters.values()}
           for name in TABLES}
    assert sig["PageHinkley"] == {"min_instances": 30, "delta": 0.005, "threshold": 50.0,
                                  "alpha": 1 - 0.0001, "mode": "up"}  # River's mode default: "both"
    assert sig["DDM"] == {"warm_start": 30, "warning_threshold": 2.0, "drift_threshold": 3.0}
    assert sig["ADWIN"] == {"delta": 0.002, "clock": 32, "max_buckets": 5,
                            "min_window_length": 5, "grace_period": 10}
    ph = ds.PageHinkley(threshold=10.0, mode="down")
    assert (ph.min_instances, ph.threshold, ph.mode) == (30, 10.0, "down")
    assert "mode='down'" in repr(ph)


@pytest.mark.parametrize("name", TABLES)
def test_flags_are_read_only(name):
    det = getattr(ds, name)()
    for attr in ("drift_detected", "warning_detected", "width", "estimation", "variance"):
        if hasattr(det, attr):
            with pytest.raises(AttributeError):
                setattr(det, attr, True)
    assert det.drift_detected is False


def test_adwin_window_statistics():
    adwin = ds.ADWIN()
    assert (adwin.width, adwin.estimation, adwin.variance) == (0, 0.0, 0.0)
    for x in [1.0, 2.0, 3.0, 4.0, 5.0]:
        adwin.update(x)
    assert (adwin.width, adwin.estimation, adwin.variance) == (5, 3.0, 2.0)


def test_ddm_warning_then_drift():
    ddm = ds.DDM()
    drifts, warnings = [], []
    for i, e in enumerate(errors(before=0.1, after=0.3, seed=5)):
        if ddm.update(e):
            drifts.append(i)
            assert not ddm.warning_detected  # drift supersedes the warning
        elif ddm.warning_detected:
            warnings.append(i)
    assert warnings and drifts and warnings[0] < drifts[0]


BAD_PARAMETERS = [
    ("PageHinkley", {"min_instances": 0}), ("PageHinkley", {"min_instances": 2.5}),
    ("PageHinkley", {"delta": -0.1}), ("PageHinkley", {"delta": np.nan}),
    ("PageHinkley", {"threshold": -1.0}), ("PageHinkley", {"threshold": np.inf}),
    ("PageHinkley", {"threshold": "50"}), ("PageHinkley", {"alpha": 0.0}),
    ("PageHinkley", {"alpha": 1.5}), ("PageHinkley", {"alpha": True}),
    ("PageHinkley", {"mode": "sideways"}), ("PageHinkley", {"mode": None}),
    ("DDM", {"warm_start": -1}), ("DDM", {"warm_start": 3.0}), ("DDM", {"warm_start": True}),
    ("DDM", {"warning_threshold": -1.0}), ("DDM", {"drift_threshold": np.nan}),
    ("DDM", {"warning_threshold": 3.0, "drift_threshold": 2.0}),
    ("ADWIN", {"delta": 0.0}), ("ADWIN", {"delta": 1.0}), ("ADWIN", {"delta": "0.1"}),
    ("ADWIN", {"clock": 0}), ("ADWIN", {"clock": 1.5}), ("ADWIN", {"max_buckets": 0}),
    ("ADWIN", {"min_window_length": 0}), ("ADWIN", {"grace_period": -1}),
    ("ADWIN", {"grace_period": None}),
]


@pytest.mark.parametrize("name, kwargs", BAD_PARAMETERS,
                         ids=[f"{n}-{k}" for n, k in BAD_PARAMETERS])
def test_bad_parameters(name, kwargs):
    param = list(kwargs)[-1]
    with pytest.raises(ds.ParameterError, match=param) as info:
        getattr(ds, name)(**kwargs)
    assert info.value.name == param


@pytest.mark.parametrize("x", [0.5, 2, -1, 1e-9, np.float64(0.999)])
def test_ddm_takes_only_0_and_1(x):
    ddm = ds.DDM()
    with pytest.raises(ds.DtypeError, match=r"^DDM\.update: x must be 0 or 1") as info:
        ddm.update(x)
    assert repr(float(x)) in str(info.value) or repr(x) in str(info.value)


@pytest.mark.parametrize("x", [0, 1, True, False, 0.0, 1.0, np.int64(1), np.bool_(True),
                               np.float32(0.0)])
def test_ddm_takes_every_kind_of_0_and_1(x):
    assert ds.DDM().update(x) is False


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("x, error", [(np.nan, ds.NonFiniteError), (-np.inf, ds.NonFiniteError),
                                      (10**400, ds.NonFiniteError), ("0", ds.DtypeError),
                                      (b"1", ds.DtypeError), ([1.0], ds.DtypeError)])
def test_bad_values_name_the_detector_and_the_value(name, x, error):
    with pytest.raises(error, match=rf"^{name}\.update: x must be") as info:
        getattr(ds, name)().update(x)
    assert repr(x) in str(info.value) or type(x).__name__ in str(info.value)
    assert isinstance(info.value, ds.DriftscopeError) and isinstance(info.value, ValueError)
