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

Modules
-------
=======================================  =======================================
`driftscope.sketch.histogram`            `HistogramSketch`
`driftscope.sketch.categories`           `CategorySketch`
`driftscope.sketch.profile`              `Profile`
`driftscope.sketch.statistics`           `sketch_psi`, `sketch_kl`, ...,
                                         `sketch_ks_bound`, `aligned_counts`
=======================================  =======================================
"""

from __future__ import annotations

from ..errors import SketchMismatchError
from .categories import CategorySketch, ordered_labels
from .histogram import FORMAT_VERSION, HistogramSketch
from .profile import Profile, check_batch_kind, profile_kind
from .statistics import (
    KSBound,
    aligned_counts,
    sketch_hellinger,
    sketch_js_distance,
    sketch_kl,
    sketch_ks_bound,
    sketch_psi,
)

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
    "aligned_counts",
    "ordered_labels",
    "profile_kind",
    "check_batch_kind",
    "FORMAT_VERSION",
]
