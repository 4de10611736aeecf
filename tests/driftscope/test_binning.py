"""bin_edges, bin_counts and category_counts against the course's semantics and NumPy."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import driftscope as ds

finite = st.floats(-1e6, 1e6, allow_nan=False)
# Few distinct values, so ties and values equal to edges are common.
gridded = st.integers(-5, 5).map(lambda k: k / 2)


def histogram_spec(values, edges):
    """COURSE.md 01 `histogram`, written out literally in pure Python."""
    counts = [0] * (len(edges) - 1)
    for v in values:
        if v < edges[0]:
            counts[0] += 1
        elif v >= edges[-1]:
            counts[-1] += 1
        else:
            i = max(i for i in range(len(edges) - 1) if edges[i] <= v)
            counts[i] += 1
    return counts


def quantile_edges_spec(reference, bins):
    """COURSE.md 03 `quantile_edges`: reference quantiles k/bins, duplicates removed, +/-inf outside."""
    interior = sorted(set(np.quantile(reference, [k / bins for k in range(1, bins)]).tolist()))
    return [-np.inf, *interior, np.inf]


@given(st.lists(gridded | finite, min_size=1, max_size=60),
       st.lists(gridded, min_size=2, max_size=8, unique=True))
def test_bin_counts_matches_the_course_histogram(values, edges):
    edges = sorted(edges)
    assert ds.bin_counts(values, edges).tolist() == histogram_spec(values, edges)


@given(st.lists(finite, min_size=1, max_size=60), st.integers(1, 12))
def test_bin_counts_loses_nothing_on_quantile_edges(values, bins):
    edges = ds.bin_edges(values, bins)
    counts = ds.bin_counts(values, edges)
    assert counts.sum() == len(values)
    assert counts.dtype == np.int64


def test_bin_counts_in_range_equals_numpy_histogram():
    rng = np.random.default_rng(1)
    values = rng.normal(size=1000)
    edges = np.linspace(values.min(), values.max(), 13)
    np.testing.assert_array_equal(ds.bin_counts(values, edges), np.histogram(values, edges)[0])


def test_bin_counts_edges_cases():
    # Hand-derived: bin 0 = [1, 2) gets 0.5 (below) and 1, 1.5; bin 1 = [2, 3] gets 2, 3 and 9 (above).
    assert ds.bin_counts([0.5, 1.0, 1.5, 2.0, 3.0, 9.0], [1.0, 2.0, 3.0]).tolist() == [3, 3]
    # One bin catches everything.
    assert ds.bin_counts([-1e300, 0, 1e300], [0, 1]).tolist() == [3]
    # NaN and inf are dropped, not counted in the outer bins.
    assert ds.bin_counts([np.nan, np.inf, -np.inf, 0.5], [0, 1]).tolist() == [1]


@given(st.lists(gridded | finite, min_size=1, max_size=80), st.integers(1, 12))
def test_quantile_edges_match_the_course(reference, bins):
    edges = ds.bin_edges(reference, bins)
    assert edges.tolist() == quantile_edges_spec(reference, bins)
    assert (np.diff(edges) > 0).all()
    assert len(edges) <= bins + 1


@pytest.mark.parametrize("strategy, numpy_bins", [("uniform", 7), ("sturges", "sturges")])
@pytest.mark.parametrize("data", [np.random.default_rng(2).standard_cauchy(500), np.full(5, 3.0),
                                  np.array([1.0])])
def test_equal_width_edges_equal_numpy(strategy, numpy_bins, data):
    np.testing.assert_array_equal(ds.bin_edges(data, 7, strategy),
                                  np.histogram_bin_edges(data, numpy_bins))


def test_bin_edges_drops_nan_and_rejects_bad_parameters():
    np.testing.assert_array_equal(ds.bin_edges([1, 2, np.nan, 3, 4, np.inf], 2),
                                  ds.bin_edges([1, 2, 3, 4], 2))
    with pytest.raises(ds.ParameterError, match="strategy"):
        ds.bin_edges([1, 2], strategy="kmeans")
    with pytest.raises(ds.ParameterError, match="bins"):
        ds.bin_edges([1, 2], bins=0)


def test_sorted_kernel_equals_unsorted_kernel():
    from driftscope._kernels import counts as _counts, counts_sorted as _counts_sorted

    rng = np.random.default_rng(3)
    for edges in (ds.bin_edges(rng.normal(size=50), 10), np.array([-1.0, 0.0, 0.5, 2.0])):
        values = np.round(rng.normal(size=500), 1)  # ties at edges
        np.testing.assert_array_equal(_counts_sorted(np.sort(values), edges), _counts(values, edges))


@given(st.lists(st.sampled_from(["a", "b", "c", None]), min_size=1, max_size=30),
       st.lists(st.sampled_from(["b", "c", "d"]), min_size=1, max_size=30))
def test_category_counts_match_counter(reference, current):
    if all(v is None for v in reference):
        return
    cats, ref, cur = ds.category_counts(reference, current)
    want_ref = Counter(v for v in reference if v is not None)
    want_cur = Counter(current)
    assert cats.tolist() == sorted(set(want_ref) | set(want_cur))
    assert ref.tolist() == [want_ref[c] for c in cats]
    assert cur.tolist() == [want_cur[c] for c in cats]


def test_category_counts_types():
    # Unseen-in-reference categories are kept.
    cats, ref, cur = ds.category_counts([1, 2], [3])
    assert cats.tolist() == [1, 2, 3] and ref.tolist() == [1, 1, 0] and cur.tolist() == [0, 0, 1]
    # Equal labels are one category (as in a set / pandas value_counts); 1 and "1" are not.
    cats, ref, cur = ds.category_counts([1, True], [1.0])
    assert len(cats) == 1 and ref.tolist() == [2] and cur.tolist() == [1]
    cats, ref, cur = ds.category_counts([1, 2], ["1"])
    assert len(cats) == 3 and ref.sum() == 2 and cur.sum() == 1
    assert sorted(map(repr, cats.tolist())) == ["'1'", "1", "2"]


def test_category_counts_drops_nan_in_a_list_of_strings():
    # NumPy reads ["a", nan] as the strings "a" and "nan"; labels keep their types.
    cats, ref, cur = ds.category_counts(["a", float("nan")], ["a", "b", None, float("nan")])
    assert cats.tolist() == ["a", "b"] and ref.tolist() == [1, 0] and cur.tolist() == [1, 1]
    result = ds.chi_square_test(["a", "b", float("nan")] * 10, ["a", "b"] * 10)
    assert result.n_dropped_reference == 10 and result.dof == 1
    # Numbers and strings in one list stay apart (1 and "1" are two categories).
    cats, ref, _ = ds.category_counts([1, "1", "a"], ["a"])
    assert sorted(map(repr, cats.tolist())) == ["'1'", "'a'", "1"] and ref.sum() == 3
    with pytest.raises(ds.AllNaNError):
        ds.category_counts([float("nan"), None], ["a"])
