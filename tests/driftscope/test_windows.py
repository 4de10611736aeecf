"""windowed_drift: every window equals the driftscope function on that window's rows."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import driftscope as ds

RNG = np.random.default_rng(2043)
REFERENCE = pd.DataFrame({
    "x": RNG.normal(0, 1, 3000),
    "n": RNG.poisson(6, 3000),
    "c": RNG.choice(np.array(["a", "b", "c"], dtype=object), 3000, p=[0.5, 0.3, 0.2]),
})


def _current(hours=72, per_hour=40, seed=1):
    rng = np.random.default_rng(seed)
    times = pd.date_range("2043-08-01", periods=hours, freq="h").repeat(per_hour)
    times = times + pd.to_timedelta(rng.uniform(0, 3600, times.size), unit="s")
    k = times.size
    shift = np.where(times >= pd.Timestamp("2043-08-03"), 0.8, 0.0)
    frame = pd.DataFrame({
        "timestamp": times,
        "x": rng.normal(0, 1, k) + shift,
        "n": rng.poisson(6, k),
        "c": rng.choice(np.array(["a", "b", "c", "d"], dtype=object), k, p=[0.4, 0.3, 0.2, 0.1]),
    })
    return frame.sample(frac=1.0, random_state=3).reset_index(drop=True)  # any row order


CURRENT = _current()


def _rows(frame, lo, hi):
    return frame[(frame.timestamp >= lo) & (frame.timestamp < hi)]


@pytest.mark.parametrize("statistic, function", [
    ("psi", ds.psi), ("ks_test", ds.ks_test), ("wasserstein", ds.wasserstein)])
def test_numerical_statistics_equal_the_functions_window_by_window(statistic, function):
    result = ds.windowed_drift(REFERENCE, CURRENT, columns=["x", "n"], statistic=statistic, min_rows=10)
    assert len(result) == 3
    for row in result.frame.itertuples():
        window = _rows(CURRENT, row.window_start, row.window_end)[row.column]
        want = function(REFERENCE[row.column], window)
        score, pvalue = (want.statistic, want.pvalue) if hasattr(want, "pvalue") else (want, np.nan)
        assert row.rows == len(window) == row.n
        assert row.score == pytest.approx(score, rel=1e-12, abs=1e-15), (statistic, row)
        assert row.pvalue == pytest.approx(pvalue, rel=1e-9, abs=1e-300, nan_ok=True)


def test_ks_matches_scipy():
    result = ds.windowed_drift(REFERENCE, CURRENT, columns=["x"], statistic="ks_test", min_rows=10)
    for row in result.frame.itertuples():
        want = stats.ks_2samp(REFERENCE.x, _rows(CURRENT, row.window_start, row.window_end).x)
        assert row.score == pytest.approx(want.statistic) and row.pvalue == pytest.approx(want.pvalue)


@pytest.mark.parametrize("statistic", ["kl_divergence", "js_divergence", "js_distance", "hellinger",
                                       "total_variation"])
def test_binned_divergences_equal_the_functions_on_reference_quantile_bins(statistic):
    result = ds.windowed_drift(REFERENCE, CURRENT, columns=["x", "c"], statistic=statistic,
                               bins=8, min_rows=10)
    edges = ds.bin_edges(REFERENCE.x, bins=8)
    for row in result.frame.itertuples():
        window = _rows(CURRENT, row.window_start, row.window_end)[row.column]
        if row.column == "x":
            p, q = ds.bin_counts(REFERENCE.x, edges), ds.bin_counts(window, edges)
        else:
            _, p, q = ds.category_counts(REFERENCE.c, window)
        assert row.score == pytest.approx(getattr(ds, statistic)(p, q), rel=1e-12)


@pytest.mark.parametrize("statistic", ["psi", "chi_square_test", "z_test"])
def test_categorical_statistics(statistic):
    result = ds.windowed_drift(REFERENCE, CURRENT, columns=["c"], statistic=statistic, min_rows=10)
    for row in result.frame.itertuples():
        window = _rows(CURRENT, row.window_start, row.window_end).c
        if statistic == "psi":
            want = ds.psi_from_counts(*ds.category_counts(REFERENCE.c, window)[1:])
            assert row.score == pytest.approx(want, rel=1e-12)
        else:
            want = getattr(ds, statistic)(REFERENCE.c, window)
            assert (row.score, row.pvalue) == pytest.approx((want.statistic, want.pvalue))


def test_daily_hourly_sliding_windows():
    daily = ds.windowed_drift(REFERENCE, CURRENT, columns=["x"], min_rows=10)
    assert daily.windows().window_start.tolist() == list(pd.date_range("2043-08-01", periods=3))
    assert daily.windows().rows.tolist() == [960, 960, 960]
    hourly = ds.windowed_drift(REFERENCE, CURRENT, columns=["x"], every="1h", min_rows=10)
    assert len(hourly) == 72 and set(hourly.windows().rows) == {40}
    sliding = ds.windowed_drift(REFERENCE, CURRENT, columns=["x"], every="12h", length="1D", min_rows=10)
    bounds = sliding.windows()
    assert (bounds.window_end - bounds.window_start == pd.Timedelta("1D")).all()
    assert bounds.window_start.tolist() == list(pd.date_range("2043-08-01", periods=5, freq="12h"))
    assert bounds.rows.tolist() == [960] * 5
    # the drift (from 3 Aug) shows in the windows that hold it
    assert daily.scores().x.iloc[-1] > 0.5 > daily.scores().x.iloc[:2].max()


def test_too_few_rows_say_so_instead_of_scoring():
    result = ds.windowed_drift(REFERENCE, CURRENT, columns=["x", "c"], every="1h", min_rows=41)
    assert result.frame.enough.sum() == 0
    assert result.scores().isna().all().all()
    assert set(result.frame.note) == {"too few rows: 40 < 41"}
    # a window with no rows at all
    gap = CURRENT[CURRENT.timestamp.dt.day != 2]
    daily = ds.windowed_drift(REFERENCE, gap, columns=["x", "c"], min_rows=10)
    second = daily.frame[daily.frame.window_start == "2043-08-02"]
    assert second.rows.tolist() == [0, 0] and second.note.tolist() == ["too few rows: 0 < 10"] * 2
    # missing values do not count as rows of the column
    holes = CURRENT.copy()
    holes.loc[holes.timestamp < "2043-08-02", "x"] = np.nan
    first = ds.windowed_drift(REFERENCE, holes, columns=["x"], min_rows=10).frame.iloc[0]
    assert (first.rows, first.n, first.enough) == (960, 0, False)



def test_missing_reference_values_are_dropped_and_counted():
    """As every result that carries a number: the reference's NaN, None and inf are counted."""
    reference = REFERENCE.astype({"c": object}).copy()
    reference.loc[:2, "x"] = [np.nan, np.inf, -np.inf]
    reference.loc[:1, "c"] = [None, np.nan]
    result = ds.windowed_drift(reference, CURRENT, columns=["x", "c"], min_rows=10)
    assert result.n_dropped_reference == {"x": 3, "c": 2}
    clean = ds.windowed_drift(reference.iloc[3:], CURRENT, columns=["x", "c"], min_rows=10)
    pd.testing.assert_frame_equal(result.frame[result.frame.column == "x"],
                                  clean.frame[clean.frame.column == "x"])
    assert clean.n_dropped_reference == {"x": 0, "c": 0}


def test_alert_states_treat_short_windows_as_no_data():
    result = ds.windowed_drift(REFERENCE, CURRENT, columns=["x"], every="1h", min_rows=41)
    assert set(ds.alert_states(result.scores().x, threshold=0.0)) == {"inactive"}


def test_correction_per_window():
    result = ds.windowed_drift(REFERENCE, CURRENT, columns=["x", "n", "c"],
                               statistic={"numerical": "ks_test", "categorical": "chi_square_test"},
                               correction="benjamini-hochberg", min_rows=10)
    for _, window in result.frame.groupby("window_start"):
        want = ds.benjamini_hochberg(window.pvalue.to_numpy()).pvalues_adjusted
        np.testing.assert_allclose(window.pvalue_adjusted, want)
        assert (window.pvalue_adjusted >= window.pvalue).all()
    assert result.statistic == "ks_test/chi_square_test"
    assert result.pvalues(adjusted=True).shape == (3, 3)
    bonf = ds.windowed_drift(REFERENCE, CURRENT, columns=["x", "n"], statistic="ks_test",
                             correction="bonferroni", min_rows=10)
    np.testing.assert_allclose(bonf.frame.pvalue_adjusted, np.minimum(bonf.frame.pvalue * 2, 1))


def test_callable_statistic_and_timezones():
    def mean_shift(reference, current):
        return float(np.nanmean(current) - np.nanmean(reference))

    aware = CURRENT.assign(timestamp=CURRENT.timestamp.dt.tz_localize("UTC"))
    result = ds.windowed_drift(REFERENCE, aware, columns=["x"], statistic=mean_shift, min_rows=10,
                               start="2043-08-02", end="2043-08-04")
    assert result.windows().window_start.tolist() == list(pd.date_range("2043-08-02", periods=2, tz="UTC"))
    assert result.statistic == "mean_shift"
    assert result.scores().x.iloc[1] == pytest.approx(
        _rows(aware, pd.Timestamp("2043-08-03", tz="UTC"), pd.Timestamp("2043-08-04", tz="UTC")).x.mean()
        - REFERENCE.x.mean())
    pair = ds.windowed_drift(REFERENCE, CURRENT, columns=["x"], statistic=lambda r, c: (1.0, 0.5), min_rows=10)
    assert pair.frame.pvalue.tolist() == [0.5] * 3


def test_rows_without_time_are_counted_and_left_out():
    holes = CURRENT.copy()
    holes.loc[:9, "timestamp"] = pd.NaT
    result = ds.windowed_drift(REFERENCE, holes, columns=["x"], min_rows=10)
    assert result.n_without_time == 10 and result.windows().rows.sum() == len(CURRENT) - 10
    assert "3 windows" in repr(result)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"columns": ["nope"]}, ds.ColumnMismatchError, "no column 'nope'"),
    ({"columns": "x"}, ds.ParameterError, "list of column names"),
    ({"time_column": "when"}, ds.ColumnMismatchError, "time column 'when'"),
    ({"time_column": "x"}, ds.DtypeError, "not date-times"),
    ({"every": "soon"}, ds.ParameterError, "every must be a fixed length"),
    ({"every": "-1h"}, ds.ParameterError, "positive"),
    ({"statistic": "t_test"}, ds.ParameterError, "statistic must be one of"),
    ({"statistic": "ks_test", "columns": ["c"]}, ds.ParameterError, "column 'c' is categorical"),
    ({"statistic": "chi_square_test", "columns": ["x"]}, ds.ParameterError, "column 'x' is numerical"),
    ({"statistic": {"numerical": "ks_test"}}, ds.ParameterError, "exactly the keys"),
    ({"correction": "holm"}, ds.ParameterError, "correction must be"),
    ({"correction": "bonferroni"}, ds.ParameterError, "psi is a distance"),
    ({"min_rows": 0}, ds.ParameterError, "min_rows"),
    # The one bound of every bins= (driftscope._validation.check_bins), as for psi and sketches.
    ({"bins": 0}, ds.ParameterError, "bins must be an integer >= 1"),
    ({"bins": 2_000_000}, ds.ParameterError, "bins must be an integer between 1 and 1,000,000"),
    ({"start": "2043-08-05", "end": "2043-08-04"}, ds.ParameterError, "must be after"),
    ({"end": "2043-08-03", "length": "5D"}, ds.ParameterError, "no window of 5 days"),
    ({"columns": ["x", "x"]}, ds.ParameterError, "column 'x' is listed twice"),
    ({"every": 5}, ds.ParameterError, "every must be a fixed length of time"),  # no unit: not 5 ns
    ({"length": "1ME"}, ds.ParameterError, "length must be a fixed length of time"),
    ({"start": "someday"}, ds.ParameterError, "start must be a time such as"),
    ({"start": pd.Timestamp("2043-08-01", tz="UTC")}, ds.ParameterError, "start .* has a time zone"),
    ({"statistic": lambda r, c: "big"}, ds.DtypeError, "column 'x': the statistic returned 'big'"),
])
def test_bad_input_names_the_problem(kwargs, error, match):
    with pytest.raises(error, match=match):
        ds.windowed_drift(REFERENCE, CURRENT, **kwargs)


def test_window_lengths_and_missing_times():
    """pandas' spellings of a length are all read; without any time, start and end are needed."""
    assert ds.windowed_drift(REFERENCE, CURRENT, columns=["x"], every="1 day", min_rows=10).every == pd.Timedelta("1D")
    assert ds.windowed_drift(REFERENCE, CURRENT, columns=["x"], every="D", min_rows=10).every == pd.Timedelta("1D")
    no_times = CURRENT.assign(timestamp=pd.NaT)
    with pytest.raises(ds.ParameterError, match="no row with a time; pass start= and end="):
        ds.windowed_drift(REFERENCE, no_times, columns=["x"])
    with pytest.raises(ds.ParameterError, match="no row with a time; pass end="):
        ds.windowed_drift(REFERENCE, no_times, columns=["x"], start="2043-08-01")
    result = ds.windowed_drift(REFERENCE, no_times, columns=["x"], start="2043-08-01", end="2043-08-02")
    assert result.windows().rows.tolist() == [0] and result.n_without_time == len(CURRENT)


def test_bad_frames_and_columns():
    with pytest.raises(ds.DtypeError, match="reference must be a pandas DataFrame, got Series"):
        ds.windowed_drift(REFERENCE.x, CURRENT)
    text = CURRENT.assign(x=CURRENT.x.astype(str))
    with pytest.raises(ds.ParameterError, match="column 'x' is categorical"):
        ds.windowed_drift(REFERENCE, text, columns=["x"], statistic="ks_test")
    with pytest.raises(ds.AllNaNError, match="reference \\(column 'x'\\)"):
        ds.windowed_drift(REFERENCE.assign(x=np.nan), CURRENT, columns=["x"])
