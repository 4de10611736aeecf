"""Magnitudes near the float64 limit: SciPy's answer on rescaled inputs, or a DriftscopeError.

Where SciPy itself overflows (its sums exceed 1.8e308 although the answer
does not), the oracle is SciPy on the inputs scaled by a power of two (an
exact change of exponent), with the answer scaled back.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from scipy.spatial.distance import jensenshannon

import driftscope as ds
from driftscope import _kernels as K
from driftscope.errors import DriftscopeError, NumericOverflowError

BIG = np.finfo(np.float64).max
SCALE = 2.0 ** -64  # exact: only the exponent changes


def rescaled_wasserstein(a, b):
    return stats.wasserstein_distance(np.asarray(a) * SCALE, np.asarray(b) * SCALE) / SCALE


@pytest.mark.parametrize("n, m", [(7, 5), (5, 5), (1, 3), (40, 9)])
def test_wasserstein_near_the_float_limit_is_scipys_on_rescaled_inputs(n, m):
    rng = np.random.default_rng(n * 100 + m)
    a, b = rng.uniform(-1, 1, n) * BIG, rng.uniform(-1, 1, m) * BIG * 0.5
    with np.errstate(over="ignore", invalid="ignore"):
        naive = stats.wasserstein_distance(a, b)
    expected = rescaled_wasserstein(a, b)
    assert math.isfinite(expected) and expected < BIG
    got = ds.wasserstein(a, b)
    assert got == pytest.approx(expected, rel=1e-12), f"SciPy unscaled says {naive}"


def test_normed_wasserstein_near_the_float_limit_is_finite():
    rng = np.random.default_rng(5)
    a, b = rng.uniform(-1, 1, 11) * BIG, rng.uniform(-1, 1, 7) * BIG
    s = 2.0 ** -600  # np.std squares the values
    expected = stats.wasserstein_distance(a * s, b * s) / max(np.std(a * s), 0.001 * s)
    assert ds.wasserstein(a, b, normed=True) == pytest.approx(expected, rel=1e-12)


def test_a_distance_beyond_the_float_range_raises():
    with pytest.raises(NumericOverflowError, match="beyond the float64 range"):
        ds.wasserstein([BIG, BIG, BIG], [-BIG, -BIG])
    with pytest.raises(NumericOverflowError, match="normed"):
        ds.wasserstein([1e306] * 4, [-1e306] * 3, normed=True)


def test_ordinary_inputs_stay_scipys_to_the_bit():
    rng = np.random.default_rng(7)
    a, b = rng.normal(0, 1, 301), rng.normal(0.2, 2, 177)
    assert ds.wasserstein(a, b) == pytest.approx(stats.wasserstein_distance(a, b), rel=1e-13)
    assert K.std_sorted(np.sort(a)) == float(np.std(a))


@pytest.mark.parametrize("function, oracle", [
    (ds.kl_divergence, lambda p, q: stats.entropy(p, q)),
    (ds.js_distance, lambda p, q: jensenshannon(p, q, 2)),
    (ds.hellinger, lambda p, q: math.sqrt(np.sum((np.sqrt(p / p.sum()) - np.sqrt(q / q.sum())) ** 2) / 2)),
    (ds.total_variation, lambda p, q: np.sum(np.abs(p / p.sum() - q / q.sum())) / 2),
    (ds.psi_from_counts, lambda p, q: np.sum((q / q.sum() - p / p.sum()) * np.log((q / q.sum()) / (p / p.sum())))),
])
def test_count_vectors_near_the_float_limit(function, oracle):
    p = np.array([BIG, BIG / 2, BIG / 4])
    q = np.array([BIG / 8, BIG, BIG / 3])
    expected = oracle(p * SCALE, q * SCALE)
    assert function(p, q) == pytest.approx(float(expected), rel=1e-12, abs=1e-15)


def test_quantile_edges_over_the_full_float_range():
    edges = ds.bin_edges([-BIG, BIG], bins=2)
    assert edges.tolist() == [-np.inf, 0.0, np.inf]
    edges = ds.bin_edges([-BIG, -BIG / 2, BIG / 2, BIG], bins=4)
    expected = np.quantile(np.array([-BIG, -BIG / 2, BIG / 2, BIG]) * SCALE, [.25, .5, .75]) / SCALE
    np.testing.assert_allclose(edges[1:-1], expected, rtol=1e-15)
    assert (np.diff(edges) > 0).all()


@pytest.mark.parametrize("strategy", ["uniform", "sturges"])
def test_equal_width_edges_over_the_full_float_range(strategy):
    values = np.array([-BIG, 0.0, BIG])
    bins = 4 if strategy == "uniform" else "sturges"
    expected = np.histogram_bin_edges(values * SCALE, bins=bins) / SCALE
    edges = ds.bin_edges(values, bins=4, strategy=strategy)
    np.testing.assert_allclose(edges, expected, rtol=1e-15)
    assert np.isfinite(edges).all() and (np.diff(edges) > 0).all()


def test_equal_width_bins_that_cannot_be_told_apart_raise():
    with pytest.raises(DriftscopeError, match="too narrow"):
        ds.bin_edges([1e20, 1e20], bins=4, strategy="uniform")


def test_lerp_between_opposite_extremes():
    out = K.lerp(np.array([-BIG, -BIG]), np.array([BIG, BIG]), np.array([0.25, 0.75]))
    np.testing.assert_allclose(out, [-BIG / 2, BIG / 2], rtol=1e-15)


# --- stream detectors: keep working or raise, never silent -------------------------------------

def _state_is_finite(detector) -> bool:
    if isinstance(detector, ds.PageHinkley):
        values = [detector._mean, detector._s_up, detector._s_down, detector._m_down]
    else:
        values = [detector._total, detector._m2] + [v for lv in detector._totals for v in lv]
        values += [v for lv in detector._variances for v in lv]
    return all(math.isfinite(v) for v in values)


@pytest.mark.parametrize("name", ["PageHinkley", "ADWIN"])
@pytest.mark.parametrize("magnitude", [1e150, 1e200, 1e300, BIG])
def test_detectors_keep_working_or_raise_on_huge_values(name, magnitude):
    rng = np.random.default_rng(11)
    detector = getattr(ds, name)(**({"clock": 1} if name == "ADWIN" else {}))
    stream = np.concatenate([rng.normal(0, 1, 50), rng.choice([-1.0, 1.0], 200) * magnitude,
                             rng.normal(0, 1, 50)])
    refused = 0
    fresh = repr(vars(getattr(ds, name)(**({"clock": 1} if name == "ADWIN" else {}))))
    for x in stream:
        try:
            detector.update(float(x))
        except NumericOverflowError as exc:
            refused += 1
            assert "rescale the stream" in str(exc) and f"{name}.update" in str(exc)
            assert repr(vars(detector)) == fresh, "after an overflow the detector restarts"
        assert _state_is_finite(detector), f"{name} went silent: its state overflowed"
    if magnitude <= 1e150:
        assert refused == 0, "these sums fit in float64: the detector must keep working"


@pytest.mark.parametrize("name", ["PageHinkley", "ADWIN"])
def test_detectors_still_flag_drift_after_an_overflow(name):
    rng = np.random.default_rng(3)
    detector = getattr(ds, name)()
    stream = np.concatenate([rng.normal(0, 1, 200), [BIG, -BIG, BIG, -BIG],
                             rng.normal(0, 1, 300), rng.normal(8, 1, 300)])
    flagged, refused = [], []
    for i, x in enumerate(stream):
        try:
            if detector.update(x):
                flagged.append(i)
        except NumericOverflowError:
            refused.append(i)
    assert refused or flagged[0] < 210, "the extremes were neither refused nor flagged"
    assert any(i >= 504 for i in flagged), f"{name} must still flag the shift at step 504"


def test_page_hinkley_mean_of_opposite_extremes_stays_finite():
    ph = ds.PageHinkley(min_instances=1, threshold=1e300)
    ph.update(BIG)
    ph.update(-BIG)  # River's x - mean overflows here; the weighted mean does not
    assert ph._mean == pytest.approx(0.0, abs=1e292)
    assert _state_is_finite(ph)


def test_evidently_policy_on_a_huge_column_gives_a_row_not_an_assertion():
    import pandas as pd

    rng = np.random.default_rng(2)
    reference = pd.DataFrame({"x": rng.uniform(-1, 1, 1500) * BIG})
    current = pd.DataFrame({"x": rng.uniform(-1, 1, 1500) * BIG * 0.1})
    row = ds.drift_report(reference, current)["x"]
    s = 2.0 ** -600  # np.std squares the values
    a, b = reference["x"].to_numpy() * s, current["x"].to_numpy() * s
    expected = stats.wasserstein_distance(a, b) / max(np.std(a), 0.001 * s)
    assert row.test == "Wasserstein distance (normed)"
    assert row.statistic == pytest.approx(expected, rel=1e-12) and row.drifted
    assert "<svg" in ds.drift_report(reference, current).to_html()
