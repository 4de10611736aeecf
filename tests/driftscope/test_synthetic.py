"""General synthetic samples and streams (driftscope.synthetic)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from driftscope.synthetic import drifting_stream, shifted_normal


def ks_p(a, b):
    return stats.ks_2samp(a, b).pvalue


def ks_d(a, b):
    return stats.ks_2samp(a, b).statistic


def test_shifted_normal_p_value_collapses_with_n():
    small_ref, small_live = shifted_normal(1_000, 0.02, seed=3)
    big_ref, big_live = shifted_normal(1_000_000, 0.02, seed=3)
    assert ks_p(small_ref, small_live) > 0.05
    assert ks_p(big_ref, big_live) < 1e-6
    assert ks_d(big_ref, big_live) < 0.02  # ...while the effect stays tiny
    ref_a, _ = shifted_normal(500, 0.0, seed=3)
    ref_b, live_b = shifted_normal(500, 5.0, seed=3, loc=50, scale=10, n_live=300)
    np.testing.assert_allclose((ref_b - 50) / 10, ref_a)
    assert live_b.shape == (300,)
    with pytest.raises(ValueError):
        shifted_normal(0, 0.1)


def test_drifting_stream():
    errors = drifting_stream(4000, change_point=2500, before=0.05, after=0.25, seed=4)
    assert set(np.unique(errors)) <= {0, 1}
    assert abs(errors[:2500].mean() - 0.05) < 0.02
    assert abs(errors[2500:].mean() - 0.25) < 0.04
    values = drifting_stream(1000, change_point=400, before=1.0, after=3.0, kind="values", noise=0.5)
    assert values.dtype == np.float64
    assert abs(values[:400].mean() - 1.0) < 0.1 and abs(values[400:].mean() - 3.0) < 0.1
    gradual = drifting_stream(3000, change_point=1500, before=0.0, after=1.0, width=600, seed=1)
    thirds = [gradual[i : i + 1000].mean() for i in (0, 1000, 2000)]
    assert thirds[0] < 0.1 < thirds[1] < 0.9 < thirds[2], thirds
    again = drifting_stream(3000, change_point=1500, before=0.0, after=1.0, width=600, seed=1)
    np.testing.assert_array_equal(gradual, again)
    with pytest.raises(ValueError, match="kind"):
        drifting_stream(kind="nope")
