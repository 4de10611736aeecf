"""alert_states and friends: the Prometheus semantics of COURSE.md section 5, by hand.

The same states are checked against promtool's own rule evaluation in
tests/deploy/test_deploy_prometheus.py.
"""

import numpy as np
import pandas as pd
import pytest

import driftscope as ds


def reference_states(scores, threshold, for_windows):
    """The contract, written independently: run length k, firing when k - 1 >= for_windows."""
    out, k = [], 0
    for s in scores:
        k = k + 1 if (s == s and s > threshold) else 0
        out.append("inactive" if k == 0 else ("firing" if k - 1 >= for_windows else "pending"))
    return out


def test_by_hand():
    scores = [0.02, 0.15, 0.30, 0.40, 0.05, 0.20]
    assert ds.alert_states(scores, 0.1) == ["inactive", "firing", "firing", "firing", "inactive", "firing"]
    assert ds.alert_states(scores, 0.1, 1) == ["inactive", "pending", "firing", "firing", "inactive", "pending"]
    assert ds.alert_states(scores, 0.1, 3) == ["inactive", "pending", "pending", "pending", "inactive", "pending"]


def test_strictly_above_and_nan_is_inactive():
    assert ds.alert_states([0.1, 0.1000001], 0.1) == ["inactive", "firing"]
    assert ds.alert_states([1, np.nan, 1, 1], 0.5, 1) == ["pending", "inactive", "pending", "firing"]
    assert ds.alert_states([1, None, 1], 0.5) == ["firing", "inactive", "firing"]
    assert ds.alert_states(pd.Series([1.0, None, 3.0], dtype="Float64"), 0.5) == ["firing", "inactive", "firing"]
    assert ds.alert_states([np.inf, -np.inf], 0.0) == ["firing", "inactive"]
    assert ds.alert_states([], 0.1) == []


@pytest.mark.parametrize("seed", range(20))
def test_random_series_match_the_contract(seed):
    rng = np.random.default_rng(seed)
    scores = rng.choice([0.0, 0.05, 0.1, 0.2, np.nan], size=60)
    for for_windows in range(5):
        assert ds.alert_states(scores, 0.1, for_windows) == reference_states(scores, 0.1, for_windows)


@pytest.mark.parametrize("bad, error, match", [
    ("0.1 0.2", ds.DtypeError, "scores"),
    (["0.1", "0.2"], ds.DtypeError, "expected numbers"),
    (np.array([0.1, "0.2"], dtype=object), ds.DtypeError, "got str '0.2' at position 1; use NaN or None"),
    (np.array(["a", "b"]), ds.DtypeError, "expected numbers"),
    ([[0.1, 0.2]], ds.ShapeError, "one-dimensional"),
])
def test_bad_scores(bad, error, match):
    with pytest.raises(error, match=match):
        ds.alert_states(bad, 0.1)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"threshold": float("nan")}, ds.NonFiniteError, "threshold"),
    ({"threshold": "0.1"}, ds.ParameterError, "threshold must be a number"),
    ({"threshold": 0.1, "for_windows": -1}, ds.ParameterError, "for_windows"),
    ({"threshold": 0.1, "for_windows": 1.5}, ds.ParameterError, "for_windows"),
    ({"threshold": 0.1, "for_windows": True}, ds.ParameterError, "for_windows"),
])
def test_bad_parameters(kwargs, error, match):
    with pytest.raises(error, match=match):
        ds.alert_states([0.2], **kwargs)


def test_periods_and_notifications():
    days = pd.date_range("2043-08-15", periods=8)
    states = ds.alert_states([0, 1, 1, 1, 1, 0, 1, 0], 0.5, for_windows=2)
    assert states == ["inactive", "pending", "pending", "firing", "firing", "inactive", "pending", "inactive"]
    periods = ds.alert_periods(states, days, days + pd.Timedelta("1D"))
    assert periods.state.tolist() == ["pending", "firing", "pending"]
    assert periods.start.tolist() == [days[1], days[3], days[6]]
    assert periods.end.tolist() == [days[3], days[5], days[7]]
    assert periods.windows.tolist() == [2, 2, 1]
    notes = ds.alert_notifications(states, days)
    assert notes.values.tolist() == [[days[3], "firing"], [days[5], "resolved"]]
    assert ds.alert_periods(["inactive"], [0], [1]).empty
    assert ds.alert_notifications(["firing"], [0]).status.tolist() == ["firing"]  # never resolved yet
    with pytest.raises(ds.ParameterError, match="'resolved'"):
        ds.alert_periods(["resolved"], [0], [1])
    with pytest.raises(ds.ShapeError, match="one time per state"):
        ds.alert_notifications(["firing", "inactive"], [0])
