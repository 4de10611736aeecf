"""`HistogramSketch`: counts of a numeric column over fixed bins, mergeable by addition."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from .. import _kernels as K
from .._validation import (
    as_1d,
    as_bucket_counts,
    as_counts,
    as_numeric_batch,
    as_sorted_sample,
    check_bins,
    check_coarse_bins,
    check_count,
    check_edges,
    check_instance,
    check_numeric_dtype,
    check_quantiles,
    check_same_edges,
    check_serialised,
)

__all__ = ["HistogramSketch", "FORMAT_VERSION"]

#: The version of the ``to_dict()`` format of sketches and profiles.
FORMAT_VERSION = 1


def _normalise_edges(edges: Any) -> np.ndarray:
    e = check_edges(edges).copy()
    # bin_counts sends values beyond the outer edges to the outer bins, so only
    # the interior edges matter; storing the outer ones as -inf and +inf makes
    # every bin half-open, [edges[i], edges[i+1]), which SQL can reproduce.
    e[0], e[-1] = -np.inf, np.inf
    return e


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
    def from_reference(cls, reference: Any, bins: int = 100, *, name: str = "reference",
                       column: Any = None) -> HistogramSketch:
        """Sketch a reference sample on fine bins at its own quantiles.

        Parameters
        ----------
        reference : array_like
            1-D numbers. NaN, None and +/-inf are counted in `n_missing`.
        bins : int, default 100
            Fine bins asked for: interior edges at the reference quantiles
            ``j / bins`` (`numpy.quantile`, ``"linear"``), duplicates removed.
            Keep it a multiple of the PSI bins (10) for exact `sketch_psi`.
        name, column : str, optional
            How error messages name the input and its data-frame column.

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
        bins = check_bins(bins)
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
            counts, extra = as_bucket_counts(counts, sketch.counts.size)
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
            K.add_counts(self.counts, np.bincount(self._bin_index(a), minlength=self.counts.size),
                         name)
        return self

    def _bin_index(self, a: np.ndarray) -> np.ndarray:
        # The lookup table is built on first use and shared by empty_like copies.
        if self._lut is None:
            self._lut = K.bin_lookup_table(self.edges)
        return K.bin_index(a, self.edges, self._lut)

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
        check_instance(other, "other", HistogramSketch, "a HistogramSketch")
        check_same_edges(self, other, ("sketch", "other"))
        merged = self.copy()
        K.add_counts(merged.counts, other.counts, "other")
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
        return K.count_total(self.counts)

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
        coarse = self.coarse_quantiles(bins)
        return self.rebin(np.unique(coarse), coarse)

    def coarse_quantiles(self, bins: Any, *, name: str = "sketch") -> np.ndarray:
        """The reference quantiles at levels ``k / bins``, read off this sketch's fine ones.

        `bins` must divide the sketch's ``B`` quantile bins; `name` is how
        the error messages call this sketch.
        """
        step = check_coarse_bins(check_bins(bins), self.quantiles, name)
        return self.quantiles[step - 1::step]

    def rebin(self, interior: np.ndarray, quantiles: np.ndarray | None = None) -> HistogramSketch:
        """The counts on coarser bins whose interior edges `interior` are some of this sketch's.

        Parameters
        ----------
        interior : numpy.ndarray
            Strictly increasing, a subset of ``edges[1:-1]`` (not checked:
            `coarsen` and the sketch statistics pass the reference's own).
        quantiles : numpy.ndarray, optional
            The reference quantiles of the coarse bins.
        """
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
        return {"type": "HistogramSketch", "version": FORMAT_VERSION,
                "interior_edges": self.edges[1:-1].tolist(), "counts": self.counts.tolist(),
                "n_missing": self.n_missing,
                "quantiles": None if self.quantiles is None else self.quantiles.tolist()}

    @classmethod
    def from_dict(cls, data: Mapping) -> HistogramSketch:
        """Rebuild a sketch from `to_dict`'s structure (validated like `from_counts`)."""
        data = check_serialised(data, "HistogramSketch", ("interior_edges", "counts", "n_missing"), FORMAT_VERSION)
        interior = as_1d(data["interior_edges"], "interior_edges", None)
        if interior.dtype.kind == "O" and interior.size == 0:
            interior = interior.astype(np.float64)
        check_numeric_dtype(interior, "interior_edges", "iuf")
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
