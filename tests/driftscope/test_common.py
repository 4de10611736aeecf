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
DROPS_MISSING = {NUMERIC, CATEGORICAL}

_rng = np.random.default_rng(2043)
GOOD = {
    NUMERIC: _rng.normal(size=40),
    CATEGORICAL: _rng.choice(np.array(["a", "b", "c"], dtype=object), 40),
    DISTRIBUTION: np.array([3.0, 1.0, 0.0, 2.0]),
    PVALUES: np.array([0.01, 0.2, 0.04, 0.5]),
}
WRONG_TYPE = {
    NUMERIC: np.array(["1.0", "2.0", "x"]),  # numeric-looking strings must not be parsed
    CATEGORICAL: np.array([{"a": 1}, {"b": 2}], dtype=object),  # unhashable labels
    DISTRIBUTION: np.array(["1", "2", "3", "4"]),
    PVALUES: np.array(["0.01", "0.2", "0.04", "0.5"]),
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
}

# stream detectors (classes fed one value at a time by update(x)) -> (constructor arguments,
# a good stream); swept by the detector tests at the end of this file
DETECTORS = {
    "PageHinkley": ({"min_instances": 5, "threshold": 1.0, "mode": "both"}, GOOD[NUMERIC]),
    "DDM": ({"warm_start": 5}, (GOOD[NUMERIC] > 0.5).astype(np.int64)),
    "ADWIN": ({"clock": 1, "grace_period": 5}, GOOD[NUMERIC]),
}

RESULT_TYPES = {"KSResult", "ChiSquareResult", "ZTestResult", "MultipleTestResult", "Statistic"}

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
    dropped = getattr(got, f"n_dropped_{slot}", None)
    if dropped is not None:
        assert dropped == len(missing) and got.n_dropped == len(missing)


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
