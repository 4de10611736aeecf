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

import sys
from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from .. import _kernels as K
from .._validation import check_instance
from ..sketch import CategorySketch, HistogramSketch, aligned_counts, ordered_labels, sketch_ks_bound
from ._base import CATEGORICAL, NUMERICAL, PROFILES, ColumnTest, Measure, Skip
from .display import categorical_figure, new_categories_note, numerical_figure
from .watchtower import PSI_FLOOR, WatchtowerPolicy, effect_row

__all__ = ["SketchPolicy", "HistogramTest", "CategorySketchTest", "SketchPair", "NUMERIC_TEST",
           "CATEGORICAL_TEST"]

NUMERIC_TEST = "PSI + chi-square on bins (BH)"
CATEGORICAL_TEST = "Jensen-Shannon + chi-square (BH)"


@dataclass
class SketchPair:
    """A column's reference and current sketches."""

    reference: HistogramSketch | CategorySketch
    current: HistogramSketch | CategorySketch


@dataclass(frozen=True)
class HistogramTest:
    """PSI on the coarse reference-quantile bins plus chi-square on the fine bins."""

    policy: "SketchPolicy"
    kind: ClassVar[str] = NUMERICAL

    def read(self, column: Any, reference: HistogramSketch, current: HistogramSketch) -> SketchPair:
        return SketchPair(reference, current)

    def measure(self, column: Any, pair: SketchPair) -> Measure:
        ref, cur = pair.reference, pair.current
        ref_counts, cur_counts = aligned_counts(ref, cur, None)
        psi_bins = self.policy.bins if ref.quantiles is not None else None
        coarse_ref, coarse_cur = aligned_counts(ref, cur, psi_bins)
        effect = K.psi_shares(coarse_ref / coarse_ref.sum(), coarse_cur / coarse_cur.sum(),
                              PSI_FLOOR)
        _, pvalue, _ = K.chi_square_homogeneity(ref_counts, cur_counts)
        low, high = sketch_ks_bound(ref, cur)
        return effect_row(self.policy, column, self.kind, NUMERIC_TEST, effect, pvalue,
                          (ref.n, cur.n), (ref.n_missing, cur.n_missing),
                          f"KS statistic in [{low:.3g}, {high:.3g}]")

    def plot(self, pair: SketchPair) -> dict[str, Any]:
        """Shares per fine bin; the two outer bins drawn one typical width wide."""
        ref_counts, cur_counts = aligned_counts(pair.reference, pair.current, None)
        edges = pair.reference.edges.copy()
        interior = edges[1:-1]
        if interior.size == 0:
            edges[0], edges[-1] = -0.5, 0.5
        else:
            # In halves and Python floats: near the float limit the span itself
            # overflows; an outer edge past the limit is drawn at the limit.
            low, high, top = float(interior[0]), float(interior[-1]), sys.float_info.max
            width = (high / 2 - low / 2) / max(interior.size - 1, 1) * 2 or 1.0
            edges[0], edges[-1] = max(low - width, -top), min(high + width, top)
        return numerical_figure(edges, ref_counts / ref_counts.sum(),
                                cur_counts / cur_counts.sum())


@dataclass(frozen=True)
class CategorySketchTest:
    """Jensen-Shannon distance plus chi-square of homogeneity on the category counts."""

    policy: "SketchPolicy"
    kind: ClassVar[str] = CATEGORICAL

    def read(self, column: Any, reference: CategorySketch, current: CategorySketch) -> SketchPair:
        return SketchPair(reference, current)

    def measure(self, column: Any, pair: SketchPair) -> Measure:
        ref, cur = pair.reference, pair.current
        ref_counts, cur_counts = aligned_counts(ref, cur, None)
        effect = K.js_distance_counts(ref_counts, cur_counts)
        _, pvalue, _ = K.chi_square_homogeneity(ref_counts, cur_counts)
        labels = ordered_labels({**ref.counts, **cur.counts})
        return effect_row(self.policy, column, self.kind, CATEGORICAL_TEST, effect, pvalue,
                          (ref.n, cur.n), (ref.n_missing, cur.n_missing),
                          new_categories_note(labels, ref_counts, cur_counts))

    def plot(self, pair: SketchPair) -> dict[str, Any]:
        ref_counts, cur_counts = aligned_counts(pair.reference, pair.current, None)
        labels = ordered_labels({**pair.reference.counts, **pair.current.counts})
        return categorical_figure(labels, ref_counts, cur_counts)


class SketchPolicy(WatchtowerPolicy):
    """PSI or Jensen-Shannon effect size plus a BH-corrected chi-square test, from counts.

    Parameters
    ----------
    alpha, psi_threshold, js_threshold, bins :
        As in `WatchtowerPolicy`; `bins` (the PSI bins) must divide the
        reference profile's fine quantile bins.
    """

    name: ClassVar[str] = "sketch"
    summary: ClassVar[str] = ("the watchtower rule from bin and category counts (chi-square on "
                              "bins for K-S), as computed from profiles, streams or a cluster")
    engine: ClassVar[str] = PROFILES
    # Counts hold no texts: the text parameter of the watchtower policy does not apply.
    defaults: ClassVar[dict[str, Any]] = {k: v for k, v in WatchtowerPolicy.defaults.items()
                                          if k != "roc_auc_threshold"}
    column_tests: ClassVar[dict[str, Callable[..., ColumnTest]]] = {
        NUMERICAL: HistogramTest, CATEGORICAL: CategorySketchTest}

    def plan(self, column: Any, reference: Any, current: Any, explicit: bool) -> ColumnTest | Skip:
        check_instance(current, "current", type(reference), f"a {type(reference).__name__}",
                       column=column, why=" like the reference")
        kind = NUMERICAL if isinstance(reference, HistogramSketch) else CATEGORICAL
        return self.column_tests[kind](self)
