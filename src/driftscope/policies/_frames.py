"""Reading the columns of a report's data frames, and drawing them.

Everything the frame engine needs from pandas happens here, once per column
and vectorised, through the same kernels as the public statistics
(``driftscope._kernels``): numeric columns are sorted once (`sort_split`),
with missing values (NaN, None, pd.NA, +/-inf) found at the ends of the
sorted array and counted; categorical columns become counts over the union
of both samples' categories (`value_counts`, one hash pass, and
`align_counts`). The checks live in `driftscope._validation`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import _kernels as K
from .._validation import (check_labels_not_complex, check_not_empty, check_numeric_column,
                           not_categories, not_numbers)
from .display import categorical_figure, numerical_figure

__all__ = [
    "NumericColumn",
    "CategoricalColumn",
    "read_numeric",
    "read_categorical",
    "numeric_plot",
    "categorical_plot",
]


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


def _numeric_sample(series: pd.Series, name: str, column: Any) -> K.SortedSample:
    dtype = series.dtype
    check_numeric_column(dtype, name, column)
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
        raise not_numbers(name, column, exc) from None
    check_not_empty(split.full.size, split.full.size - split.n_missing, name, column=column)
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
        raise not_categories(name, column, exc) from None
    check_labels_not_complex(labels, name, column)
    check_not_empty(series.size, int(freq.sum()), name, column=column)
    return labels, freq


def read_categorical(reference: pd.Series, current: pd.Series, column: Any,
                     current_counts: pd.Series | None = None) -> CategoricalColumn:
    """Counts of a categorical column in both frames, over the union of categories.

    Categories are sorted when they can be ordered, else in order of first
    appearance (reference first). Labels equal in Python (``1``, ``1.0``,
    ``True``) are one category, as in pandas and Evidently. `current_counts`
    are the current column's value counts when the caller has them already.
    """
    ref_labels, ref_freq = _category_counts(reference, "reference", column)
    cur_labels, cur_freq = _category_counts(current, "current", column, current_counts)
    try:
        categories, ref_counts, cur_counts = K.align_counts(ref_labels, ref_freq,
                                                            cur_labels, cur_freq)
    except TypeError as exc:
        raise not_categories("current", column, exc) from None
    if categories.dtype != object:
        categories = categories.astype(object)
    return CategoricalColumn(
        categories, ref_counts, cur_counts,
        int(reference.size - ref_counts.sum()), int(current.size - cur_counts.sum()))


def numeric_plot(data: NumericColumn) -> dict[str, Any]:
    """Shares of both samples on shared equal-width bins over the pooled 0.5%-99.5% range."""
    a, b = data.reference, data.current
    # The pooled quantiles, without pooling the samples.
    lo, hi = K.pooled_quantile(a, b, [0.005, 0.995])
    if not hi > lo:
        lo, hi = min(a[0], b[0]), max(a[-1], b[-1])
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    n_bins = int(min(40, max(10, math.ceil(math.log2(a.size + b.size)) + 1)))
    edges = K.linspace_edges(lo, hi, n_bins)
    return numerical_figure(edges, K.counts_sorted(a, edges) / a.size,
                            K.counts_sorted(b, edges) / b.size)


def categorical_plot(data: CategoricalColumn) -> dict[str, Any]:
    """Shares of the most frequent categories in both samples."""
    return categorical_figure(data.categories, data.reference_counts, data.current_counts)
