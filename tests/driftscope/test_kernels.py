"""driftscope._kernels: the one implementation of every statistic.

Each kernel against its reference (NumPy, SciPy, pandas), bit for bit where
driftscope promises it, and the public functions, the report policies and
the sketches shown to return the kernels' very numbers.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import driftscope as ds
from driftscope import _kernels as K

SETTINGS = settings(max_examples=150)  # cheap examples; the profile is in conftest.py

values = st.lists(st.integers(-4, 4).map(float) | st.floats(-1e6, 1e6, allow_subnormal=False),
                  min_size=1, max_size=60)


@SETTINGS
@given(values, st.lists(st.floats(0, 1), min_size=1, max_size=12))
def test_sorted_quantiles_are_numpys_bit_for_bit(sample, levels):
    a = np.sort(np.array(sample))
    levels = np.array(levels)
    assert np.array_equal(K.sorted_quantiles(a, levels), np.quantile(a, levels))


@pytest.mark.parametrize("n", [1, 2, 3, 7, 100, 101, 999, 10_007])
def test_quantile_edges_equal_numpy_edges(n):
    a = np.sort(np.round(np.random.default_rng(n).normal(size=n), 2))
    for bins in (1, 2, 10, 100):
        want = np.concatenate(([-np.inf], np.unique(np.quantile(a, np.arange(1, bins) / bins)),
                               [np.inf]))
        assert np.array_equal(K.quantile_edges(a, bins), want)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # SciPy's own, on tiny or huge samples
@SETTINGS
@given(values, values)
def test_ks_statistic_is_scipys_bit_for_bit(x, y):
    a, b = np.sort(x), np.sort(y)
    # The raw statistic, and the one snapped to the lattice h / lcm(n, m) for exact p-values.
    assert K.ks_statistic_sorted(a, b) == stats.ks_2samp(a, b, method="asymp").statistic
    assert K.ks_sorted(a, b)[0] == stats.ks_2samp(a, b).statistic


@SETTINGS
@given(values, values)
def test_wasserstein_equals_scipy(x, y):
    a, b = np.sort(x), np.sort(y)
    want = stats.wasserstein_distance(a, b)
    assert K.wasserstein_sorted(a, b) == pytest.approx(want, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("n, m", [(300_000, 200_001), (262_144, 262_145), (5, 400_000)])
def test_wasserstein_across_chunks(n, m):
    rng = np.random.default_rng(n + m)
    a, b = np.sort(rng.normal(size=n)), np.sort(np.round(rng.normal(0.1, 1.5, m), 2))
    assert K.wasserstein_sorted(a, b) == pytest.approx(stats.wasserstein_distance(a, b), rel=1e-12)
    assert K.wasserstein_sorted(b, a) == pytest.approx(K.wasserstein_sorted(a, b), rel=1e-13)


def test_wasserstein_with_infinities_is_scipys():
    with np.errstate(all="ignore"):
        for a, b in [([0.0, 1.0, np.inf], [0.0, 2.0]), ([0.0, np.inf], [1.0, np.inf]),
                     ([-np.inf, 0.0], [1.0])]:
            got = K.wasserstein_sorted(np.array(a), np.array(b))
            want = stats.wasserstein_distance(a, b)
            assert got == want or (math.isnan(got) and math.isnan(want))


def test_sort_split_finds_missing_at_the_ends():
    x = np.array([np.nan, 3.0, -np.inf, np.inf, 1.0, np.nan, -np.inf, 2.0])
    s = K.sort_split(x)
    assert s.finite.tolist() == [1.0, 2.0, 3.0]
    assert (s.n_neg_inf, s.n_pos_inf, s.n_nan, s.n_missing) == (2, 1, 2, 5)
    assert s.with_infinities.tolist() == [-np.inf, -np.inf, 1.0, 2.0, 3.0, np.inf]
    assert x[0] != x[0]  # the input is left alone
    assert K.sort_split(np.array([np.nan])).finite.size == 0


@SETTINGS
@given(values, values, st.lists(st.floats(0, 1), min_size=1, max_size=5))
def test_pooled_quantiles_without_pooling(x, y, levels):
    a, b = np.sort(x), np.sort(y)
    pooled = np.sort(np.concatenate((a, b)))
    for k in range(pooled.size):
        assert K.kth_pooled(a, b, k) == pooled[k]
    assert np.array_equal(K.pooled_quantile(a, b, levels), np.quantile(pooled, levels))


@SETTINGS
@given(values, values)
def test_distinct_values_pooled(x, y):
    a, b = np.sort(x), np.sort(y)
    exact = np.unique(np.concatenate((a, b))).size
    assert K.n_distinct_pooled(a, b, 5) == min(exact, 6)
    assert K.n_distinct_sorted(a) == np.unique(a).size


def test_value_counts_semantics():
    labels, counts = K.value_counts(np.array([1, True, 1.0, "1", None, np.nan, pd.NA, pd.NaT,
                                              np.inf, "a", "a"], dtype=object))
    got = dict(zip(labels.tolist(), counts.tolist()))
    assert got == {1: 3, "1": 1, "a": 2}
    cat = pd.Series(pd.Categorical(["x", "y", None], categories=["x", "y", "unused"]))
    labels, counts = K.value_counts(cat)
    assert labels.tolist() == ["x", "y"] and counts.tolist() == [1, 1]
    with pytest.raises(TypeError):
        K.value_counts(pd.Series([[1], [2]]))


def test_align_counts_sorts_or_keeps_first_appearance():
    cats, a, b = K.align_counts(np.array(["b", "a"], dtype=object), np.array([2, 1]),
                                np.array(["c", "a"], dtype=object), np.array([5, 4]))
    assert cats.tolist() == ["a", "b", "c"] and a.tolist() == [1, 2, 0] and b.tolist() == [4, 0, 5]
    cats, a, b = K.align_counts(np.array([1, "x"], dtype=object), np.array([1, 1]),
                                np.array(["1"], dtype=object), np.array([3]))
    assert cats.tolist() == [1, "x", "1"] and b.tolist() == [0, 0, 3]


# -- one implementation: the public functions, the policies and the sketches agree exactly --

@pytest.fixture(scope="module")
def frames():
    rng = np.random.default_rng(2043)
    n = 3_000

    def frame(shift):
        return pd.DataFrame({
            "x": rng.normal(shift, 1, n),
            "few": rng.choice([0.0, 1.0, 2.0, 3.0], n),
            "s": rng.choice(list("abcd"), n, p=[0.4, 0.3, 0.2, 0.1] if not shift else [.25] * 4),
        })

    return frame(0.0), frame(0.3)


def test_public_and_report_share_kernels(frames):
    reference, current = frames
    report = ds.drift_report(reference, current, policy="evidently")
    std = float(np.std(reference["x"].to_numpy()))
    assert report["x"].statistic == ds.wasserstein(reference["x"], current["x"]) / std
    js = ds.js_distance(*ds.category_counts(reference["s"], current["s"])[1:], base=None)
    assert report["s"].statistic == js
    assert report["few"].statistic == ds.js_distance(
        *ds.category_counts(reference["few"], current["few"])[1:], base=None)
    small = ds.drift_report(reference.iloc[:500], current.iloc[:500], policy="evidently")
    assert small["x"].statistic == ds.ks_test(reference["x"][:500], current["x"][:500]).pvalue
    assert small["s"].statistic == ds.chi_square_test(reference["s"][:500], current["s"][:500]).pvalue


def test_watchtower_and_sketch_share_kernels(frames):
    reference, current = frames
    watch = ds.drift_report(reference, current, policy="watchtower")
    sketch = ds.drift_report(reference, current, policy="sketch")
    psi = ds.psi(reference["x"], current["x"])
    assert watch["x"].statistic == sketch["x"].statistic == psi
    assert watch["s"].statistic == sketch["s"].statistic
    profile = ds.Profile.from_frame(reference)
    assert ds.sketch_psi(profile["x"], profile.sketch_like(current)["x"]) == psi


def test_category_counts_is_fast_on_a_million_labels():
    # One hash pass (the bar is loose: about 30 ms on the course machines).
    import time

    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 20, 1_000_000), rng.integers(0, 21, 1_000_000)
    start = time.perf_counter()
    cats, ra, rb = ds.category_counts(a, b)
    assert time.perf_counter() - start < 2.0
    assert cats.tolist() == list(range(21)) and ra.sum() == rb.sum() == 1_000_000
