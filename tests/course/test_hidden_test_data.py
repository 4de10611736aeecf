"""The data of the hidden tests of chapters 00, 02 and 03 still says what the notebooks claim.

The graded cells compute every expectation from SciPy or from an independent computation
on the same data (so a correct answer passes whatever the samples turn out to be, in any
environment) and never check these premises themselves: a premise that failed inside a
graded cell would cost a correct student points. The premises are checked here, where the
course's CI and the instructor see them. Each test of 02 and 03 first makes sure that the
notebook still builds its samples with the lines quoted here, so the two cannot drift apart.
"""

from __future__ import annotations

import nbformat
import numpy as np
import pandas as pd
import pytest
from scipy.stats import expon, ks_2samp, norm

import driftscope

from _course import SOLUTIONS


def _test_cell(chapter: str, grade_id: str) -> str:
    nb = nbformat.read(SOLUTIONS / chapter / f"{chapter}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return cell.source
    raise AssertionError(f"{chapter}: no cell {grade_id}")


def _uses(source: str, *lines: str) -> None:
    missing = [line for line in lines if line not in source]
    assert not missing, f"the notebook no longer builds its samples with: {missing}; update this test"


def test_statistical_drift_samples_separate_right_from_wrong():
    """02 test_statistical_drift: quiet and shifted samples, a p-value between 1e-6 and 0.05, D > 0.05 with p >= 0.05."""
    _uses(
        _test_cell("02-ks-test", "test_statistical_drift"),
        "rng = np.random.default_rng(42)",
        "same_a, same_b = rng.normal(50, 10, 1000), rng.normal(50, 10, 1000)",
        "shifted = rng.normal(55, 12, 1000)",
        "a, b = rng.normal(0, 1, 80), rng.normal(0.4, 1, 80)",
        "a, b = rng.normal(0, 1, 15), rng.normal(0.1, 1, 15)",
    )
    rng = np.random.default_rng(42)
    same_a, same_b = rng.normal(50, 10, 1000), rng.normal(50, 10, 1000)
    shifted = rng.normal(55, 12, 1000)
    assert ks_2samp(same_a, same_b).pvalue >= 0.05
    assert ks_2samp(same_a, shifted).pvalue < 0.05
    a, b = rng.normal(0, 1, 80), rng.normal(0.4, 1, 80)
    assert 1e-6 < ks_2samp(a, b).pvalue < 0.05  # "ignores alpha" and "p <= alpha" lose here
    a, b = rng.normal(0, 1, 15), rng.normal(0.1, 1, 15)
    res = ks_2samp(a, b)
    assert res.statistic > 0.05 and res.pvalue >= 0.05  # "uses D instead of p" loses here


def _grid(n: int) -> np.ndarray:
    return (np.arange(n) + 0.5) / n


def test_drift_verdict_samples_hold_by_construction():
    """03 test_drift_verdict: the grid samples sit where the comments say, far from every line."""
    _uses(
        _test_cell("03-false-alarms", "test_drift_verdict"),
        "rng = np.random.default_rng(5)",
        "big_ref = norm.ppf(grid(200_000))",
        "drift_verdict(big_ref, big_ref + 0.03)",
        "small_ref = np.arange(12.0)",
        "drift_verdict(small_ref, small_ref + 0.5)",
        "wait_ref = expon.ppf(grid(3000))",
        "drift_verdict(wait_ref, wait_ref + 0.1)",
    )
    rng = np.random.default_rng(5)
    reference = rng.normal(0, 1, 2000)
    same, shifted = rng.normal(0, 1, 2000), rng.normal(1, 1, 2000)
    assert ks_2samp(reference, same).pvalue >= 0.05  # the visible "no drift" has teeth
    assert ks_2samp(reference, shifted).pvalue < 1e-6 and driftscope.psi(reference, shifted) > 0.25

    big = norm.ppf(_grid(200_000))
    p, value = ks_2samp(big, big + 0.03).pvalue, driftscope.psi(big, big + 0.03)
    assert p < 1e-9 and value < 0.01, (p, value)  # significant, negligible: about 7e-13 and 0.0009

    small = np.arange(12.0)
    p, value = ks_2samp(small, small + 0.5).pvalue, driftscope.psi(small, small + 0.5)
    assert p == pytest.approx(1.0) and value == pytest.approx(0.1155, abs=1e-4), (p, value)

    wait = expon.ppf(_grid(3000))
    p = ks_2samp(wait, wait + 0.1).pvalue
    forward, backward = driftscope.psi(wait, wait + 0.1), driftscope.psi(wait + 0.1, wait)
    assert p < 1e-9 and forward > 0.25 and backward < 0.075, (p, forward, backward)


def test_drift_verdict_threshold_samples_hold_by_construction():
    """03 test_drift_verdict_thresholds: a PSI of exactly 0 with a significant KS test; a p-value above 0."""
    _uses(
        _test_cell("03-false-alarms", "test_drift_verdict_thresholds"),
        "mid_ref = norm.ppf((np.arange(3000) + 0.5) / 3000)",
        "mid_live = mid_ref + 0.4",
        "flat_ref = np.arange(2000.0)",
        "flat_live = 200 * (flat_ref // 200)",
    )
    mid = norm.ppf(_grid(3000))
    p, value = ks_2samp(mid, mid + 0.4).pvalue, driftscope.psi(mid, mid + 0.4)
    # p > 0 so that alpha = p * 1.01 is above it; PSI between 0.1 and 1.0 for the visible test.
    assert 0.0 < p < 1e-20 and 0.1 < value < 1.0, (p, value)
    flat = np.arange(2000.0)
    flat_live = 200 * (flat // 200)
    assert driftscope.psi(flat, flat_live) == 0.0
    assert ks_2samp(flat, flat_live).pvalue < 1e-6


def test_station_silent_days_are_the_ones_the_prose_names():
    """00: the story's dates. The graded cells compare with an independent computation; the
    prose ("7 silent days, the first on 22 August", the model answer of Part D) needs these.

    22 August sits close to the line (accuracy 0.798 against 0.8), so a change of the world or
    of the model's library shows up here first.
    """
    from watchtower.world import station_logs

    logs = station_logs("00-watchtower")
    day = logs["timestamp"].dt.floor("D")
    by_day = logs.groupby(day)
    green = (by_day["status"].apply(lambda s: (s == 200).mean()) >= 0.99) & (
        by_day["latency_ms"].quantile(0.99) <= 100.0)
    labelled = logs[logs["label"].notna()]
    accuracy = (labelled["prediction"] == labelled["label"]).groupby(day[labelled.index]).mean()
    silent = [str(d.date()) for d in green.index[green & (accuracy.reindex(green.index) < 0.8)]]
    assert silent == [str(d.date()) for d in pd.date_range("2043-08-22", "2043-08-28")], silent
    assert accuracy.index.nunique() == 59  # labels on 1 July to 28 August as known on the 30th
