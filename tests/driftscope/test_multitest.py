"""bonferroni and benjamini_hochberg against SciPy and their textbook definitions."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import false_discovery_control

import driftscope as ds

pvalue_lists = st.lists(st.floats(0, 1) | st.sampled_from([0.0, 0.01, 0.05, 1.0]), min_size=1, max_size=40)


def test_bh_adjusted_equals_scipy():
    rng = np.random.default_rng(2043)
    for p in (rng.random(1), rng.random(40), rng.random(500) ** 4,
              np.array([0.01, 0.01, 0.04, 0.04, 0.5]),  # ties
              np.array([0.0, 1.0, 0.0])):
        result = ds.benjamini_hochberg(p)
        np.testing.assert_allclose(result.pvalues_adjusted, false_discovery_control(p), rtol=1e-14, atol=0)
        np.testing.assert_array_equal(result.reject, result.pvalues_adjusted < 0.05)


@given(pvalue_lists, st.sampled_from([0.01, 0.05, 0.2]))
def test_bh_is_the_step_up_rule(p, alpha):
    p = np.array(p)
    m = p.size
    result = ds.benjamini_hochberg(p, alpha)
    np.testing.assert_allclose(result.pvalues_adjusted, false_discovery_control(p), rtol=1e-14, atol=0)
    # Largest k with p_(k) * m / k < alpha (same arithmetic as the adjusted values); reject the k smallest.
    sorted_p = np.sort(p)
    passing = [k for k in range(1, m + 1) if sorted_p[k - 1] * (m / k) < alpha]
    k = max(passing, default=0)
    assert result.reject.sum() == k
    if k:
        assert (p[result.reject] <= sorted_p[k - 1]).all()
    # BH is never more conservative than Bonferroni.
    assert (ds.bonferroni(p, alpha).reject <= result.reject).all()


@given(pvalue_lists, st.sampled_from([0.01, 0.05]))
def test_bonferroni_definition(p, alpha):
    reject, adjusted = ds.bonferroni(p, alpha)
    p = np.array(p)
    np.testing.assert_array_equal(adjusted, np.minimum(p * p.size, 1.0))
    np.testing.assert_array_equal(reject, adjusted < alpha)


def test_strict_inequality_at_alpha():
    # One hypothesis at exactly alpha is not rejected, like `pvalue < alpha` everywhere else.
    assert not ds.bonferroni([0.05]).reject[0]
    assert not ds.benjamini_hochberg([0.05]).reject[0]
    assert ds.bonferroni([0.0499]).reject[0]


def test_result_fields():
    result = ds.benjamini_hochberg([0.001, 0.02, 0.3, 0.8], alpha=0.1)
    reject, adjusted = result
    assert result.alpha == 0.1 and result.method == "benjamini-hochberg"
    assert reject.dtype == bool and adjusted.dtype == np.float64
    assert ds.bonferroni([0.5]).method == "bonferroni"
    with pytest.raises(ds.ParameterError, match="alpha"):
        ds.bonferroni([0.5], alpha=1.5)
