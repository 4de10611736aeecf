"""The exceptions driftscope raises, all subclasses of `DriftscopeError`.

`DriftscopeError` subclasses `ValueError`, so ``except ValueError`` keeps
working; `DtypeError` is also a `TypeError`. Every error carries the input it
is about (``name``: ``"reference"``, ``"current"``, ``"bins"``, ...) and the
data-frame column when there is one (``column``), and its message names both
and the problem.

=========================  ==================================================
`DriftscopeError`          the base class (also: nothing left to test)
`EmptySampleError`         no values at all
`AllNaNError`              values, but every one missing (NaN, None, inf)
`EmptyVocabularyError`     texts that leave a text-drift classifier no word
`NonFiniteError`           NaN or inf where every value must be finite
`InvalidDistributionError` counts or probabilities negative or all zero
`InvalidPValueError`       a p-value outside [0, 1]
`LengthMismatchError`      inputs that must align bin by bin do not
`SketchMismatchError`      sketches or profiles on different bins or columns
`ColumnMismatchError`      data frames with different columns
`DtypeError`               values of the wrong kind
`ShapeError`               not one-dimensional, or too few edges
`ParameterError`           a parameter outside its domain
`NumericOverflowError`     a result beyond the float64 range (about 1.8e308)
=========================  ==================================================
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DriftscopeError",
    "EmptySampleError",
    "AllNaNError",
    "EmptyVocabularyError",
    "NonFiniteError",
    "InvalidDistributionError",
    "InvalidPValueError",
    "LengthMismatchError",
    "SketchMismatchError",
    "ColumnMismatchError",
    "DtypeError",
    "ShapeError",
    "ParameterError",
    "NumericOverflowError",
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


class EmptyVocabularyError(EmptySampleError):
    """Texts that leave a text-drift classifier no word to learn from (`driftscope.text`)."""


class NonFiniteError(DriftscopeError):
    """NaN or inf where every value must be finite (probabilities, p-values)."""


class InvalidDistributionError(DriftscopeError):
    """Counts or probabilities that are negative or all zero."""


class InvalidPValueError(DriftscopeError):
    """A p-value outside [0, 1]."""


class LengthMismatchError(DriftscopeError):
    """Two inputs that must align bin by bin have different lengths."""


class SketchMismatchError(LengthMismatchError):
    """Two sketches (or profiles) that must share bins or columns do not.

    A `LengthMismatchError`, since the two must align bin by bin.
    """


class ColumnMismatchError(DriftscopeError):
    """The reference and current data frames do not have the same columns."""


class DtypeError(DriftscopeError, TypeError):
    """Values of the wrong kind, e.g. strings where numbers are needed.

    Also a `TypeError`, so either ``except`` clause catches it.
    """


class ShapeError(DriftscopeError):
    """An input that is not one-dimensional (or bin edges that are too few)."""


class ParameterError(DriftscopeError):
    """A parameter (``bins``, ``alpha``, ...) outside its domain."""


class NumericOverflowError(DriftscopeError, ArithmeticError):
    """A result or running statistic beyond the float64 range (about 1.8e308).

    Raised instead of returning ``inf`` or NaN where the true answer is
    finite but too large to represent; also an `ArithmeticError`.
    """
