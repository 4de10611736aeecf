"""Drift reports on data frames: `drift_report` and its result, `DriftReport`.

One call compares every column of a reference and a current data frame and
returns one verdict per column plus a verdict on the data set, which renders
to a pandas DataFrame, JSON, a self-contained HTML page and Prometheus
metrics. Three policies decide the verdicts:

``"evidently"``
    Evidently 0.7.23's `DataDriftPreset`: the same column kinds, tests,
    scores, thresholds and verdicts (see `driftscope.policies.evidently_preset`
    for the rules and where they live in Evidently's source).
``"watchtower"``
    The course's recommendation: a column drifts when a
    Benjamini-Hochberg-corrected test rejects *and* an effect size (PSI on
    reference-quantile bins, Jensen-Shannon distance) reaches its threshold
    (see `driftscope.policies.watchtower` for the reasons).
``"sketch"``
    The watchtower policy computed from bin and category counts alone, so
    from `Profile` sketches, streams or Dask DataFrames with the same result
    (see `driftscope.policies.sketched` and `driftscope.distributed`).
"""

from __future__ import annotations

import json
import math
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np
import pandas as pd

from . import _kernels as K
from ._validation import DriftscopeError, ParameterError
from .policies import POLICIES, ColumnDrift, Skip
from .policies._frames import (
    CategoricalColumn,
    ColumnMismatchError,
    NumericColumn,
    check_frames,
    nothing_to_test,
    split_time_columns,
    read_categorical,
    read_numeric,
)

__all__ = ["drift_report", "DriftReport", "ColumnDrift", "ColumnMismatchError"]

_ROW_FIELDS = ["column", "kind", "test", "statistic", "threshold", "pvalue", "drifted",
               "n_reference", "n_current", "missing_reference", "missing_current", "note"]
_MAX_BARS = 12
_MAX_WORKERS = 4
_THREADS_FROM_CELLS = 100_000


class DriftReport:
    """Per-column drift verdicts and the data-set verdict of a `drift_report`.

    Attributes
    ----------
    rows : tuple of ColumnDrift
        One verdict per tested column, in the order of the data frame.
    policy : str
        ``"evidently"``, ``"watchtower"`` or ``"sketch"``.
    drift_share : float
        The share of drifted columns at which the data set drifts.
    skipped : dict
        Columns left out of the report, mapped to the reason.
    params : dict
        The policy's parameters (thresholds, alpha, bins).

    See Also
    --------
    drift_report : Make one.
    """

    def __init__(self, rows: Sequence[ColumnDrift], *, policy: str, drift_share: float,
                 dataset_drift: bool, skipped: dict[Any, str] | None = None,
                 params: dict[str, Any] | None = None, plots: dict[Any, dict] | None = None,
                 counted_drifted: int | None = None):
        self.rows = tuple(rows)
        self.policy = policy
        self.drift_share = float(drift_share)
        self._dataset_drift = bool(dataset_drift)
        self.skipped = dict(skipped or {})
        self.params = dict(params or {})
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
        rule = ("drifts with any column" if self.policy in ("watchtower", "sketch") and self.drift_share == 0
                else f"drifts from {self.drift_share:.0%}")
        return (f"<DriftReport policy={self.policy!r}: {verdict}, {self.n_drifted} of "
                f"{len(self.rows)} columns drifted ({self.drifted_share:.0%}; {rule})>")

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
        """The `to_dict` content as JSON; also written to `path` when given."""
        text = json.dumps(self.to_dict(), indent=indent, allow_nan=False)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def to_html(self, path: str | Path | None = None, *, title: str | None = None) -> str:
        """One self-contained HTML page: the verdict table and a figure per drifted column.

        The figures are inline SVG drawn by matplotlib; the page loads
        nothing from the network (no scripts, no external style sheets).
        Returns the HTML and writes it to `path` when given.
        """
        from .render import render_html

        text = render_html(self, title=title)
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


def _jsonable_name(name: Any) -> Any:
    if isinstance(name, (str, int)) and not isinstance(name, bool):
        return name
    return str(name)


def drift_report(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    policy: str = "evidently",
    columns: Sequence[Any] | None = None,
    drift_share: float | None = None,
    alpha: float | None = None,
    psi_threshold: float | None = None,
    js_threshold: float | None = None,
    bins: int | None = None,
    progress: bool = False,
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
    policy : {"evidently", "watchtower", "sketch"}, default "evidently"
        ``"evidently"`` reproduces Evidently 0.7.23's `DataDriftPreset`:
        column kinds, tests, scores, thresholds and verdicts.
        ``"watchtower"`` flags a column when a Benjamini-Hochberg-corrected
        test rejects *and* the effect size reaches its threshold.
        ``"sketch"`` is the watchtower policy computed from bin and category
        counts only (chi-square on the reference's fine quantile bins in place
        of KS), so it gives the same result from `Profile` sketches, from a
        stream or from a Dask DataFrame (`driftscope.distributed`); see
        `driftscope.policies.sketched`.
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
    alpha : float, optional
        ``"watchtower"`` and ``"sketch"``: false discovery rate of the
        correction (default 0.05).
    psi_threshold, js_threshold : float, optional
        ``"watchtower"`` and ``"sketch"``: the PSI a numerical column and the
        Jensen-Shannon distance a categorical column must reach (default 0.1
        each).
    bins : int, optional
        ``"watchtower"`` and ``"sketch"``: reference-quantile bins of PSI
        (default 10; under ``"sketch"`` it must divide the profile's 100
        fine bins).
    progress : bool, default False
        Show a progress bar over the columns on standard error (tqdm).

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
    if policy not in POLICIES:
        raise ParameterError(f"policy must be one of {sorted(POLICIES)}, got {policy!r}",
                             name="policy")
    from .sketch import Profile

    if policy != "sketch" and (isinstance(reference, Profile) or isinstance(current, Profile)):
        raise ParameterError(
            f'profiles hold bin and category counts, not the values policy="{policy}" needs; '
            'compare them with policy="sketch"', name="policy")
    extra = {"alpha": alpha, "psi_threshold": psi_threshold, "js_threshold": js_threshold,
             "bins": bins}
    given = {k: v for k, v in extra.items() if v is not None}
    if policy == "evidently":
        if given:
            raise ParameterError(
                f"{', '.join(given)} appl{'ies' if len(given) == 1 else 'y'} to "
                'policy="watchtower" only; policy="evidently" uses Evidently\'s defaults',
                name=next(iter(given)))
        engine = POLICIES[policy]()
        params: dict[str, Any] = {}
    else:
        params = {"alpha": 0.05, "psi_threshold": 0.1, "js_threshold": 0.1, "bins": 10}
        params.update(given)
        _check_fraction(params["alpha"], "alpha", open_interval=True)
        for name in ("psi_threshold", "js_threshold"):
            v = params[name]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
                raise ParameterError(f"{name} must be a finite number >= 0, got {v!r}", name=name)
        b = params["bins"]
        if isinstance(b, bool) or not isinstance(b, (int, np.integer)) or b < 2:
            raise ParameterError(f"bins must be an integer >= 2, got {b!r}", name="bins")
        engine = POLICIES[policy](**params)
    if drift_share is None:
        drift_share = engine.default_drift_share
    _check_fraction(drift_share, "drift_share", open_interval=False)

    if policy == "sketch":
        return _sketch_report(engine, reference, current, columns, drift_share, params,
                              progress)

    names = check_frames(reference, current, columns)
    explicit = columns is not None

    kinds: dict[Any, str] = {}
    skipped: dict[Any, str] = {}
    for c in names:
        kind = engine.classify(c, reference[c], current[c], explicit)
        if isinstance(kind, Skip):
            skipped[c] = kind.reason
        else:
            kinds[c] = kind
    if not kinds:
        raise nothing_to_test(skipped)

    def one_column(c: Any, kind: str):
        # Everything a column needs is computed here, from one read of it; only
        # the measure and the figure's few shares are kept, so memory holds
        # the sorted copies of at most `workers` columns at a time.
        cached = getattr(engine, "current_counts", {}).pop(c, None)
        if kind == "numerical":
            data = read_numeric(reference[c], current[c], c)
        else:
            data = read_categorical(reference[c], current[c], c, cached)
        return engine.measure(c, kind, data), _plot_data(data)

    measures, plot_by_column = [], {}
    bar = _progress(len(kinds), enabled=progress)
    cells = (len(reference) + len(current)) * len(kinds)
    workers = min(_MAX_WORKERS, os.cpu_count() or 1, len(kinds))
    # NumPy's sorts and searches release the GIL: large columns in parallel.
    threaded = workers > 1 and cells >= _THREADS_FROM_CELLS
    try:
        with ThreadPoolExecutor(max_workers=workers) if threaded else nullcontext() as pool:
            results = (pool.map if threaded else map)(one_column, kinds, kinds.values())
            for c, (measure, plot_by_column[c]) in zip(kinds, results):
                measures.append(measure)
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    rows = engine.decide(measures)
    counted = engine.count_drifted(measures)
    n_drifted = sum(r.drifted for r in rows) if counted is None else counted
    share = n_drifted / len(rows)
    plots = {r.column: plot_by_column[r.column] for r in rows if r.drifted}
    return DriftReport(rows, policy=policy, drift_share=drift_share,
                       dataset_drift=engine.dataset_drift(n_drifted, share, drift_share),
                       skipped=skipped, params=params, plots=plots, counted_drifted=counted)


def _sketch_report(engine: Any, reference: Any, current: Any, columns: Sequence[Any] | None,
                   drift_share: float, params: dict[str, Any], progress: bool) -> DriftReport:
    """``policy="sketch"``: profile both sides (unless given as profiles), then compare counts."""
    from .policies.sketched import SketchPair, plot_data
    from .sketch import HistogramSketch, Profile

    skipped: dict[Any, str] = {}
    if isinstance(reference, Profile):
        ref_profile = reference
        if isinstance(current, Profile):
            cur_profile = current
        else:
            if not isinstance(current, pd.DataFrame):
                raise ParameterError(f"current must be a Profile or a pandas DataFrame, got "
                                     f"{type(current).__name__}", name="current")
            wanted = list(ref_profile) if columns is None else list(columns)
            missing = [c for c in wanted if c not in current.columns]
            if missing:
                raise ColumnMismatchError(f"current has no column {missing[0]!r} of the profile",
                                          name="current", column=missing[0])
            cur_profile = Profile({c: ref_profile[c] for c in wanted if c in ref_profile}
                                  ).sketch_like(current)
    else:
        if isinstance(current, Profile):
            raise ParameterError(
                "current is a Profile but reference is not: sketch the current data on the "
                "reference profile's bins (Profile.from_frame(reference).sketch_like(current)) "
                "and pass both profiles, or pass both data frames", name="current")
        names = check_frames(reference, current, columns)
        kept, skipped = split_time_columns(reference.dtypes, names, explicit=columns is not None)
        if not kept:
            raise nothing_to_test(skipped)
        ref_profile = Profile.from_frame(reference, columns=kept)
        cur_profile = ref_profile.sketch_like(current[kept])
    names = list(ref_profile) if columns is None else list(columns)
    if columns is not None and not names:
        raise ParameterError("columns is empty; name at least one column, or pass None for all",
                             name="columns")
    for c in names:
        where = [n for n, p in (("reference", ref_profile), ("current", cur_profile)) if c not in p]
        if where:
            raise ColumnMismatchError(f"column {c!r} is not in the {' nor the '.join(where)} "
                                      "profile", name=where[0], column=c)
    if columns is None:
        extra = [c for c in cur_profile if c not in ref_profile]
        if extra:
            raise ColumnMismatchError(f"current profile has column(s) {extra!r} that the "
                                      "reference profile lacks; pass columns=[...]",
                                      name="current", column=extra[0])
    measures, plots_by_column = [], {}
    bar = _progress(len(names), enabled=progress)
    try:
        for c in names:
            pair = SketchPair(ref_profile[c], cur_profile[c])
            try:
                measures.append(engine.measure_sketches(c, pair))
            except DriftscopeError as exc:
                if exc.column is not None:
                    raise
                raise type(exc)(f"column {c!r}: {exc}", name=exc.name, column=c) from None
            plots_by_column[c] = pair
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    rows = engine.decide(measures)
    n_drifted = sum(r.drifted for r in rows)
    share = n_drifted / len(rows)
    plots = {r.column: plot_data(plots_by_column[r.column]) for r in rows if r.drifted}
    fine = {s.quantiles.size + 1 for s in ref_profile.values()
            if isinstance(s, HistogramSketch) and s.quantiles is not None}
    params = {**params, "fine_bins": fine.pop() if len(fine) == 1 else sorted(fine) or None}
    return DriftReport(rows, policy="sketch", drift_share=drift_share,
                       dataset_drift=engine.dataset_drift(n_drifted, share, drift_share),
                       skipped=skipped, params=params, plots=plots)


def _check_fraction(value: Any, name: str, *, open_interval: bool) -> None:
    ok = isinstance(value, (int, float, np.floating)) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        ok = 0 < value < 1 if open_interval else 0 <= value <= 1
    if not ok:
        bounds = "strictly between 0 and 1" if open_interval else "between 0 and 1"
        raise ParameterError(f"{name} must be a number {bounds}, got {value!r}", name=name)


def _progress(total: int, *, enabled: bool):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="drift", unit="column", file=sys.stderr, leave=False)


def _plot_data(data: NumericColumn | CategoricalColumn) -> dict[str, Any]:
    """Shares of both samples on shared bins (numbers) or top categories, for a figure."""
    if isinstance(data, NumericColumn):
        a, b = data.reference, data.current
        # The pooled quantiles, without pooling the samples.
        lo, hi = K.pooled_quantile(a, b, [0.005, 0.995])
        if not hi > lo:
            lo, hi = min(a[0], b[0]), max(a[-1], b[-1])
        if not hi > lo:
            lo, hi = lo - 0.5, hi + 0.5
        n_bins = int(min(40, max(10, math.ceil(math.log2(a.size + b.size)) + 1)))
        edges = np.linspace(lo, hi, n_bins + 1)
        ref = K.counts_sorted(a, edges) / a.size
        cur = K.counts_sorted(b, edges) / b.size
        return {"type": "numerical", "edges": edges.tolist(),
                "reference": ref.tolist(), "current": cur.tolist()}
    rc, cc = data.reference_counts, data.current_counts
    ref_share, cur_share = rc / rc.sum(), cc / cc.sum()
    order = np.argsort(-(ref_share + cur_share), kind="stable")
    top, rest = order[:_MAX_BARS], order[_MAX_BARS:]
    labels = [str(data.categories[i]) for i in top]
    ref, cur = ref_share[top].tolist(), cur_share[top].tolist()
    if rest.size:
        labels.append(f"{rest.size} others")
        ref.append(float(ref_share[rest].sum()))
        cur.append(float(cur_share[rest].sum()))
    return {"type": "categorical", "labels": labels, "reference": ref, "current": cur}
