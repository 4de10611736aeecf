"""A hostile tester's sweep of driftscope's public API (issue 14), property-based.

Every public statistic gets extreme magnitudes (the whole float64 range,
subnormals included), missing values and odd dtypes, and must give SciPy's
answer or raise a `DriftscopeError`: never another exception, never a
silent NaN or inf. Where SciPy itself overflows, the oracle is SciPy on the
inputs scaled by a power of two (an exact change of exponent), its answer
scaled back (COURSE.md section 10, "Hardening oracle").

Bad parameters and odd data types are a fixed matrix of cases, each of
which must raise a `DriftscopeError` naming the parameter; report
renderings are parsed back (HTML escaping, Prometheus exposition with
``prometheus_client``'s parser, JSON).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.spatial.distance import jensenshannon

import driftscope as ds
from driftscope.errors import DriftscopeError, NumericOverflowError

# The rest (derandomised under CI=true, no deadline) comes from the profile in conftest.py.
SETTINGS = settings(max_examples=40)

finite = st.floats(allow_nan=False, allow_infinity=False)
missing = st.sampled_from([math.nan, math.inf, -math.inf])
sample = st.lists(finite | missing, min_size=1, max_size=25).map(np.array)
counts = st.lists(st.floats(min_value=0, allow_infinity=False, allow_nan=False),
                  min_size=1, max_size=8)


def exponent(*arrays) -> int:
    """The power of two that brings the largest magnitude to 2**500 (0 if it is below)."""
    top = max((float(np.max(np.abs(a))) for a in arrays if a.size), default=0.0)
    return max(math.frexp(top)[1] - 500, 0) if top else 0


def scaled(a, k):
    return np.ldexp(np.asarray(a, dtype=np.float64), -k)


def close(got, expected, magnitude=0.0, rel=1e-9):
    if math.isinf(expected):
        return got == expected
    return abs(got - expected) <= rel * abs(expected) + 1e-12 * magnitude + 1e-300


def answer_or_error(function, *args, **kwargs):
    """The function's result, or the DriftscopeError it raised (any other exception fails)."""
    try:
        return function(*args, **kwargs)
    except DriftscopeError as exc:
        return exc


# --- numeric samples ---------------------------------------------------------------------------

@SETTINGS
@given(a=sample, b=sample, normed=st.booleans())
def test_wasserstein_is_scipys(a, b, normed):
    got = answer_or_error(ds.wasserstein, a, b, normed=normed)
    fa, fb = a[np.isfinite(a)], b[np.isfinite(b)]
    if fa.size == 0 or fb.size == 0:
        assert isinstance(got, ds.AllNaNError), got
        return
    k = exponent(fa, fb)
    with np.errstate(over="ignore"):
        expected = stats.wasserstein_distance(scaled(fa, k), scaled(fb, k))
        if normed:
            expected /= max(float(np.std(scaled(fa, k))), math.ldexp(0.001, -k))
        else:
            expected = expected * 2.0 ** k if expected * 2.0 ** k < math.inf else math.inf
    if math.isinf(expected):
        assert isinstance(got, NumericOverflowError), got
    else:
        assert not isinstance(got, Exception), got
        magnitude = 0.0 if normed else float(max(np.abs(fa).max(), np.abs(fb).max()))
        assert close(got, expected, magnitude), (got, expected)


@SETTINGS
@given(a=sample, b=sample)
def test_ks_test_is_scipys(a, b):
    got = answer_or_error(ds.ks_test, a, b)
    fa, fb = a[np.isfinite(a)], b[np.isfinite(b)]
    if fa.size == 0 or fb.size == 0:
        assert isinstance(got, ds.AllNaNError), got
        return
    expected = stats.ks_2samp(fa, fb)
    assert got.statistic == expected.statistic
    assert abs(got.pvalue - expected.pvalue) <= 1e-12


def _quantile_edges(ref, bins):
    # NumPy's interpolation overflows only between neighbours beyond 2**1022: halve only then.
    k = 1 if np.abs(ref).max() >= 2.0 ** 1022 else 0
    inner = np.unique(np.quantile(scaled(ref, k), np.arange(1, bins) / bins))
    return np.concatenate(([-np.inf], np.ldexp(inner, k), [np.inf]))


@SETTINGS
@given(ref=sample, cur=sample, bins=st.integers(1, 12))
def test_psi_and_quantile_edges_are_numpys(ref, cur, bins):
    fr, fc = ref[np.isfinite(ref)], cur[np.isfinite(cur)]
    edges = answer_or_error(ds.bin_edges, ref, bins)
    value = answer_or_error(ds.psi, ref, cur, bins=bins)
    if fr.size == 0 or fc.size == 0:
        assert isinstance(value, ds.AllNaNError), value
        return
    expected_edges = _quantile_edges(fr, bins)
    np.testing.assert_allclose(edges, expected_edges, rtol=1e-12, atol=1e-300)
    assert (np.diff(edges) > 0).all()
    r = np.diff(np.searchsorted(fr, expected_edges[1:-1], side="left", sorter=np.argsort(fr)),
                prepend=0, append=fr.size) / fr.size
    index = np.clip(np.searchsorted(expected_edges, fc, side="right") - 1, 0, edges.size - 2)
    c = np.bincount(index, minlength=edges.size - 1) / fc.size
    r, c = np.where(r == 0, 1e-4, r), np.where(c == 0, 1e-4, c)
    assert close(value, float(np.sum((c - r) * np.log(c / r))))


@SETTINGS
@given(ref=sample, bins=st.integers(1, 12), strategy=st.sampled_from(["uniform", "sturges"]))
def test_equal_width_edges_are_numpys(ref, bins, strategy):
    fr = ref[np.isfinite(ref)]
    got = answer_or_error(ds.bin_edges, ref, bins, strategy)
    if fr.size == 0:
        assert isinstance(got, ds.AllNaNError), got
        return
    with np.errstate(over="ignore"):
        k = 1 if np.ptp(fr) == np.inf else 0  # halve only where the range overflows
    how = bins if strategy == "uniform" else "sturges"
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            expected = np.ldexp(np.histogram_bin_edges(scaled(fr, k), bins=how), k)
    except ValueError:  # NumPy: too many bins for the data range
        expected = None
    if expected is None or not (np.isfinite(expected).all() and (np.diff(expected) > 0).all()):
        assert isinstance(got, ds.ParameterError), got
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-12)


@SETTINGS
@given(values=sample, edges=st.lists(finite, min_size=2, max_size=6, unique=True))
def test_bin_counts_lose_no_value(values, edges):
    edges = np.sort(np.array(edges))
    got = answer_or_error(ds.bin_counts, values, edges)
    fv = values[np.isfinite(values)]
    if fv.size == 0:
        assert isinstance(got, ds.AllNaNError), got
        return
    index = np.clip(np.searchsorted(edges, fv, side="right") - 1, 0, edges.size - 2)
    assert got.tolist() == np.bincount(index, minlength=edges.size - 1).tolist()


# --- count vectors -----------------------------------------------------------------------------

def _shares(p):
    p = np.asarray(p, dtype=np.float64)
    k = max(math.frexp(float(p.max()))[1] + p.size.bit_length() - 1016, 0)
    p = np.ldexp(p, -k)
    return p / p.sum()


DIVERGENCES = {
    "kl_divergence": lambda p, q: float(stats.entropy(p, q)),
    "js_divergence": lambda p, q: float(jensenshannon(p, q, 2)) ** 2,
    "js_distance": lambda p, q: float(jensenshannon(p, q, 2)),
    "hellinger": lambda p, q: math.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2) / 2),
    "total_variation": lambda p, q: float(np.sum(np.abs(p - q))) / 2,
    "psi_from_counts": lambda p, q: float(np.sum((np.where(q == 0, 1e-4, q) - np.where(p == 0, 1e-4, p))
                                                 * np.log(np.where(q == 0, 1e-4, q) / np.where(p == 0, 1e-4, p)))),
}


@SETTINGS
@given(name=st.sampled_from(sorted(DIVERGENCES)), p=counts, q=counts)
def test_divergences_are_scipys(name, p, q):
    got = answer_or_error(getattr(ds, name), p, q)
    if not any(p) or not any(q):  # each input is checked, then the pair
        assert isinstance(got, ds.InvalidDistributionError), got
        return
    if len(p) != len(q):
        assert isinstance(got, ds.LengthMismatchError), got
        return
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = DIVERGENCES[name](_shares(p), _shares(q))
    assert not isinstance(got, Exception), got
    assert close(got, expected, rel=1e-7) or abs(got - expected) < 1e-7, (got, expected)


# --- categories --------------------------------------------------------------------------------

def _assert_a_sample_is_all_missing(ref, cur, error):
    """A category test may refuse two samples only when one holds no value (all None or NaN)."""
    kept = [[v for v in s if v is not None and v == v] for s in (ref, cur)]
    assert not all(kept), error


labels = st.lists(st.sampled_from(["a", "b", "$", "$$", 1, 2, True, 2.5, None, math.nan]),
                  min_size=1, max_size=30)


@SETTINGS
@given(ref=labels, cur=labels)
def test_chi_square_is_scipys(ref, cur):
    got = answer_or_error(ds.chi_square_test, ref, cur)
    if isinstance(got, DriftscopeError):
        _assert_a_sample_is_all_missing(ref, cur, got)
        return
    cats, r, c = ds.category_counts(ref, cur)
    if cats.size < 2:
        assert (got.statistic, got.pvalue) == (0.0, 1.0)
        return
    expected_counts = r * (c.sum() / r.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = stats.chisquare(c, expected_counts)
    if np.any((expected_counts == 0) & (c > 0)):
        assert got.statistic == math.inf and got.pvalue == 0.0
    else:
        assert close(got.statistic, float(expected.statistic))
        assert abs(got.pvalue - float(expected.pvalue)) <= 1e-12


@SETTINGS
@given(ref=labels, cur=labels)
def test_z_test_is_the_two_proportion_formula(ref, cur):
    got = answer_or_error(ds.z_test, ref, cur)
    if isinstance(got, DriftscopeError):
        _assert_a_sample_is_all_missing(ref, cur, got)
        return
    cats, r, c = ds.category_counts(ref, cur)
    assert got.category == cats[0] or got.category is cats[0]
    n_r, n_c = int(r.sum()), int(c.sum())
    pooled = (r[0] + c[0]) / (n_r + n_c)
    if pooled == 1:
        assert (got.statistic, got.pvalue) == (0.0, 1.0)
        return
    z = (c[0] / n_c - r[0] / n_r) / math.sqrt(pooled * (1 - pooled) * (1 / n_r + 1 / n_c))
    assert close(got.statistic, z), (got.statistic, z)
    assert abs(got.pvalue - 2 * stats.norm.sf(abs(z))) <= 1e-12


# --- p-values ----------------------------------------------------------------------------------

@SETTINGS
@given(p=st.lists(st.floats(0, 1), min_size=1, max_size=20), alpha=st.floats(1e-6, 0.999))
def test_benjamini_hochberg_is_scipys(p, alpha):
    got = ds.benjamini_hochberg(p, alpha)
    expected = stats.false_discovery_control(p, method="bh")
    np.testing.assert_allclose(got.pvalues_adjusted, expected, rtol=1e-12, atol=1e-300)


@SETTINGS
@given(p=st.lists(st.floats(0, 1), min_size=1, max_size=20), alpha=st.floats(1e-6, 0.999))
def test_bonferroni_is_the_formula(p, alpha):
    got = ds.bonferroni(p, alpha)
    expected = np.minimum(np.asarray(p) * len(p), 1.0)
    np.testing.assert_allclose(got.pvalues_adjusted, expected, rtol=1e-15, atol=0)
    assert got.reject.tolist() == (got.pvalues_adjusted < alpha).tolist()


# --- sketches: SciPy's K-S statistic inside the sketch's bound, at every magnitude ---------------

@SETTINGS
@given(ref=sample, cur=sample)
def test_sketch_statistics_hold_scipys_ks_statistic(ref, cur):
    fr, fc = ref[np.isfinite(ref)], cur[np.isfinite(cur)]
    sketch = answer_or_error(ds.HistogramSketch.from_reference, ref)
    if fr.size == 0:
        assert isinstance(sketch, ds.AllNaNError), sketch
        return
    assert not isinstance(sketch, Exception), sketch
    live = sketch.empty_like().update(cur)
    assert live.n == fc.size and live.n_missing == cur.size - fc.size
    bound = answer_or_error(ds.sketch_ks_bound, sketch, live)
    if fc.size == 0:
        assert isinstance(bound, DriftscopeError), bound
        return
    expected = stats.ks_2samp(fr, fc).statistic
    assert bound.lower - 1e-12 <= expected <= bound.upper + 1e-12, (bound, expected)
    for function in (ds.sketch_psi, ds.sketch_js_distance, ds.sketch_hellinger):
        value = answer_or_error(function, sketch, live, bins=None)
        assert isinstance(value, DriftscopeError) or math.isfinite(value), (function, value)


# --- stream detectors --------------------------------------------------------------------------

@SETTINGS
@given(name=st.sampled_from(["PageHinkley", "ADWIN"]),
       stream=st.lists(finite, min_size=1, max_size=80))
def test_detectors_keep_working_or_raise(name, stream):
    detector = getattr(ds, name)(**({"clock": 1, "grace_period": 0} if name == "ADWIN" else
                                    {"min_instances": 1}))
    for x in stream:
        try:
            assert detector.update(x) in (True, False)
        except NumericOverflowError:
            pass
        state = [v for v in vars(detector).values() if isinstance(v, float)]
        assert all(math.isfinite(v) or v in (math.inf,) for v in state), vars(detector)


# --- reports: any name renders, every rendering parses back ------------------------------------

hostile_text = st.lists(st.sampled_from(
    list("$^_{}\\<>&\"'%# \n\t") + ["a", "1", "é", "\u202e", "\x00", "</td>", "$$", "\\n"]),
    min_size=1, max_size=5).map("".join)


class _Cells(__import__("html.parser").parser.HTMLParser):
    """The text of every <strong> in the verdict table and every <figcaption>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strong, self.captions, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("strong", "figcaption"):
            self._in = tag
            (self.strong if tag == "strong" else self.captions).append("")

    def handle_endtag(self, tag):
        self._in = None if tag == self._in else self._in

    def handle_data(self, data):
        if self._in == "strong":
            self.strong[-1] += data
        elif self._in == "figcaption":
            self.captions[-1] += data


def _parse_prometheus(text):
    from prometheus_client.parser import text_string_to_metric_families

    return [s for family in text_string_to_metric_families(text) for s in family.samples]


@pytest.mark.filterwarnings("error::UserWarning")  # e.g. matplotlib: "Glyph 0 missing"
@settings(max_examples=4)
@given(names=st.lists(hostile_text, min_size=2, max_size=2, unique=True),
       cats=st.lists(hostile_text, min_size=2, max_size=3, unique=True),
       policy=st.sampled_from(["evidently", "watchtower", "sketch"]))
def test_reports_render_any_name_and_category(names, cats, policy):
    import json

    import pandas as pd

    rng = np.random.default_rng(0)
    n = 200
    ref = pd.DataFrame({names[0]: rng.normal(0, 1, n), names[1]: rng.choice(cats, n)})
    cur = pd.DataFrame({names[0]: rng.normal(2, 1, n),
                        names[1]: np.where(np.arange(n) < n - 5, cats[0], cats[-1])})
    report = ds.drift_report(ref, cur, policy=policy)
    cells = _Cells()
    cells.feed(report.to_html(title=names[0]))
    assert [c for c in cells.strong if c in names] == names, cells.strong
    assert len(cells.captions) == report.n_drifted >= 1
    samples = _parse_prometheus(report.to_prometheus(labels={"window": names[1]}))
    assert {s.labels["column"] for s in samples if "column" in s.labels} == set(names)
    assert {s.labels["window"] for s in samples} == {names[1]}
    assert [c["column"] for c in json.loads(report.to_json())["columns"]] == names


BIG = np.finfo(np.float64).max


@pytest.mark.filterwarnings("error::RuntimeWarning", "error::UserWarning")
@settings(max_examples=8)
@given(scale=st.sampled_from([5e-321, 1e-300, 1.0, 1e300, BIG]), seed=st.integers(0, 2 ** 16),
       policy=st.sampled_from(["evidently", "watchtower", "sketch"]))
def test_reports_at_any_magnitude_measure_and_render(scale, seed, policy):
    import json

    import pandas as pd

    rng = np.random.default_rng(seed)
    a, b = rng.uniform(-1, 1, 300) * scale, rng.uniform(-0.5, 1, 300) * scale
    report = answer_or_error(ds.drift_report, pd.DataFrame({"x": a}), pd.DataFrame({"x": b}),
                             policy=policy)
    assert not isinstance(report, Exception), report
    row = report["x"]
    assert not math.isnan(row.statistic) and (row.pvalue is None or 0 <= row.pvalue <= 1), row
    if policy == "evidently":  # K-S on 300 rows: SciPy's p-value, at any scale
        assert row.test == "K-S p_value"
        assert abs(row.pvalue - stats.ks_2samp(a, b).pvalue) <= 1e-12
    page = report.to_html()
    assert page.count("<svg") == report.n_drifted
    assert len(_parse_prometheus(report.to_prometheus())) >= 8
    assert json.loads(report.to_json())["columns"][0]["column"] == "x"


# --- bad parameters: one matrix, one wording -----------------------------------------------------
#
# Every public argument of a given type gets the same bad values, and each
# must raise a ParameterError that names the argument: "<name> must be ...,
# got <value>". The matrix is generated, so a new argument of a known type
# needs one line.

import pandas as pd  # noqa: E402

import driftscope.synthetic  # noqa: E402,F401  (ds.synthetic)

_REF = np.linspace(0.0, 1.0, 40)
_CUR = np.linspace(0.2, 1.2, 40)
_FRAME = pd.DataFrame({"x": _REF, "c": np.where(_REF > 0.5, "a", "b")})
_FRAME2 = pd.DataFrame({"x": _CUR, "c": np.where(_CUR > 0.5, "a", "b")})


_TIMED = _FRAME2.assign(timestamp=pd.date_range("2043-08-15", periods=len(_FRAME2), freq="h"))


def _report():
    return ds.drift_report(_FRAME, _FRAME2, policy="watchtower")


def _windows(**kwargs):
    return ds.windowed_drift(_FRAME, _TIMED, **{"min_rows": 5, **kwargs})


def _collector_rows(rows):
    from driftscope.metrics import DriftCollector

    DriftCollector().skip(rows=rows)


BAD = {
    "bool": ["yes", 1, 0, None, 1.0, [True], np.array([True])],
    "positive_int": [True, 0, -1, 2.5, "10", None, math.nan, [10], 10.0],
    "nonnegative": [True, -1, -1e-300, math.nan, math.inf, "0.1", None, [0.1], 1j],
    "positive": [True, 0, 0.0, -1e-9, math.nan, math.inf, "1e-4", None, [1e-4]],
    "probability": [0, 1, -0.1, 1.5, True, math.nan, "0.05", None, [0.05]],
    "fraction": [-0.1, 1.1, True, math.nan, math.inf, "0.5", [0.5]],
    "base": [0.5, 1, 0, -2, True, math.nan, math.inf, "2", [2], 1j],
    "title": [123, b"x", ["t"], True],
    "choice": ["nope", None, 1, ["x"], ""],
    "columns": [[["x"]], [{"x"}], "x", 5, [], ["x", "x"]],
    "prefix": ["abc\n", "1abc", "", 5, None, "a-b", "a b"],
    "labels": [{"bad-name": "x"}, {"a\n": "x"}, {"__x": "y"}, {"column": "x"}, {5: "x"},
               {"window": None}, {"window": 5}, ["window"]],
    "path": [5, ["p"], "", 1.5],
    "indent": ["2", -1, True, 2.5],
    "count": [True, -1, 2.5, "2", None, [2]],
    "length": ["soon", "1ME", "W", "-1h", "0D", 5, 1.5, True, ["1D"]],
    "time": ["someday", "", [1], 1.5j],
    "threshold": ["0.1", None, True, [0.1], 1j],
    "column_list": [[["x"]], [{"x"}], "x", 5, None, True, ["x", "x"]],
    "classes": [True, 5, 2.5, "ab", [[1], [2]], [], ["a", "a"]],
    "column_name": [["timestamp"], {"timestamp"}, {"timestamp": 1}],
}

#: (call, parameter, type): call(value) passes the value as that parameter, the rest valid.
CALLS = [
    (lambda v: ds.wasserstein(_REF, _CUR, normed=v), "normed", "bool"),
    (lambda v: ds.drift_report(_FRAME, _FRAME2, progress=v), "progress", "bool"),
    (lambda v: ds.psi(_REF, _CUR, bins=v), "bins", "positive_int"),
    (lambda v: ds.bin_edges(_REF, bins=v), "bins", "positive_int"),
    (lambda v: ds.drift_report(_FRAME, _FRAME2, policy="watchtower", bins=v if v is not None
                               else 0), "bins", "positive_int"),
    (lambda v: ds.PageHinkley(min_instances=v), "min_instances", "positive_int"),
    (lambda v: ds.ADWIN(clock=v), "clock", "positive_int"),
    (lambda v: ds.ADWIN(max_buckets=v), "max_buckets", "positive_int"),
    (lambda v: ds.ADWIN(min_window_length=v), "min_window_length", "positive_int"),
    (lambda v: ds.HistogramSketch.from_reference(_REF, bins=v), "bins", "positive_int"),
    (lambda v: ds.Profile.from_frame(_FRAME, bins=v), "bins", "positive_int"),
    (lambda v: ds.synthetic.shifted_normal(v, 0.1), "n", "positive_int"),
    (lambda v: ds.synthetic.drifting_stream(v), "n", "positive_int"),
    (lambda v: ds.kl_divergence([1, 2], [2, 1], epsilon=v), "epsilon", "nonnegative"),
    (lambda v: ds.PageHinkley(delta=v), "delta", "nonnegative"),
    (lambda v: ds.PageHinkley(threshold=v), "threshold", "nonnegative"),
    (lambda v: ds.synthetic.drifting_stream(noise=v), "noise", "nonnegative"),
    (lambda v: ds.psi(_REF, _CUR, floor=v), "floor", "positive"),
    (lambda v: ds.psi_from_counts([1, 2], [2, 1], floor=v), "floor", "positive"),
    (lambda v: ds.sketch_psi(ds.CategorySketch({"a": 1}), ds.CategorySketch({"a": 2}), floor=v),
     "floor", "positive"),
    (lambda v: ds.synthetic.shifted_normal(10, 0.1, scale=v), "scale", "positive"),
    (lambda v: ds.bonferroni([0.01, 0.2], alpha=v), "alpha", "probability"),
    (lambda v: ds.benjamini_hochberg([0.01, 0.2], alpha=v), "alpha", "probability"),
    (lambda v: ds.drift_report(_FRAME, _FRAME2, policy="watchtower", alpha=v if v is not None
                               else 0), "alpha", "probability"),
    (lambda v: ds.ADWIN(delta=v), "delta", "probability"),
    (lambda v: ds.drift_report(_FRAME, _FRAME2, drift_share=v), "drift_share", "fraction"),
    (lambda v: ds.kl_divergence([1, 2], [2, 1], base=v), "base", "base"),
    (lambda v: ds.js_divergence([1, 2], [2, 1], base=v), "base", "base"),
    (lambda v: ds.js_distance([1, 2], [2, 1], base=v), "base", "base"),
    (lambda v: _report().to_html(title=v), "title", "title"),
    (lambda v: ds.bin_edges(_REF, strategy=v), "strategy", "choice"),
    (lambda v: ds.drift_report(_FRAME, _FRAME2, policy=v), "policy", "choice"),
    (lambda v: ds.PageHinkley(mode=v), "mode", "choice"),
    (lambda v: ds.synthetic.drifting_stream(kind=v), "kind", "choice"),
    (lambda v: ds.drift_report(_FRAME, _FRAME2, columns=v), "columns", "columns"),
    (lambda v: _report().to_prometheus(prefix=v), "prefix", "prefix"),
    (lambda v: _report().to_prometheus(labels=v), "labels", "labels"),
    (lambda v: _report().to_json(v), "path", "path"),
    (lambda v: _report().to_html(v), "path", "path"),
    (lambda v: _report().to_json(indent=v), "indent", "indent"),
    (lambda v: _windows(every=v), "every", "length"),
    (lambda v: _windows(length=v if v is not None else "0D"), "length", "length"),
    (lambda v: _windows(bins=v), "bins", "positive_int"),
    (lambda v: _windows(min_rows=v), "min_rows", "positive_int"),
    (lambda v: _windows(start=v), "start", "time"),
    (lambda v: _windows(end=v), "end", "time"),
    (lambda v: _windows(columns=v), "columns", "columns"),
    (lambda v: ds.alert_states([0.2], 0.1, for_windows=v), "for_windows", "count"),
    (lambda v: ds.alert_states([0.2], v), "threshold", "threshold"),
    (lambda v: _collector_rows(v if v is not None else -1), "rows", "count"),
    (lambda v: ds.DDM(drift_threshold=v), "drift_threshold", "nonnegative"),
    (lambda v: ds.Profile.from_frame(_FRAME, columns=v if v is not None else []), "columns",
     "column_list"),
    (lambda v: ds.Profile.from_frame(_FRAME, categorical=v), "categorical", "column_list"),
    (lambda v: ds.prediction_shares(["a", "b"], classes=v), "classes", "classes"),
    (lambda v: ds.prediction_drift(["a", "b"], ["a"], classes=v), "classes", "classes"),
    (lambda v: _windows(time_column=v), "time_column", "column_name"),
]

PARAMETER_CASES = [pytest.param(call, name, value, id=f"{name}={value!r}-{i}")
                   for i, (call, name, kind) in enumerate(CALLS) for value in BAD[kind]]


@pytest.mark.parametrize("call, name, value", PARAMETER_CASES)
def test_bad_parameters_raise_a_parameter_error_naming_them(call, name, value):
    with pytest.raises(DriftscopeError) as info:
        call(value)
    message = str(info.value)
    assert name in message, f"{message!r} does not name {name!r}"
    if name not in ("columns",):  # a missing column is a ColumnMismatchError
        assert isinstance(info.value, ds.ParameterError), repr(info.value)
    assert "\n" not in message.replace("\\n", ""), "one line"


# --- odd data: the input is named, the problem said ----------------------------------------------

_DT = np.array(["2043-08-15", "2043-08-16"], dtype="datetime64[D]")
ODD_SAMPLES = {
    "complex": np.array([1 + 1j, 2.0]), "datetimes": _DT, "timedeltas": _DT - _DT[0],
    "strings": np.array(["a", "b"]), "bytes": np.array([b"a", b"b"]), "2-D": np.ones((2, 2)),
    "ragged": [[1.0], [1.0, 2.0]], "a string": "abc", "a dict": {"a": 1}, "empty": [],
    "all NaN": [math.nan, None, math.inf], "objects": np.array([object(), 1.0], dtype=object),
    "a scalar": 5.0, "decimal": np.array([__import__("decimal").Decimal("1.5")], dtype=object),
}
SAMPLE_FUNCTIONS = {
    "ks_test": lambda r, c: ds.ks_test(r, c), "wasserstein": lambda r, c: ds.wasserstein(r, c),
    "psi": lambda r, c: ds.psi(r, c), "bin_edges": lambda r, c: ds.bin_edges(r),
    "bin_counts": lambda r, c: ds.bin_counts(c, [0.0, 1.0]),
    "HistogramSketch": lambda r, c: ds.HistogramSketch.from_reference(r),
}
ODD_LABELS = {
    "complex": np.array([1 + 1j, 2.0]), "complex objects": np.array([1 + 1j, "a"], dtype=object),
    "unhashable": np.array([[1], [2]], dtype=object)[:, 0] if False else [[1], [2]],
    "2-D": np.array([["a", "b"], ["c", "d"]]), "empty": [], "all missing": [None, math.nan],
    "a string": "abc",
}
LABEL_FUNCTIONS = {
    "chi_square_test": lambda r, c: ds.chi_square_test(r, c),
    "z_test": lambda r, c: ds.z_test(r, c), "category_counts": lambda r, c: ds.category_counts(r, c),
    "CategorySketch": lambda r, c: ds.CategorySketch.from_reference(c),
}
ODD_COUNTS = {
    "negative": [1, -1], "NaN": [1, math.nan], "inf": [1, math.inf], "strings": ["1", "2"],
    "complex": [1j, 1], "all zero": [0, 0], "empty": [], "2-D": [[1, 2], [3, 4]],
    "booleans as objects": np.array([object(), 1], dtype=object),
}
COUNT_FUNCTIONS = {name: (lambda f: lambda p, q: f(p, q))(getattr(ds, name)) for name in
                   ("kl_divergence", "js_divergence", "js_distance", "hellinger",
                    "total_variation", "psi_from_counts")}
SKETCH_COUNTS = {
    "uint64 above 2**63": np.array([2 ** 63, 1], dtype=np.uint64),
    "Python int above 2**63": [2 ** 64, 1], "float at 2**63": [2.0 ** 63, 0.0],
    "a total above 2**63": [2 ** 62, 2 ** 62], "fractional": [1.5, 1], "negative": [-1, 1],
    "NaN": [math.nan, 1],
}

DATA_CASES = (
    [pytest.param(f, kind, side, id=f"{name}-{kind}-{side}")
     for name, f in SAMPLE_FUNCTIONS.items() for kind in ODD_SAMPLES
     for side in ("reference", "current")
     if not (name in ("bin_edges", "HistogramSketch") and side == "current")
     and not (name == "bin_counts" and side == "reference")]
    + [pytest.param(f, kind, side, id=f"{name}-{kind}-{side}")
       for name, f in LABEL_FUNCTIONS.items() for kind in ODD_LABELS
       for side in ("reference", "current") if not (name == "CategorySketch" and side == "reference")]
)


def _odd(kind):
    return ODD_SAMPLES.get(kind, ODD_LABELS.get(kind))


@pytest.mark.parametrize("call, kind, side", DATA_CASES)
def test_odd_data_raise_an_error_naming_the_input(call, kind, side):
    good = (_REF if kind in ODD_SAMPLES else ["a", "b", "a"])
    odd = ODD_SAMPLES[kind] if kind in ODD_SAMPLES and call in SAMPLE_FUNCTIONS.values() else _odd(kind)
    args = (odd, good) if side == "reference" else (good, odd)
    with pytest.raises(DriftscopeError) as info:
        call(*args)
    message = str(info.value)
    expected = {"bin_counts": "values"}.get(
        next((n for n, f in SAMPLE_FUNCTIONS.items() if f is call), None), side)
    if call is LABEL_FUNCTIONS["CategorySketch"]:
        expected = "reference"
    assert expected in message, f"{message!r} does not name {expected!r}"


@pytest.mark.parametrize("name", sorted(COUNT_FUNCTIONS))
@pytest.mark.parametrize("kind", sorted(ODD_COUNTS))
@pytest.mark.parametrize("side", [0, 1])
def test_odd_counts_raise_an_error_naming_the_input(name, kind, side):
    args = [[1, 2], [2, 1]]
    args[side] = ODD_COUNTS[kind]
    with pytest.raises(DriftscopeError) as info:
        COUNT_FUNCTIONS[name](*args)
    names = ("reference_counts", "current_counts") if name == "psi_from_counts" else ("p", "q")
    assert str(info.value).startswith(names[side]), str(info.value)


@pytest.mark.parametrize("kind", sorted(SKETCH_COUNTS))
def test_sketch_counts_are_exact_or_refused(kind):
    with pytest.raises(DriftscopeError, match="counts"):
        ds.HistogramSketch([0.0, 1.0, 2.0], counts=SKETCH_COUNTS[kind])


def test_sketch_merges_and_updates_never_wrap():
    full = ds.HistogramSketch([0.0, 1.0, 2.0], counts=[2 ** 62, 2 ** 62 - 1])
    assert full.n == 2 ** 63 - 1
    with pytest.raises(NumericOverflowError, match="2\\*\\*63 - 1"):
        full.merge(full)
    with pytest.raises(NumericOverflowError, match="values"):
        full.update([0.5])
    assert full.n == 2 ** 63 - 1, "a refused update adds nothing"
    cats = ds.CategorySketch({"a": 2 ** 62, "b": 2 ** 62 - 1})
    with pytest.raises(NumericOverflowError):
        cats.merge(cats)
    with pytest.raises(NumericOverflowError):
        cats.update(["a"])


@pytest.mark.parametrize("policy", ["evidently", "watchtower", "sketch"])
@pytest.mark.parametrize("case", ["complex", "numbers vs strings", "strings vs numbers",
                                  "not a frame", "empty", "all missing", "complex objects"])
def test_bad_frames_raise_an_error_naming_the_column(policy, case):
    ref, cur = _FRAME.copy(), _FRAME2.copy()
    if case == "complex":
        cur["x"] = cur["x"] + 1j
    elif case == "numbers vs strings":
        cur["c"] = np.linspace(0, 1, len(cur))
    elif case == "strings vs numbers":
        cur["x"] = "v"
    elif case == "all missing":
        cur["x"] = math.nan
    elif case == "complex objects":  # an object column holding complex numbers: not categories
        cur["c"] = np.where(_CUR > 0.5, 1 + 1j, 2 + 0j).astype(object)
    elif case == "empty":
        cur = cur.iloc[:0]
    if case == "not a frame":
        cur = cur.to_numpy()
    if (policy, case) == ("evidently", "complex objects"):  # Evidently's type "unknown": skipped
        assert "type 'unknown'" in ds.drift_report(ref, cur).skipped["c"]
        return
    with pytest.raises(DriftscopeError) as info:
        ds.drift_report(ref, cur, policy=policy)
    message = str(info.value)
    assert "current" in message or "'x'" in message or "'c'" in message, message
    # the report's current frame is "current" (never the sketches' "batch"), and a column's
    # error is one message, not one nested in another
    assert "batch" not in message and message.count("column ") <= 1, message


@pytest.mark.parametrize("value", ["x", None, math.nan, math.inf, [1.0], 1j, b"1"])
@pytest.mark.parametrize("name", ["PageHinkley", "ADWIN", "DDM"])
def test_detectors_refuse_bad_values_by_name(name, value):
    with pytest.raises(DriftscopeError, match=name):
        getattr(ds, name)().update(value)


def test_prometheus_series_are_distinct():
    frame = pd.DataFrame({1: _REF, "1": _CUR})
    report = ds.drift_report(frame, frame, policy="watchtower")
    with pytest.raises(ds.ParameterError, match="columns 1 and '1'"):
        report.to_prometheus()


def test_the_suite_tries_hundreds_of_bad_inputs():
    n = (len(PARAMETER_CASES) + len(DATA_CASES) + len(COUNT_FUNCTIONS) * len(ODD_COUNTS) * 2
         + len(SKETCH_COUNTS) + 3 * 7 + 3 * 7)
    print(f"\n{n} bad-input cases in the matrix")
    assert n >= 400
