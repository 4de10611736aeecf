"""The drift job: windowed drift from the analytics store, by SQL aggregates.

The job never pulls raw rows into Python. For each numeric column the
database counts the window's values per bin of the reference profile (a
``GROUP BY`` on a ``CASE`` that binary-searches the reference edges, bound as
double parameters, so the database compares against the very same numbers);
for each categorical column it counts the categories. Those counts *are* the
window's sketches (`HistogramSketch.from_counts`, `CategorySketch`), and
``drift_report(reference, current, policy="sketch")`` turns them into the
same statistics, to the last bit, as sketching the raw window in memory.
"""

from __future__ import annotations

import datetime as _dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from driftscope import CategorySketch, HistogramSketch, Profile, drift_report

from .store import Store, quote

__all__ = ["bucket_case", "histogram_query", "category_query", "window_profile", "DriftJob",
           "WindowResult"]

log = logging.getLogger("driftscope.service.drift")


def bucket_case(column: str, edges: Sequence[float], first_param: int = 1) -> tuple[str, list]:
    """A SQL expression giving the bin of `column` among `edges`, and its parameters.

    Bin ``i`` holds ``edges[i] <= x < edges[i+1]``; only the interior edges
    matter (values beyond the outer ones fall in the outer bins), as in
    `HistogramSketch`. NULL stays NULL (a missing value). The ``CASE`` is a
    balanced binary search: ``log2(bins)`` comparisons per row.

    Examples
    --------
    >>> sql, params = bucket_case("x", [float("-inf"), 1.0, 2.0, float("inf")])
    >>> sql
    'CASE WHEN "x" IS NULL THEN NULL WHEN "x" < $1 THEN 0 WHEN "x" < $2 THEN 1 ELSE 2 END'
    >>> params
    [1.0, 2.0]
    """
    interior = [float(e) for e in np.asarray(edges, dtype=float)[1:-1]]
    col = quote(column)
    params: list[float] = []

    def tree(lo: int, hi: int) -> str:  # the bins lo..hi; edge j separates bin j from j + 1
        if lo == hi:
            return str(lo)
        if hi - lo <= 2:  # a short chain reads better than a nested CASE
            parts = []
            for j in range(lo, hi):
                params.append(interior[j])
                parts.append(f"WHEN {col} < ${first_param + len(params) - 1} THEN {j}")
            return "CASE " + " ".join(parts) + f" ELSE {hi} END"
        mid = (lo + hi + 1) // 2
        params.append(interior[mid - 1])
        mark = f"${first_param + len(params) - 1}"
        left = tree(lo, mid - 1)
        right = tree(mid, hi)
        return f"CASE WHEN {col} < {mark} THEN {left} ELSE {right} END"

    body = tree(0, len(interior))
    if body.startswith("CASE "):
        return f"CASE WHEN {col} IS NULL THEN NULL " + body[len("CASE "):], params
    return f"CASE WHEN {col} IS NULL THEN NULL ELSE {body} END", params


def histogram_query(column: str, edges: Sequence[float], *, table: str = "requests",
                    time_column: str = "timestamp") -> tuple[str, list]:
    """``SELECT bucket, COUNT(*)`` of `column` on `edges` for rows with ``$1 <= time < $2``.

    Returns the SQL and the edge parameters (bind ``[start, end, *params]``).
    """
    case, params = bucket_case(column, edges, first_param=3)
    t = quote(time_column)
    sql = (f"SELECT bucket, COUNT(*) FROM (SELECT {case} AS bucket FROM {quote(table)} "
           f"WHERE {t} >= $1 AND {t} < $2) AS binned GROUP BY bucket")
    return sql, params


def category_query(column: str, *, table: str = "requests",
                   time_column: str = "timestamp") -> str:
    """``SELECT category, COUNT(*)`` of `column` for rows with ``$1 <= time < $2``."""
    t = quote(time_column)
    return (f"SELECT {quote(column)}, COUNT(*) FROM {quote(table)} "
            f"WHERE {t} >= $1 AND {t} < $2 GROUP BY {quote(column)}")


def window_profile(store: Store, reference: Profile, start: _dt.datetime,
                   end: _dt.datetime) -> Profile:
    """The window ``[start, end)``'s sketches on the reference profile's bins, from SQL counts."""
    sketches = {}
    for column, ref in reference.items():
        if isinstance(ref, HistogramSketch):
            sql, params = histogram_query(column, ref.edges)
            rows = store.query(sql, [start, end, *params])
            sketches[column] = HistogramSketch.from_counts(
                ref.edges, {(None if b is None else int(b)): int(n) for b, n in rows},
                quantiles=ref.quantiles)
        else:
            rows = store.query(category_query(column), [start, end])
            counts = {k: int(n) for k, n in rows if k is not None}
            missing = sum(int(n) for k, n in rows if k is None)
            sketches[column] = CategorySketch(counts, n_missing=missing)
    return Profile(sketches)


@dataclass
class WindowResult:
    """One run of the drift job."""

    start: _dt.datetime
    end: _dt.datetime
    n_rows: int
    report: Any  # DriftReport, or None when the window had too few rows
    estimated_accuracy: float | None  # mean confidence: performance without labels
    accuracy: float | None  # among the window's requests whose label is known
    n_labelled: int
    seconds: float


class DriftJob:
    """Drift of the latest window against the reference profile, on a schedule.

    Parameters
    ----------
    store : Store
    reference : Profile
        The reference profile (``Profile.from_frame`` of the training data,
        with the monitored columns and ``prediction``).
    window : datetime.timedelta
        Length of the window, in event time (the requests' ``timestamp``).
        The window ends just after the newest request in the store, so a
        replay of past traffic is judged in its own time.
    min_rows : int
        A window with fewer rows publishes no verdict.
    drift_options : dict
        Passed to ``drift_report(..., policy="sketch")`` (alpha, thresholds).
    """

    def __init__(self, store: Store, reference: Profile, *, window: _dt.timedelta =
                 _dt.timedelta(days=1), min_rows: int = 50, drift_options: dict | None = None):
        self.store = store
        self.reference = reference
        self.window = window
        self.min_rows = min_rows
        self.drift_options = dict(drift_options or {})
        self.last: WindowResult | None = None

    def run_once(self, end: _dt.datetime | None = None) -> WindowResult | None:
        """Judge the window ending at `end` (default: just after the newest request)."""
        t0 = time.perf_counter()
        if end is None:
            newest = self.store.scalar('SELECT MAX("timestamp") FROM requests')
            if newest is None:
                return None
            end = newest + _dt.timedelta(microseconds=1)
        start = end - self.window
        n, est, acc, n_lab = self.store.query(
            'SELECT COUNT(*), AVG(r.confidence), '
            'AVG(CASE WHEN l.label IS NULL THEN NULL WHEN r.prediction = l.label THEN 1.0 '
            'ELSE 0.0 END), COUNT(l.label) '
            'FROM requests r LEFT JOIN labels l ON l.request_id = r.request_id '
            'AND l.label_at <= $2 WHERE r."timestamp" >= $1 AND r."timestamp" < $2',
            [start, end])[0]
        report = None
        if n >= self.min_rows:
            current = window_profile(self.store, self.reference, start, end)
            report = drift_report(self.reference, current, policy="sketch", **self.drift_options)
        result = WindowResult(start, end, int(n), report, None if est is None else float(est),
                              None if acc is None else float(acc), int(n_lab),
                              time.perf_counter() - t0)
        if report is not None:
            self._record(result)
        self.last = result
        return result

    def _record(self, result: WindowResult) -> None:
        now = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
        rows = [(now, result.start, result.end, result.n_rows, str(r.column), r.test,
                 float(r.statistic), float(r.threshold),
                 None if r.pvalue is None else float(r.pvalue), bool(r.drifted),
                 bool(result.report.dataset_drift)) for r in result.report.rows]
        with self.store.transaction() as tx:
            for row in rows:
                tx.execute("INSERT INTO drift_runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                           "$10, $11)", row)

    def run(self, stop: threading.Event, every: float = 60.0) -> None:
        """Run every `every` seconds until `stop` is set."""
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:
                log.exception("drift job failed; retrying")
            stop.wait(every)
