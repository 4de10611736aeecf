"""Streaming sketches (driftscope.sketch): mergeability, O(bins) memory, accuracy, bad input.

Accuracy claims checked here:

* `update` counts exactly as `bin_counts` (values on and next to every edge).
* `sketch_psi(bins=b)` on a reference sketch of ``B`` quantile bins (``b``
  divides ``B``) equals `psi(ref, cur, bins=b)` exactly, not to a tolerance.
* `sketch_kl`, `sketch_js_distance`, `sketch_hellinger` equal the exact
  functions on the raw data binned on the same edges, exactly.
* `sketch_ks_bound` contains `ks_test(...).statistic` (to rounding, 1e-12) on
  normal, heavy-tailed, discrete and shifted data; its width is at most the
  largest single-bin share, about 1/B to 2/B when nothing moved.
"""

import inspect
import json
import re
import sqlite3

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import driftscope as ds
from driftscope import CategorySketch, HistogramSketch, Profile

FINE = 100
_rng = np.random.default_rng(2043)
REF = _rng.normal(size=2_000)
EDGES = ds.bin_edges(REF, FINE)


def _gen(kind, rng, n, shift=0.0):
    if kind == "normal":
        return rng.normal(shift, 1.0, n)
    if kind == "heavy":  # Student t with 1.5 degrees of freedom: extreme values
        return rng.standard_t(1.5, n) * 3.0 + shift
    if kind == "discrete":  # many ties, fewer distinct values than bins
        return rng.poisson(3.0 + shift, n).astype(float)
    if kind == "rounded":
        return np.round(rng.normal(shift, 1.0, n), 1)
    if kind == "lognormal":
        return rng.lognormal(shift, 2.0, n) * 1e6
    raise AssertionError(kind)


KINDS = ["normal", "heavy", "discrete", "rounded", "lognormal"]

values_st = st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                               st.floats(-3, 3), st.sampled_from(EDGES[1:-1].tolist())),
                     max_size=60)


def sketch_of(values):
    return HistogramSketch(EDGES).update(np.array(values, dtype=float))


# --- mergeability --------------------------------------------------------------------------------

@settings(max_examples=60)
@given(values_st, values_st, values_st)
def test_merge_is_associative_commutative_and_equals_the_concatenation(a, b, c):
    sa, sb, sc = sketch_of(a), sketch_of(b), sketch_of(c)
    assert (sa + sb) + sc == sa + (sb + sc)
    assert sa + sb == sb + sa
    assert sa.merge(sb).merge(sc) == sketch_of(a + b + c)
    assert sum([sa, sb, sc]) == sketch_of(a + b + c)
    # merge builds a new sketch: the inputs are unchanged
    assert sa == sketch_of(a)


@settings(max_examples=60)
@given(values_st, st.lists(st.integers(0, 60), max_size=6))
def test_batch_updates_in_any_split_equal_one_update(values, cuts):
    values = np.array(values, dtype=float)
    whole = sketch_of(values)
    streamed = HistogramSketch(EDGES)
    for part in np.split(values, sorted(min(c, values.size) for c in cuts)):
        streamed.update(part)  # empty parts included
    assert streamed == whole
    finite = values[np.isfinite(values)]
    assert whole.n_missing == values.size - finite.size
    expected = ds.bin_counts(finite, EDGES) if finite.size else np.zeros(FINE, np.int64)
    np.testing.assert_array_equal(whole.counts, expected)


@settings(max_examples=40)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", 1, 2.0, True, None]), max_size=20),
                min_size=1, max_size=4))
def test_category_merge_equals_the_concatenation(parts):
    sketches = [CategorySketch().update(np.array(p, dtype=object)) for p in parts]
    whole = CategorySketch().update(np.array([x for p in parts for x in p], dtype=object))
    assert sum(sketches) == whole
    assert sum(reversed(sketches)) == whole


@pytest.mark.parametrize("kind", KINDS)
def test_update_counts_exactly_as_bin_counts(kind):
    # values on every edge, one ulp either side, and at the float extremes
    rng = np.random.default_rng(7)
    for fine in (4, 10, 100, 1000):
        ref = HistogramSketch.from_reference(_gen(kind, rng, 3_000), bins=fine)
        inner = ref.edges[1:-1]
        live = np.concatenate([_gen(kind, rng, 5_000, shift=0.7), inner,
                               np.nextafter(inner, -np.inf), np.nextafter(inner, np.inf),
                               [1e308, -1e308, 5e-324, -0.0]])
        got = ref.empty_like().update(rng.permutation(live))
        np.testing.assert_array_equal(got.counts, ds.bin_counts(live, ref.edges))


def test_missing_values_are_counted_and_empty_batches_change_nothing():
    sketch = HistogramSketch(EDGES)
    sketch.update([]).update(np.array([np.nan, np.inf, -np.inf])).update([None, 1.0])
    sketch.update(pd.Series([1.5, None], dtype="Float64"))
    assert (sketch.n, sketch.n_missing) == (2, 5)
    cats = CategorySketch().update([]).update([None, np.nan]).update(["a", None])
    assert (cats.counts, cats.n_missing) == ({"a": 1}, 3)


def test_outer_edges_are_stored_infinite_and_counted_like_bin_counts():
    sketch = HistogramSketch([0.0, 1.0, 2.0]).update([-5.0, 0.0, 2.0, 9.0])
    np.testing.assert_array_equal(sketch.edges, [-np.inf, 1.0, np.inf])
    np.testing.assert_array_equal(sketch.counts, ds.bin_counts([-5.0, 0.0, 2.0, 9.0], [0, 1, 2]))


# --- memory ----------------------------------------------------------------------------------

def test_memory_does_not_grow_with_the_stream():
    rng = np.random.default_rng(1)
    live = HistogramSketch.from_reference(REF, bins=FINE).empty_like()
    batch = rng.normal(size=1_000)
    for _ in range(10):
        live.update(batch)
    after_10 = live.nbytes
    for _ in range(990):
        live.update(batch)
    assert live.nbytes == after_10
    assert live.n == 1_000_000
    assert after_10 < 64 * 1024  # edges, counts, quantiles and the O(bins) lookup table
    profile = Profile.from_frame(pd.DataFrame({"x": REF})).empty_like()
    frame = pd.DataFrame({"x": batch})
    profile.update(frame)
    before = profile.nbytes
    for _ in range(200):
        profile.update(frame)
    assert profile.nbytes == before


# --- accuracy against the exact statistics --------------------------------------------------------

CASES = [(kind, seed, shift) for kind in KINDS for seed in range(4) for shift in (0.0, 0.5)]


@pytest.mark.parametrize("kind, seed, shift", CASES)
def test_psi_from_sketches_is_exact(kind, seed, shift):
    rng = np.random.default_rng(seed)
    ref = np.append(_gen(kind, rng, int(rng.integers(50, 4_000))), np.nan)
    cur = _gen(kind, rng, int(rng.integers(50, 4_000)), shift)
    for fine, coarse in ((100, 10), (100, 4), (60, 10), (10, 10), (100, 1)):
        reference = HistogramSketch.from_reference(ref, bins=fine)
        current = reference.empty_like()
        for part in np.array_split(cur, 5):
            current.update(part)
        assert abs(ds.sketch_psi(reference, current, bins=coarse)
                   - ds.psi(ref, cur, bins=coarse)) <= 1e-12
        # in fact bit for bit
        assert ds.sketch_psi(reference, current, bins=coarse) == ds.psi(ref, cur, bins=coarse)
        np.testing.assert_array_equal(reference.coarsen(coarse).edges, ds.bin_edges(ref, coarse))


@pytest.mark.parametrize("kind, seed, shift", CASES[::3])
def test_kl_js_hellinger_from_sketches_equal_the_exact_values(kind, seed, shift):
    rng = np.random.default_rng(100 + seed)
    ref, cur = _gen(kind, rng, 3_000), _gen(kind, rng, 2_000, shift)
    reference = HistogramSketch.from_reference(ref, bins=FINE)
    current = reference.empty_like().update(cur)
    for bins, edges in ((None, reference.edges), (10, ds.bin_edges(ref, 10))):
        r, c = ds.bin_counts(ref, edges), ds.bin_counts(cur, edges)
        assert ds.sketch_kl(reference, current, bins=bins, epsilon=1e-4) == \
            ds.kl_divergence(r, c, epsilon=1e-4)
        assert ds.sketch_js_distance(reference, current, bins=bins) == ds.js_distance(r, c)
        assert ds.sketch_hellinger(reference, current, bins=bins) == ds.hellinger(r, c)
        assert ds.sketch_psi(reference, current, bins=bins) == ds.psi_from_counts(r, c)


def test_categorical_statistics_equal_the_exact_values_with_unseen_categories():
    rng = np.random.default_rng(3)
    ref = rng.choice(np.array(["a", "b", "c"], dtype=object), 500)
    cur = rng.choice(np.array(["b", "c", "d"], dtype=object), 400)  # "d" is new, "a" gone
    reference = CategorySketch.from_reference(ref)
    current = reference.empty_like()
    for part in np.array_split(cur, 3):
        current.update(part)
    assert "d" in current.counts
    _, r, c = ds.category_counts(ref, cur)
    assert ds.sketch_psi(reference, current) == pytest.approx(ds.psi_from_counts(r, c), abs=1e-12)
    assert ds.sketch_js_distance(reference, current) == pytest.approx(ds.js_distance(r, c), abs=1e-12)
    assert ds.sketch_hellinger(reference, current) == pytest.approx(ds.hellinger(r, c), abs=1e-12)
    assert ds.sketch_kl(reference, current, epsilon=1e-4) == pytest.approx(
        ds.kl_divergence(r, c, epsilon=1e-4), abs=1e-12)


KS_CASES = [(kind, seed, shift) for kind in KINDS for seed in range(6) for shift in (0.0, 0.3, 2.0)]


@pytest.mark.parametrize("kind, seed, shift", KS_CASES)
def test_ks_bound_contains_the_exact_statistic(kind, seed, shift):
    rng = np.random.default_rng(1_000 + seed)
    ref = _gen(kind, rng, int(rng.integers(20, 5_000)))
    cur = _gen(kind, rng, int(rng.integers(20, 5_000)), shift)
    for fine in (10, 100):
        reference = HistogramSketch.from_reference(ref, bins=fine)
        current = reference.empty_like().update(cur)
        lower, upper = bound = ds.sketch_ks_bound(reference, current)
        d = ds.ks_test(ref, cur).statistic
        assert lower - 1e-12 <= d <= upper + 1e-12
        # the documented width: at most the largest share of any one bin
        largest = max(reference.counts.max() / reference.n, current.counts.max() / current.n)
        assert bound.width <= largest + 1e-12


def test_ks_bound_width_is_about_one_to_two_over_the_bins_when_nothing_moved():
    rng = np.random.default_rng(5)
    widths = []
    for _ in range(20):
        ref, cur = rng.normal(size=20_000), rng.normal(size=20_000)
        reference = HistogramSketch.from_reference(ref, bins=FINE)
        widths.append(ds.sketch_ks_bound(reference, reference.empty_like().update(cur)).width)
    assert max(widths) <= 2 / FINE
    assert 0.5 / FINE <= np.median(widths) <= 1.5 / FINE


def test_ks_bound_is_sharp():
    # both samples' values of a bin at one common point: D is the lower end
    edges = np.array([-np.inf, 0.0, 1.0, 2.0, np.inf])
    ref_counts, cur_counts = np.array([3, 1, 4, 2]), np.array([1, 5, 1, 3])
    points = np.array([-1.0, 0.0, 1.0, 2.0])
    ref, cur = np.repeat(points, ref_counts), np.repeat(points, cur_counts)
    reference = HistogramSketch.from_counts(edges, ref_counts)
    current = HistogramSketch.from_counts(edges, cur_counts)
    bound = ds.sketch_ks_bound(reference, current)
    assert bound.lower == pytest.approx(ds.ks_test(ref, cur).statistic, abs=1e-12)
    # reference values at the left edge, current ones just below the right edge: the upper end
    left = np.array([-1.0, 0.0, 1.0, 2.0])
    right = np.array([-0.5, 0.5, 1.5, 2.5])
    d_up = max(ds.ks_test(np.repeat(left, ref_counts), np.repeat(right, cur_counts)).statistic,
               ds.ks_test(np.repeat(right, ref_counts), np.repeat(left, cur_counts)).statistic)
    assert bound.upper == pytest.approx(d_up, abs=1e-12)
    assert bound.lower in bound and bound.upper in bound


# --- the SQL route and the plain structure ---------------------------------------------------------

def test_from_counts_of_a_sql_group_by_equals_the_sketch_in_memory():
    rng = np.random.default_rng(11)
    reference = HistogramSketch.from_reference(REF, bins=FINE)
    live = np.concatenate([rng.normal(0.2, 1.0, 5_000), reference.edges[1:-1], [np.nan, np.inf]])
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE live (x REAL)")
    con.executemany("INSERT INTO live VALUES (?)", [(float(v),) for v in live] + [(None,)])
    inner = reference.edges[1:-1].tolist()
    whens = " ".join(f"WHEN x < ? THEN {i}" for i in range(len(inner)))
    sql = (f"SELECT CASE WHEN x IS NULL OR x IN (?, ?) THEN NULL {whens} ELSE {len(inner)} END "
           "AS bucket, COUNT(*) FROM live GROUP BY bucket")
    rows = con.execute(sql, [float("inf"), float("-inf"), *inner]).fetchall()
    from_sql = HistogramSketch.from_counts(reference.edges, dict(rows))
    in_memory = HistogramSketch(reference.edges).update(np.append(live, None))
    assert from_sql == in_memory
    assert from_sql.n_missing == 3  # NaN (stored as NULL), inf and NULL
    # a SQL sketch without quantiles still compares with the reference's: same edges
    assert ds.sketch_psi(reference, from_sql) == ds.psi(REF, live)


def test_to_dict_from_dict_round_trip_through_strict_json():
    reference = HistogramSketch.from_reference(np.append(REF, np.nan), bins=FINE)
    text = json.dumps(reference.to_dict(), allow_nan=False)
    assert HistogramSketch.from_dict(json.loads(text)) == reference
    plain = HistogramSketch([0.0, 1.0]).update([0.5])
    assert HistogramSketch.from_dict(json.loads(json.dumps(plain.to_dict()))) == plain
    cats = CategorySketch.from_reference(["a", "b", None, "b"])
    assert CategorySketch.from_dict(json.loads(json.dumps(cats.to_dict()))) == cats
    frame = pd.DataFrame({"x": REF, "y": np.where(REF > 0, "up", "down")})
    profile = Profile.from_frame(frame)
    assert Profile.from_dict(json.loads(json.dumps(profile.to_dict(), allow_nan=False))) == profile


# --- profiles ------------------------------------------------------------------------------------

def test_profile_streams_and_merges_like_the_whole_frame():
    rng = np.random.default_rng(21)
    frame = pd.DataFrame({"x": rng.normal(size=3_000), "n": rng.integers(0, 5, 3_000),
                          "ok": rng.random(3_000) < 0.3,
                          "planet": rng.choice(["earth", "mars", None], 3_000)})
    profile = Profile.from_frame(frame, categorical=["n"])
    assert isinstance(profile["x"], HistogramSketch)
    assert all(isinstance(profile[c], CategorySketch) for c in ("n", "ok", "planet"))
    parts = [profile.sketch_like(frame.iloc[i:i + 700]) for i in range(0, 3_000, 700)]
    assert sum(parts) == profile.empty_like().update(frame)
    assert parts[0] + parts[1] == parts[1] + parts[0]
    assert sum(parts)["x"].counts.tolist() == profile["x"].counts.tolist()
    assert ds.sketch_psi(profile["x"], sum(parts)["x"]) == 0.0


def test_profile_errors():
    profile = Profile.from_frame(pd.DataFrame({"x": REF}))
    with pytest.raises(ds.SketchMismatchError, match="batch is missing column"):
        profile.update(pd.DataFrame({"y": REF}))
    with pytest.raises(ds.DtypeError, match="batch must be a pandas DataFrame"):
        profile.update(REF)
    with pytest.raises(ds.DtypeError, match="column 'x'"):
        profile.update(pd.DataFrame({"x": ["a", "b"]}))
    other = Profile.from_frame(pd.DataFrame({"x": REF + 1}))
    with pytest.raises(ds.SketchMismatchError, match="column 'x'.*different edges"):
        profile + other
    with pytest.raises(ds.DtypeError, match="datetime"):
        Profile.from_frame(pd.DataFrame({"t": pd.date_range("2025-01-01", periods=3)}))
    with pytest.raises(ds.AllNaNError, match="column 'x'"):
        Profile.from_frame(pd.DataFrame({"x": [np.nan, np.nan]}))
    with pytest.raises(ds.ParameterError, match="reference: has no column 'z'"):
        Profile.from_frame(pd.DataFrame({"x": REF}), columns=["z"])


# --- bad input ------------------------------------------------------------------------------------

def test_mismatched_edges_are_a_clear_error():
    a = HistogramSketch([0.0, 1.0, 2.0, 3.0]).update([1.5])
    b = HistogramSketch([0.0, 1.0, 2.5, 3.0]).update([1.5])
    c = HistogramSketch([0.0, 1.0, 3.0]).update([1.5])
    with pytest.raises(ds.SketchMismatchError, match=r"different edges \(edge 2 is 2.0 vs 2.5\)"):
        a + b
    with pytest.raises(ds.SketchMismatchError, match=r"3 bins vs 2"):
        ds.sketch_psi(a, c, bins=None)
    for f in (ds.sketch_kl, ds.sketch_js_distance, ds.sketch_hellinger, ds.sketch_ks_bound):
        with pytest.raises(ds.LengthMismatchError, match="^reference and current have different edges"):
            f(a, b)


@pytest.mark.parametrize("f", [ds.sketch_psi, ds.sketch_kl, ds.sketch_js_distance,
                               ds.sketch_hellinger, ds.sketch_ks_bound])
def test_statistics_reject_wrong_types_and_empty_sketches(f):
    ref = HistogramSketch.from_reference(REF)
    for slot, args in (("reference", (REF, ref)), ("current", (ref, REF))):
        with pytest.raises(ds.DtypeError, match=f"^{slot} must be a HistogramSketch") as info:
            f(*args)
        assert info.value.name == slot
    with pytest.raises(ds.EmptySampleError, match="^current: is empty"):
        f(ref, ref.empty_like())
    with pytest.raises(ds.AllNaNError, match="^current: all 2 values are missing"):
        f(ref, ref.empty_like().update([np.nan, np.inf]))
    with pytest.raises(ds.DtypeError, match="current"):
        f(ref, CategorySketch({"a": 1}))


def test_bins_errors():
    ref = HistogramSketch.from_reference(REF, bins=FINE)
    cur = ref.empty_like().update(REF)
    with pytest.raises(ds.ParameterError, match="bins=7 does not divide the 100 quantile bins"):
        ds.sketch_psi(ref, cur, bins=7)
    no_quantiles = HistogramSketch.from_counts(ref.edges, ref.counts)
    with pytest.raises(ds.ParameterError, match="pass bins=None"):
        ds.sketch_psi(no_quantiles, cur)
    assert ds.sketch_psi(no_quantiles, cur, bins=None) == 0.0
    with pytest.raises(ds.ParameterError, match="bins must be an integer"):
        ds.sketch_psi(ref, cur, bins=0)
    with pytest.raises(ds.ParameterError, match="floor"):
        ds.sketch_psi(ref, cur, floor=0)


def test_bad_counts_edges_and_values():
    edges = [0.0, 1.0, 2.0]
    with pytest.raises(ds.NonFiniteError, match=r"^counts: count 1 is nan"):
        HistogramSketch.from_counts(edges, [1.0, np.nan])
    with pytest.raises(ds.InvalidDistributionError, match="^counts: count 0 is negative"):
        HistogramSketch.from_counts(edges, [-1, 2])
    with pytest.raises(ds.DtypeError, match="whole numbers"):
        HistogramSketch.from_counts(edges, [1.5, 2])
    with pytest.raises(ds.DtypeError, match="^counts: expected whole-number counts"):
        HistogramSketch.from_counts(edges, ["1", "2"])
    with pytest.raises(ds.LengthMismatchError, match="3 counts but the edges make 2 bins"):
        HistogramSketch.from_counts(edges, [1, 2, 3])
    with pytest.raises(ds.LengthMismatchError, match="bucket 5 is outside"):
        HistogramSketch.from_counts(edges, {5: 1})
    with pytest.raises(ds.ParameterError, match="n_missing"):
        HistogramSketch.from_counts(edges, [1, 2], n_missing=-1)
    with pytest.raises(ds.ParameterError, match="strictly increasing"):
        HistogramSketch([0.0, 2.0, 1.0])
    with pytest.raises(ds.ParameterError, match="quantiles"):
        HistogramSketch(edges, quantiles=[0.5])
    with pytest.raises(ds.DtypeError, match="^values: expected numbers, got strings"):
        HistogramSketch(edges).update(["a"])
    with pytest.raises(ds.ShapeError, match="^values: must be one-dimensional"):
        HistogramSketch(edges).update(np.zeros((2, 2)))
    with pytest.raises(ds.DtypeError, match="^other must be a HistogramSketch, got"):
        HistogramSketch(edges).merge(CategorySketch())
    with pytest.raises(TypeError):
        HistogramSketch(edges) + CategorySketch()
    with pytest.raises(ds.DtypeError, match="hashable"):
        CategorySketch().update(np.array([{"a": 1}], dtype=object))
    with pytest.raises(ds.NonFiniteError, match="counts"):
        CategorySketch({"a": np.nan})
    with pytest.raises(ds.ParameterError, match="type is 'CategorySketch'"):
        HistogramSketch.from_dict(CategorySketch().to_dict())
    with pytest.raises(ds.EmptySampleError, match="^reference: is empty"):
        HistogramSketch.from_reference([])
    with pytest.raises(ds.AllNaNError, match="^reference: all 1 values are missing"):
        CategorySketch.from_reference([None])


# --- documentation ------------------------------------------------------------------------------

PUBLIC = [ds.HistogramSketch, ds.CategorySketch, ds.Profile, ds.sketch_psi, ds.sketch_kl,
          ds.sketch_js_distance, ds.sketch_hellinger, ds.sketch_ks_bound,
          ds.HistogramSketch.from_reference, ds.HistogramSketch.from_counts,
          ds.HistogramSketch.update, ds.HistogramSketch.merge, ds.HistogramSketch.coarsen,
          ds.CategorySketch.from_reference, ds.CategorySketch.update, ds.CategorySketch.merge,
          ds.Profile.from_frame]


@pytest.mark.parametrize("obj", PUBLIC, ids=lambda o: o.__qualname__)
def test_docstrings_have_scipy_sections_in_order(obj):
    doc = inspect.getdoc(obj)
    order = ["Parameters", "Attributes", "Returns", "Raises", "See Also", "Notes", "References",
             "Examples"]
    found = [s for s in order if re.search(rf"^{s}\n-+$", doc, re.M)]
    assert "Examples" in found and "Raises" in found, found
    positions = [re.search(rf"^{s}\n-+$", doc, re.M).start() for s in found]
    assert positions == sorted(positions), found
