"""The input policy of driftscope._validation: what is dropped, what is an error, and what the message says."""

import numpy as np
import pandas as pd
import pytest

import driftscope as ds
from driftscope._validation import (
    as_category_counts,
    as_distribution,
    as_distribution_pair,
    as_pvalues,
    as_sample,
    check_edges,
    check_nonnegative,
    check_positive_int,
    check_probability,
)


def test_error_hierarchy():
    for cls in (ds.EmptySampleError, ds.AllNaNError, ds.NonFiniteError, ds.InvalidDistributionError,
                ds.InvalidPValueError, ds.LengthMismatchError, ds.DtypeError, ds.ShapeError,
                ds.ParameterError):
        assert issubclass(cls, ds.DriftscopeError)
    assert issubclass(ds.DriftscopeError, ValueError)
    assert issubclass(ds.AllNaNError, ds.EmptySampleError), "all-NaN is 'empty after cleaning'"
    assert issubclass(ds.DtypeError, TypeError)


def test_as_sample_drops_and_counts_nan_and_inf():
    values, n_dropped = as_sample([1.0, np.nan, 2.0, np.inf, -np.inf, 3.0], "reference")
    assert values.tolist() == [1.0, 2.0, 3.0]
    assert n_dropped == 3
    assert values.dtype == np.float64


def test_as_sample_clean_input_is_not_copied_needlessly():
    a = np.array([1.0, 2.0])
    values, n_dropped = as_sample(a, "x")
    assert n_dropped == 0 and values is a


@pytest.mark.parametrize("x", [
    [1, None, 2],
    np.array([1, None, 2.0], dtype=object),
    pd.Series([1, None, 2], dtype="Int64"),
    pd.Series([1.0, None, 2.0], dtype="Float64"),
    pd.Series([1.0, np.nan, 2.0]),
])
def test_as_sample_missing_markers(x):
    values, n_dropped = as_sample(x, "current")
    assert values.tolist() == [1.0, 2.0] and n_dropped == 1


def test_as_sample_bool_and_int():
    assert as_sample([True, False, True], "x")[0].tolist() == [1.0, 0.0, 1.0]
    assert as_sample(np.arange(3, dtype=np.int8), "x")[0].tolist() == [0.0, 1.0, 2.0]


@pytest.mark.parametrize("x, what", [
    (["a", "b"], "strings"),
    (np.array([b"a"]), "bytes"),
    (np.array([1 + 2j]), "complex"),
    (np.array(["2024-01-01"], dtype="datetime64[D]"), "datetimes"),
    (np.array([1.0, "a"], dtype=object), "str"),
    (np.array([1.0, "1.5"], dtype=object), "str"),  # no silent parsing of numeric strings
    ("123", "str"),
])
def test_as_sample_rejects_non_numeric(x, what):
    with pytest.raises(ds.DtypeError, match="reference") as info:
        as_sample(x, "reference")
    assert what in str(info.value)


def test_messages_name_input_and_column():
    with pytest.raises(ds.EmptySampleError) as info:
        as_sample([], "current", column="age")
    msg = str(info.value)
    assert "current" in msg and "'age'" in msg and "empty" in msg
    assert info.value.name == "current" and info.value.column == "age"
    with pytest.raises(ds.AllNaNError) as info:
        as_sample([np.nan, np.inf], "reference", column="age")
    msg = str(info.value)
    assert "reference" in msg and "'age'" in msg and "2" in msg and "missing" in msg


@pytest.mark.parametrize("x", [np.zeros((2, 2)), 3.0, [[1, 2], [3]]])
def test_shape(x):
    with pytest.raises(ds.ShapeError, match="reference"):
        as_sample(x, "reference")


def test_as_category_counts():
    values, counts, n = as_category_counts(["a", None, "b", np.nan, pd.NA], "reference")
    assert sorted(values.tolist()) == ["a", "b"] and counts.tolist() == [1, 1] and n == 3
    values, counts, n = as_category_counts(np.array([1.0, np.inf, 2.0]), "reference")
    assert sorted(values.tolist()) == [1.0, 2.0] and n == 1
    values, counts, n = as_category_counts(pd.Series(["x", None], dtype="string"), "reference")
    assert values.tolist() == ["x"] and n == 1
    with pytest.raises(ds.DtypeError, match="hashable"):
        as_category_counts(np.array([{"a": 1}], dtype=object), "current")
    with pytest.raises(ds.AllNaNError, match="current"):
        as_category_counts([None, np.nan], "current")


def test_as_distribution():
    np.testing.assert_allclose(as_distribution([1, 3], "p"), [0.25, 0.75])
    with pytest.raises(ds.InvalidDistributionError, match="p: bin 1 is negative"):
        as_distribution([1, -1], "p")
    with pytest.raises(ds.InvalidDistributionError, match="all bins are zero"):
        as_distribution([0, 0], "q")
    with pytest.raises(ds.NonFiniteError, match="q: bin 0 is nan"):
        as_distribution([np.nan, 1], "q")
    with pytest.raises(ds.NonFiniteError, match="inf"):
        as_distribution([np.inf, 1], "q")
    with pytest.raises(ds.EmptySampleError):
        as_distribution([], "q")
    with pytest.raises(ds.LengthMismatchError, match="p has 2 bins but q has 3"):
        as_distribution_pair([1, 1], [1, 1, 1])


def test_as_pvalues():
    assert as_pvalues([0, 0.5, 1]).tolist() == [0, 0.5, 1]
    with pytest.raises(ds.InvalidPValueError, match="1.5"):
        as_pvalues([0.1, 1.5])
    with pytest.raises(ds.NonFiniteError, match="misalign"):
        as_pvalues([0.1, np.nan])


def test_parameters():
    assert check_positive_int(np.int64(3), "bins") == 3
    for bad in (0, -1, 2.5, True, "3"):
        with pytest.raises(ds.ParameterError, match="bins"):
            check_positive_int(bad, "bins")
    for bad in (0, 1, -0.1, "0.05", np.nan):
        with pytest.raises(ds.ParameterError, match="alpha"):
            check_probability(bad, "alpha")
    for bad in (-1e-9, np.inf, np.nan):
        with pytest.raises(ds.ParameterError, match="epsilon"):
            check_nonnegative(bad, "epsilon")


def test_edges():
    assert check_edges([-np.inf, 0, np.inf]).tolist() == [-np.inf, 0, np.inf]
    with pytest.raises(ds.ParameterError, match="increasing"):
        check_edges([0, 0, 1])
    with pytest.raises(ds.ShapeError, match="at least 2"):
        check_edges([0])
    with pytest.raises(ds.NonFiniteError, match="outer"):
        check_edges([0, np.inf, np.inf])
    with pytest.raises(ds.NonFiniteError, match="NaN"):
        check_edges([0, np.nan, 1])
    with pytest.raises(ds.DtypeError):
        check_edges(["a", "b"])
