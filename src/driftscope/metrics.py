"""Drift verdicts as Prometheus metrics, through ``prometheus_client``.

`DriftReport.to_prometheus` renders one report as text. A running monitor
needs more: a collector that a ``prometheus_client`` registry scrapes, holding
the verdicts of the latest window until the next one replaces them, and a
few metrics about the windows themselves, so an alert rule can tell "no
drift" from "no data".

Names follow Prometheus' conventions: a ``driftscope_`` prefix, base units in
the name (``_seconds``, timestamps as ``_timestamp_seconds``), ``_total`` on
counters, and only low-cardinality labels (the column, its kind, the test,
the policy; never a window, a request or a time). The families of a report
are exactly those of `DriftReport.to_prometheus`:

=======================================  =========================================
``driftscope_column_drift_score``        score of each column (labels ``column``,
                                         ``kind``, ``test``, ``policy``)
``driftscope_column_drift_threshold``    the threshold it is compared with
``driftscope_column_pvalue``             p-value, where the test has one
``driftscope_column_drifted``            1 if the column drifted, else 0
``driftscope_columns``                   columns tested
``driftscope_drifted_columns``           columns drifted
``driftscope_drifted_share``             their share
``driftscope_dataset_drift``             1 if the data set drifted, else 0
=======================================  =========================================

and the collector adds, for the windows:

=================================================  ================================
``driftscope_window_start_timestamp_seconds``      start of the latest window
``driftscope_window_end_timestamp_seconds``        its end (an alert on its age
                                                   catches a stalled drift job)
``driftscope_window_rows``                         rows in the latest window
``driftscope_windows_total``                       windows seen, by ``outcome``
                                                   (``scored``, ``too_few_rows``)
=================================================  ================================

``deploy/prometheus/rules/drift.yml`` holds alert rules on these names and
``deploy/grafana/drift-dashboard.json`` a dashboard for them. The Drift
Service's monitor (`driftscope.service`) publishes its windows through this
collector, so the same rules and dashboard work on it.
"""

from __future__ import annotations

import threading
from typing import Any, Iterator

from ._validation import check_count, check_time
from .render import check_prometheus_names, report_families

__all__ = ["DriftCollector", "WINDOW_FAMILIES"]

#: Families the collector adds to a report's, with their help text.
WINDOW_FAMILIES: dict[str, str] = {
    "window_start_timestamp_seconds": "Start of the latest window, in seconds since the Unix epoch.",
    "window_end_timestamp_seconds": "End of the latest window, in seconds since the Unix epoch.",
    "window_rows": "Rows (requests) in the latest window.",
    "windows": "Windows seen by the drift monitor, by outcome (scored or too_few_rows).",
}
_OUTCOMES = ("scored", "too_few_rows")


def _prometheus_client():
    try:
        import prometheus_client.core as core
    except ImportError:  # pragma: no cover - the service and course extras install it
        raise ImportError("driftscope.metrics needs prometheus_client: "
                          "pip install 'driftscope[service]'") from None
    return core


def _seconds(value: Any, name: str) -> float:
    ts = check_time(value, name)
    if ts.tz is None:
        ts = ts.tz_localize("UTC")  # station time is UTC
    return ts.timestamp()


class DriftCollector:
    """A ``prometheus_client`` collector that exposes the latest window's drift verdicts.

    Parameters
    ----------
    prefix : str, default "driftscope"
        Prefix of every metric name.
    labels : dict, optional
        Constant labels added to every sample (for example
        ``{"model": "translator"}``); keep them low-cardinality.
    registry : prometheus_client.CollectorRegistry, optional
        Registry to register with (none by default; pass
        ``prometheus_client.REGISTRY`` for the process-wide one).

    Attributes
    ----------
    report : DriftReport or None
        The latest scored window's report; None before the first and after a
        window with too few rows.

    Raises
    ------
    ParameterError
        If `prefix` is not a metric name or a label name is invalid or
        reserved (``column``, ``kind``, ``test``, ``policy``).

    See Also
    --------
    DriftReport.to_prometheus : The same families for one report, as text.

    Notes
    -----
    ``update`` replaces the whole set at once, under a lock, so a scrape
    never sees half of one window and half of the next, and a column that
    left the report leaves the metrics too (no stale series). After a window
    with too few rows (`skip`) the column families are absent: an alert rule
    on them goes inactive (no data is not drift), and
    ``driftscope_windows_total{outcome="too_few_rows"}`` counts it.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from prometheus_client import CollectorRegistry, generate_latest
    >>> from driftscope import drift_report
    >>> from driftscope.metrics import DriftCollector
    >>> rng = np.random.default_rng(2043)
    >>> reference = pd.DataFrame({"x": rng.normal(0, 1, 500)})
    >>> current = pd.DataFrame({"x": rng.normal(1, 1, 500)})
    >>> registry = CollectorRegistry()
    >>> collector = DriftCollector(registry=registry)
    >>> collector.update(drift_report(reference, current, policy="watchtower"),
    ...                  window_start="2043-08-15", window_end="2043-08-16", rows=500)
    >>> text = generate_latest(registry).decode()
    >>> [line for line in text.splitlines() if line.startswith("driftscope_column_drifted")]
    ['driftscope_column_drifted{column="x",kind="numerical",policy="watchtower",test="PSI + K-S (BH)"} 1.0']
    >>> registry.get_sample_value("driftscope_window_end_timestamp_seconds")
    2323296000.0
    """

    def __init__(self, *, prefix: str = "driftscope", labels: dict[str, str] | None = None,
                 registry: Any = None):
        self.prefix = prefix
        self.labels = check_prometheus_names(prefix, labels)
        self.report = None
        self._window: dict[str, float] = {}
        self._outcomes = dict.fromkeys(_OUTCOMES, 0)
        self._lock = threading.Lock()
        if registry is not None:
            registry.register(self)

    def update(self, report: Any, *, window_start: Any = None, window_end: Any = None,
               rows: int | None = None) -> None:
        """Expose `report` as the latest window's verdicts (replacing the previous ones).

        Parameters
        ----------
        report : DriftReport
            The window's report.
        window_start, window_end : time, optional
            The window's bounds (naive times are UTC).
        rows : int, optional
            Rows in the window.
        """
        report_families(report, prefix=self.prefix, labels=self.labels)  # validates early
        window = self._window_values(window_start, window_end, rows)
        with self._lock:
            self.report = report
            self._window = window
            self._outcomes["scored"] += 1

    def skip(self, *, window_start: Any = None, window_end: Any = None,
             rows: int | None = None) -> None:
        """Record a window with too few rows: the column families disappear until the next update."""
        window = self._window_values(window_start, window_end, rows)
        with self._lock:
            self.report = None
            self._window = window
            self._outcomes["too_few_rows"] += 1

    def _window_values(self, start: Any, end: Any, rows: int | None) -> dict[str, float]:
        values = {}
        if start is not None:
            values["window_start_timestamp_seconds"] = _seconds(start, "window_start")
        if end is not None:
            values["window_end_timestamp_seconds"] = _seconds(end, "window_end")
        if rows is not None:
            values["window_rows"] = float(check_count(rows, "rows"))
        return values

    def describe(self) -> list:
        """No fixed description: the families depend on the report (registration stays cheap)."""
        return []

    def collect(self) -> Iterator[Any]:
        """The metric families of the latest window (called by the registry at each scrape)."""
        core = _prometheus_client()
        with self._lock:
            report, window, outcomes = self.report, dict(self._window), dict(self._outcomes)
        names = list(self.labels)
        if report is not None:
            for name, help_text, samples in report_families(report, prefix=self.prefix,
                                                            labels=self.labels):
                if not samples:
                    continue
                label_names = list(samples[0][0])
                family = core.GaugeMetricFamily(name, help_text, labels=label_names)
                for lab, value in samples:
                    family.add_metric([str(lab[k]) for k in label_names], float(value))
                yield family
        for key, value in window.items():
            family = core.GaugeMetricFamily(f"{self.prefix}_{key}", WINDOW_FAMILIES[key], labels=names)
            family.add_metric([self.labels[k] for k in names], value)
            yield family
        counter = core.CounterMetricFamily(f"{self.prefix}_windows", WINDOW_FAMILIES["windows"],
                                           labels=[*names, "outcome"])
        for outcome in _OUTCOMES:
            counter.add_metric([*(self.labels[k] for k in names), outcome], outcomes[outcome])
        yield counter
