"""drift_report: the watchtower policy, the renderings and the errors on bad input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from driftscope import benjamini_hochberg, js_distance, ks_test, psi
from driftscope._validation import (
    AllNaNError,
    DriftscopeError,
    DtypeError,
    EmptySampleError,
    ParameterError,
)
from driftscope.report import ColumnMismatchError, DriftReport, drift_report


@pytest.fixture(scope="module")
def large():
    """200,000 rows: a tiny shift (significant, immaterial) and a big one."""
    rng = np.random.default_rng(2043)
    n = 200_000
    reference = pd.DataFrame({"tiny": rng.normal(0, 1, n), "big": rng.normal(0, 1, n),
                              "same": rng.normal(0, 1, n),
                              "planet": rng.choice(["Zeta", "Orion", "Vega"], n, p=[.5, .3, .2])})
    current = pd.DataFrame({"tiny": rng.normal(0.03, 1, n), "big": rng.normal(0.5, 1, n),
                            "same": rng.normal(0, 1, n),
                            "planet": rng.choice(["Zeta", "Orion", "Vega"], n, p=[.49, .31, .2])})
    return reference, current


def test_large_n_tiny_shift_is_significant_but_not_drift(large):
    reference, current = large
    report = drift_report(reference, current, policy="watchtower")
    tiny = report["tiny"]
    assert ks_test(reference["tiny"], current["tiny"]).pvalue < 1e-6, "the tiny shift should be significant"
    assert tiny.pvalue < 0.05 and tiny.statistic < 0.1, tiny
    assert not tiny.drifted, f"significant but PSI {tiny.statistic:.4f} < 0.1 must not drift"
    assert "significant but small" in tiny.note
    assert report["big"].drifted and report["big"].statistic >= 0.1
    assert not report["same"].drifted
    planet = report["planet"]
    assert planet.kind == "categorical" and planet.pvalue < 0.05 and not planet.drifted
    assert report.drifted_columns == ["big"]
    assert report.dataset_drift  # watchtower: one drifted column is enough


def test_watchtower_statistics_are_driftscopes(large):
    reference, current = large
    report = drift_report(reference, current, policy="watchtower")
    assert report["big"].statistic == pytest.approx(psi(reference["big"], current["big"]), abs=1e-12)
    ref_counts = reference["planet"].value_counts().sort_index()
    cur_counts = current["planet"].value_counts().sort_index()
    assert report["planet"].statistic == pytest.approx(
        js_distance(ref_counts.to_numpy(), cur_counts.to_numpy(), base=None), abs=1e-12)
    raw = [ks_test(reference[c], current[c]).pvalue for c in ("tiny", "big", "same")]
    raw.append(stats.chi2_contingency(np.vstack([ref_counts, cur_counts]), correction=False).pvalue)
    adjusted = benjamini_hochberg(raw).pvalues_adjusted
    got = [report[c].pvalue for c in ("tiny", "big", "same", "planet")]
    np.testing.assert_allclose(got, adjusted, rtol=1e-9, atol=1e-300)


def test_benjamini_hochberg_is_applied_across_columns():
    # Many unshifted columns and one borderline one: uncorrected, the
    # borderline column would count as significant; corrected, it is not.
    rng = np.random.default_rng(1)
    n, k = 400, 20
    reference = pd.DataFrame({f"c{i}": rng.normal(size=n) for i in range(k)})
    current = pd.DataFrame({f"c{i}": rng.normal(size=n) for i in range(k)})
    current["c0"] = reference["c0"].to_numpy() + 0.18 + rng.normal(0, 0.3, n)
    report = drift_report(reference, current, policy="watchtower")
    raw = np.array([ks_test(reference[c], current[c]).pvalue for c in reference])
    assert raw[0] < 0.05
    expected = benjamini_hochberg(raw).pvalues_adjusted
    np.testing.assert_allclose([r.pvalue for r in report], expected, rtol=1e-12)
    assert all(r.pvalue >= p for r, p in zip(report, raw))


def test_small_window_large_effect_is_not_drift():
    # On 15 values PSI is noisy; the KS test has no evidence.
    rng = np.random.default_rng(3)
    reference = pd.DataFrame({"x": rng.normal(size=15)})
    current = pd.DataFrame({"x": rng.normal(size=15)})
    row = drift_report(reference, current, policy="watchtower")["x"]
    assert row.statistic >= 0.1 and row.pvalue >= 0.05 and not row.drifted, row


def test_watchtower_kinds_skips_and_new_categories():
    rng = np.random.default_rng(4)
    n = 500
    reference = pd.DataFrame({
        "stars": rng.integers(1, 6, n), "flag": rng.random(n) < 0.5,
        "length": rng.normal(20, 3, n), "request_id": [f"r{i}" for i in range(n)],
        "when": pd.date_range("2043-07-01", periods=n, freq="min"),
        "planet": rng.choice(["Zeta", "Orion"], n)})
    current = reference.copy()
    current["planet"] = rng.choice(["Zeta", "Orion", "Kepler"], n)
    current["request_id"] = [f"r{i + n}" for i in range(n)]
    report = drift_report(reference, current, policy="watchtower")
    assert [r.kind for r in report] == ["categorical", "categorical", "numerical", "categorical"]
    assert set(report.skipped) == {"request_id", "when"}
    assert "new categories: 'Kepler'" in report["planet"].note
    assert report["planet"].drifted
    with pytest.raises(DtypeError, match="column 'when'"):
        drift_report(reference, current, policy="watchtower", columns=["when"])


def test_missing_values_are_dropped_counted_and_noted():
    rng = np.random.default_rng(5)
    x = rng.normal(size=1000)
    reference = pd.DataFrame({"x": x})
    current = pd.DataFrame({"x": np.where(rng.random(1000) < 0.2, np.nan, x)})
    current.loc[0, "x"] = np.inf
    row = drift_report(reference, current, policy="watchtower")["x"]
    assert row.missing_reference == 0
    assert row.n_current + row.missing_current == 1000
    assert "missing 0.0% -> " in row.note
    for r in drift_report(reference, current):
        assert r.missing_current == 1000 - r.n_current


def test_evidently_policy_rejects_watchtower_parameters():
    frame = pd.DataFrame({"x": np.arange(10.0)})
    with pytest.raises(ParameterError, match=r'alpha is not a parameter of policy="evidently" \(it applies to policy="watchtower"'):
        drift_report(frame, frame, alpha=0.01)
    with pytest.raises(ParameterError, match="policy must be one of"):
        drift_report(frame, frame, policy="magic")
    with pytest.raises(ParameterError, match="drift_share"):
        drift_report(frame, frame, drift_share=1.5)
    with pytest.raises(ParameterError, match="alpha"):
        drift_report(frame, frame, policy="watchtower", alpha=0)


# -- bad input ---------------------------------------------------------------

def test_mismatched_columns_are_named():
    reference = pd.DataFrame({"a": [1.0, 2.0], "b": [1.0, 2.0]})
    current = pd.DataFrame({"a": [1.0, 2.0], "c": [1.0, 2.0]})
    with pytest.raises(ColumnMismatchError, match=r"only in reference: 'b'; only in current: 'c'"):
        drift_report(reference, current)
    with pytest.raises(ColumnMismatchError, match="column 'b' is not in current"):
        drift_report(reference, current, columns=["a", "b"])
    assert drift_report(reference, current, columns=["a"]).columns == ["a"]
    assert issubclass(ColumnMismatchError, DriftscopeError) and issubclass(DriftscopeError, ValueError)


def test_empty_frames():
    frame = pd.DataFrame({"a": [1.0, 2.0]})
    with pytest.raises(EmptySampleError, match="current has no rows"):
        drift_report(frame, frame.iloc[:0])
    with pytest.raises(EmptySampleError, match="reference has no columns"):
        drift_report(pd.DataFrame(), frame)
    with pytest.raises(DtypeError, match="reference must be a pandas DataFrame, got list"):
        drift_report([1, 2], frame)


@pytest.mark.parametrize("policy", ["evidently", "watchtower"])
def test_all_missing_column_is_named(policy):
    reference = pd.DataFrame({"ok": np.arange(20.0), "dead": np.arange(20.0)})
    current = pd.DataFrame({"ok": np.arange(20.0), "dead": [np.nan] * 19 + [np.inf]})
    with pytest.raises(AllNaNError, match=r"current \(column 'dead'\): all 20 values are missing"):
        drift_report(reference, current, policy=policy)


@pytest.mark.parametrize("policy", ["evidently", "watchtower"])
def test_wrong_dtypes_are_named(policy):
    reference = pd.DataFrame({"length": np.arange(30.0)})
    current = pd.DataFrame({"length": ["short", "long"] * 15})
    reference_str = pd.DataFrame({"length": ["short", "long"] * 15})
    with pytest.raises(DtypeError, match="column 'length'"):
        drift_report(reference, current, policy=policy)
    with pytest.raises(DtypeError, match="column 'length'"):
        drift_report(reference_str, pd.DataFrame({"length": np.arange(30.0)}), policy=policy)


def test_unhashable_values_are_named():
    frame = pd.DataFrame({"tokens": [["a"], ["b"]] * 10, "x": np.arange(20.0)})
    with pytest.raises(DtypeError, match="column 'tokens'"):
        drift_report(frame, frame, policy="watchtower", columns=["tokens"])


def test_no_testable_column():
    frame = pd.DataFrame({"when": pd.date_range("2043-07-01", periods=5)})
    with pytest.raises(DriftscopeError, match="no column can be tested"):
        drift_report(frame, frame)


# -- renderings --------------------------------------------------------------

@pytest.fixture(scope="module")
def small_report() -> DriftReport:
    rng = np.random.default_rng(6)
    reference = pd.DataFrame({"x": rng.normal(size=300), "s": rng.choice(list("ab"), 300)})
    current = pd.DataFrame({"x": rng.normal(1, 1, 300), "s": rng.choice(list("ab"), 300)})
    return drift_report(reference, current)


def test_to_frame_and_to_dict(small_report, tmp_path):
    frame = small_report.to_frame()
    assert list(frame.columns[:7]) == ["column", "kind", "test", "statistic", "threshold",
                                       "pvalue", "drifted"]
    assert frame["pvalue"].dtype == "Float64" and frame["drifted"].dtype == bool
    d = small_report.to_dict()
    assert d["n_columns"] == 2 and d["dataset_drift"] is True and d["drifted_share"] == 0.5
    text = small_report.to_json(tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text()) == json.loads(text) == d
    assert "NaN" not in text
    assert "DRIFT, 1 of 2 columns drifted" in repr(small_report)
    with pytest.raises(KeyError, match="no column 'zz'"):
        small_report["zz"]


def test_distances_have_no_pvalue():
    rng = np.random.default_rng(8)
    frame = pd.DataFrame({"x": rng.normal(size=2000)})
    report = drift_report(frame, frame.sample(frac=1.0, random_state=1))
    row = report["x"]
    assert row.test == "Wasserstein distance (normed)" and row.pvalue is None
    assert report.to_frame()["pvalue"].isna().all()
    assert report.to_dict()["columns"][0]["pvalue"] is None


def test_to_prometheus(small_report):
    text = small_report.to_prometheus(labels={"window": "2043-08-15"})
    lines = text.splitlines()
    assert "# TYPE driftscope_dataset_drift gauge" in lines
    assert 'driftscope_dataset_drift{policy="evidently",window="2043-08-15"} 1' in lines
    assert 'driftscope_drifted_share{policy="evidently",window="2043-08-15"} 0.5' in lines
    score = [l for l in lines if l.startswith('driftscope_column_drift_score{column="x"')]
    assert len(score) == 1 and 'test="K-S p_value"' in score[0]
    assert float(score[0].rsplit(" ", 1)[1]) == small_report["x"].statistic
    for line in lines:
        assert line.startswith("#") or line.count("{") == 1, line
    with pytest.raises(ParameterError, match="label name"):
        small_report.to_prometheus(labels={"bad-name": "x"})


def test_prometheus_escapes_label_values():
    frame = pd.DataFrame({'we"ird\\name': np.arange(50.0)})
    text = drift_report(frame, frame).to_prometheus()
    assert 'column="we\\"ird\\\\name"' in text


def test_progress_bar_goes_to_stderr(capsys):
    frame = pd.DataFrame({f"c{i}": np.arange(30.0) for i in range(3)})
    drift_report(frame, frame, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""


# -- the sorted-array kernels behind the report ------------------------------

@pytest.mark.parametrize("n1, n2, rounding", [(20_000, 15_000, 1), (12_000, 30_000, None),
                                              (500, 700, 0), (3, 50_000, 2)])
def test_kernels_match_scipy_with_ties(n1, n2, rounding):
    from driftscope import _kernels as K

    rng = np.random.default_rng(n1 + n2)
    a, b = rng.normal(0, 1, n1), rng.normal(0.05, 1.2, n2)
    if rounding is not None:  # heavy ties, shared between the samples
        a, b = np.round(a, rounding), np.round(b, rounding)
    a.sort()
    b.sort()
    expected = stats.ks_2samp(a, b)
    d, p, _ = K.ks_sorted(a, b)
    assert d == pytest.approx(expected.statistic, abs=1e-12)
    assert p == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-300)
    assert K.wasserstein_sorted(a, b) == pytest.approx(
        stats.wasserstein_distance(a, b), rel=1e-12, abs=1e-15)
    assert K.n_distinct_pooled(a, b, 5) == min(np.unique(np.concatenate((a, b))).size, 6)
