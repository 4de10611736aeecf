"""Checking the two data frames of a report and reading their columns.

Everything `drift_report` needs from pandas happens here, once per column and
vectorised, through the same kernels as the public statistics
(``driftscope._kernels``): numeric columns are sorted once (`sort_split`),
with missing values (NaN, None, pd.NA, +/-inf) found at the ends of the
sorted array and counted; categorical columns become counts over the union
of both samples' categories (`value_counts`, one hash pass, and
`align_counts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from .. import _kernels as K
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


def time_column_reason(dtype: Any) -> str | None:
    """Why a datetime or timedelta column is not tested (None for other dtypes)."""
    if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype):
        return f"dtype {dtype}: timestamps move by construction; monitor features derived from them"
    return None


def split_time_columns(dtypes: Any, names: Sequence[Any], explicit: bool
                       ) -> tuple[list[Any], dict[Any, str]]:
    """``(kept, skipped)``: `names` without their datetime/timedelta columns.

    A time column named explicitly (``columns=[...]``) is an error rather than
    a silent skip: the caller asked for something that cannot be tested.
    """
    kept, skipped = [], {}
    for c in names:
        reason = time_column_reason(dtypes[c])
        if reason is None:
            kept.append(c)
        elif explicit:
            raise DtypeError(f"column {c!r}: {reason}", name="reference", column=c)
        else:
            skipped[c] = reason
    return kept, skipped


def nothing_to_test(skipped: dict[Any, str]) -> DriftscopeError:
    """The error for a report whose every column was skipped, with the reasons."""
    return DriftscopeError(
        "no column can be tested: " + "; ".join(f"{c!r}: {r}" for c, r in skipped.items()))


def is_numeric_dtype(dtype: Any) -> bool:
    """Numbers (ints, unsigned ints, floats, nullable ones), not booleans."""
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


@dataclass
class NumericColumn:
    """A numeric column of both frames, each sorted once (``_kernels.SortedSample``)."""

    reference_sample: K.SortedSample
    current_sample: K.SortedSample

    @property
    def reference(self) -> np.ndarray:
        """Finite reference values, sorted."""
        return self.reference_sample.finite

    @property
    def current(self) -> np.ndarray:
        """Finite current values, sorted."""
        return self.current_sample.finite

    @property
    def missing_reference(self) -> int:
        return self.reference_sample.n_missing

    @property
    def missing_current(self) -> int:
        return self.current_sample.n_missing


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


def _numeric_sample(series: pd.Series, name: str, column: Any) -> K.SortedSample:
    dtype = series.dtype
    if not (is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
        raise DtypeError(
            f"column {column!r}: expected numbers in {name}, got dtype {dtype}",
            name=name, column=column)
    try:
        if dtype == np.float64:
            # A view of the frame's own memory: np.sort makes the one copy.
            split = K.sort_split(series.to_numpy())
        else:
            # copy=True: a nullable column without NA could hand out its own
            # buffer, which the in-place sort must not touch.
            values = series.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
            split = K.sort_split(values, overwrite=True)
    except (TypeError, ValueError) as exc:
        raise DtypeError(f"column {column!r}: cannot read {name} as numbers ({exc})",
                         name=name, column=column) from None
    _empty_check(split.full.size - split.n_missing, split.full.size, name, column)
    return split


def read_numeric(reference: pd.Series, current: pd.Series, column: Any) -> NumericColumn:
    """Both frames' values of a numeric column, sorted once, missing values located."""
    return NumericColumn(_numeric_sample(reference, "reference", column),
                         _numeric_sample(current, "current", column))


def _category_counts(series: pd.Series, name: str, column: Any,
                     counts: pd.Series | None = None) -> tuple[np.ndarray, np.ndarray]:
    try:
        if counts is None:
            labels, freq = K.value_counts(series)
        else:
            labels, freq = K.value_counts_from_pandas(counts)
    except TypeError as exc:
        raise DtypeError(
            f"column {column!r}: {name} holds values that cannot be categories ({exc}); "
            "categories must be hashable (strings, numbers, booleans)", name=name, column=column
        ) from None
    _empty_check(int(freq.sum()), series.size, name, column)
    return labels, freq


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
    ref_labels, ref_freq = _category_counts(reference, "reference", column)
    cur_labels, cur_freq = _category_counts(current, "current", column, current_counts)
    categories, ref_counts, cur_counts = K.align_counts(ref_labels, ref_freq, cur_labels, cur_freq)
    if categories.dtype != object:
        categories = categories.astype(object)
    return CategoricalColumn(
        categories, ref_counts, cur_counts,
        int(reference.size - ref_counts.sum()), int(current.size - cur_counts.sum()))
