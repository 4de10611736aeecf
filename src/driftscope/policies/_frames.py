"""Checking the two data frames of a report and reading their columns.

Everything `drift_report` needs from pandas happens here, once per column and
vectorised: numeric columns become sorted float64 arrays with missing values
(NaN, None, pd.NA, +/-inf) dropped and counted; categorical columns become
counts over the union of both samples' categories (pandas' hash-based
``value_counts``, no per-value Python loop).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from .._validation import AllNaNError, DriftscopeError, DtypeError, EmptySampleError, ParameterError

__all__ = [
    "ColumnMismatchError",
    "NumericColumn",
    "CategoricalColumn",
    "check_frames",
    "read_numeric",
    "read_categorical",
    "is_numeric_dtype",
]


class ColumnMismatchError(DriftscopeError):
    """The reference and current data frames do not have the same columns."""


def _names(cols: Sequence[Any]) -> str:
    return ", ".join(repr(c) for c in cols)


def check_frames(reference: Any, current: Any, columns: Sequence[Any] | None) -> list[Any]:
    """Validate the frames of a report and return the columns to compare, in order.

    Without `columns` both frames must have the same columns (in any order;
    the reference's order is kept). With `columns`, each must be in both.
    """
    for name, frame in (("reference", reference), ("current", current)):
        if not isinstance(frame, pd.DataFrame):
            raise DtypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}",
                             name=name)
        dup = frame.columns[frame.columns.duplicated()].unique().tolist()
        if dup:
            raise ColumnMismatchError(f"{name} has duplicated column names: {_names(dup)}",
                                      name=name, column=dup[0])
        if frame.shape[1] == 0:
            raise EmptySampleError(f"{name} has no columns", name=name)
        if frame.shape[0] == 0:
            raise EmptySampleError(f"{name} has no rows; a drift report needs data in both frames",
                                   name=name)
    if columns is None:
        only_ref = [c for c in reference.columns if c not in current.columns]
        only_cur = [c for c in current.columns if c not in reference.columns]
        if only_ref or only_cur:
            parts = []
            if only_ref:
                parts.append(f"only in reference: {_names(only_ref)}")
            if only_cur:
                parts.append(f"only in current: {_names(only_cur)}")
            raise ColumnMismatchError(
                "reference and current have different columns (" + "; ".join(parts)
                + "); rename them, or pass columns=[...] to compare the common ones",
                column=(only_ref or only_cur)[0])
        return list(reference.columns)
    if isinstance(columns, (str, bytes)) or not hasattr(columns, "__iter__"):
        raise ParameterError(f"columns must be a list of column names, got {columns!r}",
                             name="columns")
    columns = list(columns)
    if not columns:
        raise ParameterError("columns is empty; name at least one column, or pass None for all",
                             name="columns")
    seen = set()
    for c in columns:
        if c in seen:
            raise ParameterError(f"column {c!r} is listed twice in columns", name="columns", column=c)
        seen.add(c)
        missing = [n for n, f in (("reference", reference), ("current", current)) if c not in f.columns]
        if missing:
            raise ColumnMismatchError(f"column {c!r} is not in {' nor '.join(missing)}",
                                      name=missing[0], column=c)
    return columns


def is_numeric_dtype(dtype: Any) -> bool:
    """Numbers (ints, unsigned ints, floats, nullable ones), not booleans."""
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


@dataclass
class NumericColumn:
    """A numeric column of both frames: sorted finite values, missing counted."""

    reference: np.ndarray
    current: np.ndarray
    missing_reference: int
    missing_current: int
    #: (-inf count, +inf count, NaN count) among the missing values of each frame
    nonfinite_reference: tuple[int, int, int] = (0, 0, 0)
    nonfinite_current: tuple[int, int, int] = (0, 0, 0)
    _merged: np.ndarray | None = None

    @property
    def merged(self) -> np.ndarray:
        """Both samples pooled, sorted (computed once, on first use)."""
        if self._merged is None:
            from ._kernels import merge_sorted

            self._merged = merge_sorted(self.reference, self.current)
        return self._merged


@dataclass
class CategoricalColumn:
    """A categorical column of both frames: counts over the union of categories."""

    categories: np.ndarray
    reference_counts: np.ndarray
    current_counts: np.ndarray
    missing_reference: int
    missing_current: int

    @property
    def n_reference(self) -> int:
        return int(self.reference_counts.sum())

    @property
    def n_current(self) -> int:
        return int(self.current_counts.sum())


def _empty_check(n_kept: int, n_total: int, name: str, column: Any) -> None:
    if n_kept == 0:
        raise AllNaNError(
            f"column {column!r}: all {n_total} values in {name} are missing (NaN, None or inf); "
            "drop the column or fill it", name=name, column=column)


def _numeric_array(series: pd.Series, name: str, column: Any
                   ) -> tuple[np.ndarray, int, tuple[int, int, int]]:
    dtype = series.dtype
    if not (is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
        raise DtypeError(
            f"column {column!r}: expected numbers in {name}, got dtype {dtype}",
            name=name, column=column)
    try:
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise DtypeError(f"column {column!r}: cannot read {name} as numbers ({exc})",
                         name=name, column=column) from None
    finite = np.isfinite(values)
    n_kept = int(np.count_nonzero(finite))
    _empty_check(n_kept, values.size, name, column)
    nonfinite = (0, 0, 0)
    if n_kept < values.size:
        bad = values[~finite]
        n_pos = int(np.count_nonzero(bad == np.inf))
        n_neg = int(np.count_nonzero(bad == -np.inf))
        nonfinite = (n_neg, n_pos, bad.size - n_pos - n_neg)
        values = values[finite]
    return np.sort(values), int(series.size - n_kept), nonfinite


def read_numeric(reference: pd.Series, current: pd.Series, column: Any) -> NumericColumn:
    """Sorted finite values of a numeric column in both frames."""
    ref, miss_ref, bad_ref = _numeric_array(reference, "reference", column)
    cur, miss_cur, bad_cur = _numeric_array(current, "current", column)
    return NumericColumn(ref, cur, miss_ref, miss_cur, bad_ref, bad_cur)


def _value_counts(series: pd.Series, name: str, column: Any,
                  counts: pd.Series | None = None) -> pd.Series:
    try:
        if counts is None:
            counts = series.value_counts(dropna=True, sort=False)
    except TypeError as exc:
        raise DtypeError(
            f"column {column!r}: {name} holds values that cannot be categories ({exc}); "
            "categories must be hashable (strings, numbers, booleans)", name=name, column=column
        ) from None
    # +/-inf is missing, as in Evidently (it maps inf to NaN before dropping);
    # filtering the few distinct labels is cheaper than scanning every value.
    keep = (counts > 0).to_numpy()  # a pandas Categorical lists unused categories too
    labels = counts.index
    if labels.dtype.kind == "f" or labels.dtype == object:
        keep &= np.array([not (isinstance(v, (float, np.floating)) and math.isinf(v))
                          for v in labels], dtype=bool)
    counts = counts[keep]
    _empty_check(int(counts.sum()), series.size, name, column)
    if isinstance(counts.index, pd.CategoricalIndex) or counts.index.dtype.kind not in "biufO":
        counts.index = pd.Index(counts.index.astype(object), dtype=object)
    return counts


def read_categorical(reference: pd.Series, current: pd.Series, column: Any,
                     current_counts: pd.Series | None = None) -> CategoricalColumn:
    """Counts of a categorical column in both frames, over the union of categories.

    Categories are sorted when they can be ordered, else in order of first
    appearance (reference first). Labels equal in Python (``1``, ``1.0``,
    ``True``) are one category, as in pandas and Evidently.
    """
    try:
        return _read_categorical(reference, current, column, current_counts)
    except TypeError as exc:
        raise DtypeError(
            f"column {column!r}: holds values that cannot be categories ({exc}); "
            "categories must be hashable (strings, numbers, booleans)", column=column) from None


def _read_categorical(reference: pd.Series, current: pd.Series, column: Any,
                      current_counts: pd.Series | None) -> CategoricalColumn:
    ref_vc = _value_counts(reference, "reference", column)
    cur_vc = _value_counts(current, "current", column, current_counts)
    if ref_vc.index.dtype != cur_vc.index.dtype:
        ref_vc.index = pd.Index(ref_vc.index.astype(object), dtype=object)
        cur_vc.index = pd.Index(cur_vc.index.astype(object), dtype=object)
    union = ref_vc.index.append(cur_vc.index).unique()
    try:
        union = union.sort_values()
    except TypeError:
        pass
    ref_counts = ref_vc.reindex(union, fill_value=0).to_numpy(dtype=np.int64)
    cur_counts = cur_vc.reindex(union, fill_value=0).to_numpy(dtype=np.int64)
    categories = np.empty(len(union), dtype=object)
    categories[:] = list(union)
    return CategoricalColumn(
        categories, ref_counts, cur_counts,
        int(reference.size - ref_counts.sum()), int(current.size - cur_counts.sum()))
