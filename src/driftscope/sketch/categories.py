"""`CategorySketch`: counts of a categorical column per category, mergeable by addition."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from .. import _kernels as K
from .._validation import (
    as_1d,
    as_category_counts,
    as_counts,
    as_label_mapping,
    check_count,
    check_instance,
    check_serialised,
)
from .histogram import FORMAT_VERSION

__all__ = ["CategorySketch", "ordered_labels"]


class CategorySketch:
    """Counts per category of a categorical column; mergeable by addition.

    Parameters
    ----------
    counts : mapping, optional
        Initial ``{label: count}``, whole non-negative counts; empty when None.
    n_missing : int, default 0
        Missing values (NaN, None, pd.NA, NaT, +/-inf) seen.

    Attributes
    ----------
    counts : dict
        ``{label: count}``. Categories the reference never saw are kept when
        live data brings them, and compared as categories of their own.
    n_missing : int
        Missing labels seen.

    Raises
    ------
    DtypeError
        If `counts` is not a mapping, or a count is not a whole number.
    NonFiniteError
        If a count is NaN or inf.
    InvalidDistributionError
        If a count is negative.
    ParameterError
        If `n_missing` is not an integer >= 0.

    See Also
    --------
    HistogramSketch : The same for numeric columns.
    category_counts : Counts of two raw samples over shared categories.

    Notes
    -----
    Labels that compare equal are one category, as in a Python dict, a
    pandas ``value_counts`` and `category_counts`: ``1``, ``1.0`` and
    ``True`` are the same. Memory is ``O(categories)``.

    Examples
    --------
    >>> from driftscope import CategorySketch
    >>> ref = CategorySketch.from_reference(["a", "b", "b", None])
    >>> ref.counts, ref.n_missing
    ({'a': 1, 'b': 2}, 1)
    >>> live = ref.empty_like().update(["b", "c"]).update(["c"])
    >>> (ref + live).counts
    {'a': 1, 'b': 3, 'c': 2}
    """

    __slots__ = ("counts", "n_missing")
    __hash__ = None  # mutable

    def __init__(self, counts: Mapping | None = None, *, n_missing: int = 0):
        self.counts: dict = {}
        self.n_missing = check_count(n_missing, "n_missing")
        if counts is not None:
            check_instance(counts, "counts", Mapping, "a mapping label -> count")
            labels = list(counts)
            values = np.empty(len(labels), dtype=object)
            values[:] = [counts[k] for k in labels]
            for label, c in zip(labels, as_counts(values, None, "counts").tolist()):
                self.counts[label] = self.counts.get(label, 0) + c
            K.check_count_total(sum(self.counts.values()), "counts")

    @classmethod
    def from_reference(cls, reference: Any, *, name: str = "reference",
                       column: Any = None) -> CategorySketch:
        """Sketch a reference sample of labels.

        Parameters
        ----------
        reference : array_like
            1-D labels. Missing labels are counted in `n_missing`.
        name, column : str, optional
            How error messages name the input and its data-frame column.

        Returns
        -------
        sketch : CategorySketch
            The reference's counts per category.

        Raises
        ------
        EmptySampleError, AllNaNError
            If `reference` is empty or has only missing labels.
        DtypeError
            If a label is unhashable or complex.
        ShapeError
            If `reference` is not one-dimensional.

        Examples
        --------
        >>> from driftscope import CategorySketch
        >>> CategorySketch.from_reference([1, 2, 2]).counts
        {1: 1, 2: 2}
        """
        labels, counts, n_missing = as_category_counts(reference, name, column=column)
        sketch = cls()
        sketch._add(labels, counts, n_missing)
        return sketch

    def _add(self, labels: np.ndarray, counts: np.ndarray, n_missing: int,
             name: str = "values") -> None:
        K.check_count_total(self.n + K.count_total(counts), name)
        if labels.dtype != object:  # numbers, booleans, dates: in order
            order = np.argsort(labels, kind="stable")
            labels, counts = labels[order], counts[order]
        for label, c in zip(labels.tolist(), counts.tolist()):
            if c:
                self.counts[label] = self.counts.get(label, 0) + c
        self.n_missing += n_missing

    def empty_like(self) -> CategorySketch:
        """A sketch with no values yet."""
        return type(self)()

    def copy(self) -> CategorySketch:
        """An independent copy."""
        sketch = type(self)()
        sketch.counts = dict(self.counts)
        sketch.n_missing = self.n_missing
        return sketch

    def update(self, values: Any, *, name: str = "values", column: Any = None) -> CategorySketch:
        """Add a batch of labels, in place; return the sketch.

        Parameters
        ----------
        values : array_like
            1-D labels, any length (an empty batch changes nothing). Missing
            labels are counted in `n_missing`.
        name, column : str, optional
            How error messages name the input and its data-frame column.

        Returns
        -------
        sketch : CategorySketch
            This sketch, for chaining.

        Raises
        ------
        DtypeError
            If a label is unhashable or complex.
        ShapeError
            If `values` is not one-dimensional.

        Examples
        --------
        >>> from driftscope import CategorySketch
        >>> CategorySketch().update(["x", "y", "x", None]).counts
        {'x': 2, 'y': 1}
        """
        if not hasattr(values, "dtype") or getattr(values, "ndim", 1) != 1:
            values = as_1d(values, name, column, labels=True)
        if len(values) == 0:
            return self
        labels, counts, n_missing = as_category_counts(values, name, column=column,
                                                       allow_empty=True)
        self._add(labels, counts, n_missing, name)
        return self

    def merge(self, other: CategorySketch) -> CategorySketch:
        """The sketch of both streams together: counts added per category, a new sketch.

        Parameters
        ----------
        other : CategorySketch
            Any category sketch; the categories are united.

        Returns
        -------
        merged : CategorySketch
            Associative and commutative.

        Raises
        ------
        DtypeError
            If `other` is not a `CategorySketch`.

        Examples
        --------
        >>> from driftscope import CategorySketch
        >>> CategorySketch({"a": 1}).merge(CategorySketch({"a": 2, "b": 1})).counts
        {'a': 3, 'b': 1}
        """
        check_instance(other, "other", CategorySketch, "a CategorySketch")
        K.check_count_total(self.n + other.n, "other")
        merged = self.copy()
        for label, c in other.counts.items():
            merged.counts[label] = merged.counts.get(label, 0) + c
        merged.n_missing += other.n_missing
        return merged

    def __add__(self, other: Any) -> CategorySketch:
        if not isinstance(other, CategorySketch):
            return NotImplemented
        return self.merge(other)

    def __radd__(self, other: Any) -> CategorySketch:
        if isinstance(other, numbers.Integral) and other == 0:
            return self.copy()
        return NotImplemented

    @property
    def n(self) -> int:
        """Non-missing labels seen."""
        return sum(self.counts.values())

    @property
    def categories(self) -> list:
        """The categories seen, sorted when they can be ordered."""
        return ordered_labels(self.counts)

    def to_dict(self) -> dict:
        """The sketch as plain lists: ``{"type", "version", "categories", "counts", "n_missing"}``.

        JSON-able when the labels are (strings, numbers, booleans).
        """
        labels = self.categories
        return {"type": "CategorySketch", "version": FORMAT_VERSION, "categories": labels,
                "counts": [self.counts[k] for k in labels], "n_missing": self.n_missing}

    @classmethod
    def from_dict(cls, data: Mapping) -> CategorySketch:
        """Rebuild a sketch from `to_dict`'s structure."""
        data = check_serialised(data, "CategorySketch", ("categories", "counts", "n_missing"), FORMAT_VERSION)
        mapping = as_label_mapping(list(data["categories"]), list(data["counts"]))
        return cls(mapping, n_missing=data["n_missing"])

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, CategorySketch):
            return NotImplemented
        strip = lambda d: {k: v for k, v in d.items() if v}  # noqa: E731
        return strip(self.counts) == strip(other.counts) and self.n_missing == other.n_missing

    def __repr__(self) -> str:
        return f"CategorySketch(n_categories={len(self.counts)}, n={self.n}, n_missing={self.n_missing})"


def ordered_labels(labels: Any) -> list:
    """The labels sorted when they can be ordered, else as given."""
    labels = list(labels)
    try:
        return sorted(labels)
    except TypeError:
        return labels
