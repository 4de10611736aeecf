"""Streaming sketches: drift statistics from bin counts, in O(bins) memory.

A sketch summarises one column by counts over fixed bins (numeric columns)
or over categories (categorical columns). Sketches are *mergeable by
addition*: the sketch of a concatenation is the sum of the sketches of its
parts, in any order and any split. So a reference profile is built once, a
live stream is folded in batch by batch whatever its length, partitions of
a large table (or of a Dask DataFrame) can be sketched separately and added,
and a SQL ``GROUP BY`` over the same buckets in an analytics database gives
the same sketch (`HistogramSketch.from_counts`).

The structure is deliberately plain:

=================  ========================================================
`HistogramSketch`  ``edges`` (float64, ``-inf`` and ``+inf`` outside),
                   ``counts`` (int64, one per bin ``[edges[i], edges[i+1])``),
                   ``n_missing`` (NaN, None, +/-inf seen), and optionally
                   ``quantiles``: the reference quantiles the edges came from.
`CategorySketch`   ``counts`` (dict label -> int), ``n_missing``.
`Profile`          one sketch per column of a data frame.
=================  ========================================================

Drift statistics on two sketches: `sketch_psi`, `sketch_kl`,
`sketch_js_distance`, `sketch_hellinger` (the same numbers as `psi`,
`kl_divergence`, `js_distance`, `hellinger` on the raw data binned alike)
and `sketch_ks_bound`, an interval that contains the exact KS statistic.

Exact PSI from sketches
-----------------------
`HistogramSketch.from_reference` puts its fine edges at the reference
quantiles ``j / B`` (``B = bins``, default 100) and keeps those quantiles.
When ``B`` is a multiple of ``b``, the reference quantiles ``k / b`` that
`psi` uses are among them (``k / b`` and ``(k B / b) / B`` are the same
double, and ``numpy.quantile`` gives the same value for the same level), so
the ``b`` PSI bins are unions of fine bins and `sketch_psi` with
``bins=b`` equals ``psi(reference, current, bins=b)`` exactly, not
approximately.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Iterator, Mapping, NamedTuple

import numpy as np

from ._validation import (
    as_1d,
    as_counts,
    as_numeric_batch,
    check_count,
    check_edges,
    check_quantiles,
    check_not_empty,
    check_positive,
    check_positive_int,
    as_category_counts,
    as_sorted_sample,
)
from .errors import (
    DtypeError,
    EmptySampleError,
    LengthMismatchError,
    ParameterError,
    SketchMismatchError,
)
from . import _kernels as K
from .divergence import EPSILON_WHY, hellinger, js_distance, kl_divergence

__all__ = [
    "HistogramSketch",
    "CategorySketch",
    "Profile",
    "KSBound",
    "SketchMismatchError",
    "sketch_psi",
    "sketch_kl",
    "sketch_js_distance",
    "sketch_hellinger",
    "sketch_ks_bound",
]

_FORMAT_VERSION = 1


def _normalise_edges(edges: Any) -> np.ndarray:
    e = check_edges(edges).copy()
    # bin_counts sends values beyond the outer edges to the outer bins, so only
    # the interior edges matter; storing the outer ones as -inf and +inf makes
    # every bin half-open, [edges[i], edges[i+1]), which SQL can reproduce.
    e[0], e[-1] = -np.inf, np.inf
    return e


def _first_difference(a: np.ndarray, b: np.ndarray) -> str:
    if a.size != b.size:
        return f"{a.size - 1} bins vs {b.size - 1}"
    i = int(np.argmax(a != b))
    return f"edge {i} is {float(a[i])!r} vs {float(b[i])!r}"


# --- numeric columns ---------------------------------------------------------------------------

class HistogramSketch:
    """Counts of a numeric column over fixed bins; mergeable by addition.

    Parameters
    ----------
    edges : array_like
        Strictly increasing bin edges, at least two (as from `bin_edges`).
        Only the interior edges matter, as in `bin_counts` (values beyond the
        outer edges count in the outer bins), so the outer edges are stored
        as ``-inf`` and ``+inf``.
    quantiles : array_like, optional
        The reference quantiles at levels ``j / B``, ``j = 1, ..., B - 1``,
        that the interior edges are the distinct values of (set by
        `from_reference`). They let `sketch_psi` rebuild `psi`'s bins exactly.
    counts : array_like, optional
        Whole, non-negative counts, one per bin (default: zeros), so a sketch
        can be rebuilt from its parts (`from_counts` also takes SQL buckets).
    n_missing : int, default 0
        Missing values seen.

    Attributes
    ----------
    edges : numpy.ndarray of float64
        ``n_bins + 1`` edges, ``edges[0] == -inf`` and ``edges[-1] == +inf``.
        Bin ``i`` is ``[edges[i], edges[i+1])``.
    counts : numpy.ndarray of int64
        Finite values seen per bin.
    n_missing : int
        NaN, None, pd.NA and +/-inf values seen (not in `counts`).
    quantiles : numpy.ndarray of float64 or None
        See the parameter.

    Raises
    ------
    DtypeError
        If `edges` or `quantiles` is not numeric.
    ShapeError
        If an input is not one-dimensional, or there are fewer than two edges.
    ParameterError, NonFiniteError
        If the edges are not strictly increasing, contain NaN or have an
        infinite interior edge, or the quantiles do not match them.

    See Also
    --------
    from_reference : Edges at the reference quantiles, counts of the reference.
    from_counts : Counts computed elsewhere (e.g. a SQL ``GROUP BY``).
    CategorySketch : The same for categorical columns.

    Notes
    -----
    Memory is ``O(n_bins)`` whatever the number of values folded in: `update`
    adds the counts of a batch and keeps nothing else. `update` costs one
    binary search per value into the interior edges, ``O(m log n_bins)`` for
    a batch of ``m`` values.

    Two sketches add (`merge`, ``+``) only when their edges are identical;
    make live sketches with `empty_like` on the reference sketch (or
    `Profile.empty_like`).

    Examples
    --------
    >>> import numpy as np
    >>> from driftscope import HistogramSketch
    >>> sketch = HistogramSketch([0.0, 1.0, 2.0, 3.0])
    >>> sketch.edges
    array([-inf,   1.,   2.,  inf])
    >>> sketch.update([0.5, 1.0, 2.5, 7.0, np.nan]).counts   # 7.0: last bin
    array([1, 1, 2])
    >>> sketch.n_missing
    1
    >>> (sketch + sketch).counts
    array([2, 2, 4])
    """

    __slots__ = ("edges", "counts", "n_missing", "quantiles", "_lut")
    __hash__ = None  # mutable

    def __init__(self, edges: Any, *, quantiles: Any = None, counts: Any = None,
                 n_missing: int = 0):
        self.edges = _normalise_edges(edges)
        n_bins = self.edges.size - 1
        self.counts = (np.zeros(n_bins, dtype=np.int64) if counts is None
                       else as_counts(counts, n_bins, "counts"))
        self.n_missing = check_count(n_missing, "n_missing")
        self.quantiles = check_quantiles(quantiles, self.edges)
        self._lut = None  # lookup table for update, built on first use

    # construction ------------------------------------------------------------------------------

    @classmethod
    def from_reference(cls, reference: Any, bins: int = 100) -> HistogramSketch:
        """Sketch a reference sample on fine bins at its own quantiles.

        Parameters
        ----------
        reference : array_like
            1-D numbers. NaN, None and +/-inf are counted in `n_missing`.
        bins : int, default 100
            Fine bins asked for: interior edges at the reference quantiles
            ``j / bins`` (`numpy.quantile`, ``"linear"``), duplicates removed.
            Keep it a multiple of the PSI bins (10) for exact `sketch_psi`.

        Returns
        -------
        sketch : HistogramSketch
            Edges ``bin_edges(reference, bins)``, the reference's counts and
            the quantiles the edges came from.

        Raises
        ------
        EmptySampleError, AllNaNError
            If `reference` is empty or has no finite value.
        DtypeError
            If `reference` is not numeric.
        ShapeError
            If `reference` is not one-dimensional.
        ParameterError
            If `bins` is not an integer >= 1.

        Examples
        --------
        >>> import numpy as np
        >>> from driftscope import HistogramSketch
        >>> ref = HistogramSketch.from_reference(np.arange(1.0, 10.0), bins=4)
        >>> ref.edges, ref.counts
        (array([-inf,   3.,   5.,   7.,  inf]), array([2, 2, 2, 3]))
        """
        return cls._from_reference(reference, bins, "reference", None)

    @classmethod
    def _from_reference(cls, reference: Any, bins: Any, name: str, column: Any) -> HistogramSketch:
        bins = check_positive_int(bins, "bins")
        ordered, n_missing = as_sorted_sample(reference, name, column=column)
        # The kernel of binning's quantile edges, at the fine levels.
        quantiles = K.sorted_quantiles(ordered, np.arange(1, bins) / bins)
        edges = np.concatenate(([-np.inf], np.unique(quantiles), [np.inf]))
        return cls(edges, quantiles=quantiles, counts=K.counts_sorted(ordered, edges),
                   n_missing=n_missing)

    @classmethod
    def from_counts(cls, edges: Any, counts: Any, *, n_missing: int = 0,
                    quantiles: Any = None) -> HistogramSketch:
        """A sketch from counts computed elsewhere, e.g. by a database.

        Parameters
        ----------
        edges : array_like
            Bin edges as for the constructor (outer edges stored as infinite).
        counts : array_like or mapping
            Either one whole, non-negative count per bin (``len(edges) - 1``),
            or a mapping ``{bucket: count}`` as a SQL ``GROUP BY bucket``
            returns it: buckets are bin indices ``0 .. n_bins - 1``, absent
            buckets count 0, and a ``None`` bucket (SQL ``NULL``, the
            missing values) is added to `n_missing`.
        n_missing : int, default 0
            Missing values (NaN, NULL, +/-inf) seen besides the counts.
        quantiles : array_like, optional
            As for the constructor.

        Returns
        -------
        sketch : HistogramSketch
            A new sketch holding copies of the inputs.

        Raises
        ------
        DtypeError
            If an input is not numeric, or a count is not a whole number.
        ShapeError
            If an input is not one-dimensional, or there are fewer than two edges.
        LengthMismatchError
            If there are not ``len(edges) - 1`` counts, or a bucket is out of range.
        NonFiniteError
            If a count is NaN or inf.
        InvalidDistributionError
            If a count is negative.
        ParameterError
            If the edges are not strictly increasing, `n_missing` is not an
            integer >= 0, or the quantiles do not match the edges.

        See Also
        --------
        to_dict : The plain structure, for storage.

        Notes
        -----
        Bin ``i`` holds ``edges[i] <= x < edges[i+1]``, with the outer edges
        infinite. In SQL, over interior edges ``e_1 < ... < e_{k-1}``::

            SELECT CASE WHEN x IS NULL OR x IN ('Inf', '-Inf') THEN NULL
                        WHEN x < e_1 THEN 0
                        ...
                        WHEN x < e_{k-1} THEN k - 2
                        ELSE k - 1 END AS bucket, COUNT(*)
            FROM live GROUP BY bucket

        Bind the edges as parameters (doubles), not as decimal text, so the
        database compares against the very same numbers.

        Examples
        --------
        >>> from driftscope import HistogramSketch
        >>> rows = [(0, 4), (2, 1), (None, 2)]          # bucket 1 had no row
        >>> sketch = HistogramSketch.from_counts([-1.0, 0.0, 1.0, 2.0], dict(rows))
        >>> sketch.counts, sketch.n_missing
        (array([4, 0, 1]), 2)
        """
        sketch = cls(edges, quantiles=quantiles)
        n_missing = check_count(n_missing, "n_missing")
        if isinstance(counts, Mapping):
            counts, extra = _counts_from_buckets(counts, sketch.counts.size)
            n_missing += extra
        return cls(sketch.edges, quantiles=sketch.quantiles, counts=counts, n_missing=n_missing)

    def empty_like(self) -> HistogramSketch:
        """A sketch with the same edges (and quantiles) and no values yet."""
        sketch = type(self)(self.edges, quantiles=self.quantiles)
        # Edges, quantiles and lookup table are shared: they are never mutated.
        sketch.edges, sketch.quantiles, sketch._lut = self.edges, self.quantiles, self._lut
        return sketch

    def copy(self) -> HistogramSketch:
        """An independent copy."""
        sketch = self.empty_like()
        sketch.counts[:] = self.counts
        sketch.n_missing = self.n_missing
        return sketch

    # streaming -------------------------------------------------------------------------------

    def update(self, values: Any, *, name: str = "values", column: Any = None) -> HistogramSketch:
        """Add a batch of values, in place; return the sketch.

        Parameters
        ----------
        values : array_like
            1-D numbers, any length (an empty batch changes nothing). NaN,
            None, pd.NA and +/-inf are counted in `n_missing`.
        name, column : str, optional
            How error messages name the input and its data-frame column.

        Returns
        -------
        sketch : HistogramSketch
            This sketch, for chaining.

        Raises
        ------
        DtypeError
            If `values` is not numeric.
        ShapeError
            If `values` is not one-dimensional.

        Examples
        --------
        >>> from driftscope import HistogramSketch
        >>> HistogramSketch([0.0, 1.0, 2.0]).update([0.0, 1.0, None]).counts
        array([1, 1])
        """
        a = as_numeric_batch(values, name, column=column)
        finite = np.isfinite(a)
        if not finite.all():
            a = a[finite]
            self.n_missing += int(finite.size - a.size)
        if a.size:
            self.counts += np.bincount(self._bin_index(a), minlength=self.counts.size)
        return self

    def _bin_index(self, a: np.ndarray) -> np.ndarray:
        """Bin of each finite value: ``searchsorted(edges[1:-1], a, side="right")``.

        side="right" puts x == edges[i] in bin i, as `bin_counts` does. A
        binary search per value costs a branch mispredicted at every level;
        a lookup table over a uniform grid of the edge range guesses the bin
        in three array operations instead, and a fix-up moves each guess to
        the bin with ``edges[b] <= x < edges[b+1]``, so the result is the
        same whatever the table says (the table only makes it faster).
        """
        if self._lut is None:
            self._lut = _lookup_table(self.edges)
        if not self._lut:  # few edges, or edges too crowded somewhere: binary search
            return np.searchsorted(self.edges[1:-1], a, side="right")
        lo, scale, table = self._lut
        with np.errstate(over="ignore"):  # |x| near 1e308: clipped just below
            cell = (a - lo) * scale
        np.clip(cell, -1.0, table.size - 2.0, out=cell)
        cell += 1.0
        b = np.take(table, cell.astype(np.intp))
        edges = self.edges
        while True:  # up: x at or above the bin's right edge
            up = a >= np.take(edges, b + 1)
            if not up.any():
                break
            b += up
        while True:  # down: x below the bin's left edge
            down = a < np.take(edges, b)
            if not down.any():
                break
            b -= down
        return b

    def merge(self, other: HistogramSketch) -> HistogramSketch:
        """The sketch of both streams together: counts added, a new sketch.

        Parameters
        ----------
        other : HistogramSketch
            A sketch with identical edges.

        Returns
        -------
        merged : HistogramSketch
            Counts and `n_missing` added. Associative and commutative.

        Raises
        ------
        DtypeError
            If `other` is not a `HistogramSketch`.
        SketchMismatchError
            If the edges (or the recorded quantiles) differ.

        Examples
        --------
        >>> from driftscope import HistogramSketch
        >>> a = HistogramSketch([0.0, 1.0, 2.0]).update([0.5])
        >>> b = a.empty_like().update([1.5, 1.7])
        >>> a.merge(b).counts
        array([1, 2])
        """
        if not isinstance(other, HistogramSketch):
            raise DtypeError(f"other: expected a HistogramSketch, got {type(other).__name__}",
                             name="other")
        _check_same_edges(self, other, ("sketch", "other"))
        merged = self.copy()
        merged.counts += other.counts
        merged.n_missing += other.n_missing
        if merged.quantiles is None:
            merged.quantiles = other.quantiles
        return merged

    def __add__(self, other: Any) -> HistogramSketch:
        if not isinstance(other, HistogramSketch):
            return NotImplemented
        return self.merge(other)

    def __radd__(self, other: Any) -> HistogramSketch:
        if isinstance(other, numbers.Integral) and other == 0:  # sum(sketches)
            return self.copy()
        return NotImplemented

    # derived views ---------------------------------------------------------------------------

    @property
    def n(self) -> int:
        """Finite values seen (the sum of `counts`)."""
        return int(self.counts.sum())

    @property
    def n_bins(self) -> int:
        """Number of bins, ``len(edges) - 1``."""
        return self.counts.size

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (edges, counts, quantiles and the lookup
        table `update` builds on first use): ``O(n_bins)``."""
        q = 0 if self.quantiles is None else self.quantiles.nbytes
        lut = self._lut[2].nbytes if self._lut else 0
        return self.edges.nbytes + self.counts.nbytes + q + lut

    def coarsen(self, bins: int) -> HistogramSketch:
        """The same counts on `bins` reference-quantile bins, exactly `psi`'s bins.

        Parameters
        ----------
        bins : int
            Coarse bins; must divide the number of quantile levels ``B`` the
            sketch was built with (``len(quantiles) + 1``).

        Returns
        -------
        coarse : HistogramSketch
            Interior edges ``unique(quantiles[B/bins - 1 :: B/bins])``, which
            are ``bin_edges(reference, bins)``; each coarse count is a sum of
            fine counts, so nothing is approximated.

        Raises
        ------
        ParameterError
            If the sketch has no quantiles or `bins` does not divide ``B``.

        Examples
        --------
        >>> import numpy as np
        >>> from driftscope import HistogramSketch, bin_edges
        >>> reference = np.random.default_rng(2043).normal(size=1_000)
        >>> fine = HistogramSketch.from_reference(reference, bins=100)
        >>> bool(np.array_equal(fine.coarsen(10).edges, bin_edges(reference, 10)))
        True
        """
        coarse_quantiles = _coarse_quantiles(self, bins, "sketch")
        return self._rebin(np.unique(coarse_quantiles), coarse_quantiles)

    def _rebin(self, interior: np.ndarray, quantiles: np.ndarray | None = None) -> HistogramSketch:
        # `interior` must be a subset of this sketch's interior edges.
        fine = self.edges[1:-1]
        position = np.searchsorted(fine, interior)
        cumulative = np.concatenate(([0], np.cumsum(self.counts)))
        cut = np.concatenate(([0], position + 1, [self.counts.size]))
        return HistogramSketch(np.concatenate(([-np.inf], interior, [np.inf])),
                               quantiles=quantiles, counts=np.diff(cumulative[cut]),
                               n_missing=self.n_missing)

    # plain structure ---------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """The sketch as plain Python lists and numbers, valid strict JSON.

        Returns
        -------
        data : dict
            ``{"type": "HistogramSketch", "version": 1, "interior_edges":
            [...], "counts": [...], "n_missing": int, "quantiles": [...] or
            None}``. The outer edges (always -inf and +inf) are left out, so
            ``json.dumps(data, allow_nan=False)`` works.

        Examples
        --------
        >>> from driftscope import HistogramSketch
        >>> HistogramSketch([0.0, 1.0, 2.0]).update([0.5, 3.0]).to_dict()
        {'type': 'HistogramSketch', 'version': 1, 'interior_edges': [1.0], 'counts': [1, 1], 'n_missing': 0, 'quantiles': None}
        """
        return {"type": "HistogramSketch", "version": _FORMAT_VERSION,
                "interior_edges": self.edges[1:-1].tolist(), "counts": self.counts.tolist(),
                "n_missing": self.n_missing,
                "quantiles": None if self.quantiles is None else self.quantiles.tolist()}

    @classmethod
    def from_dict(cls, data: Mapping) -> HistogramSketch:
        """Rebuild a sketch from `to_dict`'s structure (validated like `from_counts`)."""
        data = _check_dict(data, "HistogramSketch", ("interior_edges", "counts", "n_missing"))
        interior = as_1d(data["interior_edges"], "interior_edges", None)
        if interior.dtype.kind == "O" and interior.size == 0:
            interior = interior.astype(np.float64)
        if interior.dtype.kind not in "iuf":
            raise DtypeError(f"interior_edges: expected numbers, got dtype {interior.dtype}",
                             name="interior_edges")
        edges = np.concatenate(([-np.inf], interior.astype(np.float64), [np.inf]))
        return cls.from_counts(edges, data["counts"], n_missing=data["n_missing"],
                               quantiles=data.get("quantiles"))

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, HistogramSketch):
            return NotImplemented
        same_q = (self.quantiles is None) == (other.quantiles is None) and (
            self.quantiles is None or np.array_equal(self.quantiles, other.quantiles))
        return (np.array_equal(self.edges, other.edges) and np.array_equal(self.counts, other.counts)
                and self.n_missing == other.n_missing and same_q)

    def __repr__(self) -> str:
        return (f"HistogramSketch(n_bins={self.n_bins}, n={self.n}, n_missing={self.n_missing}"
                f"{'' if self.quantiles is None else f', quantile_bins={self.quantiles.size + 1}'})")


_LUT_CELLS_PER_BIN = 64
_LUT_MAX_EDGES_PER_CELL = 4


def _lookup_table(edges: np.ndarray) -> tuple:
    """``(lo, scale, table)`` for `HistogramSketch._bin_index`, or ``()`` to binary-search.

    Cell ``c = floor((x - lo) * scale) + 1`` (clipped to ``0 .. cells + 1``)
    maps to ``table[c]``, the bin of the cell's left end: a guess within a
    few bins of the truth. ``64 * n_bins`` cells: O(bins) memory.
    """
    interior = edges[1:-1]
    if interior.size < 8:
        return ()
    cells = _LUT_CELLS_PER_BIN * interior.size
    lo = float(interior[0])
    with np.errstate(over="ignore", divide="ignore"):
        scale = cells / (float(interior[-1]) - lo)
    if not math.isfinite(scale) or scale <= 0:
        return ()
    starts = lo + (np.arange(cells + 2) - 1.0) / scale
    # intp, not a smaller integer: the bin indices then need no conversion.
    table = np.searchsorted(interior, starts, side="right").astype(np.intp)
    if int(np.max(np.diff(table))) > _LUT_MAX_EDGES_PER_CELL:
        return ()  # e.g. heavy tails: most edges in a few cells, the fix-up would loop
    return (lo, scale, table)


def _counts_from_buckets(buckets: Mapping, n_bins: int) -> tuple[np.ndarray, int]:
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


def _check_dict(data: Any, kind: str, keys: tuple[str, ...]) -> Mapping:
    if not isinstance(data, Mapping):
        raise DtypeError(f"data: expected a dict from to_dict(), got {type(data).__name__}",
                         name="data")
    if data.get("type") != kind:
        raise ParameterError(f"data: type is {data.get('type')!r}, expected {kind!r}", name="data")
    if data.get("version", _FORMAT_VERSION) != _FORMAT_VERSION:
        raise ParameterError(f"data: format version {data.get('version')!r} is not supported "
                             f"(this driftscope reads version {_FORMAT_VERSION})", name="data")
    missing = [k for k in keys if k not in data]
    if missing:
        raise ParameterError(f"data: missing key(s) {', '.join(map(repr, missing))}", name="data")
    return data


def _coarse_quantiles(sketch: HistogramSketch, bins: Any, name: str) -> np.ndarray:
    bins = check_positive_int(bins, "bins")
    if sketch.quantiles is None:
        raise ParameterError(
            f"bins={bins} needs the reference quantiles, and {name} has none (it was not built "
            "by from_reference); pass bins=None to compare on the sketch's own bins",
            name="bins")
    fine = sketch.quantiles.size + 1
    if fine % bins:
        raise ParameterError(
            f"bins={bins} does not divide the {fine} quantile bins of {name}; use a divisor "
            f"of {fine}, or build the reference with a multiple of {bins} bins", name="bins")
    step = fine // bins
    return sketch.quantiles[step - 1::step]


def _check_same_edges(a: HistogramSketch, b: HistogramSketch, names: tuple[str, str]) -> None:
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


# --- categorical columns -----------------------------------------------------------------------

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
            if not isinstance(counts, Mapping):
                raise DtypeError(f"counts: expected a mapping label -> count, got "
                                 f"{type(counts).__name__}", name="counts")
            labels = list(counts)
            values = np.empty(len(labels), dtype=object)
            values[:] = [counts[k] for k in labels]
            for label, c in zip(labels, as_counts(values, None, "counts").tolist()):
                self.counts[label] = self.counts.get(label, 0) + c

    @classmethod
    def from_reference(cls, reference: Any) -> CategorySketch:
        """Sketch a reference sample of labels.

        Parameters
        ----------
        reference : array_like
            1-D labels. Missing labels are counted in `n_missing`.

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
        return cls._from_reference(reference, "reference", None)

    @classmethod
    def _from_reference(cls, reference: Any, name: str, column: Any) -> CategorySketch:
        labels, counts, n_missing = as_category_counts(reference, name, column=column)
        sketch = cls()
        sketch._add(labels, counts, n_missing)
        return sketch

    def _add(self, labels: np.ndarray, counts: np.ndarray, n_missing: int) -> None:
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
        self._add(labels, counts, n_missing)
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
        if not isinstance(other, CategorySketch):
            raise DtypeError(f"other: expected a CategorySketch, got {type(other).__name__}",
                             name="other")
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
        return {"type": "CategorySketch", "version": _FORMAT_VERSION, "categories": labels,
                "counts": [self.counts[k] for k in labels], "n_missing": self.n_missing}

    @classmethod
    def from_dict(cls, data: Mapping) -> CategorySketch:
        """Rebuild a sketch from `to_dict`'s structure."""
        data = _check_dict(data, "CategorySketch", ("categories", "counts", "n_missing"))
        labels, counts = list(data["categories"]), list(data["counts"])
        if len(labels) != len(counts):
            raise LengthMismatchError(f"counts: {len(counts)} counts for {len(labels)} categories",
                                      name="counts")
        try:
            mapping = dict(zip(labels, counts))
        except TypeError:
            raise DtypeError("categories: labels must be hashable", name="categories") from None
        if len(mapping) != len(labels):
            raise ParameterError("categories: a label is listed twice", name="categories")
        return cls(mapping, n_missing=data["n_missing"])

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, CategorySketch):
            return NotImplemented
        strip = lambda d: {k: v for k, v in d.items() if v}  # noqa: E731
        return strip(self.counts) == strip(other.counts) and self.n_missing == other.n_missing

    def __repr__(self) -> str:
        return f"CategorySketch(n_categories={len(self.counts)}, n={self.n}, n_missing={self.n_missing})"


def profile_kind(column: Any, dtype: Any, categorical: Any) -> str:
    """``"numerical"`` or ``"categorical"``: how `Profile.from_frame` sketches a column.

    Numbers (not booleans) get a `HistogramSketch` unless named in
    `categorical`; everything else a `CategorySketch`. Timestamps are an
    error: they move by construction, so a profile of them alarms forever.
    """
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype):
        raise DtypeError(f"reference (column {column!r}): dtype {dtype}; sketch numbers derived "
                         "from the timestamps instead, or leave the column out with "
                         "columns=[...]", name="reference", column=column)
    numeric = pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
    return "numerical" if numeric and column not in categorical else "categorical"


def ordered_labels(labels: Any) -> list:
    labels = list(labels)
    try:
        return sorted(labels)
    except TypeError:
        return labels


# --- data frames -------------------------------------------------------------------------------

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
        if not isinstance(sketches, Mapping):
            raise DtypeError(f"sketches: expected a mapping column -> sketch, got "
                             f"{type(sketches).__name__}", name="sketches")
        for column, sketch in sketches.items():
            if not isinstance(sketch, (HistogramSketch, CategorySketch)):
                raise DtypeError(f"sketches (column {column!r}): expected a HistogramSketch or "
                                 f"CategorySketch, got {type(sketch).__name__}",
                                 name="sketches", column=column)
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
        import pandas as pd

        if not isinstance(reference, pd.DataFrame):
            raise DtypeError(f"reference must be a pandas DataFrame, got {type(reference).__name__}",
                             name="reference")
        bins = check_positive_int(bins, "bins")
        columns = list(reference.columns) if columns is None else list(columns)
        categorical = set(categorical)
        for c in (*columns, *categorical):
            if c not in reference.columns:
                raise ParameterError(f"columns: {c!r} is not a column of reference", name="columns",
                                     column=c)
        if reference.shape[0] == 0 or not columns:
            raise EmptySampleError("reference has no rows or no columns to sketch", name="reference")
        sketches = {}
        for c in columns:
            series = reference[c]
            if profile_kind(c, series.dtype, categorical) == "numerical":
                sketches[c] = HistogramSketch._from_reference(series, bins, "reference", c)
            else:
                sketches[c] = CategorySketch._from_reference(series, "reference", c)
        return cls(sketches)

    def empty_like(self) -> Profile:
        """A profile with the same columns and bins and no values yet."""
        return Profile({c: s.empty_like() for c, s in self._sketches.items()})

    def sketch_like(self, batch: Any) -> Profile:
        """A new profile of `batch` on this profile's columns and bins.

        Equal to ``self.empty_like().update(batch)``; map it over partitions
        and add the results.
        """
        return self.empty_like().update(batch)

    def update(self, batch: Any) -> Profile:
        """Fold a batch (a DataFrame with the profile's columns) in, in place; return self.

        Raises `DtypeError` if `batch` is not a DataFrame or a column has the
        wrong kind of values, `SketchMismatchError` if a column is missing.
        """
        import pandas as pd

        if not isinstance(batch, pd.DataFrame):
            raise DtypeError(f"batch must be a pandas DataFrame, got {type(batch).__name__}",
                             name="batch")
        missing = [c for c in self._sketches if c not in batch.columns]
        if missing:
            raise SketchMismatchError(
                f"batch is missing column(s) {', '.join(map(repr, missing))} of the profile",
                name="batch", column=missing[0])
        for c, sketch in self._sketches.items():
            sketch.update(batch[c], name="batch", column=c)
        return self

    def merge(self, other: Profile) -> Profile:
        """Column by column sum of two profiles with the same columns (a new profile)."""
        if not isinstance(other, Profile):
            raise DtypeError(f"other: expected a Profile, got {type(other).__name__}", name="other")
        if list(self._sketches) != list(other._sketches):
            raise SketchMismatchError(
                f"other has columns {list(other._sketches)}, expected {list(self._sketches)}",
                name="other")
        merged = {}
        for c, sketch in self._sketches.items():
            theirs = other._sketches[c]
            if type(theirs) is not type(sketch):
                raise SketchMismatchError(
                    f"other (column {c!r}): a {type(theirs).__name__}, expected a "
                    f"{type(sketch).__name__}", name="other", column=c)
            try:
                merged[c] = sketch.merge(theirs)
            except SketchMismatchError as exc:
                raise SketchMismatchError(f"column {c!r}: {exc}", name="other", column=c) from None
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
        return {"type": "Profile", "version": _FORMAT_VERSION,
                "columns": [{"column": c, "sketch": s.to_dict()} for c, s in self._sketches.items()]}

    @classmethod
    def from_dict(cls, data: Mapping) -> Profile:
        """Rebuild a profile from `to_dict`'s structure."""
        data = _check_dict(data, "Profile", ("columns",))
        sketches = {}
        for entry in data["columns"]:
            kind = entry["sketch"].get("type") if isinstance(entry.get("sketch"), Mapping) else None
            reader = {"HistogramSketch": HistogramSketch, "CategorySketch": CategorySketch}.get(kind)
            if reader is None:
                raise ParameterError(f"data: column {entry.get('column')!r} has an unknown sketch "
                                     f"type {kind!r}", name="data")
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


# --- statistics on two sketches ----------------------------------------------------------------

def _check_nonempty(sketch: Any, name: str) -> None:
    check_not_empty(sketch.n + sketch.n_missing, sketch.n, name)


def aligned_counts(reference: Any, current: Any, bins: Any) -> tuple[np.ndarray, np.ndarray]:
    """Counts of two sketches over the same bins (or categories)."""
    for name, sketch in (("reference", reference), ("current", current)):
        if not isinstance(sketch, (HistogramSketch, CategorySketch)):
            raise DtypeError(f"{name}: expected a HistogramSketch or CategorySketch, got "
                             f"{type(sketch).__name__}", name=name)
    if type(reference) is not type(current):
        raise DtypeError(f"current: a {type(current).__name__} cannot be compared with a "
                         f"{type(reference).__name__} reference", name="current")
    _check_nonempty(reference, "reference")
    _check_nonempty(current, "current")
    if isinstance(reference, CategorySketch):
        labels = ordered_labels({**reference.counts, **current.counts})
        return (np.array([reference.counts.get(k, 0) for k in labels], dtype=np.int64),
                np.array([current.counts.get(k, 0) for k in labels], dtype=np.int64))
    _check_same_edges(reference, current, ("reference", "current"))
    if bins is None:
        return reference.counts, current.counts
    interior = np.unique(_coarse_quantiles(reference, bins, "reference"))
    return reference._rebin(interior).counts, current._rebin(interior).counts


_COMMON_RAISES = """
    Raises
    ------
    DtypeError
        If an input is not a sketch, or the two are of different kinds.
    EmptySampleError, AllNaNError
        If a sketch holds no value, or only missing ones.
    SketchMismatchError
        If the two histogram sketches have different edges.
    ParameterError
        If a parameter is out of its domain, or `bins` is given and the
        reference sketch has no quantiles or `bins` does not divide them."""


def sketch_psi(reference: Any, current: Any, *, bins: int | None = 10,
               epsilon: float = 1e-4) -> float:
    """Population stability index from two sketches.

    Parameters
    ----------
    reference, current : HistogramSketch or CategorySketch
        Sketches of the same kind; histogram sketches with identical edges.
    bins : int or None, default 10
        Histogram sketches only (ignored for categories): compare on the
        `bins` reference-quantile bins rebuilt from the reference sketch's
        quantiles, exactly `psi`'s bins; None compares on the sketches' own
        (fine) bins.
    epsilon : float, default 1e-4
        Replaces every empty share, as in `psi`.

    Returns
    -------
    psi : float
        ``psi_from_counts`` of the two count vectors.
%s

    See Also
    --------
    psi : The same number from the raw samples.
    HistogramSketch.coarsen : The coarse bins used with `bins`.

    Notes
    -----
    With ``reference = HistogramSketch.from_reference(ref, bins=B)``, `bins`
    dividing ``B`` and ``current`` any sketch with the reference's edges,
    ``sketch_psi(reference, current, bins=b) == psi(ref, cur, bins=b)``
    exactly: the coarse bins are unions of fine bins (see the module
    docstring), so the counts, the shares and the sum are the same numbers.
    On a sketch without quantiles (e.g. from SQL with other edges) pass
    ``bins=None``: the PSI on the sketch's own bins, again exactly
    `psi_from_counts` on the raw data binned alike.

    Examples
    --------
    >>> import numpy as np
    >>> from driftscope import HistogramSketch, psi, sketch_psi
    >>> rng = np.random.default_rng(2043)
    >>> ref, cur = rng.normal(0, 1, 5_000), rng.normal(0.3, 1, 5_000)
    >>> reference = HistogramSketch.from_reference(ref, bins=100)
    >>> current = reference.empty_like()
    >>> for batch in np.array_split(cur, 7):
    ...     _ = current.update(batch)
    >>> sketch_psi(reference, current) == psi(ref, cur)
    True
    """
    epsilon = check_positive(epsilon, "epsilon", why=EPSILON_WHY)
    ref_counts, cur_counts = aligned_counts(reference, current, bins)
    return K.psi_shares(ref_counts / ref_counts.sum(), cur_counts / cur_counts.sum(), epsilon)


def sketch_kl(reference: Any, current: Any, *, bins: int | None = None, epsilon: float = 0.0,
              base: float | None = None) -> float:
    """Kullback-Leibler divergence ``KL(current || reference)`` from two sketches.

    Parameters
    ----------
    reference, current : HistogramSketch or CategorySketch
        Sketches of the same kind; histogram sketches with identical edges.
    bins : int or None, default None
        None: the sketches' own bins. An integer: the reference-quantile
        bins as in `sketch_psi` (histogram sketches only).
    epsilon, base : float
        As in `kl_divergence`.

    Returns
    -------
    kl : float
        ``kl_divergence(current_counts, reference_counts, epsilon, base)``:
        ``inf`` when the current sample fills a bin the reference left
        empty and ``epsilon == 0``.
%s

    See Also
    --------
    kl_divergence : The same number from the counts.

    Notes
    -----
    The current window is the first argument of the divergence, as the
    `kl_divergence` documentation recommends. The result equals
    `kl_divergence` on the raw data binned on the same edges, exactly.

    Examples
    --------
    >>> from driftscope import HistogramSketch, sketch_kl
    >>> reference = HistogramSketch([0.0, 1.0, 2.0]).update([0.5, 1.5])
    >>> current = reference.empty_like().update([0.5, 0.6, 0.7, 1.5])
    >>> sketch_kl(reference, current, base=2)   # 0.75 log2(1.5) + 0.25 log2(0.5)
    0.1887219
    """
    ref_counts, cur_counts = aligned_counts(reference, current, bins)
    return kl_divergence(cur_counts, ref_counts, epsilon=epsilon, base=base)


def sketch_js_distance(reference: Any, current: Any, *, bins: int | None = None,
                       base: float | None = 2) -> float:
    """Jensen-Shannon distance from two sketches.

    Parameters
    ----------
    reference, current : HistogramSketch or CategorySketch
        Sketches of the same kind; histogram sketches with identical edges.
    bins : int or None, default None
        As in `sketch_kl`.
    base : float or None, default 2
        As in `js_distance`; with 2 the distance lies in [0, 1].

    Returns
    -------
    distance : float
        ``js_distance`` of the two count vectors (symmetric).
%s

    See Also
    --------
    js_distance : The same number from the counts.

    Examples
    --------
    >>> from driftscope import CategorySketch, sketch_js_distance
    >>> reference = CategorySketch({"a": 1, "b": 1})
    >>> sketch_js_distance(reference, CategorySketch({"a": 9, "b": 1}))
    0.3831359
    >>> sketch_js_distance(reference, CategorySketch({"c": 5}))   # only unseen categories
    1.0
    """
    ref_counts, cur_counts = aligned_counts(reference, current, bins)
    return js_distance(ref_counts, cur_counts, base=base)


def sketch_hellinger(reference: Any, current: Any, *, bins: int | None = None) -> float:
    """Hellinger distance from two sketches.

    Parameters
    ----------
    reference, current : HistogramSketch or CategorySketch
        Sketches of the same kind; histogram sketches with identical edges.
    bins : int or None, default None
        As in `sketch_kl`.

    Returns
    -------
    distance : float
        ``hellinger`` of the two count vectors, in [0, 1].
%s

    See Also
    --------
    hellinger : The same number from the counts.

    Examples
    --------
    >>> from driftscope import CategorySketch, sketch_hellinger
    >>> sketch_hellinger(CategorySketch({"a": 1, "b": 1}), CategorySketch({"a": 9, "b": 1}))
    0.3249197
    """
    ref_counts, cur_counts = aligned_counts(reference, current, bins)
    return hellinger(ref_counts, cur_counts)


for _f in (sketch_psi, sketch_kl, sketch_js_distance, sketch_hellinger):
    if _f.__doc__:  # None under python -OO
        _f.__doc__ = _f.__doc__ % _COMMON_RAISES
del _f


class KSBound(NamedTuple):
    """An interval ``[lower, upper]`` that contains the exact two-sample KS statistic.

    Returned by `sketch_ks_bound`; unpacks as ``lower, upper``.
    """

    lower: float
    upper: float

    @property
    def width(self) -> float:
        """``upper - lower``: how much the bins hide."""
        return self.upper - self.lower

    def __contains__(self, statistic: Any) -> bool:
        return self.lower <= statistic <= self.upper


def sketch_ks_bound(reference: Any, current: Any) -> KSBound:
    """Bounds on the two-sample Kolmogorov-Smirnov statistic from two histogram sketches.

    Parameters
    ----------
    reference, current : HistogramSketch
        Sketches with identical edges.

    Returns
    -------
    bound : KSBound
        ``(lower, upper)`` with ``lower <= D <= upper`` for the KS statistic
        ``D = ks_test(ref, cur).statistic`` of *every* pair of samples with
        these counts, and both ends attained by some such pair: no tighter
        interval can be had from the counts. ``upper - lower`` is at most the
        largest share any single bin holds in either sample.

    Raises
    ------
    DtypeError
        If an input is not a `HistogramSketch` (categories have no order).
    EmptySampleError, AllNaNError
        If a sketch holds no value, or only missing ones.
    SketchMismatchError
        If the two sketches have different edges.

    See Also
    --------
    ks_test : The exact statistic and its p-value, from the raw samples.

    Notes
    -----
    Let ``F`` and ``G`` be the empirical CDFs of the reference and current
    samples (``F(x)`` = share of values ``<= x``), ``e_0 = -inf < e_1 < ...
    < e_k = +inf`` the edges, ``p_i`` and ``q_i`` the shares in bin
    ``[e_i, e_{i+1})``, and ``A_i = p_0 + ... + p_{i-1}``,
    ``B_i = q_0 + ... + q_{i-1}`` the cumulative shares, which are the
    left limits ``F(e_i-)`` and ``G(e_i-)`` (``A_0 = B_0 = 0``,
    ``A_k = B_k = 1``). The bound is

    .. math::

        L = \\max_i |A_i - B_i|, \\qquad
        U = \\max_{0 \\le i < k} \\max(A_{i+1} - B_i, \\; B_{i+1} - A_i).

    *Lower.* ``F(e_i-) - G(e_i-)`` is the limit of ``F(x) - G(x)`` as ``x``
    rises to ``e_i``, so its absolute value is at most
    ``D = sup_x |F(x) - G(x)|``; hence ``L <= D``.

    *Upper.* Every finite ``x`` lies in one bin, ``e_i <= x < e_{i+1}``.
    ``F(x)`` counts all values below ``e_i`` and no value at or above
    ``e_{i+1}``, so ``A_i <= F(x) <= A_{i+1}``; likewise
    ``B_i <= G(x) <= B_{i+1}``. Then ``F(x) - G(x) <= A_{i+1} - B_i`` and
    ``G(x) - F(x) <= B_{i+1} - A_i``; taking the supremum over ``x`` gives
    ``D <= U``.

    *Sharpness.* Putting each bin's values of both samples at one common
    point inside the bin makes ``F - G`` constant on bins with value
    ``A_{i+1} - B_{i+1}``, so ``D = L``. Putting bin ``i``'s reference
    values at ``e_i`` and its current values just below ``e_{i+1}`` makes
    ``F(e_i) - G(e_i) = A_{i+1} - B_i`` (and symmetrically), so ``D = U``.

    *Width.* ``A_{i+1} - B_i = (A_i - B_i) + p_i <= L + p_i`` and
    ``B_{i+1} - A_i <= L + q_i``, so ``U - L <= max_i max(p_i, q_i)``. With
    ``B`` reference-quantile bins and a current sample from a similar
    distribution every bin holds about ``1 / B`` of each sample: the width
    is about ``1 / B`` to ``2 / B`` (0.01 to 0.02 with 100 bins). A
    current sample piled into few bins widens it; ties in the data are
    never split across bins, so discrete data lose nothing extra.

    The shares are computed as ``count / n`` in floating point, the same
    expression `ks_test` evaluates, so the ends match it to rounding
    (``ks_test`` snaps its statistic to the lattice ``h / lcm(n, m)`` for
    exact p-values, which can move it by one ulp).

    Examples
    --------
    >>> import numpy as np
    >>> from driftscope import HistogramSketch, ks_test, sketch_ks_bound
    >>> rng = np.random.default_rng(2043)
    >>> ref, cur = rng.normal(0, 1, 3_000), rng.normal(0.2, 1, 3_000)
    >>> reference = HistogramSketch.from_reference(ref, bins=100)
    >>> bound = sketch_ks_bound(reference, reference.empty_like().update(cur))
    >>> bool(bound.lower <= ks_test(ref, cur).statistic <= bound.upper)
    True
    >>> bool(bound.width <= 0.02)
    True
    """
    for name, sketch in (("reference", reference), ("current", current)):
        if not isinstance(sketch, HistogramSketch):
            raise DtypeError(f"{name}: expected a HistogramSketch (the KS statistic needs ordered "
                             f"values), got {type(sketch).__name__}", name=name)
    _check_nonempty(reference, "reference")
    _check_nonempty(current, "current")
    _check_same_edges(reference, current, ("reference", "current"))
    a = np.concatenate(([0], np.cumsum(reference.counts))) / reference.n
    b = np.concatenate(([0], np.cumsum(current.counts))) / current.n
    lower = float(np.max(np.abs(a - b)))
    upper = float(max(np.max(a[1:] - b[:-1]), np.max(b[1:] - a[:-1])))
    return KSBound(lower, min(max(upper, lower), 1.0))
