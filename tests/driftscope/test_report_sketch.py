"""drift_report(policy="sketch"): the policy computable from counts, from any road to them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import driftscope as ds


@pytest.fixture(scope="module")
def frames():
    rng = np.random.default_rng(11)

    def frame(n, shift):
        x = rng.normal(shift, 1, n)
        x[rng.random(n) < 0.05] = np.nan
        return pd.DataFrame({
            "x": x,
            "y": rng.exponential(1.0, n),
            "k": rng.integers(0, 5, n),
            "s": rng.choice(list("abc") + (["d"] if shift else []), n),
            "b": rng.random(n) < 0.3,
            "t": pd.date_range("2043-08-01", periods=n, freq="min"),
        })

    return frame(4_000, 0.0), frame(3_000, 0.5)


def test_same_report_from_frames_profiles_and_batches(frames):
    reference, current = frames
    from_frames = ds.drift_report(reference, current, policy="sketch")
    columns = ["x", "y", "k", "s", "b"]
    profile = ds.Profile.from_frame(reference[columns])
    from_profile = ds.drift_report(profile, current, policy="sketch")
    live = profile.empty_like()
    for start in range(0, len(current), 700):  # a stream of batches
        live.update(current.iloc[start:start + 700])
    from_stream = ds.drift_report(profile, live, policy="sketch")
    rows = from_frames.to_frame()
    assert rows.equals(from_profile.to_frame()) and rows.equals(from_stream.to_frame())
    assert from_frames.skipped == {"t": from_frames.skipped["t"]} and "timestamps" in from_frames.skipped["t"]
    assert from_frames.params["fine_bins"] == 100


def test_statistics_are_the_public_ones(frames):
    reference, current = frames
    report = ds.drift_report(reference, current, policy="sketch")
    assert report["x"].statistic == ds.psi(reference["x"], current["x"])
    assert report["s"].statistic == ds.js_distance(
        *ds.category_counts(reference["s"], current["s"])[1:], base=None)
    # the raw p-value: chi-square of homogeneity on the 100 fine reference-quantile bins
    edges = ds.bin_edges(reference["y"], bins=100)
    table = np.vstack([ds.bin_counts(reference["y"], edges), ds.bin_counts(current["y"], edges)])
    want = stats.chi2_contingency(table, correction=False).pvalue
    assert f"raw p-value {want:.3g}" in report["y"].note
    assert report["x"].drifted and report["s"].drifted and not report["b"].drifted
    assert "new categories: 'd'" in report["s"].note and "KS statistic in [" in report["x"].note
    assert report.policy == "sketch" and "drifts when any column drifts" in repr(report)
    assert "<svg" in report.to_html()


def test_ks_bound_in_the_note_holds_the_exact_statistic(frames):
    reference, current = frames
    note = ds.drift_report(reference, current, policy="sketch")["y"].note
    low, high = (float(v) for v in note.split("KS statistic in [")[1].split("]")[0].split(", "))
    d = ds.ks_test(reference["y"], current["y"]).statistic
    assert low - 1e-3 <= d <= high + 1e-3  # the note rounds to 3 digits


def test_errors(frames):
    reference, current = frames
    profile = ds.Profile.from_frame(reference[["x", "s"]])
    with pytest.raises(ds.ParameterError, match='policy="sketch"'):
        ds.drift_report(profile, profile)
    with pytest.raises(ds.ParameterError, match="sketch_like"):
        ds.drift_report(reference, profile, policy="sketch")
    other = ds.Profile.from_frame(current[["x", "s"]])
    with pytest.raises(ds.SketchMismatchError, match="column 'x'"):
        ds.drift_report(profile, other, policy="sketch")
    with pytest.raises(ds.ParameterError, match="bins=7 does not divide"):
        ds.drift_report(profile, profile.sketch_like(current), policy="sketch", bins=7)
    with pytest.raises(ds.DtypeError, match="column 't'"):
        ds.drift_report(reference, current, policy="sketch", columns=["x", "t"])
    with pytest.raises(ds.ColumnMismatchError, match="'z'"):
        ds.drift_report(profile, current, policy="sketch", columns=["x", "z"])
