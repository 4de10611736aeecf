"""One sweep over every public function of driftscope: the same bad input, the same answers.

Each public function is registered below with the kind of data it takes. A new
function in ``driftscope.__all__`` that is in neither ``SWEPT`` nor
``NOT_SWEPT`` fails `test_every_public_name_is_classified`, so nothing slips
past the sweep unnoticed.

The policy being checked (see driftscope._validation):

==============  ==========================  ==========================
input           samples (numeric, categ.)   distributions, p-values
==============  ==========================  ==========================
empty           EmptySampleError            EmptySampleError
all NaN         AllNaNError                 NonFiniteError
NaN/inf/None    dropped, counted            NonFiniteError
wrong type      DtypeError                  DtypeError
2-D             ShapeError                  ShapeError
==============  ==========================  ==========================
"""

import inspect
import math
import re
import types

import numpy as np
import pytest

import driftscope as ds

NUMERIC, CATEGORICAL, DISTRIBUTION, PVALUES = "numeric", "categorical", "distribution", "pvalues"
CONFIDENCE = "confidence"  # numeric samples that must lie in [0, 1]
DROPS_MISSING = {NUMERIC, CATEGORICAL, CONFIDENCE}

_rng = np.random.default_rng(2043)
GOOD = {
    NUMERIC: _rng.normal(size=40),
    CATEGORICAL: _rng.choice(np.array(["a", "b", "c"], dtype=object), 40),
    DISTRIBUTION: np.array([3.0, 1.0, 0.0, 2.0]),
    PVALUES: np.array([0.01, 0.2, 0.04, 0.5]),
    CONFIDENCE: _rng.uniform(0.25, 1.0, 40),
}
WRONG_TYPE = {
    NUMERIC: np.array(["1.0", "2.0", "x"]),  # numeric-looking strings must not be parsed
    CATEGORICAL: np.array([{"a": 1}, {"b": 2}], dtype=object),  # unhashable labels
    DISTRIBUTION: np.array(["1", "2", "3", "4"]),
    PVALUES: np.array(["0.01", "0.2", "0.04", "0.5"]),
    CONFIDENCE: np.array(["0.5", "0.9", "x"]),
}

# public function -> (kind of data, names of its data parameters, other arguments)
SWEPT = {
    "bin_edges": (NUMERIC, ("reference",), {}),
    "bin_counts": (NUMERIC, ("values",), {"edges": [-1.0, 0.0, 1.0]}),
    "category_counts": (CATEGORICAL, ("reference", "current"), {}),
    "kl_divergence": (DISTRIBUTION, ("p", "q"), {"epsilon": 1e-6}),
    "js_divergence": (DISTRIBUTION, ("p", "q"), {}),
    "js_distance": (DISTRIBUTION, ("p", "q"), {}),
    "hellinger": (DISTRIBUTION, ("p", "q"), {}),
    "total_variation": (DISTRIBUTION, ("p", "q"), {}),
    "psi": (NUMERIC, ("reference", "current"), {}),
    "psi_from_counts": (DISTRIBUTION, ("reference_counts", "current_counts"), {}),
    "ks_test": (NUMERIC, ("reference", "current"), {}),
    "wasserstein": (NUMERIC, ("reference", "current"), {}),
    "chi_square_test": (CATEGORICAL, ("reference", "current"), {}),
    "z_test": (CATEGORICAL, ("reference", "current"), {}),
    "bonferroni": (PVALUES, ("pvalues",), {}),
    "benjamini_hochberg": (PVALUES, ("pvalues",), {}),
    "prediction_shares": (CATEGORICAL, ("predictions",), {}),
    "prediction_drift": (CATEGORICAL, ("reference", "current"), {}),
    "expected_accuracy": (CONFIDENCE, ("confidence",), {}),
}

# public callables that take other inputs, and where their bad input is tested
NOT_SWEPT = {
    "drift_report": "takes two data frames; its columns go through the functions swept here "
                    "(tests/driftscope/test_report.py)",
    "DriftReport": "the result class of drift_report",
    "ColumnDrift": "one row of a DriftReport",
    # streaming sketches take sketches, not samples; bad input in tests/driftscope/test_sketch.py
    "HistogramSketch": "a sketch class; its constructors and update are tested in tests/driftscope/test_sketch.py",
    "CategorySketch": "a sketch class; its constructors and update are tested in tests/driftscope/test_sketch.py",
    "Profile": "one sketch per column of a data frame (tests/driftscope/test_sketch.py)",
    "KSBound": "the result class of sketch_ks_bound",
    "sketch_psi": "takes two sketches (tests/driftscope/test_sketch.py)",
    "sketch_kl": "takes two sketches (tests/driftscope/test_sketch.py)",
    "sketch_js_distance": "takes two sketches (tests/driftscope/test_sketch.py)",
    "sketch_hellinger": "takes two sketches (tests/driftscope/test_sketch.py)",
    "sketch_ks_bound": "takes two sketches (tests/driftscope/test_sketch.py)",
    # monitoring over time: frames, scores per window and alert states
    "windowed_drift": "takes two data frames and a time column; bad input in tests/driftscope/test_windows.py",
    "WindowedDrift": "the result class of windowed_drift",
    "alert_states": "takes one score per window, where NaN means no data (not an error) and an empty "
                    "series has no states; bad input in tests/driftscope/test_alerts.py",
    "alert_periods": "takes alert states and window times (tests/driftscope/test_alerts.py)",
    "alert_notifications": "takes alert states and times (tests/driftscope/test_alerts.py)",
    # performance without labels (tests/driftscope/test_performance.py)
    "realised_accuracy": "takes two aligned label arrays; dropping a value from one would misalign "
                         "them (tests/driftscope/test_performance.py)",
    "IsotonicCalibrator": "a class fitted on (confidence, correct) pairs "
                          "(tests/driftscope/test_performance.py)",
    "performance_timeline": "takes a data frame of request logs (tests/driftscope/test_performance.py)",
    "run_detector": "takes a detector and a stream (tests/driftscope/test_performance.py)",
    "score_detections": "takes detection steps and a change point (tests/driftscope/test_performance.py)",
    "DetectionScore": "the result class of score_detections",
    # texts: a domain classifier between two windows of messages
    "text_drift": "takes two collections of messages; empty, missing and non-text input in "
                  "tests/driftscope/test_text.py",
}

# stream detectors (classes fed one value at a time by update(x)) -> (constructor arguments,
# a good stream); swept by the detector tests at the end of this file
DETECTORS = {
    "PageHinkley": ({"min_instances": 5, "threshold": 1.0, "mode": "both"}, GOOD[NUMERIC]),
    "DDM": ({"warm_start": 5}, (GOOD[NUMERIC] > 0.5).astype(np.int64)),
    "ADWIN": ({"clock": 1, "grace_period": 5}, GOOD[NUMERIC]),
}

# functions that return plain arrays or a dict rather than a result object: they have no
# place for a count of dropped values (the result objects all have one)
PLAIN_RESULTS = {
    "bin_edges": "returns the edges, a NumPy array",
    "bin_counts": "returns the counts per bin, a NumPy array",
    "category_counts": "returns (categories, reference counts, current counts), NumPy arrays",
    "prediction_shares": "returns a dict of class shares (prediction_drift counts its drops)",
}

RESULT_TYPES = {"KSResult", "ChiSquareResult", "ZTestResult", "MultipleTestResult", "Statistic",
                "PredictionDriftResult", "AccuracyEstimate", "RealisedAccuracy", "TextDriftResult"}

SWEEP = [(name, slot) for name, (_, slots, _) in SWEPT.items() for slot in slots]
SWEEP_IDS = [f"{name}({slot}=...)" for name, slot in SWEEP]


def call(name, slot=None, bad=None):
    """Call public function `name` on good data, with `bad` in place of parameter `slot`."""
    kind, slots, extra = SWEPT[name]
    data = {s: GOOD[kind] for s in slots}
    if slot is not None:
        data[slot] = bad
    return getattr(ds, name)(**data, **extra)


def with_inserted(values, *extras):
    """`values` as an object array with `extras` slipped in at fixed places, order otherwise kept."""
    positions = np.linspace(0, len(values), len(extras)).astype(int)
    return np.insert(np.asarray(values, dtype=object), positions, np.array(extras, dtype=object))


def flatten(result):
    """The numbers (and labels) a result is made of, for equality and NaN checks."""
    if isinstance(result, (str, bytes)):
        return [result]
    if isinstance(result, dict):
        return [x for item in result.items() for x in flatten(item)]
    if isinstance(result, (tuple, list)) or hasattr(result, "__iter__") and not isinstance(result, np.ndarray):
        return [x for part in result for x in flatten(part)]
    return list(np.atleast_1d(np.asarray(result, dtype=object)))


def assert_no_nan(result, where):
    for x in flatten(result):
        assert not (isinstance(x, (float, np.floating)) and math.isnan(x)), f"{where} returned NaN: {result!r}"


def assert_documented(name, error):
    """The error class raised must be listed in the function's Raises section."""
    doc = inspect.getdoc(getattr(ds, name))
    raises = re.search(r"^Raises\n-+\n(.*?)(?:\n\n[A-Z][a-zA-Z ]+\n-+\n|\Z)", doc, re.M | re.S)
    assert raises, f"{name} has no Raises section"
    listed = re.findall(r"^(\w+(?:, \w+)*)$", raises.group(1), re.M)
    classes = {c for line in listed for c in line.split(", ")}
    assert type(error).__name__ in classes, f"{name} raised {type(error).__name__}, not in its Raises: {classes}"


# --- classification and import -------------------------------------------------------------

def test_every_public_name_is_importable():
    namespace = {}
    exec("from driftscope import *", namespace)
    missing = [n for n in ds.__all__ if n not in namespace]
    assert not missing, f"in driftscope.__all__ but not importable: {missing}"
    assert len(set(ds.__all__)) == len(ds.__all__), "duplicate names in driftscope.__all__"


def test_every_public_name_is_classified():
    unclassified = []
    for name in ds.__all__:
        obj = getattr(ds, name)
        if isinstance(obj, types.ModuleType) or name in RESULT_TYPES or name in SWEPT or name in NOT_SWEPT:
            continue
        if name in DETECTORS:
            continue
        if isinstance(obj, type) and issubclass(obj, ds.DriftscopeError):
            continue
        unclassified.append(name)
    assert not unclassified, (
        f"public names {unclassified} are not classified in tests/driftscope/test_common.py: add each function "
        "to SWEPT (with the kind of data it takes) or to NOT_SWEPT (with where its bad input is tested)")


def test_registry_matches_signatures():
    for name, (_, slots, extra) in SWEPT.items():
        assert name in ds.__all__, f"SWEPT lists {name}, which is not public"
        params = inspect.signature(getattr(ds, name)).parameters
        for p in (*slots, *extra):
            assert p in params, f"{name} has no parameter {p!r}"


@pytest.mark.parametrize("name", SWEPT)
def test_docstring_sections_in_scipy_order(name):
    doc = inspect.getdoc(getattr(ds, name))
    order = ["Parameters", "Returns", "Raises", "See Also", "Notes", "References", "Examples"]
    found = [s for s in order if re.search(rf"^{s}\n-+$", doc, re.M)]
    for required in ("Parameters", "Returns", "Raises", "Examples"):
        assert required in found, f"{name}'s docstring has no {required} section"
    positions = [re.search(rf"^{s}\n-+$", doc, re.M).start() for s in found]
    assert positions == sorted(positions), f"{name}'s sections are not in SciPy's order: {found}"


# --- the sweep ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SWEPT)
def test_good_input_gives_no_nan(name):
    assert_no_nan(call(name), name)


@pytest.mark.parametrize("name, slot", SWEEP, ids=SWEEP_IDS)
def test_empty(name, slot):
    with pytest.raises(ds.EmptySampleError, match=slot) as info:
        call(name, slot, [])
    assert type(info.value) is ds.EmptySampleError
    assert_documented(name, info.value)


@pytest.mark.parametrize("name, slot", SWEEP, ids=SWEEP_IDS)
def test_all_nan(name, slot):
    expected = ds.AllNaNError if SWEPT[name][0] in DROPS_MISSING else ds.NonFiniteError
    with pytest.raises(expected, match=slot) as info:
        call(name, slot, [np.nan, np.nan, np.nan])
    assert_documented(name, info.value)


@pytest.mark.parametrize("missing", [[np.nan], [np.inf, -np.inf], [None], [np.nan, None, np.inf]],
                         ids=["nan", "inf", "None", "mixed"])
@pytest.mark.parametrize("name, slot", SWEEP, ids=SWEEP_IDS)
def test_missing_mixed_in(name, slot, missing):
    kind = SWEPT[name][0]
    dirty = with_inserted(GOOD[kind], *missing)
    if kind not in DROPS_MISSING:
        with pytest.raises(ds.NonFiniteError, match=slot) as info:
            call(name, slot, dirty)
        assert_documented(name, info.value)
        return
    got, clean = call(name, slot, dirty), call(name)
    assert flatten(got) == flatten(clean), f"{name}: dropping {missing} should give the clean result"
    if name in PLAIN_RESULTS:
        return
    # Every result object counts what it dropped, per input and in all.
    dropped = getattr(got, f"n_dropped_{slot}", None)
    assert dropped == len(missing) and got.n_dropped == len(missing), \
        f"{name}: {type(got).__name__} should count the {len(missing)} dropped value(s)"


@pytest.mark.parametrize("name, slot", SWEEP, ids=SWEEP_IDS)
def test_wrong_type(name, slot):
    with pytest.raises(ds.DtypeError, match=slot) as info:
        call(name, slot, WRONG_TYPE[SWEPT[name][0]])
    assert_documented(name, info.value)


@pytest.mark.parametrize("name, slot", SWEEP, ids=SWEEP_IDS)
def test_not_one_dimensional(name, slot):
    good = GOOD[SWEPT[name][0]]
    with pytest.raises(ds.ShapeError, match=slot) as info:
        call(name, slot, np.stack([good, good]))
    assert_documented(name, info.value)


@pytest.mark.parametrize("name, slot", SWEEP, ids=SWEEP_IDS)
def test_column_free_messages_start_with_the_input_name(name, slot):
    # Reports prefix the column themselves; the bare message must lead with the input's name.
    with pytest.raises(ds.DriftscopeError) as info:
        call(name, slot, [])
    assert str(info.value).startswith(slot)
    assert info.value.name == slot


@pytest.mark.parametrize("name", [n for n, (_, slots, _) in SWEPT.items() if len(slots) == 2])
def test_length_mismatch_is_an_error_only_for_distributions(name):
    kind, slots, extra = SWEPT[name]
    short = GOOD[kind][:3]
    if kind == DISTRIBUTION:
        with pytest.raises(ds.LengthMismatchError, match="bins") as info:
            call(name, slots[1], short)
        assert_documented(name, info.value)
    else:  # samples of different sizes are the normal case
        assert_no_nan(call(name, slots[1], short), name)


# --- stream detectors: one value at a time, bad values are errors (never dropped) ---------------

BAD_VALUES = {
    "nan": (np.nan, ds.NonFiniteError),
    "inf": (np.inf, ds.NonFiniteError),
    "-inf": (-np.inf, ds.NonFiniteError),
    "float32-nan": (np.float32("nan"), ds.NonFiniteError),
    "string": ("1.0", ds.DtypeError),  # numeric-looking strings must not be parsed
    "None": (None, ds.DtypeError),
    "array": (np.array([1.0, 2.0]), ds.DtypeError),
    "complex": (1 + 0j, ds.DtypeError),
}
DETECTOR_STATE = ("drift_detected", "warning_detected", "width", "estimation", "variance")


def feed(name, values):
    """A fresh detector `name` fed `values`; returns it and its flags at every step."""
    kwargs, _ = DETECTORS[name]
    det = getattr(ds, name)(**kwargs)
    return det, [det.update(x) for x in values]


def detector_state(det):
    return [getattr(det, a) for a in DETECTOR_STATE if hasattr(det, a)]


def test_detector_registry_matches_signatures():
    for name, (kwargs, _) in DETECTORS.items():
        assert name in ds.__all__ and isinstance(getattr(ds, name), type), name
        params = inspect.signature(getattr(ds, name)).parameters
        assert set(kwargs) <= set(params), f"{name} has no parameter {set(kwargs) - set(params)}"


@pytest.mark.parametrize("name", DETECTORS)
def test_detector_docstring_sections_in_scipy_order(name):
    cls = getattr(ds, name)
    doc = inspect.getdoc(cls)
    order = ["Parameters", "Attributes", "Notes", "References", "Examples"]
    positions = [re.search(rf"^{s}\n-+$", doc, re.M) for s in order]
    assert all(positions), f"{name}'s docstring lacks {[s for s, p in zip(order, positions) if not p]}"
    assert [p.start() for p in positions] == sorted(p.start() for p in positions), name
    update_doc = inspect.getdoc(cls.update)
    for section in ("Parameters", "Returns", "Raises"):
        assert re.search(rf"^{section}\n-+$", update_doc, re.M), f"{name}.update has no {section}"


@pytest.mark.parametrize("name", DETECTORS)
def test_detector_good_input_gives_no_nan(name):
    det, flags = feed(name, DETECTORS[name][1])
    assert all(type(f) is bool for f in flags), f"{name}.update must return a bool"
    assert_no_nan(detector_state(det), name)


@pytest.mark.parametrize("bad", BAD_VALUES, ids=list(BAD_VALUES))
@pytest.mark.parametrize("name", DETECTORS)
def test_detector_bad_value(name, bad):
    value, expected = BAD_VALUES[bad]
    good = DETECTORS[name][1]
    det, _ = feed(name, good[:20])
    before = detector_state(det)
    with pytest.raises(expected) as info:
        det.update(value)
    message = str(info.value)
    assert message.startswith(f"{name}.update: x"), message  # names the detector and the input
    assert info.value.name == "x"
    # the offending value is named (its repr, or its type for arrays)
    assert repr(value) in message or type(value).__name__ in message, message
    doc = inspect.getdoc(getattr(ds, name).update)
    assert type(info.value).__name__ in doc.split("Raises")[1], f"{name}.update's Raises lacks it"
    # refused, not half-applied: the state is as before, and the rest of the stream as without it
    assert detector_state(det) == before
    rest = [det.update(x) for x in good[20:]]
    assert rest == feed(name, good)[1][20:]


# --- the same answer whatever the container, and inputs left alone ----------------------------

# Integer-valued data, so int64, float32 and float64 hold the very same numbers.
_INTS = np.random.default_rng(7).integers(0, 30, 40)
_DYADIC_PVALUES = np.array([0.5, 0.25, 0.0625, 1.0, 0.03125])  # exact in float32


def _containers(values, kind):
    """The same data as a list, a pandas Series and arrays of the dtypes that can hold it."""
    import pandas as pd

    forms = {"list": list(values), "series": pd.Series(values)}
    if kind == CATEGORICAL:
        forms["object array"] = np.asarray(values, dtype=object)
        return forms
    if kind not in (PVALUES, CONFIDENCE):
        forms["int64 array"] = np.asarray(values, dtype=np.int64)
    forms["float32 array"] = np.asarray(values, dtype=np.float32)
    forms["float64 array"] = np.asarray(values, dtype=np.float64)
    return forms


_CONTAINER_DATA = {NUMERIC: _INTS, CATEGORICAL: GOOD[CATEGORICAL],
                   DISTRIBUTION: np.array([3, 1, 0, 2]), PVALUES: _DYADIC_PVALUES,
                   CONFIDENCE: _DYADIC_PVALUES}


@pytest.mark.parametrize("name", SWEPT)
def test_list_series_and_arrays_give_the_same_answer(name):
    kind, slots, extra = SWEPT[name]
    answers = {form: flatten(getattr(ds, name)(**{s: data for s in slots}, **extra))
               for form, data in _containers(_CONTAINER_DATA[kind], kind).items()}
    first = next(iter(answers.values()))
    for form, got in answers.items():
        assert got == first, f"{name}: a {form} gives {got}, a list gives {first}"


@pytest.mark.parametrize("name", SWEPT)
def test_inputs_are_never_modified(name):
    import pandas as pd

    kind, slots, extra = SWEPT[name]
    dirty = with_inserted(GOOD[kind], np.nan) if kind in DROPS_MISSING else GOOD[kind]
    for form in (np.array(dirty), pd.Series(dirty), list(dirty)):
        before = form.copy()
        getattr(ds, name)(**{s: form for s in slots}, **extra)
        assert type(form) is type(before) and len(form) == len(before), name
        if isinstance(form, (np.ndarray, pd.Series)):
            assert form.dtype == before.dtype, name
        assert all(a is b or a == b or (a != a and b != b)
                   for a, b in zip(list(form), list(before))), f"{name} modified a {type(form)}"


# --- sketches: the same policy of bad input, on the sketch functions ---------------------------

SKETCH_FUNCTIONS = ("sketch_psi", "sketch_kl", "sketch_js_distance", "sketch_hellinger",
                    "sketch_ks_bound")


def _sketches(kind, reference=None, current=None):
    reference = GOOD[kind] if reference is None else reference
    current = GOOD[kind] if current is None else current
    if kind == NUMERIC:
        ref = ds.HistogramSketch.from_reference(reference, bins=10)
        return ref, ref.empty_like().update(current)
    ref = ds.CategorySketch.from_reference(reference)
    return ref, ref.empty_like().update(current)


def _kinds_of(name):
    return (NUMERIC,) if name == "sketch_ks_bound" else (NUMERIC, CATEGORICAL)


SKETCH_SWEEP = [(name, kind, slot) for name in SKETCH_FUNCTIONS for kind in _kinds_of(name)
                for slot in ("reference", "current")]
SKETCH_IDS = [f"{n}[{k}]({s}=...)" for n, k, s in SKETCH_SWEEP]


def _call_sketch(name, pair):
    return getattr(ds, name)(*pair)


@pytest.mark.parametrize("name, kind, slot", SKETCH_SWEEP, ids=SKETCH_IDS)
def test_sketch_of_nothing(name, kind, slot):
    ref, cur = _sketches(kind)
    empty = cur.empty_like()
    pair = (empty, cur) if slot == "reference" else (ref, empty)
    with pytest.raises(ds.EmptySampleError, match=f"^{slot}: is empty"):
        _call_sketch(name, pair)
    only_missing = empty.copy().update([np.nan, None])
    pair = (only_missing, cur) if slot == "reference" else (ref, only_missing)
    with pytest.raises(ds.AllNaNError, match=f"^{slot}: all 2 values are missing"):
        _call_sketch(name, pair)


@pytest.mark.parametrize("name, kind, slot", SKETCH_SWEEP, ids=SKETCH_IDS)
def test_sketch_missing_values_are_dropped_and_counted(name, kind, slot):
    dirty = with_inserted(GOOD[kind], np.nan, None, np.inf)
    ref, cur = _sketches(kind)
    if slot == "current":
        dirty_pair = (ref, ref.empty_like().update(dirty))
    else:
        dirty_pair = _sketches(kind, reference=dirty)
    assert dirty_pair[0 if slot == "reference" else 1].n_missing == 3
    assert flatten(_call_sketch(name, dirty_pair)) == flatten(_call_sketch(name, (ref, cur)))


@pytest.mark.parametrize("name", SKETCH_FUNCTIONS)
def test_sketch_wrong_type(name):
    ref, _ = _sketches(NUMERIC)
    with pytest.raises(ds.DtypeError):
        _call_sketch(name, (ref, GOOD[NUMERIC]))
    cat, _ = _sketches(CATEGORICAL)
    with pytest.raises(ds.DtypeError):
        _call_sketch(name, (ref, cat))


@pytest.mark.parametrize("name", SKETCH_FUNCTIONS)
def test_sketches_are_never_modified(name):
    ref, cur = _sketches(NUMERIC)
    before = (ref.copy(), cur.copy())
    _call_sketch(name, (ref, cur))
    assert ref == before[0] and cur == before[1]


@pytest.mark.parametrize("kind", [NUMERIC, CATEGORICAL])
def test_sketching_never_modifies_the_data(kind):
    """Building, updating and profiling sketches leave the arrays, Series, lists and frames alone."""
    import pandas as pd

    sketch_class = ds.HistogramSketch if kind == NUMERIC else ds.CategorySketch
    dirty = with_inserted(GOOD[kind], np.nan, None)
    if kind == NUMERIC:
        dirty = dirty.astype(float)
    for form in (np.array(dirty), pd.Series(dirty), list(dirty)):
        before = form.copy()
        sketch = sketch_class.from_reference(form)
        sketch.empty_like().update(form)
        assert all(a is b or a == b or (a != a and b != b)
                   for a, b in zip(list(form), list(before))), f"{kind}: a {type(form)} was modified"
    frame = pd.DataFrame({"x": dirty})
    before = frame.copy(deep=True)
    profile = ds.Profile.from_frame(frame)
    profile.sketch_like(frame)
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize("form", ["list", "series", "int64 array", "float32 array", "float64 array"])
def test_sketches_of_any_container_are_equal(form):
    data = _containers(_INTS, NUMERIC)[form]
    assert ds.HistogramSketch.from_reference(data, bins=10) == \
        ds.HistogramSketch.from_reference(list(_INTS), bins=10)
    assert ds.CategorySketch.from_reference(data) == ds.CategorySketch.from_reference(list(_INTS))


# --- drift_report: frames in, the same policy of bad input ------------------------------------

POLICY_NAMES = ("evidently", "watchtower", "sketch")


def _frames(column_a, column_b=None):
    import pandas as pd

    rng = np.random.default_rng(11)
    other = {"y": rng.normal(size=len(column_a))}
    reference = pd.DataFrame({"x": column_a, **other})
    current = pd.DataFrame({"x": column_a if column_b is None else column_b,
                            "y": rng.normal(0.2, 1, len(other["y"]))})
    return reference, current


@pytest.mark.parametrize("policy", POLICY_NAMES)
@pytest.mark.parametrize("slot", ["reference", "current"])
def test_report_bad_input(policy, slot):
    import pandas as pd

    reference, current = _frames(GOOD[NUMERIC])
    frames = {"reference": reference, "current": current}

    def report(**replace):
        return ds.drift_report(**{**frames, **replace}, policy=policy)

    with pytest.raises(ds.EmptySampleError, match=f"{slot} has no rows"):
        report(**{slot: frames[slot].iloc[:0]})
    all_nan = frames[slot].assign(x=np.nan)
    with pytest.raises(ds.AllNaNError, match=rf"{slot} \(column 'x'\): all 40 values are missing"):
        report(**{slot: all_nan})
    with pytest.raises(ds.DtypeError, match=slot):
        report(**{slot: list(frames[slot].itertuples())})
    with pytest.raises(ds.ColumnMismatchError, match="only in"):
        report(**{slot: frames[slot].rename(columns={"y": "z"})})
    assert isinstance(report(), ds.DriftReport)
    pd.testing.assert_frame_equal(frames[slot], _frames(GOOD[NUMERIC])[slot == "current"])


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_report_drops_and_counts_missing_values(policy):
    dirty = with_inserted(GOOD[NUMERIC], np.nan, np.inf, None).astype(float)
    clean_ref, clean_cur = _frames(GOOD[NUMERIC])
    dirty_ref, _ = _frames(dirty)
    dirty_ref["y"] = np.concatenate([clean_ref["y"].to_numpy(), [0.0, 0.0, 0.0]])
    clean = ds.drift_report(clean_ref.assign(y=dirty_ref["y"]), clean_cur, policy=policy)
    report = ds.drift_report(dirty_ref, clean_cur, policy=policy)
    row, want = report["x"], clean["x"]
    assert row.missing_reference == 3 and row.n_reference == want.n_reference == 40
    assert (row.statistic, row.pvalue, row.drifted) == (want.statistic, want.pvalue, want.drifted)


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_report_inputs_are_never_modified(policy):
    import pandas as pd

    reference, current = _frames(with_inserted(GOOD[NUMERIC], np.nan).astype(float)[:40])
    reference["s"] = GOOD[CATEGORICAL]
    current["s"] = GOOD[CATEGORICAL][::-1]
    before = reference.copy(deep=True), current.copy(deep=True)
    ds.drift_report(reference, current, policy=policy)
    pd.testing.assert_frame_equal(reference, before[0])
    pd.testing.assert_frame_equal(current, before[1])


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_report_same_answer_for_int_float32_and_float64_columns(policy):
    rng = np.random.default_rng(5)
    ref_values, cur_values = rng.integers(0, 500, 300), rng.integers(40, 540, 300)
    answers = {}
    for dtype in ("int64", "float32", "float64"):
        reference, current = _frames(ref_values.astype(dtype), cur_values.astype(dtype))
        frame = ds.drift_report(reference, current, policy=policy).to_frame()
        answers[dtype] = frame[["column", "test", "statistic", "pvalue", "drifted"]]
    for dtype, got in answers.items():
        assert got.equals(answers["float64"]), f"{policy}: {dtype} columns give\n{got}"
