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
Counts and sketches (`as_counts`, `as_numeric_batch`, `check_quantiles`)
    Whole, finite, non-negative counts; a batch of a stream may be empty.
Data frames (`check_frames`, `check_columns`, `split_time_columns`)
    The two frames of a report: same columns (or the named ones in both),
    no duplicated names, rows in both; time columns are not tested.
Stream values (`as_stream_value`)
    One finite number per ``update``: NaN and inf are errors, never dropped,
    since they would poison a detector's running sums.
Confidences and outcomes (`as_confidence`, `as_outcomes`, `as_label_pair`)
    Probabilities in [0, 1] (missing ones dropped and counted, or refused
    where each belongs to an outcome); outcomes are 0/1; predictions and
    labels are aligned, a missing label meaning "not labelled yet".
Times and windows (`check_time`, `check_fixed_length`, `check_time_column`, ...)
    A time is anything ``pandas.Timestamp`` reads; a window length is fixed
    (``"1D"``, ``"6h"``; not a month) and positive; a time column holds
    date-times. Alert rules take one score per window (`as_scores`; NaN is
    "no score", not an error) and a threshold that is not NaN.
Parameters (`check_bins`, `check_fraction`, `check_positive_int`, ...)
    One bound per kind of parameter: every ``bins`` is an integer from 1 to
    1,000,000.
Texts (`as_texts`, `check_training_half`, ...)
    Strings; missing values dropped and counted; too few texts for the domain
    classifier's halves, or no word to learn from, are errors (as in Evidently).
Configuration (`check_policy_class`, `check_field`, `check_spec_target`, ...)
    A policy class to register, the Drift Service's request fields and spec.

Each problem is worded once here (`check_not_empty` words "is empty" and
"all values are missing" for every sample, column and sketch). The
exception classes live in `driftscope.errors`. Every message names the input (``"reference"``, ``"current"``, ...), the
column when the caller gives one, and the problem.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any, Mapping

import numpy as np

from .errors import (
    AllNaNError,
    ColumnMismatchError,
    DriftscopeError,
    DtypeError,
    EmptySampleError,
    EmptyVocabularyError,
    InvalidDistributionError,
    InvalidPValueError,
    LengthMismatchError,
    NonFiniteError,
    ParameterError,
    ShapeError,
    SketchMismatchError,
)

__all__ = [
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
    "check_not_empty",
    "check_fraction",
    "check_positive",
    "check_log_base",
    "check_bool",
    "check_finite",
    "check_text",
    "check_policy_class",
    "check_field",
    "check_schema_fields",
    "check_model_inputs",
    "check_spec_target",
    "check_path",
    "as_category_pair",
    "check_bins",
    "check_choice",
    "check_frames",
    "split_time_columns",
    "time_column_reason",
    "nothing_to_test",
    "is_numeric_dtype",
    "check_not_complex",
    "describe_input",
    "with_column",
    "as_1d",
    "as_counts",
    "as_numeric_batch",
    "check_count",
    "check_quantiles",
    "check_columns",
    "numbers_in_one_frame_only",
    "not_categories",
    "check_labels_not_complex",
    "as_stream_value",
    "check_factor",
    "as_bucket_counts",
    "check_serialised",
    "check_same_edges",
    "check_metric_name",
    "check_metric_labels",
    "as_confidence",
    "as_outcomes",
    "as_label_pair",
    "check_classes",
    "check_labels_in_classes",
    "check_time",
    "check_fixed_length",
    "check_columns_present",
    "check_change_point",
    "check_frame",
    "check_instance",
    "check_bins_apart",
    "not_testable",
    "unsupported_dtype",
    "check_numeric_column",
    "not_numbers",
    "evidently_untested_kind",
    "numbers_in_current_only",
    "check_policy",
    "check_not_profiles",
    "check_profile_pair",
    "check_profile_columns",
    "check_category",
    "check_label_values",
    "check_numeric_dtype",
    "check_sketchable_dtype",
    "check_batch_kind",
    "as_label_mapping",
    "check_coarse_bins",
    "check_in_profile",
    "check_sketch_type",
    "check_time_column",
    "check_window_frames",
    "check_has_times",
    "check_window_range",
    "check_statistic",
    "check_statistic_applies",
    "check_correctable",
    "as_statistic_result",
    "as_scores",
    "check_threshold",
    "check_members",
    "as_times_per_state",
    "as_stream_outcome",
    "check_not_below",
    "as_texts",
    "check_two_classes",
    "texts_too_few_to_split",
    "check_training_half",
    "no_vocabulary",
    "check_both_windows_in_halves",
    "check_something_to_sketch",
    "check_batch_columns",
    "check_same_profile_columns",
    "as_zero_one_labels",
]


def describe_input(name: str, column: Any = None) -> str:
    """How messages name an input: ``"reference"`` or ``"reference (column 'x')"``."""
    return name if column is None else f"{name} (column {column!r})"


def with_column(exc: DriftscopeError, column: Any) -> DriftscopeError:
    """The same error about a data-frame column: ``"reference: ..."`` becomes
    ``"reference (column 'x'): ..."``, never a message nested in another."""
    message = str(exc)
    if exc.name and message.startswith(f"{exc.name}:"):
        message = describe_input(exc.name, column) + message[len(exc.name):]
    else:
        message = f"column {column!r}: {message}"
    return type(exc)(message, name=exc.name, column=column)


def as_1d(x: Any, name: str, column: Any = None, *, labels: bool = False) -> np.ndarray:
    """`x` as a 1-D NumPy array (pandas objects unwrapped); with `labels`, mixed lists stay objects."""
    if isinstance(x, (str, bytes)):
        raise DtypeError(
            f"{describe_input(name, column)}: expected an array of values, got a {type(x).__name__}",
            name=name, column=column)
    if hasattr(x, "to_numpy") and not isinstance(x, np.ndarray):
        # pandas: nullable dtypes (Int64, Float64, boolean) come back as
        # object arrays holding pd.NA, which the object path below handles.
        x = x.to_numpy()
    try:
        a = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise ShapeError(f"{describe_input(name, column)}: cannot be read as a 1-D array ({exc})",
                         name=name, column=column) from None
    if labels and a.dtype.kind in "US" and not isinstance(x, np.ndarray):
        # NumPy turns a list mixing strings with numbers or NaN into strings
        # (["a", nan] -> ["a", "nan"], [1, "a"] -> ["1", "a"]): labels keep
        # their own types, and NaN stays missing.
        a = np.asarray(x, dtype=object)
    if a.ndim != 1:
        raise ShapeError(
            f"{describe_input(name, column)}: must be one-dimensional, got an array of shape {a.shape}",
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
    n_kept = int(np.count_nonzero(keep))
    check_not_empty(a.size, n_kept, name, column=column)
    return a.size - n_kept


def as_sample(x: Any, name: str, *, column: Any = None) -> tuple[np.ndarray, int]:
    """Return ``(values, n_dropped)``: `x` as a 1-D float64 array, missing values dropped.

    Missing means NaN, None, pd.NA or +/-inf. Raises `EmptySampleError`,
    `AllNaNError`, `DtypeError` or `ShapeError`.
    """
    a = as_1d(x, name, column)
    kind = a.dtype.kind
    if kind in "biuf":
        a = a.astype(np.float64, copy=False)
    elif kind == "O":
        a = _object_to_float(a, name, column)
    else:
        what = {"U": "strings", "S": "bytes", "c": "complex numbers",
                "M": "datetimes", "m": "timedeltas"}.get(kind, f"dtype {a.dtype}")
        raise DtypeError(
            f"{describe_input(name, column)}: expected numbers, got {what}; "
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

    a = as_1d(x, name, column)
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
    check_not_empty(a.size, a.size - split.n_missing, name, column=column)
    return split.finite, split.n_missing


def check_not_empty(size: int, n_kept: int, name: str, *, column: Any = None) -> None:
    """Raise if a sample of `size` values keeps none after dropping the missing ones.

    The one wording of both problems: `EmptySampleError` (no values at all)
    and `AllNaNError` (every value missing).
    """
    label = describe_input(name, column)
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
        a = as_1d(x, name, column, labels=True)
        kind = a.dtype.kind
    if kind == "c":
        raise DtypeError(f"{describe_input(name, column)}: complex numbers are not category labels",
                         name=name, column=column)
    if kind in "US":
        a = a.astype(object)  # hashing objects beats sorting fixed-width strings
    try:
        labels, counts = value_counts(a)
    except TypeError:
        _raise_unhashable(np.asarray(a, dtype=object), name, column)
    check_labels_not_complex(labels, name, column)
    n_kept = int(counts.sum())
    if not allow_empty:
        check_not_empty(len(a), n_kept, name, column=column)
    return labels, counts, len(a) - n_kept


def check_labels_not_complex(labels: np.ndarray, name: str, column: Any = None) -> None:
    """Refuse complex numbers among counted labels (an object column holding them, say):
    they have no order and are not categories, in every policy and in the sketches alike."""
    if labels.dtype == object:
        bad = [v for v in labels if isinstance(v, (complex, np.complexfloating))]
        if bad:
            raise DtypeError(f"{describe_input(name, column)}: complex numbers ({bad[0]!r}) are "
                             "not category labels", name=name, column=column)


_NUMERIC_INFERRED = {"floating", "integer", "mixed-integer-float", "boolean", "empty"}


_CONVERT = "use a categorical test or convert the values first"


def _object_to_float(a: np.ndarray, name: str, column: Any, hint: str = _CONVERT) -> np.ndarray:
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
                f"{describe_input(name, column)}: expected numbers, got {type(v).__name__} {v!r} "
                f"at position {i}; {hint}",
                name=name, column=column)
    return out


def _raise_unhashable(a: np.ndarray, name: str, column: Any) -> None:
    for i, v in enumerate(a):
        try:
            hash(v)
        except TypeError:
            raise DtypeError(
                f"{describe_input(name, column)}: category labels must be hashable, got "
                f"{type(v).__name__} at position {i}", name=name, column=column) from None
    raise DtypeError(f"{describe_input(name, column)}: cannot be read as category labels",
                     name=name, column=column)


def as_distribution(p: Any, name: str, *, column: Any = None) -> np.ndarray:
    """Return counts or probabilities `p` normalised to sum to one.

    Raises `EmptySampleError`, `NonFiniteError`, `InvalidDistributionError`,
    `DtypeError` or `ShapeError`.
    """
    a = as_1d(p, name, column)
    label = describe_input(name, column)
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
    if not a.any():
        raise InvalidDistributionError(f"{label}: all bins are zero; there is no distribution",
                                       name=name, column=column)
    from ._kernels import normalise  # its sum cannot overflow

    return normalise(a)


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
    a = as_1d(pvalues, name, None)
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
    a = check_numeric_dtype(as_1d(edges, name, None), name)
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
    return check_fraction(value, name, open_interval=True)


def check_nonnegative(value: Any, name: str) -> float:
    """Return `value` as a float after checking it is a finite number >= 0 (not a bool)."""
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value) or value < 0):
        raise ParameterError(f"{name} must be a finite number >= 0, got {value!r}", name=name)
    return float(value)


def check_positive(value: Any, name: str, *, why: str) -> float:
    """Return `value` as a float after checking it is a finite number > 0; `why` ends the message."""
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value) or value <= 0):
        raise ParameterError(f"{name} must be a finite number > 0, got {value!r} ({why})",
                             name=name)
    return float(value)


def check_log_base(base: Any) -> float | None:
    """``ln(base)`` for a logarithm's base (None: natural log, returned as None)."""
    if base is None:
        return None
    if (isinstance(base, bool) or not isinstance(base, numbers.Real)
            or not math.isfinite(base) or base <= 1):
        # A base below 1 turns every divergence negative (and its square root into an error).
        raise ParameterError(f"base must be a finite number > 1, or None for the natural "
                             f"logarithm, got {base!r}", name="base")
    return math.log(base)


def check_finite(value: Any, name: str) -> float:
    """Return `value` as a float after checking it is a finite real number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ParameterError(f"{name} must be a finite number, got {value!r}", name=name)
    return float(value)


def check_bool(value: Any, name: str) -> bool:
    """Return `value` after checking it is True or False (NumPy's booleans too), not "yes" or 1."""
    if not isinstance(value, (bool, np.bool_)):
        raise ParameterError(f"{name} must be True or False, got {value!r}", name=name)
    return bool(value)


def check_text(value: Any, name: str, *, optional: bool = False) -> str | None:
    """Return `value` after checking it is a string (or None when `optional`)."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        allowed = "a string or None" if optional else "a string"
        raise ParameterError(f"{name} must be {allowed}, got {type(value).__name__} {value!r}",
                             name=name)
    return value


def check_path(value: Any, name: str = "path", *, optional: bool = True) -> Any:
    """Return `value` after checking it is a file path (str or os.PathLike), or None."""
    import os

    if value is None and optional:
        return None
    if not isinstance(value, (str, os.PathLike)) or (isinstance(value, str) and not value):
        raise ParameterError(f"{name} must be a file path (str or pathlib.Path)"
                             f"{' or None' if optional else ''}, got {value!r}", name=name)
    return value


def as_category_pair(reference: Any, current: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                            int, int]:
    """``(categories, ref_counts, cur_counts, ref_dropped, cur_dropped)`` of two label samples.

    The validated boundary of every categorical statistic: both samples
    counted (`as_category_counts`), then aligned over the union of their
    categories.
    """
    from ._kernels import align_counts

    ref_labels, ref_counts, ref_dropped = as_category_counts(reference, "reference")
    cur_labels, cur_counts, cur_dropped = as_category_counts(current, "current")
    categories, ref_counts, cur_counts = align_counts(ref_labels, ref_counts, cur_labels,
                                                      cur_counts)
    return categories, ref_counts, cur_counts, ref_dropped, cur_dropped


#: More bins than this is a mistake (and would allocate gigabytes of edges).
MAX_BINS = 1_000_000


def check_bins(value: Any, name: str = "bins") -> int:
    """Return `value` as an int after checking 1 <= value <= 1,000,000 (every ``bins``)."""
    value = check_positive_int(value, name)
    if value > MAX_BINS:
        raise ParameterError(f"{name} must be an integer between 1 and {MAX_BINS:,}, got "
                             f"{value!r}", name=name)
    return value


def check_choice(value: Any, name: str, choices: tuple[str, ...], *,
                 optional: bool = False) -> str | None:
    """Return `value` after checking it is one of the strings `choices` (or None when `optional`)."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or value not in choices:
        allowed = f"None or one of {choices}" if optional else f"one of {choices}"
        raise ParameterError(f"{name} must be {allowed}, got {value!r}", name=name)
    return value


def check_fraction(value: Any, name: str, *, open_interval: bool) -> float:
    """Return `value` as a float after checking it lies in (0, 1) or [0, 1]."""
    ok = (isinstance(value, (numbers.Real, np.floating)) and not isinstance(value, bool)
          and math.isfinite(value))
    if ok:
        ok = 0 < value < 1 if open_interval else 0 <= value <= 1
    if not ok:
        bounds = "strictly between 0 and 1" if open_interval else "between 0 and 1"
        raise ParameterError(f"{name} must be a number {bounds}, got {value!r}", name=name)
    return float(value)


def check_count(value: Any, name: str, *, optional: bool = False) -> int | None:
    """Return `value` as an int after checking it is an integer >= 0 (or None when `optional`)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        allowed = "an integer >= 0 or None" if optional else "an integer >= 0"
        raise ParameterError(f"{name} must be {allowed}, got {value!r}", name=name)
    return int(value)


def check_bins_apart(edges: np.ndarray | None, values: np.ndarray, strategy: str) -> np.ndarray:
    """Return equal-width `edges` after checking float64 tells them apart (None: it cannot)."""
    if edges is None or not (np.diff(edges) > 0).all():
        raise ParameterError(
            f"reference: {strategy} bins between {values.min()!r} and {values.max()!r} are "
            "too narrow to be told apart in float64; use fewer bins or strategy='quantile'",
            name="reference")
    return edges


def check_category(category: Any, categories: np.ndarray) -> int:
    """The index of `category` among `categories` (it must be in one of the samples)."""
    matches = np.flatnonzero(categories == category) if categories.dtype != object else \
        np.flatnonzero([c == category for c in categories])
    if matches.size == 0:
        raise ParameterError(f"category {category!r} is in neither sample; "
                             f"the categories are {categories.tolist()!r}", name="category")
    return int(matches[0])


def check_label_values(columns: list) -> None:
    """Refuse columns that Prometheus would see as one (1 and "1": label values are text)."""
    seen: dict[str, Any] = {}
    for column in columns:
        other = seen.setdefault(str(column), column)
        if other is not column and other != column:
            raise ParameterError(
                f"columns {other!r} and {column!r} both export as column=\"{column}\"; "
                "Prometheus would see one series with two values: rename one of them",
                name="columns", column=column)


def as_counts(counts: Any, n_bins: int | None, name: str) -> np.ndarray:
    """Counts as int64: 1-D, finite, whole, non-negative; `n_bins` long when given.

    Exact: Python integers are not passed through float, and counts (or a
    total) beyond int64 are an error, never wrapped to negative numbers.
    """
    from ._kernels import MAX_COUNT, count_total

    a = as_1d(counts, name, None)
    kind = a.dtype.kind
    if kind == "O":
        if a.size and all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in a):
            a = np.array([int(v) for v in a], dtype=object)
            too_big = [i for i, v in enumerate(a) if v > MAX_COUNT]
            if too_big:
                raise ParameterError(f"{name}: count {too_big[0]} is {a[too_big[0]]}, beyond "
                                     "int64 (2**63 - 1)", name=name)
            kind = "i"
        else:
            a, kind = _object_to_float(a, name, None), "f"
    elif kind not in "iuf":
        raise DtypeError(f"{name}: expected whole-number counts, got dtype {a.dtype}", name=name)
    if n_bins is not None and a.size != n_bins:
        raise LengthMismatchError(
            f"{name}: has {a.size} counts but the edges make {n_bins} bins; "
            "pass one count per bin (len(edges) - 1)", name=name)
    if kind == "f":
        finite = np.isfinite(a)
        if not finite.all():
            i = int(np.argmin(finite))
            raise NonFiniteError(f"{name}: count {i} is {a[i]}; counts must be finite", name=name)
        whole = a == np.floor(a)
        if not whole.all():
            i = int(np.argmin(whole))
            raise DtypeError(f"{name}: count {i} is {a[i]}; counts must be whole numbers",
                             name=name)
    if kind in "uf" and a.size and (a >= 2.0 ** 63).any():
        i = int(np.argmax(a >= 2.0 ** 63))
        raise ParameterError(f"{name}: count {i} is {a[i]}, beyond int64 (2**63 - 1)", name=name)
    if (a < 0).any():
        i = int(np.argmax(a < 0))
        raise InvalidDistributionError(f"{name}: count {i} is negative ({a[i]})", name=name)
    out = a.astype(np.int64)
    total = count_total(out)
    if total > MAX_COUNT:
        raise ParameterError(f"{name}: the counts add up to {total:,}, beyond int64 (2**63 - 1)",
                             name=name)
    return out


def as_numeric_batch(values: Any, name: str, *, column: Any = None,
                     hint: str = "use a CategorySketch for labels") -> np.ndarray:
    """A batch as 1-D float64, missing values kept (the caller counts them). Empty is fine.

    `hint` ends the message about values that are not numbers.
    """
    a = as_1d(values, name, column)
    kind = a.dtype.kind
    if kind in "biuf":
        return a.astype(np.float64, copy=False)
    if kind == "O":
        return _object_to_float(a, name, column, hint)
    what = {"U": "strings", "S": "bytes", "c": "complex numbers",
            "M": "datetimes", "m": "timedeltas"}.get(kind, f"dtype {a.dtype}")
    raise DtypeError(f"{describe_input(name, column)}: expected numbers, got {what}; {hint}",
                     name=name, column=column)


def check_quantiles(quantiles: Any, edges: np.ndarray) -> np.ndarray | None:
    """The reference quantiles of a sketch: finite, non-decreasing, their distinct values the interior edges."""
    if quantiles is None:
        return None
    q = check_numeric_dtype(as_1d(quantiles, "quantiles", None), "quantiles", "iuf")
    q = q.astype(np.float64)
    if not np.isfinite(q).all():
        raise NonFiniteError("quantiles: must be finite", name="quantiles")
    if (np.diff(q) < 0).any():
        raise ParameterError("quantiles: must be non-decreasing", name="quantiles")
    if not np.array_equal(np.unique(q), edges[1:-1]):
        raise ParameterError(
            "quantiles: their distinct values must be exactly the interior edges "
            "(the edges are the reference quantiles with duplicates removed)", name="quantiles")
    return q


# --- data frames -------------------------------------------------------------------------------

def _names(cols: Any) -> str:
    return ", ".join(repr(c) for c in cols)


def check_instance(value: Any, name: str, kinds: Any, what: str, *, column: Any = None,
                   why: str = "") -> Any:
    """Return `value` after checking it is an instance of `kinds`, which `what` names.

    The one wording of a wrong kind of object: ``"other must be a
    HistogramSketch, got list"``; `why` (`` (the KS statistic needs ...)``)
    follows `what`.
    """
    if not isinstance(value, kinds):
        raise DtypeError(f"{describe_input(name, column)} must be {what}{why}, got "
                         f"{type(value).__name__}", name=name, column=column)
    return value


def check_frame(frame: Any, name: str) -> Any:
    """Return `frame` after checking it is a pandas DataFrame."""
    import pandas as pd

    return check_instance(frame, name, pd.DataFrame, "a pandas DataFrame")


def check_numeric_dtype(a: np.ndarray, name: str, kinds: str = "biuf") -> np.ndarray:
    """Return the array `a` after checking its dtype holds numbers (of the NumPy `kinds`)."""
    if a.dtype.kind not in kinds:
        raise DtypeError(f"{name}: expected numbers, got dtype {a.dtype}", name=name)
    return a


def check_frames(reference: Any, current: Any, columns: Any) -> list[Any]:
    """Validate the frames of a report and return the columns to compare, in order.

    Without `columns` both frames must have the same columns (in any order;
    the reference's order is kept). With `columns`, each must be in both.
    """
    for name, frame in (("reference", reference), ("current", current)):
        check_frame(frame, name)
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
        columns = list(reference.columns)
    else:
        columns = check_columns(columns)
        for c in columns:
            missing = [n for n, f in (("reference", reference), ("current", current))
                       if c not in f.columns]
            if missing:
                raise ColumnMismatchError(f"column {c!r} is not in {' nor '.join(missing)}",
                                          name=missing[0], column=c)
    for c in columns:
        check_not_complex(c, reference[c].dtype, "reference")
        check_not_complex(c, current[c].dtype, "current")
    return columns


def check_columns(columns: Any, name: str = "columns", *, allow_empty: bool = False) -> list[Any]:
    """``columns=[...]`` of a report (or another list of columns, called `name`): a list of
    distinct column names, not empty unless `allow_empty`."""
    if isinstance(columns, (str, bytes)) or not hasattr(columns, "__iter__"):
        raise ParameterError(f"{name} must be a list of column names, got {columns!r}",
                             name=name)
    columns = list(columns)
    if not columns and not allow_empty:
        raise ParameterError(f"{name} is empty; name at least one column, or pass None for all",
                             name=name)
    seen = set()
    for c in columns:
        try:
            hash(c)
        except TypeError:
            raise ParameterError(f"{name} must be a list of column names, got {type(c).__name__} "
                                 f"{c!r} among them", name=name) from None
        if c in seen:
            raise ParameterError(f"column {c!r} is listed twice in {name}", name=name, column=c)
        seen.add(c)
    return columns


def time_column_reason(dtype: Any) -> str | None:
    """Why a datetime or timedelta column is not tested (None for other dtypes)."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype):
        return f"dtype {dtype}: timestamps move by construction; monitor features derived from them"
    return None


def split_time_columns(dtypes: Any, names: Any, explicit: bool) -> tuple[list[Any], dict[Any, str]]:
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
            raise not_testable(c, reason, "reference")
        else:
            skipped[c] = reason
    return kept, skipped


def not_testable(column: Any, reason: str, name: str) -> DtypeError:
    """The error for a column named in ``columns=[...]`` that cannot be tested, and why."""
    return DtypeError(f"column {column!r}: {reason}", name=name, column=column)


def unsupported_dtype(column: Any, dtype: Any, name: str) -> DtypeError:
    """The error for a column whose dtype no test reads (neither numbers, labels nor time)."""
    return DtypeError(f"column {column!r}: unsupported dtype {dtype} in {name}", name=name,
                      column=column)


def check_numeric_column(dtype: Any, name: str, column: Any) -> None:
    """Refuse a column to be read as numbers whose dtype holds no numbers (booleans count)."""
    import pandas as pd

    if not (is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
        raise DtypeError(f"{describe_input(name, column)}: expected numbers, got dtype {dtype}",
                         name=name, column=column)


def not_numbers(name: str, column: Any, exc: Exception) -> DtypeError:
    """The error for a numeric column whose values NumPy cannot read as float64."""
    return DtypeError(f"{describe_input(name, column)}: cannot be read as numbers ({exc})",
                      name=name, column=column)


def evidently_untested_kind(column: Any, kind: str) -> DtypeError:
    """The error for a column Evidently tests with a test driftscope does not reproduce."""
    return DtypeError(
        f"column {column!r}: Evidently treats it as {kind} (distinct values are more "
        "than half of the non-missing values in current) and runs a domain-classifier "
        "test that driftscope does not reproduce; leave it out with columns=[...], or "
        'use policy="watchtower"', name="current", column=column)


def numbers_in_current_only(column: Any, current_dtype: Any, reference_dtype: Any) -> DtypeError:
    """The error for a column Evidently reads as numerical in current but not in reference."""
    return DtypeError(
        f"column {column!r}: numerical in current (dtype {current_dtype}) but reference "
        f"has dtype {reference_dtype}; Evidently needs numbers in both",
        name="reference", column=column)


def _policy_list(names: Any) -> str:
    return ", ".join(f'policy="{n}"' for n in names)


def check_policy(policy: Any, given: Mapping[str, Any], policies: Mapping[str, Any],
                 protocol: type) -> None:
    """Refuse a policy that is neither a name in `policies` nor a `protocol` object, or
    parameters (`given`) the policy does not take (a policy object takes none here)."""
    if not isinstance(policy, str):
        if isinstance(policy, type) or not isinstance(policy, protocol):
            raise ParameterError(f"policy must be one of {sorted(policies)} or a Policy object, "
                                 f"got {policy!r}", name="policy")
        if given:
            raise ParameterError(f"{', '.join(given)}: set them on the policy object instead",
                                 name=next(iter(given)))
        return
    if policy not in policies:
        raise ParameterError(f"policy must be one of {sorted(policies)}, got {policy!r}",
                             name="policy")
    cls = policies[policy]
    unknown = [k for k in given if k not in cls.defaults]
    if unknown:
        takers = [n for n, c in policies.items() if unknown[0] in c.defaults]
        where = f"it applies to {_policy_list(takers)}" if takers else "no policy takes it"
        raise ParameterError(
            f'{", ".join(unknown)} is not a parameter of policy="{policy}" ({where}); '
            f'policy="{policy}" takes {", ".join(cls.defaults) or "no parameters"}',
            name=unknown[0])


def check_policy_class(cls: type, attributes: tuple[str, ...], engines: tuple[str, ...]) -> None:
    """Refuse to register a class that lacks one of a Policy's `attributes` or names an engine
    not among `engines` (a `DtypeError`, so also a `TypeError`)."""
    for attribute in attributes:
        if not hasattr(cls, attribute):
            raise DtypeError(f"{cls.__name__} is not a Policy: it has no {attribute!r}",
                             name="cls")
    if cls.engine not in engines:
        raise DtypeError(f"{cls.__name__}.engine must be one of {list(engines)}, got "
                         f"{cls.engine!r}", name="cls")


def check_not_profiles(reference: Any, current: Any, profile_type: type, policy: str,
                       profile_policies: list[str]) -> None:
    """Refuse profiles given to a policy that needs the values themselves."""
    if isinstance(reference, profile_type) or isinstance(current, profile_type):
        raise ParameterError(
            f'profiles hold bin and category counts, not the values policy="{policy}" '
            f"needs; compare them with {' or '.join(_policy_list([n]) for n in profile_policies)}",
            name="policy")


def check_profile_pair(reference: Any, current: Any, profile_type: type) -> None:
    """Refuse a current profile without a reference profile, or a current that is neither."""
    import pandas as pd

    if isinstance(reference, profile_type):
        if not isinstance(current, (profile_type, pd.DataFrame)):
            raise ParameterError(f"current must be a Profile or a pandas DataFrame, got "
                                 f"{type(current).__name__}", name="current")
    elif isinstance(current, profile_type):
        raise ParameterError(
            "current is a Profile but reference is not: sketch the current data on the "
            "reference profile's bins (Profile.from_frame(reference).sketch_like(current)) "
            "and pass both profiles, or pass both data frames", name="current")


def check_profile_columns(names: list, reference: Any, current: Any, explicit: bool) -> None:
    """Refuse columns missing from a profile; without `explicit` columns, extra current ones too."""
    for c in names:
        where = [n for n, p in (("reference", reference), ("current", current)) if c not in p]
        if where:
            raise ColumnMismatchError(f"column {c!r} is not in the {' nor the '.join(where)} "
                                      "profile", name=where[0], column=c)
    if not explicit:
        extra = [c for c in current if c not in reference]
        if extra:
            raise ColumnMismatchError(f"current profile has column(s) {extra!r} that the "
                                      "reference profile lacks; pass columns=[...]",
                                      name="current", column=extra[0])


def nothing_to_test(skipped: dict[Any, str]) -> DriftscopeError:
    """The error for a report whose every column was skipped, with the reasons."""
    return DriftscopeError(
        "no column can be tested: " + "; ".join(f"{c!r}: {r}" for c, r in skipped.items()))


def is_numeric_dtype(dtype: Any) -> bool:
    """Numbers (ints, unsigned ints, floats, nullable ones), not booleans."""
    import pandas as pd

    return (pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
            and not pd.api.types.is_complex_dtype(dtype))


def check_not_complex(column: Any, dtype: Any, name: str) -> None:
    """Complex numbers have no order and are not categories: an error, not their real part."""
    import pandas as pd

    if pd.api.types.is_complex_dtype(dtype):
        raise DtypeError(f"{describe_input(name, column)}: complex numbers (dtype {dtype}) have "
                         "no order and are not category labels; compare their real and "
                         "imaginary parts (or absolute values) as two numeric columns",
                         name=name, column=column)


def numbers_in_one_frame_only(column: Any, reference_dtype: Any, current_dtype: Any) -> DtypeError:
    """The error for a column that holds numbers in one frame and not in the other."""
    return DtypeError(
        f"column {column!r}: numbers in one frame but not the other (reference dtype "
        f"{reference_dtype}, current dtype {current_dtype}); convert one of them first",
        name="current", column=column)


def not_categories(name: str, column: Any, exc: Exception) -> DtypeError:
    """The error for values that cannot be counted as categories (unhashable ones)."""
    return DtypeError(
        f"{describe_input(name, column)}: holds values that cannot be categories ({exc}); "
        "categories must be hashable (strings, numbers, booleans)", name=name, column=column)


# --- streams -----------------------------------------------------------------------------------

def as_stream_value(x: Any, owner: str) -> float:
    """Return `x` as a float after checking it is one finite real number.

    The one check every detector's ``update(x)`` makes. A stream detector
    holds running sums, so one NaN or inf would poison every later decision
    without a sound (NaN compares false, so the detector would silently never
    fire again). Bad values are therefore errors, never dropped: dropping
    them would shift the step indices the detections are reported at.
    `owner` (``"PageHinkley"``, ...) starts the message. Booleans count as 0
    and 1. Raises `DtypeError` (strings, None, complex, arrays, ...) or
    `NonFiniteError` (NaN, +/-inf).
    """
    if type(x) is float:  # the common case first, without the ABC checks
        v = x
    elif isinstance(x, (numbers.Real, np.bool_)) and not isinstance(x, (str, bytes)):
        try:
            v = float(x)
        except OverflowError:  # an int beyond float range
            v = math.inf
    else:
        raise DtypeError(f"{owner}.update: x must be a single real number, got "
                         f"{type(x).__name__} {x!r}", name="x")
    if not math.isfinite(v):
        raise NonFiniteError(f"{owner}.update: x must be finite, got {x!r}; a NaN or inf "
                             "would corrupt the running statistics for good", name="x")
    return v


def check_factor(value: Any, name: str) -> float:
    """Return `value` as a float after checking 0 < value <= 1 (a forgetting factor)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value <= 1:
        raise ParameterError(f"{name} must be a number in (0, 1], got {value!r}", name=name)
    return float(value)


# --- Prometheus --------------------------------------------------------------------------------

# Used with fullmatch: "$" would also match before a trailing newline.
_PROMETHEUS_LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
_PROMETHEUS_METRIC = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")


def check_metric_name(prefix: Any, name: str = "prefix") -> str:
    """Return `prefix` after checking it is a valid Prometheus metric name."""
    if not isinstance(prefix, str) or not _PROMETHEUS_METRIC.fullmatch(prefix):
        raise ParameterError(f"{name} must be a Prometheus metric name, got {prefix!r}", name=name)
    return prefix


def check_metric_labels(labels: Any, reserved: tuple[str, ...], name: str = "labels") -> dict:
    """Return `labels` as a dict after checking every key is a free Prometheus label name."""
    if labels is not None and not isinstance(labels, Mapping):
        raise ParameterError(f"{name} must be a mapping of label names to values, or None, got "
                             f"{labels!r}", name=name)
    extra = dict(labels or {})
    for key in extra:
        if not isinstance(key, str) or not _PROMETHEUS_LABEL.fullmatch(key) or key.startswith("__"):
            raise ParameterError(f"{name}: label name {key!r} is not a valid Prometheus label "
                                 "name", name=name)
        if key in reserved:
            raise ParameterError(f"{name}: label name {key!r} is used by driftscope itself",
                                 name=name)
        if not isinstance(extra[key], str):  # None would be exported as the text "None"
            raise ParameterError(f"{name}: the value of label {key!r} must be a string, got "
                                 f"{type(extra[key]).__name__} {extra[key]!r}", name=name)
    return extra


# --- sketches ----------------------------------------------------------------------------------

def as_bucket_counts(buckets: Any, n_bins: int) -> tuple[np.ndarray, int]:
    """``(counts, n_missing)`` from SQL-style ``{bucket: count}`` rows (a None bucket: missing)."""
    counts = np.zeros(n_bins, dtype=object)
    counts[:] = 0
    missing = 0
    for bucket, count in buckets.items():
        if bucket is None:
            missing += check_count(count, "counts[None]")
            continue
        if isinstance(bucket, bool) or not isinstance(bucket, numbers.Integral):
            raise DtypeError(f"counts: bucket {bucket!r} is not a bin index (an integer) or None",
                             name="counts")
        if not 0 <= bucket < n_bins:
            raise LengthMismatchError(
                f"counts: bucket {bucket} is outside the {n_bins} bins 0..{n_bins - 1}",
                name="counts")
        counts[int(bucket)] = count
    return counts, missing


def check_serialised(data: Any, kind: str, keys: tuple[str, ...], version: int) -> Any:
    """`data` after checking it is a ``to_dict()`` of `kind`, format `version`, with `keys`."""
    from collections.abc import Mapping

    if not isinstance(data, Mapping):
        raise DtypeError(f"data: expected a dict from to_dict(), got {type(data).__name__}",
                         name="data")
    if data.get("type") != kind:
        raise ParameterError(f"data: type is {data.get('type')!r}, expected {kind!r}", name="data")
    if data.get("version", version) != version:
        raise ParameterError(f"data: format version {data.get('version')!r} is not supported "
                             f"(this driftscope reads version {version})", name="data")
    missing = [k for k in keys if k not in data]
    if missing:
        raise ParameterError(f"data: missing key(s) {', '.join(map(repr, missing))}", name="data")
    return data


def _first_difference(a: np.ndarray, b: np.ndarray) -> str:
    if a.size != b.size:
        return f"{a.size - 1} bins vs {b.size - 1}"
    i = int(np.argmax(a != b))
    return f"edge {i} is {float(a[i])!r} vs {float(b[i])!r}"


def check_same_edges(a: Any, b: Any, names: tuple[str, str]) -> None:
    """Two histogram sketches on the same edges (and, when both have them, the same quantiles)."""
    if not np.array_equal(a.edges, b.edges):
        raise SketchMismatchError(
            f"{names[0]} and {names[1]} have different edges ({_first_difference(a.edges, b.edges)}); "
            "sketch live data with the reference's empty_like() so the bins match",
            name=names[1])
    if (a.quantiles is not None and b.quantiles is not None
            and not np.array_equal(a.quantiles, b.quantiles)):
        raise SketchMismatchError(
            f"{names[0]} and {names[1]} have the same edges but different reference quantiles; "
            "they come from different references", name=names[1])


def check_sketchable_dtype(column: Any, dtype: Any) -> None:
    """Refuse a reference column of timestamps or time spans: its sketch would alarm forever."""
    if time_column_reason(dtype) is not None:
        raise DtypeError(f"reference (column {column!r}): dtype {dtype}; sketch numbers derived "
                         "from the timestamps instead, or leave the column out with "
                         "columns=[...]", name="reference", column=column)
    check_not_complex(column, dtype, "reference")


def check_batch_kind(sketch: Any, dtype: Any, name: str, column: Any) -> None:
    """Refuse a batch column whose kind of values does not fit the column's sketch.

    Complex numbers fit no sketch; numbers do not fit a category sketch
    whose labels are text (the frame policies refuse this pair too, rather
    than count 1.5 as a category next to "a").
    """
    from .sketch.categories import CategorySketch

    check_not_complex(column, dtype, name)
    if isinstance(sketch, CategorySketch) and is_numeric_dtype(dtype) and sketch.counts \
            and not any(isinstance(k, numbers.Number) for k in sketch.counts):
        raise DtypeError(
            f"{describe_input(name, column)}: numbers (dtype {dtype}) where the profile has "
            f"labels such as {next(iter(sketch.counts))!r}; convert one of them first",
            name=name, column=column)


def as_label_mapping(labels: list, counts: list, name: str = "categories") -> dict:
    """``{label: count}`` from a serialised category sketch: as many counts as labels, each label once."""
    if len(labels) != len(counts):
        raise LengthMismatchError(f"counts: {len(counts)} counts for {len(labels)} categories",
                                  name="counts")
    try:
        mapping = dict(zip(labels, counts))
    except TypeError:
        raise DtypeError(f"{name}: labels must be hashable", name=name) from None
    if len(mapping) != len(labels):
        raise ParameterError(f"{name}: a label is listed twice", name=name)
    return mapping


def check_coarse_bins(bins: int, quantiles: Any, name: str) -> int:
    """Return how many fine quantile bins make one of `bins` (which must divide them)."""
    if quantiles is None:
        raise ParameterError(
            f"bins={bins} needs the reference quantiles, and {name} has none (it was not "
            "built by from_reference); pass bins=None to compare on the sketch's own bins",
            name="bins")
    fine = quantiles.size + 1
    if fine % bins:
        raise ParameterError(
            f"bins={bins} does not divide the {fine} quantile bins of {name}; use a divisor "
            f"of {fine}, or build the reference with a multiple of {bins} bins", name="bins")
    return fine // bins


def check_in_profile(names: list, data_columns: Any, profile: Any) -> None:
    """Refuse a column that is not in both the data and the reference profile."""
    missing = [c for c in names if c not in data_columns or c not in profile]
    if missing:
        raise ParameterError(f"columns: {missing[0]!r} is not in both the data and the "
                             "reference profile", name="columns", column=missing[0])


def check_something_to_sketch(n_rows: int | None, columns: Any, name: str = "reference") -> None:
    """Refuse a frame to profile with no rows or no columns (`n_rows` None: not counted yet,
    as in a Dask DataFrame)."""
    if n_rows == 0 or not len(columns):
        raise EmptySampleError(f"{name} has no rows or no columns to sketch", name=name)


def check_batch_columns(batch: Any, columns: Any, name: str) -> None:
    """Refuse a batch that lacks one of a profile's `columns` (a `SketchMismatchError`)."""
    missing = [c for c in columns if c not in batch.columns]
    if missing:
        raise SketchMismatchError(
            f"{name} is missing column(s) {', '.join(map(repr, missing))} of the profile",
            name=name, column=missing[0])


def check_same_profile_columns(mine: Mapping, theirs: Mapping) -> None:
    """Refuse a profile (``other``) to merge whose columns or kinds of sketch differ from ours."""
    if list(mine) != list(theirs):
        raise SketchMismatchError(f"other has columns {list(theirs)}, expected {list(mine)}",
                                  name="other")
    for c, sketch in mine.items():
        if type(theirs[c]) is not type(sketch):
            raise SketchMismatchError(
                f"other (column {c!r}): a {type(theirs[c]).__name__}, expected a "
                f"{type(sketch).__name__}", name="other", column=c)


def check_sketch_type(entry: Mapping, readers: Mapping) -> Any:
    """The sketch class that reads a serialised profile column (`readers` by type name)."""
    kind = entry["sketch"].get("type") if isinstance(entry.get("sketch"), Mapping) else None
    reader = readers.get(kind)
    if reader is None:
        raise ParameterError(f"data: column {entry.get('column')!r} has an unknown sketch "
                             f"type {kind!r}", name="data")
    return reader


# --- performance without labels ----------------------------------------------------------------

def as_confidence(x: Any, name: str = "confidence", *,
                  drop_missing: bool = True) -> tuple[np.ndarray, int]:
    """Return ``(values, n_dropped)``: probabilities in [0, 1], as `as_sample` reads them.

    With ``drop_missing=False`` a missing value is a `NonFiniteError` (each
    confidence belongs to an outcome, so none can be dropped). A value outside
    [0, 1] is an `InvalidDistributionError`.
    """
    c, dropped = as_sample(x, name)
    if dropped and not drop_missing:
        raise NonFiniteError(f"{name}: {dropped} value(s) missing or infinite; each belongs to "
                             "an outcome, so none can be dropped", name=name)
    bad = np.flatnonzero((c < 0.0) | (c > 1.0))
    if bad.size:
        raise InvalidDistributionError(
            f"{name}: must be probabilities in [0, 1], got {float(c[bad[0]])!r} "
            f"({bad.size} value(s) outside)", name=name)
    return c, dropped


def as_outcomes(x: Any, size: int, name: str = "correct", *, other: str = "confidence") -> np.ndarray:
    """Return `x` as a float array of 0/1 outcomes aligned with `size` values of `other`."""
    ok, dropped = as_sample(x, name)
    if dropped:
        raise NonFiniteError(f"{name}: {dropped} value(s) missing", name=name)
    if ok.size != size:
        raise LengthMismatchError(f"{name}: has {ok.size} values but {other} has {size}", name=name)
    if not np.all((ok == 0.0) | (ok == 1.0)):
        raise InvalidDistributionError(f"{name}: must be booleans or 0/1 (was each prediction "
                                       "right?)", name=name)
    return ok


def _as_label_array(x: Any, name: str) -> np.ndarray:
    if hasattr(x, "to_numpy") and not isinstance(x, np.ndarray):  # pandas, categoricals too
        x = x.to_numpy(dtype=object) if hasattr(x, "dtype") else np.asarray(x, dtype=object)
    a = np.asarray(x, dtype=object)
    if a.ndim != 1:
        raise ShapeError(f"{name}: must be one-dimensional, got an array of shape {a.shape}",
                         name=name)
    return a


def as_label_pair(predictions: Any, labels: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(predictions, labels, known)``: aligned object arrays and where a label is present.

    A missing label (NaN, None, pd.NA) means "not labelled yet". No label at
    all is an `EmptySampleError`; different lengths a `LengthMismatchError`.
    """
    p, y = _as_label_array(predictions, "predictions"), _as_label_array(labels, "labels")
    if p.size != y.size:
        raise LengthMismatchError(
            f"labels: has {y.size} values but predictions has {p.size}; they must be aligned, "
            "one label per prediction", name="labels")
    known = np.array([not _is_missing_scalar(v) for v in y.tolist()], dtype=bool)
    if not known.any():
        raise EmptySampleError(
            f"labels: none of the {y.size} requests has a label yet; realised accuracy "
            "needs at least one (use expected_accuracy meanwhile)", name="labels")
    return p, y, known


def check_classes(classes: Any) -> list:
    """Return `classes` as a list after checking it is not empty and names each class once."""
    from collections.abc import Iterable

    if isinstance(classes, (str, bytes)) or not isinstance(classes, Iterable):
        raise ParameterError(f"classes must be a sequence of class labels, or None, got "
                             f"{type(classes).__name__} {classes!r}", name="classes")
    out = list(classes)
    if not out:
        raise ParameterError("classes: is empty; list every class the model can predict",
                             name="classes")
    try:
        distinct = set(out)
    except TypeError:
        raise ParameterError(f"classes must be a sequence of class labels, or None, got "
                             f"{out!r}: a class label must be hashable", name="classes") from None
    if len(distinct) != len(out):
        raise ParameterError(f"classes: lists a class twice: {out!r}", name="classes")
    return out


def check_labels_in_classes(labels: np.ndarray, classes: list, name: str) -> None:
    """Refuse labels (the distinct ones seen in `name`) that are not among `classes`."""
    known = set(classes)
    unknown = [lab for lab in labels.tolist() if lab not in known]
    if unknown:
        raise ParameterError(f"{name}: holds {unknown[:3]!r}, not among classes {classes!r}",
                             name=name)


# --- time, windows and alert rules -------------------------------------------------------------

def check_time(value: Any, name: str, *, like: Any = None) -> Any:
    """Return `value` as a pandas Timestamp, or raise a `ParameterError` naming `name`.

    With `like` (a DatetimeIndex), the time is put in its time zone: a naive
    time is read in that zone, and an aware time against a naive index is an
    error (there is no telling which zone the index means).
    """
    import pandas as pd

    try:
        t = pd.Timestamp(value)
    except (TypeError, ValueError):
        t = pd.NaT
    if t is pd.NaT:
        raise ParameterError(f"{name} must be a time such as '2043-08-01', got {value!r}",
                             name=name)
    if like is not None and like.tz is not None and t.tz is None:
        t = t.tz_localize(like.tz)
    elif like is not None and like.tz is None and t.tz is not None:
        raise ParameterError(f"{name} ({t}) has a time zone but the time column has none",
                             name=name)
    return t


def _as_timedelta(value: Any) -> Any:
    import pandas as pd

    if isinstance(value, (numbers.Number, np.bool_)) and not isinstance(value, np.timedelta64):
        return pd.NaT  # a bare number has no unit
    try:  # offsets first ("D", "7D", "6h"), then pandas' other spellings ("1 day")
        return pd.Timedelta(pd.tseries.frequencies.to_offset(value))
    except (TypeError, ValueError):
        pass
    try:
        return pd.Timedelta(value)
    except (TypeError, ValueError):
        return pd.NaT


def check_fixed_length(value: Any, name: str = "freq") -> Any:
    """Return `value` (``"D"``, ``"7D"``, ``"6h"``, ``"15min"``, a timedelta) as a positive pandas Timedelta.

    Calendar lengths (a month, a week anchored on a weekday) and bare
    numbers (no unit) are refused.
    """
    import pandas as pd

    step = _as_timedelta(value)
    if step is pd.NaT:
        raise ParameterError(f"{name} must be a fixed length of time such as '1D', '6h' or "
                             f"'15min', got {value!r}", name=name)
    if step <= pd.Timedelta(0):
        raise ParameterError(f"{name} must be a positive length of time, got {value!r}", name=name)
    return step


def check_columns_present(frame: Any, columns: Any, name: str = "logs", *,
                          error: type[DriftscopeError] = ParameterError,
                          what: str = "column") -> None:
    """Refuse a data frame `name` that lacks one of `columns` (an `error`, `ParameterError` by default).

    `what` says what the column is for (``"time column"``).
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise error(f"{name}: has no {what} {missing[0]!r} (columns: {list(frame.columns)})",
                    name=name, column=missing[0])


def check_time_column(frame: Any, column: Any, name: str = "current") -> Any:
    """Return the date-times of `frame[column]` as a DatetimeIndex.

    A missing column is a `ColumnMismatchError`, other values a `DtypeError`.
    """
    import pandas as pd

    check_columns_present(frame, [column], name, error=ColumnMismatchError, what="time column")
    times = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(times):
        raise DtypeError(f"{describe_input(name, column)}: the time column has dtype {times.dtype}, "
                         "not date-times; convert it with pandas.to_datetime first",
                         name=name, column=column)
    return pd.DatetimeIndex(times)


def check_window_frames(reference: Any, current: Any, columns: Any, time_column: Any) -> list[Any]:
    """The columns to compare over time windows, in order.

    Both frames must be DataFrames. Without `columns`, every column both
    share except `time_column`, date-times and time spans (none is an error);
    with `columns` (`check_columns`), each must be in both frames.
    """
    check_frame(reference, "reference")
    check_frame(current, "current")
    try:
        hash(time_column)
    except TypeError:
        raise ParameterError(f"time_column must be a column name, got "
                             f"{type(time_column).__name__} {time_column!r}",
                             name="time_column") from None
    if columns is None:
        columns = [c for c in current.columns if c in reference.columns and c != time_column
                   and time_column_reason(current[c].dtype) is None]
        if not columns:
            raise ColumnMismatchError("reference and current share no column to compare",
                                      name="columns")
        return columns
    columns = check_columns(columns)
    for name, frame in (("reference", reference), ("current", current)):
        check_columns_present(frame, columns, name, error=ColumnMismatchError)
    return columns


def check_has_times(known: Any, name: str) -> None:
    """Refuse to infer the window bound `name` (``"start"`` or ``"end"``) from no time at all."""
    if len(known) == 0:
        needed = "start= and end=" if name == "start" else "end="
        raise ParameterError(f"current has no row with a time; pass {needed}", name=name)


def check_window_range(start: Any, end: Any, length: Any) -> None:
    """Refuse an `end` not after `start`, or a range too short for one window of `length`."""
    if end <= start:
        raise ParameterError(f"end ({end}) must be after start ({start})", name="end")
    if start + length > end:
        raise ParameterError(f"no window of {length} fits between start ({start}) and end ({end})",
                             name="length")


def check_statistic(statistic: Any, known: Mapping[str, tuple[str, ...]],
                    kinds: tuple[str, ...] = ("numerical", "categorical")) -> list[Any]:
    """The statistics `statistic` names: one name in `known` or a function, or a dict of one per kind."""
    if isinstance(statistic, dict) and set(statistic) != set(kinds):
        raise ParameterError(f"a statistic per kind needs exactly the keys {_names(kinds)}, got "
                             f"{sorted(map(str, statistic))}", name="statistic")
    chosen = list(statistic.values()) if isinstance(statistic, dict) else [statistic]
    for one in chosen:
        if not callable(one) and not (isinstance(one, str) and one in known):
            raise ParameterError(f"statistic must be one of {list(known)} or a function, "
                                 f"got {one!r}", name="statistic")
    return chosen


def check_statistic_applies(statistic: str, kind: str, column: Any,
                            known: Mapping[str, tuple[str, ...]]) -> None:
    """Refuse a named statistic on a column of a `kind` it does not apply to."""
    if kind not in known[statistic]:
        fits = [s for s, kinds in known.items() if kind in kinds]
        raise ParameterError(f"column {column!r} is {kind}, and {statistic} does not apply to "
                             f"{kind} columns; use one of {fits}", name="statistic", column=column)


def check_correctable(correction: Any, chosen: list[Any], distances: tuple[str, ...]) -> None:
    """Refuse a p-value `correction` of statistics that include a distance (no p-value)."""
    without = [one for one in chosen if isinstance(one, str) and one in distances]
    if correction is not None and without:
        raise ParameterError(f"{without[0]} is a distance without a p-value; a correction needs "
                             "ks_test, chi_square_test, z_test or a test function",
                             name="correction")


def as_statistic_result(result: Any, column: Any) -> tuple[float, float]:
    """``(statistic, pvalue)`` from what a statistic function returned (a number: p-value NaN)."""
    if isinstance(result, numbers.Real):
        return float(result), math.nan
    if hasattr(result, "statistic") and hasattr(result, "pvalue"):
        return float(result.statistic), float(result.pvalue)
    try:
        statistic, pvalue = result
        return float(statistic), float(pvalue)
    except (TypeError, ValueError):
        raise DtypeError(f"column {column!r}: the statistic returned {result!r}; expected a number "
                         "or a (statistic, pvalue) result", name="statistic", column=column) from None


def as_scores(scores: Any, name: str = "scores") -> np.ndarray:
    """One score per window as 1-D float64; NaN, None and pd.NA (no score) become NaN, inf stays."""
    return as_numeric_batch(scores, name, hint="use NaN or None for a window without a score")


def check_threshold(value: Any, name: str = "threshold") -> float:
    """Return `value` as a float: any number, +/-inf included, but not NaN (nothing is above NaN)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(f"{name} must be a number, got {value!r}", name=name)
    if math.isnan(value):
        raise NonFiniteError(f"{name}: is NaN; no score is above NaN, so the rule could never fire",
                             name=name)
    return float(value)


def check_members(values: Any, name: str, allowed: tuple[str, ...]) -> list[Any]:
    """Return `values` as a list after checking each is one of `allowed`."""
    values = list(values)
    unknown = sorted({repr(v) for v in values if v not in allowed})
    if unknown:
        expected = ", ".join(map(repr, allowed[:-1])) + f" or {allowed[-1]!r}"
        raise ParameterError(f"{name}: expected {expected}, got {', '.join(unknown)}", name=name)
    return values


def as_times_per_state(times: Any, n: int, name: str) -> Any:
    """`times` as a pandas Index after checking it holds one time per state (`n` of them)."""
    import pandas as pd

    index = pd.Index(times)
    if len(index) != n:
        raise ShapeError(f"{name}: has {len(index)} times but states has {n}; one time per state",
                         name=name)
    return index


# --- texts -------------------------------------------------------------------------------------

def as_texts(values: Any, name: str, column: Any = None) -> tuple[np.ndarray, int]:
    """The texts of one window as an object array of str, and the number of missing values.

    Missing values (None, NaN, pd.NA, NaT, +/-inf, as Evidently) are dropped
    and counted; other non-strings are a `DtypeError`.
    """
    import pandas as pd

    where = f"column {column!r}: " if column is not None else ""
    if isinstance(values, (str, bytes)):
        raise DtypeError(f"{where}{name} must be a sequence of texts, got a single "
                         f"{type(values).__name__}", name=name, column=column)
    try:
        array = np.asarray(pd.Series(values, dtype=object).to_numpy(), dtype=object)
    except (TypeError, ValueError) as exc:
        raise DtypeError(f"{where}{name} must be a 1-D sequence of texts ({exc})",
                         name=name, column=column) from None
    if array.ndim != 1:
        raise DtypeError(f"{where}{name} must be 1-D, got shape {array.shape}",
                         name=name, column=column)
    is_str = np.fromiter((isinstance(v, str) for v in array), dtype=bool, count=array.size)
    kept = array
    if not is_str.all():
        # As Evidently: +/-inf count as missing, like NaN, None, pd.NA and NaT.
        others = array[~is_str]
        missing = pd.isna(others) | np.fromiter(
            (isinstance(v, float) and math.isinf(v) for v in others), dtype=bool,
            count=others.size)
        if not missing.all():
            bad = others[~missing][0]
            raise DtypeError(
                f"{where}{name} holds {type(bad).__name__} values such as {bad!r} among its "
                "texts; text drift needs strings (convert with .astype(str), or drop them)",
                name=name, column=column)
        kept = array[is_str]
    # Empty, or nothing but missing values: worded as for every other sample.
    check_not_empty(array.size, kept.size, name, column=column)
    return kept, int(array.size - kept.size)

def _text_column(column: Any) -> str:
    return f"column {column!r}: " if column is not None else ""


def check_two_classes(y: np.ndarray, name: str = "labels") -> None:
    """Refuse 0/1 labels of one class only: ROC AUC needs both."""
    n_pos = int(y.sum())
    if n_pos == 0 or n_pos == y.size:
        raise EmptySampleError(f"{name} hold one class only; ROC AUC is not defined", name=name)


def texts_too_few_to_split(column: Any, exc: Exception) -> EmptySampleError:
    """The error for texts too few for the domain classifier's split in halves."""
    return EmptySampleError(f"{_text_column(column)}too few texts to split in halves ({exc})",
                            column=column)


def _text_sizes(sizes: tuple[int, int]) -> str:
    return f"({sizes[0]} reference and {sizes[1]} current texts are too few)"


def check_training_half(y_train: np.ndarray, sizes: tuple[int, int], column: Any) -> None:
    """Refuse a training half of fewer than two texts (TF-IDF's ``max_df=0.5`` needs two)."""
    if y_train.size < 2:
        raise EmptySampleError(
            f"{_text_column(column)}the training half holds {y_train.size} text "
            f"{_text_sizes(sizes)}; TF-IDF's max_df=0.5 needs two; Evidently fails here too",
            column=column)


def no_vocabulary(column: Any, exc: Exception) -> EmptyVocabularyError:
    """The error for a training half that leaves TF-IDF no word to learn from."""
    return EmptyVocabularyError(
        f"{_text_column(column)}no word to learn from in the training half ({exc}): TF-IDF "
        "keeps words of two or more letters, outside English stop words, found in at most "
        "half of the texts; Evidently fails here too", column=column)


def check_both_windows_in_halves(y_train: np.ndarray, y_test: np.ndarray,
                                 sizes: tuple[int, int], column: Any) -> None:
    """Refuse a split whose training or held-out half holds texts of one window only."""
    if np.unique(y_train).size < 2:
        raise EmptySampleError(
            f"{_text_column(column)}the training half holds "
            f"{'current' if y_train[0] else 'reference'} texts only {_text_sizes(sizes)}; "
            "Evidently fails here too", column=column)
    if np.unique(y_test).size < 2:
        raise EmptySampleError(
            f"{_text_column(column)}the held-out half holds "
            f"{'current' if y_test[0] else 'reference'} texts only {_text_sizes(sizes)}, so "
            "ROC AUC is undefined (Evidently 0.7.23 reports NaN and no drift)", column=column)


def as_zero_one_labels(labels: Any, name: str = "labels") -> np.ndarray:
    """`labels` as a 1-D int64 array after checking each is 0 or 1."""
    y = np.asarray(labels)
    if y.ndim != 1 or not np.isin(y, (0, 1)).all():
        raise ParameterError(f"{name} must be a 1-D array of 0 and 1", name=name)
    return y.astype(np.int64)


# --- stream detectors --------------------------------------------------------------------------

def as_stream_outcome(x: Any, owner: str) -> float:
    """`as_stream_value`, then 0 or 1 (1 = an error of the model)."""
    v = as_stream_value(x, owner)
    if v != 0.0 and v != 1.0:
        raise DtypeError(f"{owner}.update: x must be 0 or 1 (1 = error), got {x!r}", name="x")
    return v


def check_not_below(value: float, name: str, floor: float, floor_name: str, *, why: str) -> float:
    """Return `value` after checking it is >= `floor`, the value of parameter `floor_name`."""
    if value < floor:
        raise ParameterError(f"{name} ({value!r}) must be >= {floor_name} ({floor!r}): {why}",
                             name=name)
    return value


def check_change_point(value: Any) -> int | None:
    """Return `value` as an index >= 0, or None (no change)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ParameterError(f"change_point must be an index >= 0 or None, got {value!r}",
                             name="change_point")
    return int(value)


# --- the Drift Service -------------------------------------------------------------------------

_FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def check_field(name: Any, kind: Any, kinds: tuple[str, ...], reserved: Any) -> None:
    """Refuse a request field whose name is not a lower-case identifier or is `reserved`
    by the service, or whose kind is not one of `kinds`."""
    if not isinstance(name, str) or not _FIELD_NAME.match(name):
        raise ParameterError(f"field name {name!r} must be a lower-case identifier "
                             "(letters, digits, underscores, at most 63 characters)", name="name")
    if name in reserved:
        raise ParameterError(f"field name {name!r} is reserved by the service "
                             f"({', '.join(sorted(reserved))})", name="name")
    if kind not in kinds:
        raise ParameterError(f"field {name!r}: kind must be one of {kinds}, got {kind!r}",
                             name="kind")


def check_schema_fields(fields: tuple, field_type: type) -> list[str]:
    """The names of a schema's `fields` after checking there is at least one, each a
    `field_type`, and no name twice."""
    if not fields or not all(isinstance(f, field_type) for f in fields):
        raise ParameterError(f"fields must be a non-empty sequence of {field_type.__name__}",
                             name="fields")
    names = [f.name for f in fields]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ParameterError(f"fields: duplicate name(s) {dupes}", name="fields")
    return names


def check_model_inputs(inputs: tuple, names: list[str]) -> None:
    """Refuse model inputs that are none, or not among the schema's field `names`."""
    unknown = [n for n in inputs if n not in names]
    if unknown or not inputs:
        raise ParameterError(f"model_inputs: {unknown or 'none given'} not among the fields "
                             f"{names}", name="model_inputs")


def check_spec_target(target: Any) -> tuple[str, str]:
    """``(module, name)`` of a ``"package.module:name"`` service spec target."""
    module, _, name = str(target).partition(":")
    if not isinstance(target, str) or not module or not name:
        raise ParameterError(f"spec must look like 'package.module:name', got {target!r}",
                             name="spec")
    return module, name
