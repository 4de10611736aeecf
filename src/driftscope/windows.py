"""Drift over time: every window of the logs compared with the reference, column by column.

A report run by hand compares two data sets once. A monitor cuts the live
traffic into windows (every day, every hour, or a trailing week moved one day
at a time) and compares each window with the same reference, so the drift of
every column becomes a time series that an alert rule can watch
(`driftscope.alerts`) and Prometheus can scrape (`driftscope.metrics`).

The reference is read once per column (sorted, binned or counted); each window
then costs one sort of its own rows. A window with fewer than ``min_rows``
values in a column is not scored: PSI on thirty requests is mostly sampling
noise, so the window says "too few rows" instead (score NaN, ``enough``
False), and an alert rule treats it as no data.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from . import _kernels as K
from . import divergence as _divergence
from ._validation import (
    as_category_counts,
    as_sorted_sample,
    as_statistic_result,
    check_bins,
    check_choice,
    check_correctable,
    check_fixed_length,
    check_has_times,
    check_positive_int,
    check_statistic,
    check_statistic_applies,
    check_time,
    check_time_column,
    check_window_frames,
    check_window_range,
    is_numeric_dtype,
)
from .errors import EmptySampleError, ParameterError
from .multitest import benjamini_hochberg, bonferroni

__all__ = ["windowed_drift", "WindowedDrift", "WINDOW_STATISTICS"]

#: Statistics `windowed_drift` knows by name, and the column kinds each applies to.
#: The binned divergences compare the counts in ``bins`` reference-quantile bins
#: (numbers) or per category; ``psi`` on categories is `psi_from_counts` of the
#: category counts.
WINDOW_STATISTICS: dict[str, tuple[str, ...]] = {
    "psi": ("numerical", "categorical"),
    "ks_test": ("numerical",),
    "wasserstein": ("numerical",),
    "chi_square_test": ("categorical",),
    "z_test": ("categorical",),
    "kl_divergence": ("numerical", "categorical"),
    "js_divergence": ("numerical", "categorical"),
    "js_distance": ("numerical", "categorical"),
    "hellinger": ("numerical", "categorical"),
    "total_variation": ("numerical", "categorical"),
}
_DIVERGENCES = ("kl_divergence", "js_divergence", "js_distance", "hellinger", "total_variation")
_CORRECTIONS = {"bonferroni": bonferroni, "benjamini-hochberg": benjamini_hochberg}
_FIELDS = ["window_start", "window_end", "column", "kind", "rows", "n", "score", "pvalue",
           "enough", "note"]
_PSI_FLOOR = 1e-4  # the floor of empty shares in psi, as driftscope.psi


class WindowedDrift:
    """The drift of every column in every window: the result of `windowed_drift`.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per window and column, in time order: ``window_start``,
        ``window_end``, ``column``, ``kind`` (``"numerical"`` or
        ``"categorical"``), ``rows`` (requests in the window), ``n`` (values of
        the column that are not missing), ``score``, ``pvalue`` (NaN for a
        distance), ``enough`` (``n >= min_rows``) and ``note`` (why a window
        was not scored). With a `correction`, also ``pvalue_adjusted``.
    statistic : str
        The statistic's name.
    min_rows : int
        Fewest values a window needs in a column to be scored.
    every, length : pandas.Timedelta
        Step between window starts, and the length of each window.
    n_without_time : int
        Rows of `current` left out because their time is missing.
    n_dropped_reference : dict
        Per column, the missing reference values (NaN, None, pd.NA, +/-inf)
        dropped; a window's dropped values are ``rows - n``.

    See Also
    --------
    windowed_drift : Make one.
    """

    def __init__(self, frame: pd.DataFrame, *, statistic: str, min_rows: int, every: pd.Timedelta,
                 length: pd.Timedelta, n_without_time: int = 0,
                 n_dropped_reference: dict[Any, int] | None = None):
        self.frame = frame
        self.statistic = statistic
        self.min_rows = min_rows
        self.every = every
        self.length = length
        self.n_without_time = n_without_time
        self.n_dropped_reference = dict(n_dropped_reference or {})

    @property
    def columns(self) -> list[Any]:
        """The columns compared, in order."""
        return list(dict.fromkeys(self.frame["column"]))

    def _wide(self, field: str) -> pd.DataFrame:
        wide = self.frame.pivot(index="window_start", columns="column", values=field)
        wide = wide.reindex(columns=self.columns)
        wide.columns.name = None
        return wide.astype(float)

    def scores(self) -> pd.DataFrame:
        """Scores as a table: one row per window (indexed by its start), one column per column.

        NaN where a window had too few rows.
        """
        return self._wide("score")

    def pvalues(self, *, adjusted: bool = False) -> pd.DataFrame:
        """p-values as a table like `scores` (the corrected ones with ``adjusted=True``)."""
        field = "pvalue_adjusted" if adjusted else "pvalue"
        if field not in self.frame:
            raise ParameterError("adjusted p-values need windowed_drift(..., correction=...)",
                                 name="adjusted")
        return self._wide(field)

    def windows(self) -> pd.DataFrame:
        """One row per window: ``window_start``, ``window_end`` and ``rows``."""
        first = self.frame.drop_duplicates("window_start")
        return first[["window_start", "window_end", "rows"]].reset_index(drop=True)

    def __len__(self) -> int:
        return len(self.windows())

    def __repr__(self) -> str:
        n_windows = len(self)
        short = int((~self.frame["enough"]).sum())
        return (f"<WindowedDrift {self.statistic}: {n_windows} windows of {_span(self.length)} "
                f"every {_span(self.every)}, {len(self.columns)} columns, {short} column-windows "
                f"with too few rows (< {self.min_rows})>")


def _span(delta: pd.Timedelta) -> str:
    """``1 day``, ``7 days``, ``1 hour``, ``15 minutes``; else pandas' own text."""
    for unit, name in ((pd.Timedelta("1D"), "day"), (pd.Timedelta("1h"), "hour"),
                       (pd.Timedelta("1min"), "minute")):
        if delta % unit == pd.Timedelta(0):
            k = delta // unit
            return f"{k} {name}{'s' if k != 1 else ''}"
    return str(delta)


class _Scorer:
    """One column's reference, read once; scores one window's values at a time."""

    def __init__(self, column: Any, reference: pd.Series, current_dtype: Any, statistic: Any,
                 bins: int):
        self.column = column
        numeric = is_numeric_dtype(reference.dtype) and is_numeric_dtype(current_dtype)
        self.kind = "numerical" if numeric else "categorical"
        if isinstance(statistic, dict):
            statistic = statistic[self.kind]
        self.statistic = statistic
        self.bins = bins
        if callable(statistic):
            self.reference = reference.to_numpy()
            self.n_dropped = 0  # a callable gets every value, missing ones too
            return
        check_statistic_applies(statistic, self.kind, column, WINDOW_STATISTICS)
        if self.kind == "numerical":
            self.reference, self.n_dropped = as_sorted_sample(reference.to_numpy(), "reference",
                                                              column=column)
            if statistic == "psi" or statistic in _DIVERGENCES:
                self.edges = K.quantile_edges(self.reference, bins)
                self.reference_counts = K.counts_sorted(self.reference, self.edges)
        else:
            self.labels, self.counts, self.n_dropped = as_category_counts(reference, "reference",
                                                                          column=column)

    def values(self, window: pd.Series) -> tuple[Any, int]:
        """The window's values ready for `score`, and how many are not missing."""
        if callable(self.statistic):
            values = window.to_numpy()
            return values, int(window.notna().sum())
        if self.kind == "numerical":
            try:
                values, _ = as_sorted_sample(window.to_numpy(), "current", column=self.column)
            except EmptySampleError:  # no rows, or all missing: nothing to score
                return None, 0
            return values, int(values.size)
        labels, counts, _ = as_category_counts(window, "current", column=self.column,
                                               allow_empty=True)
        return (labels, counts), int(counts.sum())

    def score(self, values: Any) -> tuple[float, float]:
        """``(score, pvalue)``; the p-value is NaN for a distance."""
        s = self.statistic
        if callable(s):
            return as_statistic_result(s(self.reference, values), self.column)
        if self.kind == "numerical":
            if s == "ks_test":
                statistic, pvalue, _ = K.ks_sorted(self.reference, values)
                return statistic, pvalue
            if s == "wasserstein":
                return K.wasserstein_sorted(self.reference, values), math.nan
            ref_counts, cur_counts = self.reference_counts, K.counts_sorted(values, self.edges)
        else:
            _, ref_counts, cur_counts = K.align_counts(self.labels, self.counts, *values)
            if s == "chi_square_test":
                statistic, pvalue, _ = K.chi_square_gof(ref_counts, cur_counts)
                return statistic, pvalue
            if s == "z_test":
                return K.z_test_counts(ref_counts, cur_counts, 0)
        if s == "psi":
            return K.psi_shares(ref_counts / ref_counts.sum(), cur_counts / cur_counts.sum(),
                                _PSI_FLOOR), math.nan
        return float(getattr(_divergence, s)(ref_counts, cur_counts)), math.nan


def _window_bounds(times: pd.DatetimeIndex, every: pd.Timedelta, length: pd.Timedelta,
                   start: Any, end: Any) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    known = times[~times.isna()]
    if start is None:
        check_has_times(known, "start")
        # Daily windows start at midnight, hourly ones on the hour.
        start = known.min().floor(min(every, pd.Timedelta("1D")))
    start = check_time(start, "start", like=times)
    if end is None:
        check_has_times(known, "end")
        # The first window (on the grid of `every`) that ends after the last row.
        steps = max(int((known.max() - start - length) // every) + 1, 0)
        end = start + steps * every + length
    end = check_time(end, "end", like=times)
    check_window_range(start, end, length)
    bounds = []
    lo = start
    while lo + length <= end:
        bounds.append((lo, lo + length))
        lo = lo + every
    return bounds


def windowed_drift(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    columns: Sequence[Any] | None = None,
    time_column: Any = "timestamp",
    every: Any = "1D",
    length: Any = None,
    start: Any = None,
    end: Any = None,
    statistic: str | Callable[[Any, Any], Any] = "psi",
    bins: int = 10,
    min_rows: int = 100,
    correction: str | None = None,
) -> WindowedDrift:
    """Compare every time window of `current` with `reference`, column by column.

    Parameters
    ----------
    reference : pandas.DataFrame
        The reference rows (for example the training period). Its time
        column, if any, is not used.
    current : pandas.DataFrame
        The live rows (for example the request logs), with a date-time
        column `time_column`.
    columns : sequence, optional
        Columns to compare. By default every column both frames share except
        date-times and time spans. Numbers (not booleans) are numeric; other
        columns are categorical.
    time_column : hashable, default "timestamp"
        The column of `current` holding each row's time.
    every : str or pandas.Timedelta, default "1D"
        Step between the starts of consecutive windows: ``"1D"`` for daily,
        ``"1h"`` for hourly windows.
    length : str or pandas.Timedelta, optional
        Length of each window, `every` by default (tumbling windows). Longer
        than `every` gives sliding windows: ``length="7D", every="1D"`` is a
        trailing week moved one day at a time.
    start, end : time, optional
        First window starts at `start`, the last one ends at or before `end`.
        By default windows start at the first row's time floored to `every`
        (to the day for steps of a day or more), and the last window is the
        first one that holds the last row.
    statistic : str, callable or dict, default "psi"
        A name in `WINDOW_STATISTICS` (``"psi"``, ``"ks_test"``,
        ``"wasserstein"``, ``"chi_square_test"``, ``"z_test"``,
        ``"kl_divergence"``, ``"js_divergence"``, ``"js_distance"``,
        ``"hellinger"``, ``"total_variation"``), each equal to the driftscope
        function of that name on the reference and the window; or any
        ``f(reference_values, window_values)`` returning a number or a
        ``(statistic, pvalue)`` result (missing values are passed through);
        or a dict ``{"numerical": ..., "categorical": ...}`` with one of
        these per kind of column, e.g. ``{"numerical": "ks_test",
        "categorical": "chi_square_test"}``.
    bins : int, default 10
        Reference-quantile bins for ``psi`` and the binned divergences.
    min_rows : int, default 100
        Fewest non-missing values a column needs in a window to be scored.
    correction : {None, "bonferroni", "benjamini-hochberg"}, optional
        Correct the p-values of each window over its scored columns; adds a
        ``pvalue_adjusted`` column. Needs a statistic with p-values.

    Returns
    -------
    result : WindowedDrift
        ``result.scores()`` is the table of scores (a row per window, a
        column per column); ``result.frame`` has every detail.

    Raises
    ------
    ColumnMismatchError
        If a column (or the time column) is missing from a frame.
    DtypeError
        If the time column does not hold date-times, a frame is not a
        DataFrame, or a numeric column holds text.
    ParameterError
        If `every`, `length`, `start`, `end`, `bins`, `min_rows`,
        `statistic` or `correction` is invalid, or a statistic does not apply
        to a column's kind.
    EmptySampleError, AllNaNError
        If a reference column is empty or all missing.

    See Also
    --------
    alert_states : Turn a column's scores into alert states.
    drift_report : One comparison of two frames, with a verdict per column.

    Notes
    -----
    Windows are half-open, ``[start, start + length)``. For the numeric
    statistics the reference column is sorted once, its bins fitted once;
    each window is sorted once. ``psi`` equals ``driftscope.psi(reference,
    window)``, ``ks_test`` equals ``driftscope.ks_test`` (so SciPy's
    ``ks_2samp``), and so on: ``tests/driftscope/test_windows.py`` checks
    every named statistic against its function, window by window.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from driftscope import windowed_drift
    >>> rng = np.random.default_rng(2043)
    >>> reference = pd.DataFrame({"x": rng.normal(0, 1, 1000)})
    >>> times = pd.date_range("2043-08-01", periods=72, freq="h")
    >>> current = pd.DataFrame({"timestamp": times.repeat(20),
    ...                         "x": rng.normal(0, 1, 1440) + np.repeat([0, 0, 1], 480)})
    >>> result = windowed_drift(reference, current, every="1D", statistic="ks_test")
    >>> result.scores().round(2)
                     x
    window_start
    2043-08-01    0.03
    2043-08-02    0.04
    2043-08-03    0.43
    >>> hourly = windowed_drift(reference, current, every="1h", min_rows=50)
    >>> print(hourly.frame.loc[0, "note"])
    too few rows: 20 < 50
    """
    columns = check_window_frames(reference, current, columns, time_column)
    every = check_fixed_length(every, "every")
    length = every if length is None else check_fixed_length(length, "length")
    bins = check_bins(bins)
    min_rows = check_positive_int(min_rows, "min_rows")
    chosen = check_statistic(statistic, WINDOW_STATISTICS)
    correction = check_choice(correction, "correction", tuple(_CORRECTIONS), optional=True)
    check_correctable(correction, chosen, ("psi", "wasserstein", *_DIVERGENCES))
    times = check_time_column(current, time_column)
    bounds = _window_bounds(times, every, length, start, end)
    name = "/".join(one if isinstance(one, str) else getattr(one, "__name__", "statistic")
                    for one in chosen)
    scorers = [_Scorer(c, reference[c], current[c].dtype, statistic, bins) for c in columns]

    has_time = ~times.isna()
    order = np.argsort(times.asi8[has_time], kind="stable")
    sorted_times = times[has_time][order]
    rows_in_time = current.loc[has_time].iloc[order]
    records = []
    for lo, hi in bounds:
        first, last = sorted_times.searchsorted(lo, "left"), sorted_times.searchsorted(hi, "left")
        window = rows_in_time.iloc[first:last]
        for scorer in scorers:
            values, n = scorer.values(window[scorer.column])
            enough = n >= min_rows
            score, pvalue = scorer.score(values) if enough else (math.nan, math.nan)
            note = "" if enough else f"too few rows: {n} < {min_rows}"
            records.append((lo, hi, scorer.column, scorer.kind, len(window), n, score, pvalue,
                            enough, note))
    frame = pd.DataFrame.from_records(records, columns=_FIELDS)
    if correction is not None:
        frame["pvalue_adjusted"] = _corrected(frame, _CORRECTIONS[correction])
    return WindowedDrift(frame, statistic=name, min_rows=min_rows, every=every, length=length,
                         n_without_time=int((~has_time).sum()),
                         n_dropped_reference={s.column: s.n_dropped for s in scorers})


def _corrected(frame: pd.DataFrame, method: Callable[..., Any]) -> np.ndarray:
    adjusted = pd.Series(np.nan, index=frame.index)
    scored = frame[frame["enough"] & frame["pvalue"].notna()]
    for _, window in scored.groupby("window_start", sort=False):
        adjusted[window.index] = method(window["pvalue"].to_numpy()).pvalues_adjusted
    return adjusted.to_numpy()

