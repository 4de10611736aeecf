"""Drift reports: `drift_report` and its result, `DriftReport`.

One call compares every column of a reference and a current data set and
returns one verdict per column plus a verdict on the data set, which renders
to a pandas DataFrame, JSON, a self-contained HTML page and Prometheus
metrics. A *policy* decides the verdicts (`driftscope.policies`, where the
registry `POLICIES` lists them); its *engine* (`driftscope.engines`) says
what it reads: data frames, or profiles of bin and category counts.

``"evidently"`` (engine ``"frames"``)
    Evidently 0.7.23's `DataDriftPreset`: the same column kinds, tests,
    scores, thresholds and verdicts (see `driftscope.policies.evidently_preset`
    for the rules and where they live in Evidently's source).
``"watchtower"`` (engine ``"frames"``)
    The course's recommendation: a column drifts when a
    Benjamini-Hochberg-corrected test rejects *and* an effect size (PSI on
    reference-quantile bins, Jensen-Shannon distance) reaches its threshold
    (see `driftscope.policies.watchtower` for the reasons).
``"sketch"`` (engine ``"profiles"``)
    The watchtower rule computed from bin and category counts alone
    (chi-square on bins where the watchtower policy uses KS), so from
    `Profile` sketches, streams or Dask DataFrames with the same result (see
    `driftscope.policies.sketched` and `driftscope.distributed`).
"""

from __future__ import annotations

import json
import math
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import pandas as pd

from ._validation import (
    check_bool,
    check_count,
    check_fraction,
    check_path,
    check_text,
    nothing_to_test,
    with_column,
)
from .engines import ENGINES
from .errors import ColumnMismatchError, DriftscopeError
from .policies import ColumnDrift, Measure, Skip, make_policy, share_rule

__all__ = ["drift_report", "DriftReport", "ColumnDrift", "ColumnMismatchError"]

_ROW_FIELDS = ["column", "kind", "test", "statistic", "threshold", "pvalue", "drifted",
               "n_reference", "n_current", "missing_reference", "missing_current", "note"]
_MAX_WORKERS = 4
_THREADS_FROM_CELLS = 100_000


class DriftReport:
    """Per-column drift verdicts and the data-set verdict of a `drift_report`.

    Attributes
    ----------
    rows : tuple of ColumnDrift
        One verdict per tested column, in the order of the data frame.
    policy : str
        The policy's name (``"evidently"``, ``"watchtower"``, ``"sketch"``, ...).
    engine : str
        ``"frames"`` or ``"profiles"``: what the policy read.
    drift_share : float
        The share of drifted columns at which the data set drifts.
    skipped : dict
        Columns left out of the report, mapped to the reason.
    params : dict
        The policy's parameters (thresholds, alpha, bins).
    rule : str
        The data-set rule in words, as the policy words it.
    figures : mapping
        Per drifted column, the shares its figure draws.

    See Also
    --------
    drift_report : Make one.
    """

    def __init__(self, rows: Sequence[ColumnDrift], *, policy: str, drift_share: float,
                 dataset_drift: bool, skipped: dict[Any, str] | None = None,
                 params: dict[str, Any] | None = None, plots: dict[Any, dict] | None = None,
                 counted_drifted: int | None = None, engine: str = "frames",
                 rule: str | None = None):
        self.rows = tuple(rows)
        self.policy = policy
        self.engine = engine
        self.drift_share = float(drift_share)
        self._dataset_drift = bool(dataset_drift)
        self.skipped = dict(skipped or {})
        self.params = dict(params or {})
        self.rule = rule or share_rule(self.drift_share)
        self._plots = dict(plots or {})
        self._index = {r.column: r for r in self.rows}
        self._counted = counted_drifted

    # -- the verdicts ----------------------------------------------------
    @property
    def columns(self) -> list[Any]:
        """Names of the tested columns."""
        return [r.column for r in self.rows]

    @property
    def drifted_columns(self) -> list[Any]:
        """Names of the drifted columns."""
        return [r.column for r in self.rows if r.drifted]

    @property
    def n_drifted(self) -> int:
        """Number of drifted columns, as the data-set verdict counts them.

        This is the number of rows with ``drifted=True``, except under
        ``policy="evidently"`` when a column holds +/-inf and no NaN: Evidently's
        ``DriftedColumnsCount`` then tests it with the infinities left in and
        may disagree with the column's own verdict (the row's note says so).
        """
        if self._counted is not None:
            return self._counted
        return sum(r.drifted for r in self.rows)

    @property
    def drifted_share(self) -> float:
        """Drifted columns (`n_drifted`) over tested columns."""
        return self.n_drifted / len(self.rows) if self.rows else 0.0

    @property
    def figures(self) -> Mapping[Any, dict]:
        """Per drifted column, the shares its figure draws (see `driftscope.render.figure_svg`)."""
        return dict(self._plots)

    @property
    def dataset_drift(self) -> bool:
        """The verdict on the data set (see `drift_report` for the rule)."""
        return self._dataset_drift

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[ColumnDrift]:
        return iter(self.rows)

    def __getitem__(self, column: Any) -> ColumnDrift:
        try:
            return self._index[column]
        except KeyError:
            why = f" (skipped: {self.skipped[column]})" if column in self.skipped else ""
            raise KeyError(f"no column {column!r} in this report{why}") from None

    def __repr__(self) -> str:
        verdict = "DRIFT" if self.dataset_drift else "no drift"
        return (f"<DriftReport policy={self.policy!r}: {verdict}, {self.n_drifted} of "
                f"{len(self.rows)} columns drifted ({self.drifted_share:.0%}; {self.rule})>")

    # -- renderings ------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per column, as a pandas DataFrame.

        ``pvalue`` has the nullable ``Float64`` dtype: ``<NA>`` where the test
        has no p-value (a distance), never NaN.
        """
        frame = pd.DataFrame([r.to_dict() for r in self.rows], columns=_ROW_FIELDS)
        frame["pvalue"] = pd.array([r.pvalue for r in self.rows], dtype="Float64")
        frame["drifted"] = frame["drifted"].astype(bool)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain Python values: summary, rows and skipped columns."""
        from . import __version__

        return {
            "driftscope_version": __version__,
            "policy": self.policy,
            "engine": self.engine,
            "params": dict(self.params),
            "drift_share": self.drift_share,
            "n_columns": len(self.rows),
            "n_drifted": self.n_drifted,
            "drifted_share": self.drifted_share,
            "dataset_drift": self.dataset_drift,
            "columns": [{**r.to_dict(), "column": _jsonable_name(r.column)} for r in self.rows],
            "skipped": {str(k): v for k, v in self.skipped.items()},
        }

    def to_json(self, path: str | Path | None = None, *, indent: int | None = 2) -> str:
        """The `to_dict` content as JSON; also written to `path` when given.

        JSON has no infinity: an infinite score (e.g. a normed Wasserstein
        distance from a constant reference) is written as the string
        ``"+Inf"`` (``"-Inf"``), as in Prometheus' text format.
        """
        path = check_path(path)
        indent = check_count(indent, "indent", optional=True)
        text = json.dumps(_finite_json(self.to_dict()), indent=indent, allow_nan=False)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def to_html(self, path: str | Path | None = None, *, title: str | None = None) -> str:
        """One self-contained HTML page: the verdict table and figures of the drifted columns.

        The table lists every column; figures (inline SVG drawn by matplotlib)
        show the most drifted columns, at most `driftscope.render.MAX_FIGURES`
        (24), furthest past their thresholds first, so a wide table makes a
        page that grows with the table, not with figures. Column names and
        categories are escaped in the HTML and drawn literally (no math-text).
        The page loads nothing from the network (no scripts, no external
        style sheets). Returns the HTML and writes it to `path` when given.
        Raises `ParameterError` if `title` is not a string or `path` not a
        file path.
        """
        from .render import render_html

        path = check_path(path)
        text = render_html(self, title=check_text(title, "title", optional=True))
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_prometheus(self, *, prefix: str = "driftscope", labels: dict[str, str] | None = None) -> str:
        """The report in Prometheus' text exposition format (all gauges).

        Per column: ``<prefix>_column_drift_score``, ``_column_drift_threshold``,
        ``_column_pvalue`` (where there is one) and ``_column_drifted`` (0/1),
        labelled ``column``, ``kind``, ``test`` and ``policy``. For the data set:
        ``<prefix>_columns``, ``_drifted_columns``, ``_drifted_share`` and
        ``_dataset_drift`` (0/1). `labels` are added to every sample (for
        example ``{"window": "2043-08-15"}``).
        """
        from .render import render_prometheus

        return render_prometheus(self, prefix=prefix, labels=labels)


def _finite_json(value: Any) -> Any:
    if isinstance(value, float) and math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if isinstance(value, dict):
        return {k: _finite_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite_json(v) for v in value]
    return value


def _jsonable_name(name: Any) -> Any:
    if isinstance(name, (str, int)) and not isinstance(name, bool):
        return name
    return str(name)


def drift_report(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    policy: Any = "evidently",
    columns: Sequence[Any] | None = None,
    drift_share: float | None = None,
    progress: bool = False,
    **params: Any,
) -> DriftReport:
    """Compare every column of two data frames and decide which ones drifted.

    Parameters
    ----------
    reference : pandas.DataFrame or Profile
        The reference window (for example the training data); a `Profile`
        (its sketches) with ``policy="sketch"``.
    current : pandas.DataFrame or Profile
        The window to check, with the same columns; with ``policy="sketch"``
        a `Profile` on the reference profile's bins, or a data frame that is
        then sketched on them.
    policy : str or Policy, default "evidently"
        A name in `driftscope.policies.POLICIES` (``"evidently"``,
        ``"watchtower"``, ``"sketch"``), or a policy object.
        ``"evidently"`` reproduces Evidently 0.7.23's `DataDriftPreset`:
        column kinds, tests, scores, thresholds and verdicts.
        ``"watchtower"`` flags a column when a Benjamini-Hochberg-corrected
        test rejects *and* the effect size reaches its threshold.
        ``"sketch"`` is the watchtower rule computed from bin and category
        counts only (chi-square on the reference's fine quantile bins in place
        of KS); its engine is ``"profiles"``, so it gives the same result from
        `Profile` sketches, from a stream or from a Dask DataFrame
        (`driftscope.distributed`); see `driftscope.policies.sketched`.
    columns : sequence of column names, optional
        Columns to compare, each present in both frames. By default every
        column; both frames must then have the same columns. Columns a policy
        cannot test (date-times, identifiers, ...) are skipped and listed in
        `DriftReport.skipped` when chosen by default, and are an error when
        named here.
    drift_share : float, optional
        The data set drifts when the share of drifted columns is at least
        this. Default 0.5 for ``"evidently"`` (Evidently's rule) and 0 for
        ``"watchtower"`` (at least one drifted column).
    progress : bool, default False
        Show a progress bar over the columns on standard error (tqdm).
    **params
        The policy's parameters (its ``defaults``; None means the default).
        ``"watchtower"`` and ``"sketch"``: `alpha`, the false discovery rate
        of the correction (0.05); `psi_threshold` and `js_threshold`, the PSI
        a numerical column and the Jensen-Shannon distance a categorical
        column must reach (0.1 each); `bins`, the reference-quantile bins of
        PSI (10, at least 1; under ``"sketch"`` it must divide the profile's
        100 fine bins). ``"watchtower"`` only: `roc_auc_threshold`, the ROC
        AUC a text column's domain classifier must reach (0.55, see
        `driftscope.policies.text_columns`). ``"evidently"`` takes none.

    Returns
    -------
    DriftReport
        One `ColumnDrift` row per column (column, kind, test, statistic,
        threshold, pvalue, drifted, sample sizes, missing counts, note), the
        drifted share and the data-set verdict, with `~DriftReport.to_frame`,
        `~DriftReport.to_json`, `~DriftReport.to_html` and
        `~DriftReport.to_prometheus`.

    Raises
    ------
    ColumnMismatchError
        If the frames have different columns (they are named), or a column
        in `columns` is missing from one of them.
    EmptySampleError
        If a frame has no rows or no columns.
    AllNaNError
        If a column has no non-missing value in one of the frames.
    DtypeError
        If a column is numeric in one frame and not in the other, holds
        values that cannot be compared, or (``"evidently"``) is a text column.
    ParameterError
        If a parameter is out of range or does not apply to the policy.

    See Also
    --------
    driftscope.policies.evidently_preset : Evidently's rules, with sources.
    driftscope.policies.watchtower : The recommended policy and its reasons.
    ks_test, psi, js_distance, benjamini_hochberg : The statistics behind it.

    Notes
    -----
    Missing values (NaN, None, pd.NA, +/-inf) are dropped and counted per
    column (``missing_reference``, ``missing_current``), as Evidently does.
    Each numeric column is sorted once (in threads, a few columns at a time)
    and every statistic is read off the sorted arrays by the kernels behind
    the public functions: the KS statistic by binary searches, the
    Wasserstein distance in linear time from the quantile functions, the
    distinct-value count and the quantile bins directly. Categorical columns
    are counted in one hash pass. Memory beyond the two frames is the sorted
    copies of the columns being worked on.

    A category the reference never saw is drift evidence, not an error:
    Evidently's chi-square gives it an infinite statistic (p-value 0), the
    watchtower policy's test of homogeneity and Jensen-Shannon distance
    count it normally; either way the row's note names it.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from driftscope.report import drift_report
    >>> rng = np.random.default_rng(2043)
    >>> reference = pd.DataFrame({"length": rng.normal(20, 4, 800),
    ...                           "planet": rng.choice(["Zeta", "Orion"], 800)})
    >>> current = pd.DataFrame({"length": rng.normal(16, 4, 800),
    ...                         "planet": rng.choice(["Zeta", "Orion"], 800)})
    >>> report = drift_report(reference, current)
    >>> report.to_frame()[["column", "kind", "test", "drifted"]]
       column         kind              test  drifted
    0  length    numerical       K-S p_value     True
    1  planet  categorical    Z-test p_value    False
    >>> report.drifted_share, report.dataset_drift
    (0.5, True)
    >>> drift_report(reference, current, policy="watchtower").drifted_columns
    ['length']
    """
    rule = make_policy(policy, params)
    progress = check_bool(progress, "progress")
    if drift_share is None:
        drift_share = rule.default_drift_share
    check_fraction(drift_share, "drift_share", open_interval=False)
    engine = ENGINES[rule.engine]
    source = engine.open(reference, current, columns, rule.name)

    tests: dict[Any, Any] = {}
    skipped = dict(source.skipped)
    for c in source.names:
        plan = rule.plan(c, *source.pair(c), source.explicit)
        if isinstance(plan, Skip):
            skipped[c] = plan.reason
        else:
            tests[c] = plan
    if not tests:
        raise nothing_to_test(skipped)

    def one_column(c: Any, test: Any) -> tuple[Measure, dict[str, Any]]:
        # Everything a column needs is computed here, from one read of it; only
        # the measure and the figure's few shares are kept, so memory holds
        # the sorted copies of at most `workers` columns at a time.
        try:
            data = test.read(c, *source.pair(c))
            return test.measure(c, data), test.plot(data)
        except DriftscopeError as exc:
            if exc.column is not None:
                raise
            raise with_column(exc, c) from None

    measures, plot_by_column = [], {}
    bar = _progress(len(tests), enabled=progress)
    workers = min(_MAX_WORKERS, os.cpu_count() or 1, len(tests))
    # NumPy's sorts and searches release the GIL: large columns in parallel.
    threaded = source.threads and workers > 1 and source.cells >= _THREADS_FROM_CELLS
    try:
        with ThreadPoolExecutor(max_workers=workers) if threaded else nullcontext() as pool:
            results = (pool.map if threaded else map)(one_column, tests, tests.values())
            for c, (measure, plot_by_column[c]) in zip(tests, results):
                measures.append(measure)
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    rows = rule.decide(measures)
    n_drifted = sum(r.drifted if m.counted is None else m.counted for m, r in zip(measures, rows))
    plots = {r.column: plot_by_column[r.column] for r in rows if r.drifted}
    return DriftReport(rows, policy=rule.name, engine=engine.name, drift_share=drift_share,
                       dataset_drift=rule.dataset_drift(n_drifted, n_drifted / len(rows),
                                                        drift_share),
                       skipped=skipped, params={**rule.params, **source.params}, plots=plots,
                       counted_drifted=n_drifted, rule=rule.rule(drift_share))


def _progress(total: int, *, enabled: bool):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="drift", unit="column", file=sys.stderr, leave=False)
