"""`Profile`: one sketch per column of a data frame."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any, Iterator

from .._validation import (
    check_batch_columns,
    check_batch_kind,
    check_bins,
    check_columns,
    check_columns_present,
    check_frame,
    check_instance,
    check_same_profile_columns,
    check_serialised,
    check_sketch_type,
    check_sketchable_dtype,
    check_something_to_sketch,
    is_numeric_dtype,
    with_column,
)
from ..errors import SketchMismatchError
from .categories import CategorySketch
from .histogram import FORMAT_VERSION, HistogramSketch

__all__ = ["Profile", "profile_kind", "check_batch_kind"]


def profile_kind(column: Any, dtype: Any, categorical: Any) -> str:
    """``"numerical"`` or ``"categorical"``: how `Profile.from_frame` sketches a column.

    Numbers (not booleans) get a `HistogramSketch` unless named in
    `categorical`; everything else a `CategorySketch`. Timestamps are an
    error: they move by construction, so a profile of them alarms forever.
    """
    check_sketchable_dtype(column, dtype)
    return "numerical" if is_numeric_dtype(dtype) and column not in categorical else "categorical"


class Profile(Mapping):
    """One sketch per column: the reference profile of a data frame, or a live one.

    Parameters
    ----------
    sketches : mapping
        ``{column: HistogramSketch or CategorySketch}``.

    Raises
    ------
    DtypeError
        If `sketches` is not a mapping of sketches.

    See Also
    --------
    from_frame : Build the reference profile.
    drift_report : The exact report on two data frames.

    Notes
    -----
    A profile is a read-only mapping column -> sketch. `update` folds a batch
    (a data frame with at least the profile's columns; others are ignored)
    into every sketch; ``+`` merges profiles column by column. Profiles of
    partitions (of a large table, or ``dask.dataframe.map_partitions``) can
    be built with `sketch_like` and added up.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from driftscope import Profile, sketch_psi
    >>> rng = np.random.default_rng(2043)
    >>> reference = pd.DataFrame({"x": rng.normal(size=2_000),
    ...                           "planet": rng.choice(["earth", "mars"], 2_000)})
    >>> profile = Profile.from_frame(reference)
    >>> profile
    Profile(x: HistogramSketch(n_bins=100, n=2000, n_missing=0, quantile_bins=100),
            planet: CategorySketch(n_categories=2, n=2000, n_missing=0))
    >>> live = profile.empty_like()
    >>> for start in range(0, 2_000, 500):                 # a stream of batches
    ...     _ = live.update(reference.iloc[start:start + 500])
    >>> live == profile                                   # the same data, batch by batch
    True
    >>> sketch_psi(profile["x"], live["x"])
    0.0
    """

    def __init__(self, sketches: Mapping):
        check_instance(sketches, "sketches", Mapping, "a mapping column -> sketch")
        for column, sketch in sketches.items():
            check_instance(sketch, "sketches", (HistogramSketch, CategorySketch),
                           "a HistogramSketch or CategorySketch", column=column)
        self._sketches = dict(sketches)

    @classmethod
    def from_frame(cls, reference: Any, *, bins: int = 100, columns: Any = None,
                   categorical: Any = ()) -> Profile:
        """Sketch every column of a reference data frame.

        Parameters
        ----------
        reference : pandas.DataFrame
            The reference data.
        bins : int, default 100
            Fine quantile bins of each numeric column (see
            `HistogramSketch.from_reference`).
        columns : list, optional
            The columns to sketch, in order; all of them when None.
        categorical : list, default ()
            Numeric columns to sketch as categories (e.g. star ratings).

        Returns
        -------
        profile : Profile
            A `HistogramSketch` for numeric columns (not booleans), a
            `CategorySketch` for booleans, strings, objects, pandas
            categoricals and the columns named in `categorical`.

        Raises
        ------
        DtypeError
            If `reference` is not a DataFrame, or a column holds dates or
            unhashable values.
        EmptySampleError, AllNaNError
            If `reference` has no rows, or a column has no non-missing value.
        ParameterError
            If `bins` is not an integer >= 1, or a named column does not exist.

        Examples
        --------
        >>> import pandas as pd
        >>> from driftscope import Profile
        >>> frame = pd.DataFrame({"n": [1, 2, 3, 4], "ok": [True, False, True, True]})
        >>> Profile.from_frame(frame, bins=2)["ok"].counts
        {False: 1, True: 3}
        """
        check_frame(reference, "reference")
        bins = check_bins(bins)
        columns = list(reference.columns) if columns is None else check_columns(columns)
        categorical = set(check_columns(categorical, "categorical", allow_empty=True))
        check_columns_present(reference, (*columns, *categorical), "reference")
        check_something_to_sketch(reference.shape[0], columns, "reference")
        sketches = {}
        for c in columns:
            series = reference[c]
            if profile_kind(c, series.dtype, categorical) == "numerical":
                sketches[c] = HistogramSketch.from_reference(series, bins, column=c)
            else:
                sketches[c] = CategorySketch.from_reference(series, column=c)
        return cls(sketches)

    def empty_like(self) -> Profile:
        """A profile with the same columns and bins and no values yet."""
        return Profile({c: s.empty_like() for c, s in self._sketches.items()})

    def sketch_like(self, batch: Any, *, name: str = "batch") -> Profile:
        """A new profile of `batch` on this profile's columns and bins.

        Equal to ``self.empty_like().update(batch, name=name)``; map it over
        partitions and add the results.
        """
        return self.empty_like().update(batch, name=name)

    def update(self, batch: Any, *, name: str = "batch") -> Profile:
        """Fold a batch (a DataFrame with the profile's columns) in, in place; return self.

        `name` is how error messages call the batch (``"current"`` when a
        drift report sketches its current frame). Raises `DtypeError` if
        `batch` is not a DataFrame or a column has the wrong kind of values
        (numbers where the profile has categories, or the reverse, as in
        the frame policies), `SketchMismatchError` if a column is missing.
        """
        check_frame(batch, name)
        check_batch_columns(batch, self._sketches, name)
        for c, sketch in self._sketches.items():
            check_batch_kind(sketch, batch[c].dtype, name, c)
            sketch.update(batch[c], name=name, column=c)
        return self

    def merge(self, other: Profile) -> Profile:
        """Column by column sum of two profiles with the same columns (a new profile)."""
        check_instance(other, "other", Profile, "a Profile")
        check_same_profile_columns(self._sketches, other._sketches)
        merged = {}
        for c, sketch in self._sketches.items():
            try:
                merged[c] = sketch.merge(other._sketches[c])
            except SketchMismatchError as exc:
                raise with_column(exc, c) from None
        return Profile(merged)

    def __add__(self, other: Any) -> Profile:
        if not isinstance(other, Profile):
            return NotImplemented
        return self.merge(other)

    def __radd__(self, other: Any) -> Profile:
        if isinstance(other, numbers.Integral) and other == 0:
            return Profile({c: s.copy() for c, s in self._sketches.items()})
        return NotImplemented

    @property
    def nbytes(self) -> int:
        """Bytes held by the histogram arrays (category dicts not included)."""
        return sum(s.nbytes for s in self._sketches.values() if isinstance(s, HistogramSketch))

    def to_dict(self) -> dict:
        """``{"type": "Profile", "version": 1, "columns": [{"column": c, "sketch": {...}}, ...]}``."""
        return {"type": "Profile", "version": FORMAT_VERSION,
                "columns": [{"column": c, "sketch": s.to_dict()} for c, s in self._sketches.items()]}

    @classmethod
    def from_dict(cls, data: Mapping) -> Profile:
        """Rebuild a profile from `to_dict`'s structure."""
        data = check_serialised(data, "Profile", ("columns",), FORMAT_VERSION)
        sketches = {}
        for entry in data["columns"]:
            reader = check_sketch_type(entry, {"HistogramSketch": HistogramSketch,
                                               "CategorySketch": CategorySketch})
            sketches[entry["column"]] = reader.from_dict(entry["sketch"])
        return cls(sketches)

    def __getitem__(self, column: Any):
        return self._sketches[column]

    def __iter__(self) -> Iterator:
        return iter(self._sketches)

    def __len__(self) -> int:
        return len(self._sketches)

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, Profile):
            return NotImplemented
        return list(self._sketches) == list(other._sketches) and all(
            self._sketches[c] == other._sketches[c] for c in self._sketches)

    __hash__ = None

    def __repr__(self) -> str:
        return "Profile(" + ", ".join(f"{c}: {s!r}" for c, s in self._sketches.items()) + ")"
