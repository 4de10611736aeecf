"""The drift policy computable from sketches: ``policy="sketch"`` of `drift_report`.

Every statistic of this policy is a function of bin and category counts, so
it gives the same verdicts, to the last bit, whether the counts come from the
raw data in memory, from a stream folded batch by batch, from the partitions
of a Dask DataFrame (`driftscope.distributed`) or from a SQL ``GROUP BY``.
It is the watchtower policy with its one order-based test replaced:

=============  ==========================================  ==========================
column         effect size (must reach its threshold)      significance (BH-corrected)
=============  ==========================================  ==========================
numerical      PSI on ``bins`` (10) reference-quantile     chi-square test of
               bins, exactly `psi`                          homogeneity on the
                                                            reference profile's fine
                                                            quantile bins (100)
categorical    Jensen-Shannon distance (natural log)       chi-square test of
                                                            homogeneity on the categories
=============  ==========================================  ==========================

A column drifts when both agree (Benjamini-Hochberg at ``alpha``, 0.05, over
the columns of the report); the data set drifts with one drifted column
(``drift_share=0``), as in the watchtower policy.

What sketches can and cannot give exactly:

* PSI on reference-quantile bins: exactly (the coarse bins are unions of the
  fine ones; see `driftscope.sketch`).
* Jensen-Shannon, KL, Hellinger, chi-square on categories or on bins:
  exactly (they are functions of the counts).
* The Kolmogorov-Smirnov statistic: only an interval (`sketch_ks_bound`,
  written in each numerical row's note), because the counts cannot say where
  inside a bin the values lie; its p-value is not computable. Hence the
  chi-square test on the fine bins, which asks the same question ("same
  distribution?") of the binned data.
* Wasserstein: likewise only bounds; not used.

Columns are profiled as `Profile.from_frame` profiles them: numbers (not
booleans) get a `HistogramSketch` on the reference's fine quantile bins,
booleans, strings, objects and pandas categoricals a `CategorySketch`.
Date-times are left out (an error when named in ``columns=``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import _kernels as K
from .._validation import DtypeError
from ..sketch import CategorySketch, HistogramSketch, _aligned_counts, sketch_ks_bound
from ._base import CATEGORICAL, NUMERICAL
from .watchtower import WatchtowerPolicy, _Measure, _missing_note

__all__ = ["SketchPolicy", "NUMERIC_TEST", "CATEGORICAL_TEST"]

NUMERIC_TEST = "PSI + chi-square on bins (BH)"
CATEGORICAL_TEST = "Jensen-Shannon + chi-square (BH)"
_MAX_BARS = 12


@dataclass
class SketchPair:
    """A column's reference and current sketches."""

    reference: HistogramSketch | CategorySketch
    current: HistogramSketch | CategorySketch


class SketchPolicy(WatchtowerPolicy):
    """PSI or Jensen-Shannon effect size plus a BH-corrected chi-square test, from counts.

    Parameters
    ----------
    alpha, psi_threshold, js_threshold, bins :
        As in `WatchtowerPolicy`; `bins` (the PSI bins) must divide the
        reference profile's fine quantile bins.
    """

    name = "sketch"
    numeric_test = NUMERIC_TEST
    categorical_test = CATEGORICAL_TEST

    def measure_sketches(self, column: Any, pair: SketchPair) -> _Measure:
        """The effect size, p-value and note of one column from its two sketches."""
        ref, cur = pair.reference, pair.current
        if type(ref) is not type(cur):
            raise DtypeError(f"column {column!r}: a {type(cur).__name__} in current cannot be "
                             f"compared with a {type(ref).__name__} in reference",
                             name="current", column=column)
        if isinstance(ref, HistogramSketch):
            kind = NUMERICAL
            ref_counts, cur_counts = _aligned_counts(ref, cur, None)
            psi_bins = self.bins if ref.quantiles is not None else None
            coarse_ref, coarse_cur = _aligned_counts(ref, cur, psi_bins)
            effect = K.psi_shares(coarse_ref / coarse_ref.sum(), coarse_cur / coarse_cur.sum(), 1e-4)
            _, pvalue, _ = K.chi_square_homogeneity(ref_counts, cur_counts)
            low, high = sketch_ks_bound(ref, cur)
            note = f"KS statistic in [{low:.3g}, {high:.3g}]"
        else:
            kind = CATEGORICAL
            ref_counts, cur_counts = _aligned_counts(ref, cur, None)
            effect = math.sqrt(K.js_divergence_shares(ref_counts / ref_counts.sum(),
                                                      cur_counts / cur_counts.sum()))
            _, pvalue, _ = K.chi_square_homogeneity(ref_counts, cur_counts)
            labels = _labels(ref, cur)
            new = [labels[i] for i in np.flatnonzero((ref_counts == 0) & (cur_counts > 0))]
            note = ""
            if new:
                note = "new categories: " + ", ".join(repr(c) for c in new[:5]) + (
                    ", ..." if len(new) > 5 else "")
        n_ref, n_cur = ref.n, cur.n
        miss = _missing_note(n_ref, ref.n_missing, n_cur, cur.n_missing)
        note = "; ".join(x for x in (note, miss) if x)
        return _Measure(column, kind, float(effect), float(pvalue), int(n_ref), int(n_cur),
                        int(ref.n_missing), int(cur.n_missing), note)


def _labels(ref: CategorySketch, cur: CategorySketch) -> list:
    from ..sketch import _ordered

    return _ordered({**ref.counts, **cur.counts})


def plot_data(pair: SketchPair) -> dict[str, Any]:
    """The figure of a drifted column from its sketches: shares per fine bin or category."""
    ref, cur = pair.reference, pair.current
    ref_counts, cur_counts = _aligned_counts(ref, cur, None)
    ref_share, cur_share = ref_counts / ref_counts.sum(), cur_counts / cur_counts.sum()
    if isinstance(ref, HistogramSketch):
        edges = ref.edges.copy()
        interior = edges[1:-1]
        if interior.size == 0:
            edges[0], edges[-1] = -0.5, 0.5
        else:
            width = (interior[-1] - interior[0]) / max(interior.size - 1, 1) or 1.0
            edges[0], edges[-1] = interior[0] - width, interior[-1] + width
        return {"type": "numerical", "edges": edges.tolist(), "reference": ref_share.tolist(),
                "current": cur_share.tolist()}
    labels = _labels(ref, cur)
    order = np.argsort(-(ref_share + cur_share), kind="stable")
    top, rest = order[:_MAX_BARS], order[_MAX_BARS:]
    names = [str(labels[i]) for i in top]
    r, c = ref_share[top].tolist(), cur_share[top].tolist()
    if rest.size:
        names.append(f"{rest.size} others")
        r.append(float(ref_share[rest].sum()))
        c.append(float(cur_share[rest].sum()))
    return {"type": "categorical", "labels": names, "reference": r, "current": c}
