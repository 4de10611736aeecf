"""ks_test and wasserstein against scipy.stats.ks_2samp and wasserstein_distance."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import ks_2samp, wasserstein_distance

import driftscope as ds
from needs import require



def cases():
    rng = np.random.default_rng(2043)
    yield "normal, unequal sizes", rng.normal(size=300), rng.normal(0.2, 1, 170)
    yield "shifted", rng.normal(size=200), rng.normal(1, 1, 200)
    yield "ties, discrete", rng.integers(0, 5, 400).astype(float), rng.integers(0, 6, 250).astype(float)
    yield "cauchy heavy tails", rng.standard_cauchy(500), rng.standard_cauchy(321) * 2
    yield "n=1 vs n=1", np.array([0.0]), np.array([1.0])
    yield "n=1 vs n=2", np.array([0.0]), np.array([0.0, 1.0])
    yield "n=2 vs n=3", np.array([1.0, 2.0]), np.array([0.5, 2.0, 3.0])
    yield "identical", np.arange(10.0), np.arange(10.0)
    yield "constant", np.full(30, 4.0), np.full(20, 4.0)
    yield "disjoint", np.arange(50.0), np.arange(50.0) + 100
    yield "coprime sizes", rng.normal(size=997), rng.normal(0.1, 1, 1009)
    yield "exact limit 10000", rng.normal(size=10_000), rng.normal(0.02, 1, 400)
    yield "asymptotic", rng.normal(size=20_000), rng.normal(0.02, 1, 15_000)
    yield "huge vs tiny", rng.normal(size=50_000), rng.normal(size=3)


@pytest.mark.parametrize("name, ref, cur", list(cases()), ids=[c[0] for c in cases()])
def test_ks_equals_scipy(name, ref, cur):
    got, want = ds.ks_test(ref, cur), ks_2samp(ref, cur)
    assert got.statistic == pytest.approx(want.statistic, abs=1e-12)
    assert got.pvalue == pytest.approx(want.pvalue, rel=1e-9, abs=1e-300)
    assert got.method == ("exact" if max(len(ref), len(cur)) <= 10_000 else "asymp")
    # symmetric in its two samples
    swapped = ds.ks_test(cur, ref)
    assert swapped.statistic == pytest.approx(got.statistic, abs=1e-12)
    assert swapped.pvalue == pytest.approx(got.pvalue, rel=1e-9, abs=1e-300)


@pytest.mark.filterwarnings("ignore:ks_2samp. Exact calculation unsuccessful:RuntimeWarning")
def test_exact_failure_falls_back_to_asymptotic_like_scipy():
    # n = m = 5 and D = 1/5: SciPy's exact sum rounds to 1.0000000000000002 > 1, so it
    # switches to the asymptotic p-value (found by scanning _attempt_exact_2kssamp).
    ref, cur = np.arange(5.0), np.arange(5.0) + 0.5
    got, want = ds.ks_test(ref, cur), ks_2samp(ref, cur)
    assert got.method == "asymp"
    assert got.statistic == pytest.approx(want.statistic, abs=1e-12) and got.statistic == pytest.approx(0.2)
    assert got.pvalue == pytest.approx(want.pvalue, rel=1e-9)


small_samples = st.lists(st.integers(-3, 3).map(float) | st.floats(-1e3, 1e3), min_size=1, max_size=40)


@pytest.mark.filterwarnings("ignore:ks_2samp. Exact calculation unsuccessful:RuntimeWarning")
@given(small_samples, small_samples)
def test_ks_random_small_samples_equal_scipy(ref, cur):
    got, want = ds.ks_test(ref, cur), ks_2samp(ref, cur)
    assert 0 <= got.statistic <= 1 and 0 <= got.pvalue <= 1
    assert got.statistic == pytest.approx(want.statistic, abs=1e-12)
    assert got.pvalue == pytest.approx(want.pvalue, rel=1e-9, abs=1e-300)
    rng = np.random.default_rng(0)
    shuffled = ds.ks_test(rng.permutation(ref), rng.permutation(cur))
    assert (shuffled.statistic, shuffled.pvalue) == (got.statistic, got.pvalue)


def test_ks_result_unpacks_and_counts_dropped():
    ref = [0.1, 0.4, np.nan, 0.9, 1.3]
    cur = [np.inf, 0.2, 0.5, 2.0, None]
    result = ds.ks_test(ref, cur)
    want = ks_2samp([0.1, 0.4, 0.9, 1.3], [0.2, 0.5, 2.0])
    statistic, pvalue = result
    assert (statistic, pvalue) == (result[0], result[1]) and len(result) == 2
    assert statistic == pytest.approx(want.statistic, abs=1e-12)
    assert pvalue == pytest.approx(want.pvalue, rel=1e-9)
    assert (result.n_reference, result.n_current) == (4, 3)
    assert (result.n_dropped_reference, result.n_dropped_current, result.n_dropped) == (1, 2, 3)
    assert repr(result).startswith("KSResult(statistic=") and "n_dropped_current=2" in repr(result)


def test_scipy_private_exact_helper_still_exists():
    # ks_test borrows SciPy's exact p-value; if SciPy moves it, this says why imports break.
    from scipy.stats import _stats_py

    assert callable(_stats_py._attempt_exact_2kssamp)


# --- Wasserstein ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, ref, cur", list(cases()), ids=[c[0] for c in cases()])
def test_wasserstein_equals_scipy(name, ref, cur):
    want = wasserstein_distance(ref, cur)
    assert ds.wasserstein(ref, cur) == pytest.approx(want, rel=1e-12, abs=1e-12)
    norm = max(float(np.std(ref)), 0.001)
    assert ds.wasserstein(ref, cur, normed=True) == pytest.approx(want / norm, rel=1e-12, abs=1e-12)


@given(small_samples, small_samples)
def test_wasserstein_properties(ref, cur):
    d = ds.wasserstein(ref, cur)
    assert d == pytest.approx(wasserstein_distance(ref, cur), rel=1e-12, abs=1e-9)
    assert d >= 0 and d == pytest.approx(ds.wasserstein(cur, ref), rel=1e-12, abs=1e-9)
    assert ds.wasserstein(ref, ref) == 0.0
    # shifting both samples changes nothing
    assert ds.wasserstein(np.add(ref, 5.0), np.add(cur, 5.0)) == pytest.approx(d, rel=1e-9, abs=1e-9)


@pytest.mark.slow  # imports Evidently (seconds)
@pytest.mark.xdist_group("evidently-agreement")
def test_wasserstein_normed_matches_evidently():
    stattests = require("evidently.legacy.calculations.stattests.wasserstein_distance_norm")
    pd = require("pandas")
    rng = np.random.default_rng(2043)
    for ref, cur in ((rng.normal(5, 2, 400), rng.normal(5.5, 2, 300)), (np.full(10, 1.0), np.arange(5.0))):
        want, _ = stattests._wasserstein_distance_norm(pd.Series(ref), pd.Series(cur), None, 0.1)
        assert ds.wasserstein(ref, cur, normed=True) == pytest.approx(want, rel=1e-12)


def test_ks_matches_evidently():
    stattests = require("evidently.legacy.calculations.stattests.ks_stattest")
    pd = require("pandas")
    rng = np.random.default_rng(2043)
    ref, cur = rng.normal(size=300), rng.normal(0.1, 1, 200)
    want, _ = stattests._ks_stat_test(pd.Series(ref), pd.Series(cur), None, 0.05)
    assert ds.ks_test(ref, cur).pvalue == pytest.approx(want, rel=1e-12)
