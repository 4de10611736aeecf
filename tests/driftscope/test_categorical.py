"""chi_square_test and z_test against SciPy and Evidently 0.7's "chisquare" and "z" stattests."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import chisquare, norm

import driftscope as ds
from needs import require



# Importing Evidently costs seconds: its comparisons run in the slow tier, on the worker
# of the other Evidently agreement tests.
agreement = pytest.mark.xdist_group("evidently-agreement")


@pytest.fixture(scope="module")
def evidently():
    chi = require("evidently.legacy.calculations.stattests.chisquare_stattest")
    z = require("evidently.legacy.calculations.stattests.z_stattest")
    return chi._chi_stat_test, z._z_stat_test


def categorical_cases():
    rng = np.random.default_rng(2043)
    yield rng.choice(list("abc"), 500, p=[0.5, 0.3, 0.2]), rng.choice(list("abc"), 300, p=[0.4, 0.4, 0.2])
    yield rng.choice(list("abcde"), 50), rng.choice(list("abcde"), 70)
    yield rng.integers(0, 2, 200), rng.integers(0, 2, 100)
    yield rng.random(100) < 0.3, rng.random(150) < 0.5
    yield np.array(["a", "b"]), np.array(["b"])
    yield np.array(["x"] * 20 + ["y"]), np.array(["x"] * 5 + ["y"] * 5)


def test_chi_square_equals_scipy_goodness_of_fit():
    for ref, cur in categorical_cases():
        result = ds.chi_square_test(ref, cur)
        cats, r, c = ds.category_counts(ref, cur)
        want = chisquare(c, r * (c.sum() / r.sum()))
        assert result.statistic == pytest.approx(want.statistic, rel=1e-12)
        assert result.pvalue == pytest.approx(want.pvalue, rel=1e-9)
        assert result.dof == len(cats) - 1
        assert result.categories.tolist() == cats.tolist()


@pytest.mark.slow
@agreement
def test_chi_square_equals_evidently(evidently):
    chi_evidently, _ = evidently
    for ref, cur in categorical_cases():
        want, _ = chi_evidently(pd.Series(ref), pd.Series(cur), None, 0.05)
        assert ds.chi_square_test(ref, cur).pvalue == pytest.approx(want, rel=1e-9, abs=1e-300)


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # inside Evidently's scipy call
@pytest.mark.slow
@agreement
def test_chi_square_new_category_is_drift(evidently):
    chi_evidently, _ = evidently
    ref, cur = ["a"] * 10 + ["b"] * 10, ["a"] * 10 + ["c"]
    result = ds.chi_square_test(ref, cur)
    assert result.statistic == math.inf and result.pvalue == 0.0
    want, _ = chi_evidently(pd.Series(ref), pd.Series(cur), None, 0.05)
    assert want == 0.0


@pytest.mark.slow
@agreement
def test_chi_square_single_category_is_no_drift_not_nan(evidently):
    chi_evidently, _ = evidently
    result = ds.chi_square_test(["a"] * 5, ["a"] * 3)
    assert (result.statistic, result.pvalue, result.dof) == (0.0, 1.0, 0)
    want, drifted = chi_evidently(pd.Series(["a"] * 5), pd.Series(["a"] * 3), None, 0.05)
    assert math.isnan(want) and not drifted, "Evidently's NaN means 'no drift' too"


def test_chi_square_drops_missing():
    result = ds.chi_square_test(["a", "b", None, "a"], ["a", np.nan, "b", "b", pd.NA])
    clean = ds.chi_square_test(["a", "b", "a"], ["a", "b", "b"])
    assert (result.statistic, result.pvalue) == (clean.statistic, clean.pvalue)
    assert (result.n_reference, result.n_current, result.n_dropped) == (3, 3, 3)


@given(st.lists(st.sampled_from("abcd"), min_size=1, max_size=40),
       st.lists(st.sampled_from("abcd"), min_size=1, max_size=40))
def test_chi_square_properties(ref, cur):
    result = ds.chi_square_test(ref, cur)
    assert result.statistic >= 0 and 0 <= result.pvalue <= 1
    rng = np.random.default_rng(0)
    shuffled = ds.chi_square_test(rng.permutation(ref), rng.permutation(cur))
    assert shuffled.statistic == pytest.approx(result.statistic, rel=1e-12)
    # the same distribution at any current size is a perfect fit
    assert ds.chi_square_test(ref, ref * 3).statistic == pytest.approx(0, abs=1e-9)


# --- z-test ---------------------------------------------------------------------------------

def z_formula(ref, cur, category):
    """Two-proportion z-test by hand: (c - r) / sqrt(P(1-P)(1/n_r + 1/n_c))."""
    ref, cur = np.asarray(ref), np.asarray(cur)
    r, c = np.mean(ref == category), np.mean(cur == category)
    pooled = (np.sum(ref == category) + np.sum(cur == category)) / (ref.size + cur.size)
    z = (c - r) / math.sqrt(pooled * (1 - pooled) * (1 / ref.size + 1 / cur.size))
    return z, 2 * norm.sf(abs(z))


def test_z_test_equals_formula():
    for ref, cur in categorical_cases():
        result = ds.z_test(ref, cur)
        category = sorted(set(ref.tolist()) | set(cur.tolist()))[0]
        assert result.category == category
        z, p = z_formula(ref, cur, category)
        assert result.statistic == pytest.approx(z, rel=1e-12)
        assert result.pvalue == pytest.approx(p, rel=1e-9)


@pytest.mark.slow
@agreement
def test_z_test_equals_evidently(evidently):
    _, z_evidently = evidently
    for ref, cur in categorical_cases():
        want, _ = z_evidently(pd.Series(ref), pd.Series(cur), None, 0.05)
        # Evidently's 2 * (1 - cdf) loses everything below ~1e-16; agreement is absolute.
        assert ds.z_test(ref, cur).pvalue == pytest.approx(want, abs=1e-15)


@pytest.mark.slow
@agreement
def test_z_test_identical_constant_samples(evidently):
    _, z_evidently = evidently
    result = ds.z_test([True] * 4, [True] * 6)
    assert (result.statistic, result.pvalue) == (0.0, 1.0)
    assert z_evidently(pd.Series([True] * 4), pd.Series([True] * 6), None, 0.05)[0] == 1


def test_z_test_category_choice():
    ref, cur = [0] * 80 + [1] * 20, [0] * 60 + [1] * 40
    by_zero, by_one = ds.z_test(ref, cur), ds.z_test(ref, cur, category=1)
    assert by_one.category == 1
    assert by_one.statistic == pytest.approx(-by_zero.statistic, rel=1e-12)
    assert by_one.pvalue == pytest.approx(by_zero.pvalue, rel=1e-12)
    with pytest.raises(ds.ParameterError, match="category 7"):
        ds.z_test(ref, cur, category=7)


def test_z_test_tiny_p_value_stays_accurate():
    ref, cur = [0] * 500 + [1] * 500, [0] * 950 + [1] * 50
    result = ds.z_test(ref, cur)
    z, p = z_formula(ref, cur, 0)
    assert result.pvalue == pytest.approx(p, rel=1e-9)
    assert 0 < result.pvalue < 1e-16


def test_results_unpack():
    statistic, pvalue = ds.chi_square_test(["a", "b"], ["a", "a"])
    assert 0 <= pvalue <= 1
    statistic, pvalue = ds.z_test(["a", "b"], ["a", "a"])
    assert 0 <= pvalue <= 1
    assert "ZTestResult(statistic=" in repr(ds.z_test(["a", "b"], ["a", "a"]))
