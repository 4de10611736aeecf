"""Drift reports on data too large for one machine: Dask DataFrames, profiled by partition.

A drift report needs, per column, only bin counts (numbers) or category
counts (labels) once the bins are fixed: that is the `Profile` of
`driftscope.sketch`, which is mergeable by addition. This module maps the
partitions of a Dask DataFrame to profiles and adds them up, so each worker
reads its own partitions and only counts travel (``O(bins)`` per column);
the report then runs the counts-only policy ``policy="sketch"``
(`driftscope.policies.sketched`) and gives exactly the result
``drift_report(reference, current, policy="sketch")`` gives on the same data
in memory.

=======================  ==================================================
`profile_dask`           a Dask DataFrame -> `Profile`: the reference profile
                         (exact reference quantiles as bin edges), or, given
                         a reference profile, the current data's counts on
                         its bins
`drift_report_dask`      both sides profiled, then ``drift_report(...,
                         policy="sketch")``
=======================  ==================================================

The reference profile's fine edges are the reference quantiles ``j / 100``
as ``numpy.quantile`` computes them on the whole column, found without
gathering the column: each partition sorts its values once (kept on the
workers), and a few rounds of counting narrow every needed order
statistic down to a bracket small enough to fetch (`exact_quantiles`).
That is what makes the distributed PSI equal to the in-memory one to the
last bit. A reference profile can also come from anywhere else: built in
memory with `Profile.from_frame`, loaded from JSON, or filled with SQL
``GROUP BY`` counts (`HistogramSketch.from_counts`).

Works with any Dask scheduler: the default threads, or a
``distributed.Client`` (local or remote cluster) created beforehand::

    from distributed import Client
    import dask.dataframe as dd
    from driftscope.distributed import drift_report_dask

    client = Client("tcp://scheduler:8786")          # or Client() for a local cluster
    reference = dd.read_parquet("s3://bucket/train/")
    current = dd.read_parquet("s3://bucket/live/2043-08-30/")
    report = drift_report_dask(reference, current)  # policy="sketch"
    report.to_frame()

Needs ``pip install "driftscope[distributed]"`` (dask[dataframe], distributed).
"""

from __future__ import annotations

import operator
from typing import Any, Sequence

import numpy as np

from . import _kernels as K
from ._validation import (
    as_numeric_batch,
    check_bins,
    check_columns_present,
    check_in_profile,
    check_instance,
    check_not_empty,
    check_something_to_sketch,
)
from .sketch import CategorySketch, HistogramSketch, Profile, profile_kind

__all__ = ["profile_dask", "drift_report_dask", "exact_quantiles"]

#: A partition sends all its values inside a bracket when it has at most this many ...
FETCH_LIMIT = 4096
#: ... else this many evenly spaced ones, from which the bracket is narrowed.
SAMPLE_SIZE = 1024
MAX_ROUNDS = 64
_last_rounds = [0]  # rounds of the last exact_quantiles call (for the curious and the tests)


def _dask():
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError('driftscope.distributed needs Dask: pip install "driftscope[distributed]"'
                          ) from exc
    return dask, dd


def _tree_sum(items: list) -> Any:
    """Add delayed values pairwise (a tree, so no single task receives them all)."""
    from dask import delayed

    add = delayed(operator.add, pure=True)
    while len(items) > 1:
        items = [add(items[i], items[i + 1]) if i + 1 < len(items) else items[i]
                 for i in range(0, len(items), 2)]
    return items[0]


def _check_frame(ddf: Any, name: str) -> None:
    _, dd = _dask()
    check_instance(ddf, name, dd.DataFrame, "a dask.dataframe.DataFrame")


def _kinds(ddf: Any, columns: list, categorical: set) -> dict:
    """``{column: "numerical" | "categorical"}`` by `Profile.from_frame`'s rules (dtypes)."""
    return {c: profile_kind(c, ddf.dtypes[c], categorical) for c in columns}


# --- per-partition work (runs on the workers) ---------------------------------------------------

def _sorted_partition(frame: Any, columns: list) -> dict:
    """Each numeric column of a partition sorted once: ``{column: (finite values, n_missing)}``."""
    out = {}
    for c in columns:
        split = K.sort_split(as_numeric_batch(frame[c], "reference", column=c).copy(),
                             overwrite=True)
        out[c] = (split.finite.copy(), split.n_missing)
    return out


def _sizes(part: dict) -> dict:
    return {c: (values.size, n_missing) for c, (values, n_missing) in part.items()}


def _answer(part: dict, requests: dict) -> dict:
    """For each column and bracket ``(lo, hi)``: counts below and at `lo`, and the values
    strictly inside ``(lo, hi)`` (all of them, or an evenly spaced sample with positions)."""
    out = {}
    for c, brackets in requests.items():
        values = part[c][0]
        rows = []
        for lo, hi in brackets:
            below = int(np.searchsorted(values, lo, side="left"))
            start = int(np.searchsorted(values, lo, side="right"))
            stop = int(np.searchsorted(values, hi, side="left"))
            inside = values[start:stop]
            m = inside.size
            if m <= FETCH_LIMIT:
                rows.append((below, start - below, m, None, inside.copy()))
            else:
                positions = np.unique(np.linspace(0, m - 1, SAMPLE_SIZE).round().astype(np.int64))
                rows.append((below, start - below, m, positions, inside[positions]))
        out[c] = rows
    return out


class _Sum(dict):
    """Per-column numbers or arrays that add up column by column (for `_tree_sum`)."""

    def __add__(self, other: dict) -> "_Sum":
        return _Sum({c: self[c] + other[c] for c in self})


def _counts_of(part: dict, edges: dict) -> _Sum:
    return _Sum({c: K.counts_sorted(part[c][0], e) for c, e in edges.items()})


def _missing_of(part: dict) -> _Sum:
    return _Sum({c: n_missing for c, (_, n_missing) in part.items()})


def _category_profile(frame: Any, columns: list) -> Profile:
    return Profile({c: CategorySketch().update(frame[c], name="reference", column=c) for c in columns})


def _sketch_partition(frame: Any, empty: Profile) -> Profile:
    return empty.sketch_like(frame)


# --- exact order statistics of a partitioned column ---------------------------------------------

def exact_quantiles(parts: list, columns: list, levels: np.ndarray) -> dict:
    """``numpy.quantile`` of each column over all partitions, exactly, without gathering.

    Parameters
    ----------
    parts : list of dask Delayed
        One per partition, each computing ``{column: (sorted finite values,
        n_missing)}`` (persisted, so every round reads them from memory).
    columns : list
        The numeric columns.
    levels : numpy.ndarray
        Quantile levels in [0, 1].

    Returns
    -------
    quantiles : dict
        ``{column: numpy.ndarray}``, bit for bit ``numpy.quantile`` of the
        column's finite values pooled.

    Notes
    -----
    ``numpy.quantile`` interpolates between two order statistics per level
    (`driftscope._kernels.quantile_positions`); each is found by narrowing
    a bracket ``[lo, hi)``. Every round, each partition reports, per
    bracket, how many of its values are below ``lo`` and equal to it, and
    its values strictly inside: all of them when at most 4,096, else 1,024
    evenly spaced ones with their positions. If the rank falls on ``lo``,
    or all values inside arrived, the order statistic is known; otherwise
    the positions bound how many values lie below each sampled value, which
    gives a bracket about 500 times narrower. Two or three rounds suffice in
    practice; only counts and a few thousand values per bracket travel.
    """
    dask, _ = _dask()
    sizes = dask.compute(*[dask.delayed(_sizes)(p) for p in parts])
    out, wanted, state = {}, {}, {}
    for c in columns:
        n = sum(s[c][0] for s in sizes)
        if n == 0:
            check_not_empty(sum(s[c][1] for s in sizes), 0, "reference", column=c)
        previous, following, gamma = K.quantile_positions(n, levels)
        ranks = np.unique(np.concatenate((previous, following)))
        wanted[c] = (previous, following, gamma)
        # rank -> its bracket (lo, hi); `found` holds the ranks already known
        state[c] = {int(k): [-np.inf, np.inf] for k in ranks}
    found: dict = {c: {} for c in columns}
    for round_ in range(MAX_ROUNDS):
        requests = {}
        for c in columns:
            brackets = sorted({tuple(b) for k, b in state[c].items() if k not in found[c]})
            if brackets:
                requests[c] = brackets
        if not requests:
            break
        _last_rounds[0] = round_ + 1
        answers = dask.compute(*[dask.delayed(_answer)(p, requests) for p in parts])
        for c, brackets in requests.items():
            groups: dict = {}
            for k, bracket in state[c].items():
                if k not in found[c]:
                    groups.setdefault(tuple(bracket), []).append(k)
            for i, bracket in enumerate(brackets):
                ranks = np.array(groups[bracket], dtype=np.int64)
                rows = [a[c][i] for a in answers]
                for k, new in zip(ranks.tolist(), _narrow(bracket, ranks, rows)):
                    if isinstance(new, float):
                        found[c][k] = new
                    else:
                        state[c][k] = new
    else:  # pragma: no cover - a safeguard; brackets shrink geometrically
        raise RuntimeError("exact_quantiles did not converge")
    for c in columns:
        previous, following, gamma = wanted[c]
        lower = np.array([found[c][int(k)] for k in previous])
        upper = np.array([found[c][int(k)] for k in following])
        out[c] = K.lerp(lower, upper, gamma)
    return out


def _narrow(bracket: tuple, ranks: np.ndarray, rows: list) -> list:
    """One round's verdict for the ranks sharing `bracket`: the value, or a narrower bracket.

    `rows` holds each partition's answer: values below ``lo``, values equal
    to ``lo``, the number strictly inside ``(lo, hi)``, and those values (all
    of them, ``positions`` None) or a sample of them at ``positions``.
    """
    lo, hi = bracket
    below = sum(r[0] for r in rows)
    equal = sum(r[1] for r in rows)
    targets = ranks - below - equal  # ranks among the values strictly inside (lo, hi)
    out: list = [None] * ranks.size
    on_lo = targets < 0
    for i in np.flatnonzero(on_lo):
        out[i] = float(lo)
    if on_lo.all():
        return out
    if all(r[3] is None for r in rows):  # every partition sent all its values inside
        inside = np.sort(np.concatenate([r[4] for r in rows]))
        for i in np.flatnonzero(~on_lo):
            out[i] = float(inside[targets[i]])
        return out
    # Bounds on C(v) = #values inside (lo, hi) below v, for every sampled v:
    # a partition's sample at positions p_0 < p_1 < ... puts between
    # p_{t-1} + 1 and p_t of its values below v, t = #samples below v.
    candidates = np.unique(np.concatenate([r[4] for r in rows]))
    c_min = np.zeros(candidates.size, dtype=np.int64)
    c_max = np.zeros(candidates.size, dtype=np.int64)
    for _, _, m, positions, values in rows:
        if positions is None:
            positions = np.arange(m)
        t = np.searchsorted(values, candidates, side="left")
        c_min += np.where(t > 0, positions[np.maximum(t - 1, 0)] + 1, 0)
        c_max += np.where(t < positions.size, positions[np.minimum(t, positions.size - 1)], m)
    # Both bounds grow with v. The value x of rank `target` is >= v when at
    # most `target` values lie below v, and < v when more than `target` do.
    for i in np.flatnonzero(~on_lo):
        new_lo, new_hi = lo, hi
        low = int(np.searchsorted(c_max, targets[i], side="right")) - 1
        high = int(np.searchsorted(c_min, targets[i] + 1, side="left"))
        if low >= 0:
            new_lo = float(candidates[low])
        if high < candidates.size:
            new_hi = float(candidates[high])
        out[i] = (new_lo, new_hi)
    return out


# --- profiles ------------------------------------------------------------------------------------

def profile_dask(ddf: Any, *, reference: Profile | None = None, bins: int = 100,
                 columns: Sequence[Any] | None = None, categorical: Sequence[Any] = ()) -> Profile:
    """The `Profile` of a Dask DataFrame, computed partition by partition.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        The data, in any number of partitions.
    reference : Profile, optional
        Sketch `ddf` on this reference profile's bins and categories (the
        current side of a report). Without it, `ddf` *is* the reference:
        its profile is built as `Profile.from_frame` builds it.
    bins : int, default 100
        Without `reference`: fine quantile bins per numeric column.
    columns : list, optional
        Columns to profile (default: the reference profile's, or all).
    categorical : list, default ()
        Without `reference`: numeric columns to sketch as categories.

    Returns
    -------
    profile : Profile
        Equal (``==``) to ``Profile.from_frame(ddf.compute(), ...)``, or to
        ``reference.sketch_like(ddf.compute())``: the same edges, quantiles,
        counts and missing counts.

    Raises
    ------
    DtypeError
        If `ddf` is not a Dask DataFrame or a column holds dates.
    EmptySampleError, AllNaNError
        If a reference column has no non-missing value.
    ParameterError
        If a named column does not exist, or `bins` is not an integer >= 1.

    Notes
    -----
    With `reference`, one task per partition sketches it on the reference
    bins and the partition profiles are added up in a tree: one pass over
    the data, ``O(bins)`` traffic per column and partition. Without, each
    partition also sorts its numeric columns once and keeps them on its
    worker while `exact_quantiles` finds the edges (two or three short
    rounds), then counts them.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import dask.dataframe as dd
    >>> from driftscope import Profile
    >>> from driftscope.distributed import profile_dask
    >>> frame = pd.DataFrame({"x": np.random.default_rng(1).normal(size=10_000),
    ...                       "planet": ["Zeta", "Orion"] * 5_000})
    >>> ddf = dd.from_pandas(frame, npartitions=4)
    >>> profile_dask(ddf) == Profile.from_frame(frame)
    True
    """
    dask, _ = _dask()
    _check_frame(ddf, "ddf" if reference is None else "current")
    if reference is not None:
        check_instance(reference, "reference", Profile, "a Profile")
        names = list(reference) if columns is None else list(columns)
        check_in_profile(names, ddf.columns, reference)
        empty = dask.delayed(Profile({c: reference[c] for c in names}).empty_like(), pure=True)
        parts = ddf[names].to_delayed()
        total = _tree_sum([dask.delayed(_sketch_partition, pure=True)(p, empty) for p in parts])
        (profile,) = dask.compute(total)
        return profile
    bins = check_bins(bins)
    names = list(ddf.columns) if columns is None else list(columns)
    categorical = set(categorical)
    check_columns_present(ddf, (*names, *categorical), "reference")
    check_something_to_sketch(None, names, "reference")
    kinds = _kinds(ddf, names, categorical)
    numeric = [c for c in names if kinds[c] == "numerical"]
    labels = [c for c in names if kinds[c] == "categorical"]
    sketches: dict = {}
    if labels:
        frames = ddf[labels].to_delayed()
        total = _tree_sum([dask.delayed(_category_profile, pure=True)(p, labels) for p in frames])
        (cat_profile,) = dask.compute(total)
        for c in labels:
            _nonempty(cat_profile[c], c)
            sketches[c] = cat_profile[c]
    if numeric:
        frames = ddf[numeric].to_delayed()
        parts = dask.persist(*[dask.delayed(_sorted_partition, pure=True)(p, numeric)
                               for p in frames])
        try:
            quantiles = exact_quantiles(list(parts), numeric, np.arange(1, bins) / bins)
            edges = {c: np.concatenate(([-np.inf], np.unique(q), [np.inf]))
                     for c, q in quantiles.items()}
            total = _tree_sum([dask.delayed(_counts_of, pure=True)(p, edges) for p in parts])
            sizes = _tree_sum([dask.delayed(_missing_of, pure=True)(p) for p in parts])
            counts, n_missing = dask.compute(total, sizes)
        finally:
            del parts
        for c in numeric:
            sketches[c] = HistogramSketch(edges[c], quantiles=quantiles[c],
                                          counts=np.asarray(counts[c], dtype=np.int64),
                                          n_missing=int(n_missing[c]))
    return Profile({c: sketches[c] for c in names})


def _nonempty(sketch: CategorySketch, column: Any) -> None:
    check_not_empty(sketch.n + sketch.n_missing, sketch.n, "reference", column=column)


def drift_report_dask(reference: Any, current: Any, *, columns: Sequence[Any] | None = None,
                      fine_bins: int = 100, categorical: Sequence[Any] = (), **options: Any):
    """``drift_report(reference, current, policy="sketch")`` on Dask DataFrames.

    Parameters
    ----------
    reference : dask.dataframe.DataFrame or Profile
        The reference data, or its profile (e.g. built once in memory with
        `Profile.from_frame`, or loaded with `Profile.from_dict`).
    current : dask.dataframe.DataFrame
        The data to check.
    columns : list, optional
        Columns to compare (default: all of the reference's).
    fine_bins : int, default 100
        When `reference` is a Dask DataFrame: fine quantile bins per numeric
        column (`profile_dask`'s ``bins``); the PSI ``bins`` must divide it.
    categorical : list, default ()
        When `reference` is a Dask DataFrame: numeric columns to compare as
        categories.
    **options :
        Passed to `drift_report`: ``alpha``, ``psi_threshold``,
        ``js_threshold``, ``bins`` (of PSI, default 10), ``drift_share``,
        ``progress``.

    Returns
    -------
    DriftReport
        Identical to ``drift_report(reference.compute(), current.compute(),
        policy="sketch")``: the same rows, scores, p-values and verdicts.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import dask.dataframe as dd
    >>> from driftscope import drift_report
    >>> from driftscope.distributed import drift_report_dask
    >>> rng = np.random.default_rng(7)
    >>> ref = pd.DataFrame({"x": rng.normal(size=20_000), "s": rng.choice(list("ab"), 20_000)})
    >>> cur = pd.DataFrame({"x": rng.normal(0.5, 1, 20_000), "s": rng.choice(list("ab"), 20_000)})
    >>> report = drift_report_dask(dd.from_pandas(ref, npartitions=3), dd.from_pandas(cur, npartitions=5))
    >>> report.drifted_columns
    ['x']
    >>> report.to_frame().equals(drift_report(ref, cur, policy="sketch").to_frame())
    True
    """
    from .report import drift_report

    _, dd = _dask()
    dt_skip: dict = {}
    check_instance(reference, "reference", (dd.DataFrame, Profile), "a Dask DataFrame or a Profile")
    if isinstance(reference, dd.DataFrame):
        dt_skip = _datetime_columns(reference, columns)
        wanted = [c for c in (reference.columns if columns is None else columns)
                  if c not in dt_skip]
        ref_profile = profile_dask(reference, bins=fine_bins, columns=wanted,
                                   categorical=categorical)
    else:
        ref_profile = reference if columns is None else Profile({c: reference[c] for c in columns})
    _check_frame(current, "current")
    cur_profile = profile_dask(current, reference=ref_profile)
    report = drift_report(ref_profile, cur_profile, policy="sketch", **options)
    report.skipped.update(dt_skip)
    return report


def _datetime_columns(ddf: Any, columns: Sequence[Any] | None) -> dict:
    from ._validation import split_time_columns

    names = [c for c in (ddf.columns if columns is None else columns) if c in ddf.columns]
    return split_time_columns(ddf.dtypes, names, explicit=columns is not None)[1]
