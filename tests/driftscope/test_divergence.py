"""Divergences against SciPy and the course's PSI recipe, plus their mathematical properties."""

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.spatial.distance import jensenshannon
from scipy.stats import entropy

import driftscope as ds



@st.composite
def distribution_pairs(draw, max_bins=12):
    """Two count vectors over the same bins, zeros included, never all zero."""
    n = draw(st.integers(1, max_bins))
    weights = st.one_of(st.just(0.0), st.floats(1e-6, 1e6), st.integers(1, 50).map(float))
    p = draw(st.lists(weights, min_size=n, max_size=n))
    q = draw(st.lists(weights, min_size=n, max_size=n))
    assume(sum(p) > 0 and sum(q) > 0)
    return np.array(p), np.array(q)


def random_pairs():
    rng = np.random.default_rng(2043)
    for n in (1, 2, 3, 10, 1000):
        yield rng.random(n), rng.random(n)
        p, q = rng.integers(0, 4, n).astype(float), rng.integers(0, 4, n).astype(float)
        p[0], q[0] = 1, 1  # never all zero; zeros elsewhere
        yield p, q
    yield rng.dirichlet(np.full(20, 0.05)), rng.dirichlet(np.full(20, 0.05))  # near-zero bins


# --- KL -----------------------------------------------------------------------------------

@pytest.mark.parametrize("base", [None, 2, 10, math.e])
def test_kl_equals_scipy_entropy(base):
    for p, q in random_pairs():
        got, want = ds.kl_divergence(p, q, base=base), entropy(p, q, base=base)
        if math.isinf(want):
            assert got == want
        else:
            assert got == pytest.approx(want, rel=1e-12, abs=1e-15)


def test_kl_infinite_when_q_misses_mass_and_epsilon_fixes_it():
    assert ds.kl_divergence([1, 1], [1, 0]) == math.inf == entropy([1, 1], [1, 0])
    # epsilon: normalise, add to every bin, normalise again.
    eps = 1e-3
    p, q = np.array([0.5, 0.5]) + eps, np.array([1.0, 0.0]) + eps
    want = entropy(p / p.sum(), q / q.sum())
    assert ds.kl_divergence([1, 1], [1, 0], epsilon=eps) == pytest.approx(want, rel=1e-14)


@given(distribution_pairs(), st.sampled_from([0.0, 1e-6, 0.1]))
def test_kl_nonnegative_zero_on_identical_and_scale_free(pq, eps):
    p, q = pq
    kl = ds.kl_divergence(p, q, epsilon=eps)
    assert kl >= 0
    assert ds.kl_divergence(p, p, epsilon=eps) == pytest.approx(0, abs=1e-12)
    assert ds.kl_divergence(3 * p, q, epsilon=eps) == pytest.approx(kl, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("base", [0, -2, 1, math.inf, "2", True])
def test_kl_rejects_bad_base(base):
    with pytest.raises(ds.ParameterError, match="base"):
        ds.kl_divergence([1, 2], [2, 1], base=base)


# --- Jensen-Shannon ---------------------------------------------------------------------------

@pytest.mark.parametrize("base", [None, 2, 10])
def test_js_equals_scipy(base):
    for p, q in random_pairs():
        want = jensenshannon(p, q, base)
        assert ds.js_distance(p, q, base=base) == pytest.approx(want, rel=1e-12, abs=1e-15)
        assert ds.js_divergence(p, q, base=base) == pytest.approx(want**2, rel=1e-12, abs=1e-15)


def test_js_default_base_is_two():
    assert ds.js_divergence([1, 0], [0, 1]) == 1.0
    assert ds.js_distance([1, 0], [0, 1]) == 1.0


@given(distribution_pairs())
def test_js_symmetric_bounded_zero_on_identical(pq):
    p, q = pq
    js = ds.js_divergence(p, q)
    assert 0 <= js <= 1 + 1e-12
    assert js == pytest.approx(ds.js_divergence(q, p), abs=1e-12)
    assert ds.js_divergence(p, p) == pytest.approx(0, abs=1e-12)
    assert not math.isnan(ds.js_distance(p, p)), "rounding below 0 must not give sqrt(-x) = NaN"


# --- Hellinger and total variation -----------------------------------------------------------

def test_hellinger_and_tv_against_formulas():
    for p, q in random_pairs():
        p_, q_ = p / p.sum(), q / q.sum()
        # Evidently's categorical Hellinger form, which cancels digits near 0: hence atol.
        evidently_form = math.sqrt(1 - min(np.sum(np.sqrt(p_ * q_)), 1))
        assert ds.hellinger(p, q) == pytest.approx(evidently_form, abs=1e-7)
        assert ds.total_variation(p, q) == pytest.approx(0.5 * np.abs(p_ - q_).sum(), rel=1e-14, abs=1e-16)


@given(distribution_pairs())
def test_hellinger_tv_bounds_and_symmetry(pq):
    p, q = pq
    h, tv = ds.hellinger(p, q), ds.total_variation(p, q)
    assert 0 <= h <= 1 + 1e-12 and 0 <= tv <= 1 + 1e-12
    assert h == pytest.approx(ds.hellinger(q, p), abs=1e-12)
    assert tv == pytest.approx(ds.total_variation(q, p), abs=1e-12)
    # Le Cam's inequalities between the two.
    assert h**2 <= tv + 1e-12 and tv <= math.sqrt(2) * h + 1e-12


def test_disjoint_supports_are_the_maximum():
    assert ds.hellinger([1, 0], [0, 1]) == 1.0
    assert ds.total_variation([1, 0], [0, 1]) == 1.0


# --- PSI ------------------------------------------------------------------------------------

def psi_spec(reference, live, bins=10, epsilon=1e-4):
    """COURSE.md 03 `psi`, literally: quantile edges, shares, zeros -> epsilon, the sum."""
    interior = sorted(set(np.quantile(reference, [k / bins for k in range(1, bins)]).tolist()))
    edges = [-math.inf, *interior, math.inf]

    def shares(values):
        counts = [0] * (len(edges) - 1)
        for v in values:
            i = max(i for i in range(len(edges) - 1) if edges[i] <= v)
            counts[i] += 1
        return [c / len(values) if c else epsilon for c in counts]

    r, l_ = shares(reference), shares(live)
    return sum((li - ri) * math.log(li / ri) for li, ri in zip(l_, r))


def sample_pairs():
    rng = np.random.default_rng(2043)
    yield rng.normal(size=500), rng.normal(0.3, 1.2, size=300)
    yield rng.integers(0, 4, 200).astype(float), rng.integers(0, 6, 100).astype(float)  # ties
    yield rng.standard_cauchy(400), rng.standard_cauchy(400) * 3  # heavy tails
    yield np.array([1.0]), np.array([2.0, 3.0])
    yield np.array([1.0, 2.0]), np.array([1.0])
    yield np.full(50, 7.0), rng.normal(7, 1, 50)  # constant reference: one bin


@pytest.mark.parametrize("bins", [1, 2, 4, 10, 30])
def test_psi_matches_course_recipe(bins):
    for ref, cur in sample_pairs():
        assert ds.psi(ref, cur, bins=bins) == pytest.approx(psi_spec(ref, cur, bins), rel=1e-12, abs=1e-15)


def test_psi_equals_psi_from_counts_on_reference_edges():
    for ref, cur in sample_pairs():
        edges = ds.bin_edges(ref, 10)
        via_counts = ds.psi_from_counts(ds.bin_counts(ref, edges), ds.bin_counts(cur, edges))
        assert ds.psi(ref, cur) == pytest.approx(via_counts, rel=1e-13, abs=1e-15)


def test_psi_drops_nan_and_inf():
    rng = np.random.default_rng(5)
    ref, cur = rng.normal(size=100), rng.normal(size=80)
    dirty = np.concatenate([cur, [np.nan, np.inf, -np.inf]])
    assert ds.psi(ref, dirty) == ds.psi(ref, cur)


@given(st.lists(st.floats(-100, 100), min_size=1, max_size=50),
       st.lists(st.floats(-100, 100), min_size=1, max_size=50),
       st.integers(1, 12))
def test_psi_properties(ref, cur, bins):
    value = ds.psi(ref, cur, bins=bins)
    assert value >= 0 and math.isfinite(value)
    assert ds.psi(ref, ref, bins=bins) == 0.0
    rng = np.random.default_rng(0)
    assert ds.psi(rng.permutation(ref), rng.permutation(cur), bins=bins) == pytest.approx(value, abs=1e-12)


@given(distribution_pairs(), st.sampled_from([1e-4, 1e-2]))
def test_psi_from_counts_symmetric(pq, eps):
    # The formula is symmetric in r and l once both are on the same bins.
    p, q = pq
    assert ds.psi_from_counts(p, q, floor=eps) == pytest.approx(ds.psi_from_counts(q, p, floor=eps),
                                                                  rel=1e-12, abs=1e-12)


def test_psi_from_counts_is_jeffreys_without_zeros():
    rng = np.random.default_rng(7)
    p, q = rng.random(8) + 0.1, rng.random(8) + 0.1
    assert ds.psi_from_counts(p, q) == pytest.approx(entropy(p, q) + entropy(q, p), rel=1e-12)


@pytest.mark.parametrize("eps", [0, -1e-4, math.nan])
def test_psi_floor_must_be_positive(eps):
    with pytest.raises(ds.ParameterError, match="floor"):
        ds.psi([1, 2], [1, 2], floor=eps)
    with pytest.raises(ds.ParameterError, match="floor"):
        ds.psi_from_counts([1, 2], [1, 2], floor=eps)
