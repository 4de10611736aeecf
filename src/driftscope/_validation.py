"""Input validation for driftscope: the one place where bad input is caught.

Every public function validates its arguments here, once, at the boundary;
the numerical kernels behind them assume clean arrays.

Policy
------
Numeric samples (`as_sample`)
    Converted to a 1-D float64 array. NaN, ``None``, ``pd.NA`` and +/-inf are
    *missing*: they are dropped and counted (``n_dropped``), so one broken
    sensor reading does not take the rest of a window down with it. This is
    also what Evidently does before any drift test (it maps +/-inf to NaN and
    drops NaN). Nothing left after dropping is an error (`AllNaNError`), and so
    is an empty input (`EmptySampleError`). Strings, bytes, complex numbers,
    dates and other non-numeric values are a `DtypeError`; booleans count as
    0 and 1.
Categorical samples (`as_category_counts`)
    Any hashable values (strings, integers, booleans, ...). Missing values
    (NaN, ``None``, ``pd.NA``, NaT, +/-inf) are dropped and counted as above.
Probability vectors (`as_distribution`)
    Counts or probabilities, 1-D, finite and non-negative, not all zero; they
    are normalised to sum to one. Here NaN and inf are errors
    (`NonFiniteError`), never dropped: dropping a bin would silently change
    the distribution.
p-values (`as_pvalues`)
    1-D, finite, within [0, 1]. NaN is an error: dropping it would misalign
    the decisions with the hypotheses.

Every message names the input (``"reference"``, ``"current"``, ...), the
column when the caller gives one, and the problem.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

__all__ = [
    "DriftscopeError",
    "EmptySampleError",
    "AllNaNError",
    "NonFiniteError",
    "InvalidDistributionError",
    "InvalidPValueError",
    "LengthMismatchError",
    "DtypeError",
    "ShapeError",
    "ParameterError",
    "as_sample",
    "as_sorted_sample",
    "as_category_counts",
    "as_distribution",
    "as_distribution_pair",
    "as_pvalues",
    "check_edges",
    "check_positive_int",
    "check_probability",
    "check_nonnegative",
]


class DriftscopeError(ValueError):
    """Base class of every error driftscope raises on bad input.

    It subclasses `ValueError`, so ``except ValueError`` keeps working.

    Attributes
    ----------
    name : str or None
        The input the error is about, e.g. ``"reference"``.
    column : str or None
        The data-frame column, when the caller named one.
    """

    def __init__(self, message: str, *, name: str | None = None, column: Any = None):
        super().__init__(message)
        self.name = name
        self.column = column


class EmptySampleError(DriftscopeError):
    """A sample or vector has no values at all."""


class AllNaNError(EmptySampleError):
    """A sample has values, but every one of them is missing (NaN, None or inf)."""


class NonFiniteError(DriftscopeError):
    """NaN or inf where every value must be finite (probabilities, p-values)."""


class InvalidDistributionError(DriftscopeError):
    """Counts or probabilities that are negative or all zero."""


class InvalidPValueError(DriftscopeError):
    """A p-value outside [0, 1]."""


class LengthMismatchError(DriftscopeError):
    """Two inputs that must align bin by bin have different lengths."""


class DtypeError(DriftscopeError, TypeError):
    """Values of the wrong kind, e.g. strings where numbers are needed.

    Also a `TypeError`, so either ``except`` clause catches it.
    """


class ShapeError(DriftscopeError):
    """An input that is not one-dimensional (or bin edges that are too few)."""


class ParameterError(DriftscopeError):
    """A parameter (``bins``, ``epsilon``, ``alpha``, ...) outside its domain."""


def _label(name: str, column: Any) -> str:
    return name if column is None else f"{name} (column {column!r})"


def _to_1d(x: Any, name: str, column: Any, *, labels: bool = False) -> np.ndarray:
    if isinstance(x, (str, bytes)):
        raise DtypeError(
            f"{_label(name, column)}: expected an array of values, got a {type(x).__name__}",
            name=name, column=column)
    if hasattr(x, "to_numpy") and not isinstance(x, np.ndarray):
        # pandas: nullable dtypes (Int64, Float64, boolean) come back as
        # object arrays holding pd.NA, which the object path below handles.
        x = x.to_numpy()
    try:
        a = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise ShapeError(f"{_label(name, column)}: cannot be read as a 1-D array ({exc})",
                         name=name, column=column) from None
    if labels and a.dtype.kind in "US" and not isinstance(x, np.ndarray):
        # NumPy turns a list mixing strings with numbers or NaN into strings
        # (["a", nan] -> ["a", "nan"], [1, "a"] -> ["1", "a"]): labels keep
        # their own types, and NaN stays missing.
        a = np.asarray(x, dtype=object)
    if a.ndim != 1:
        raise ShapeError(
            f"{_label(name, column)}: must be one-dimensional, got an array of shape {a.shape}",
            name=name, column=column)
    return a


def _is_missing_scalar(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, numbers.Real) and not isinstance(v, numbers.Integral):
        return not math.isfinite(v)
    # pd.NA and pd.NaT without importing pandas: both refuse bool() or compare
    # unequal to themselves.
    try:
        return bool(v != v)
    except TypeError:
        return True


def _empty_errors(a: np.ndarray, keep: np.ndarray, name: str, column: Any) -> int:
    label = _label(name, column)
    if a.size == 0:
        raise EmptySampleError(f"{label}: is empty; at least one value is needed",
                               name=name, column=column)
    n_kept = int(np.count_nonzero(keep))
    if n_kept == 0:
        raise AllNaNError(
            f"{label}: all {a.size} values are missing (NaN, None or inf); "
            "at least one finite value is needed", name=name, column=column)
    return a.size - n_kept


def as_sample(x: Any, name: str, *, column: Any = None) -> tuple[np.ndarray, int]:
    """Return ``(values, n_dropped)``: `x` as a 1-D float64 array, missing values dropped.

    Missing means NaN, None, pd.NA or +/-inf. Raises `EmptySampleError`,
    `AllNaNError`, `DtypeError` or `ShapeError`.
    """
    a = _to_1d(x, name, column)
    kind = a.dtype.kind
    if kind in "biuf":
        a = a.astype(np.float64, copy=False)
    elif kind == "O":
        a = _object_to_float(a, name, column)
    else:
        what = {"U": "strings", "S": "bytes", "c": "complex numbers",
                "M": "datetimes", "m": "timedeltas"}.get(kind, f"dtype {a.dtype}")
        raise DtypeError(
            f"{_label(name, column)}: expected numbers, got {what}; "
            "use a categorical test or convert the values first", name=name, column=column)
    keep = np.isfinite(a)
    n_dropped = _empty_errors(a, keep, name, column)
    return (a[keep] if n_dropped else a), n_dropped


def as_sorted_sample(x: Any, name: str, *, column: Any = None) -> tuple[np.ndarray, int]:
    """Return ``(sorted_values, n_dropped)``: `as_sample`'s values, sorted, in one sort.

    The missing values are found at the ends of the sorted array (NumPy
    sorts NaN last, and -inf/+inf are the extremes), so cleaning costs no
    pass of its own. Same errors as `as_sample`.
    """
    from ._kernels import sort_split

    a = _to_1d(x, name, column)
    kind = a.dtype.kind
    if kind == "f" and a.dtype == np.float64:
        owned = False
    elif kind in "biuf":
        a, owned = a.astype(np.float64), True
    elif kind == "O":
        a, owned = _object_to_float(a, name, column), True
    else:
        as_sample(a, name, column=column)  # raises the DtypeError
        raise AssertionError("unreachable")
    split = sort_split(a, overwrite=owned)
    _check_kept(a.size, a.size - split.n_missing, name, column)
    return split.finite, split.n_missing


def _check_kept(size: int, n_kept: int, name: str, column: Any) -> None:
    label = _label(name, column)
    if size == 0:
        raise EmptySampleError(f"{label}: is empty; at least one value is needed",
                               name=name, column=column)
    if n_kept == 0:
        raise AllNaNError(
            f"{label}: all {size} values are missing (NaN, None or inf); "
            "at least one finite value is needed", name=name, column=column)


def as_category_counts(x: Any, name: str, *, column: Any = None,
                       allow_empty: bool = False) -> tuple[np.ndarray, np.ndarray, int]:
    """Return ``(labels, counts, n_dropped)``: how often each non-missing label occurs.

    One hash pass (``driftscope._kernels.value_counts``). Labels equal in
    Python (``1``, ``1.0``, ``True``) are one label; missing labels (NaN,
    None, pd.NA, NaT, +/-inf) are dropped and counted. A pandas Series
    (also categorical or string-typed) is counted as it is, without
    converting its values to Python objects. Raises `EmptySampleError`,
    `AllNaNError` (unless `allow_empty`), `DtypeError` (complex or
    unhashable labels) or `ShapeError`.
    """
    import pandas as pd

    from ._kernels import value_counts

    if isinstance(x, pd.Series):
        a = x
        kind = x.dtype.kind if isinstance(x.dtype, np.dtype) else "X"
    else:
        a = _to_1d(x, name, column, labels=True)
        kind = a.dtype.kind
    if kind == "c":
        raise DtypeError(f"{_label(name, column)}: complex numbers are not category labels",
                         name=name, column=column)
    if kind in "US":
        a = a.astype(object)  # hashing objects beats sorting fixed-width strings
    try:
        labels, counts = value_counts(a)
    except TypeError:
        _raise_unhashable(np.asarray(a, dtype=object), name, column)
    n_kept = int(counts.sum())
    if not allow_empty:
        _check_kept(len(a), n_kept, name, column)
    return labels, counts, len(a) - n_kept


_NUMERIC_INFERRED = {"floating", "integer", "mixed-integer-float", "boolean", "empty"}


def _object_to_float(a: np.ndarray, name: str, column: Any) -> np.ndarray:
    import pandas as pd  # only object arrays need it

    if pd.api.types.infer_dtype(a, skipna=True) in _NUMERIC_INFERRED:
        # The common case (a pandas object column of numbers and None) in C.
        missing = pd.isna(a)
        out = np.full(a.size, np.nan)
        out[~missing] = a[~missing].astype(np.float64)
        return out
    # Anything else, one value at a time, to name the first offending value.
    out = np.empty(a.size, dtype=np.float64)
    for i, v in enumerate(a):
        if isinstance(v, (numbers.Real, np.bool_)) and not isinstance(v, (str, bytes)):
            out[i] = float(v)
        elif _is_missing_scalar(v):
            out[i] = np.nan
        else:
            raise DtypeError(
                f"{_label(name, column)}: expected numbers, got {type(v).__name__} {v!r} "
                f"at position {i}; use a categorical test or convert the values first",
                name=name, column=column)
    return out


def _raise_unhashable(a: np.ndarray, name: str, column: Any) -> None:
    for i, v in enumerate(a):
        try:
            hash(v)
        except TypeError:
            raise DtypeError(
                f"{_label(name, column)}: category labels must be hashable, got "
                f"{type(v).__name__} at position {i}", name=name, column=column) from None
    raise DtypeError(f"{_label(name, column)}: cannot be read as category labels",
                     name=name, column=column)


def as_distribution(p: Any, name: str, *, column: Any = None) -> np.ndarray:
    """Return counts or probabilities `p` normalised to sum to one.

    Raises `EmptySampleError`, `NonFiniteError`, `InvalidDistributionError`,
    `DtypeError` or `ShapeError`.
    """
    a = _to_1d(p, name, column)
    label = _label(name, column)
    if a.dtype.kind not in "biuf":
        if a.dtype.kind == "O":
            a = _object_to_float(a, name, column)
        else:
            raise DtypeError(f"{label}: expected counts or probabilities, got dtype {a.dtype}",
                             name=name, column=column)
    a = a.astype(np.float64, copy=False)
    if a.size == 0:
        raise EmptySampleError(f"{label}: is empty; at least one bin is needed",
                               name=name, column=column)
    finite = np.isfinite(a)
    if not finite.all():
        i = int(np.argmin(finite))
        raise NonFiniteError(f"{label}: bin {i} is {a[i]}; counts and probabilities must be finite",
                             name=name, column=column)
    if (a < 0).any():
        i = int(np.argmax(a < 0))
        raise InvalidDistributionError(
            f"{label}: bin {i} is negative ({a[i]}); counts and probabilities must be >= 0",
            name=name, column=column)
    total = a.sum()
    if total == 0:
        raise InvalidDistributionError(f"{label}: all bins are zero; there is no distribution",
                                       name=name, column=column)
    return a / total


def as_distribution_pair(p: Any, q: Any, names: tuple[str, str] = ("p", "q"),
                         *, column: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Validate and normalise two distributions over the same bins."""
    p = as_distribution(p, names[0], column=column)
    q = as_distribution(q, names[1], column=column)
    if p.size != q.size:
        raise LengthMismatchError(
            f"{names[0]} has {p.size} bins but {names[1]} has {q.size}"
            + ("" if column is None else f" (column {column!r})")
            + "; they must share the same bins", name=names[1], column=column)
    return p, q


def as_pvalues(pvalues: Any, name: str = "pvalues") -> np.ndarray:
    """Return `pvalues` as a 1-D float64 array after checking they lie in [0, 1]."""
    a = _to_1d(pvalues, name, None)
    if a.dtype.kind not in "biuf":
        if a.dtype.kind == "O":
            a = _object_to_float(a, name, None)
        else:
            raise DtypeError(f"{name}: expected numbers, got dtype {a.dtype}", name=name)
    a = a.astype(np.float64, copy=False)
    if a.size == 0:
        raise EmptySampleError(f"{name}: is empty; at least one p-value is needed", name=name)
    if not np.isfinite(a).all():
        i = int(np.argmin(np.isfinite(a)))
        raise NonFiniteError(
            f"{name}: p-value {i} is {a[i]}; every hypothesis needs a finite p-value "
            "(NaN is not dropped, since that would misalign the decisions)", name=name)
    bad = (a < 0) | (a > 1)
    if bad.any():
        i = int(np.argmax(bad))
        raise InvalidPValueError(f"{name}: p-value {i} is {a[i]}, outside [0, 1]", name=name)
    return a


def check_edges(edges: Any, name: str = "edges") -> np.ndarray:
    """Return bin edges as float64: 1-D, at least 2, strictly increasing, inf only outside."""
    a = _to_1d(edges, name, None)
    if a.dtype.kind not in "biuf":
        raise DtypeError(f"{name}: expected numbers, got dtype {a.dtype}", name=name)
    a = a.astype(np.float64, copy=False)
    if a.size < 2:
        raise ShapeError(f"{name}: needs at least 2 edges to make a bin, got {a.size}", name=name)
    if np.isnan(a).any():
        raise NonFiniteError(f"{name}: contains NaN; edges must be numbers", name=name)
    if np.isinf(a[1:-1]).any():
        raise NonFiniteError(f"{name}: only the outer edges may be infinite", name=name)
    if not (np.diff(a) > 0).all():
        raise ParameterError(f"{name}: must be strictly increasing", name=name)
    return a


def check_positive_int(value: Any, name: str) -> int:
    """Return `value` as an int after checking it is an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ParameterError(f"{name} must be an integer >= 1, got {value!r}", name=name)
    return int(value)


def check_probability(value: Any, name: str) -> float:
    """Return `value` as a float after checking 0 < value < 1."""
    if not isinstance(value, numbers.Real) or not 0 < value < 1:
        raise ParameterError(f"{name} must be a number strictly between 0 and 1, got {value!r}",
                             name=name)
    return float(value)


def check_nonnegative(value: Any, name: str) -> float:
    """Return `value` as a float after checking it is finite and >= 0."""
    if not isinstance(value, numbers.Real) or not math.isfinite(value) or value < 0:
        raise ParameterError(f"{name} must be a finite number >= 0, got {value!r}", name=name)
    return float(value)
