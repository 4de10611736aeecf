"""The Watchtower's recommended drift policy: effect size *and* corrected significance.

A column drifts only when two independent pieces of evidence agree:

* **the shift is real**: a two-sample test rejects "same distribution" after
  the Benjamini-Hochberg correction over all the columns of the report
  (Kolmogorov-Smirnov for numbers, Pearson's chi-square test of homogeneity
  for categories), at a false discovery rate ``alpha = 0.05``;
* **the shift is large enough to matter**: the effect size reaches its
  threshold (PSI >= 0.1 on ten reference-quantile bins for numbers,
  Jensen-Shannon distance >= 0.1 for categories).

Why both. A p-value measures how *sure* we are that the distributions
differ, not how *much* they differ: with a million rows a shift of 0.01
standard deviations is "significant" at any level, so significance alone
pages the on-call engineer for shifts no model notices (chapter 03's false
alarms). An effect size alone has the opposite failure: on a window of 50
values PSI and Jensen-Shannon are noisy and cross 0.1 by chance. Requiring
both keeps the large-N false alarm and the small-N false alarm out. With
many columns, 5% of unchanged columns would fail an uncorrected test every
window; Benjamini-Hochberg keeps the expected share of false discoveries
among the flagged columns at `alpha` while losing less power than
Bonferroni.

Choices, and why:

* PSI on **reference-quantile** bins (chapter 03's ``quantile_edges``, 10
  bins, empty shares replaced by 1e-4): every bin holds a tenth of the
  reference, so the index does not depend on outliers stretching
  equal-width bins, and its rule of thumb (0.1 moderate, 0.25 major) means
  the same for every column.
* Chi-square **of homogeneity** (a 2 x K contingency table, expected counts
  from the pooled shares, no Yates correction), not Evidently's
  goodness-of-fit against the reference shares: a category the reference
  never saw is an ordinary cell, not an infinite statistic.
* Jensen-Shannon distance with the natural log (range 0 to 0.83), as
  Evidently, so the same 0.1 means the same in both policies; it is finite
  when a category is new, where KL divergence is not.
* Kinds: booleans, strings and pandas categoricals are categorical; integer
  columns (plain, unsigned or nullable) with at most 10 distinct values in
  the two samples pooled are categorical too (counts of things: retries,
  star ratings); other numbers are numerical. Date-times and identifier-like
  string columns (distinct values more than half of the non-missing values
  of both frames) are left out, with the reason, unless named in
  ``columns=``.
* Missing values are dropped and counted; a change of the missing rate of 5
  points or more is written in the column's note (it is often the first
  sign of a broken pipeline) but does not decide the verdict.
* Dataset drift: by default *one* drifted column is enough
  (``drift_share=0``), since a column that passes both tests is a material,
  corrected finding; pass ``drift_share=0.5`` for Evidently's rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import _kernels as K
from .._validation import DtypeError
from ..multitest import benjamini_hochberg
from ._base import CATEGORICAL, NUMERICAL, ColumnDrift, Skip
from ._frames import CategoricalColumn, NumericColumn, is_numeric_dtype, time_column_reason

__all__ = ["WatchtowerPolicy", "NUMERIC_TEST", "CATEGORICAL_TEST"]

NUMERIC_TEST = "PSI + K-S (BH)"
CATEGORICAL_TEST = "Jensen-Shannon + chi-square (BH)"
CATEGORICAL_INT_LIMIT = 10


@dataclass
class _Measure:
    column: Any
    kind: str
    effect: float
    pvalue: float
    n_reference: int
    n_current: int
    missing_reference: int
    missing_current: int
    note: str


def _missing_note(n_ref: int, miss_ref: int, n_cur: int, miss_cur: int) -> str:
    r = miss_ref / (n_ref + miss_ref)
    c = miss_cur / (n_cur + miss_cur)
    if abs(c - r) >= 0.05:
        return f"missing {r:.1%} -> {c:.1%}"
    return ""


class WatchtowerPolicy:
    """PSI or Jensen-Shannon effect size plus a Benjamini-Hochberg-corrected test.

    Parameters
    ----------
    alpha : float
        False discovery rate of the Benjamini-Hochberg correction.
    psi_threshold, js_threshold : float
        Effect sizes a numerical / categorical column must reach.
    bins : int
        Reference-quantile bins of PSI.
    """

    name = "watchtower"
    default_drift_share = 0.0
    numeric_test = NUMERIC_TEST
    categorical_test = CATEGORICAL_TEST

    def __init__(self, alpha: float = 0.05, psi_threshold: float = 0.1,
                 js_threshold: float = 0.1, bins: int = 10):
        self.alpha = alpha
        self.psi_threshold = psi_threshold
        self.js_threshold = js_threshold
        self.bins = bins

    def classify(self, column: Any, reference: pd.Series, current: pd.Series, explicit: bool):
        kinds = []
        for name, s in (("reference", reference), ("current", current)):
            dt = s.dtype
            if pd.api.types.is_bool_dtype(dt) or isinstance(dt, pd.CategoricalDtype):
                kinds.append(CATEGORICAL)
            elif is_numeric_dtype(dt):
                kinds.append(NUMERICAL)
            elif (reason := time_column_reason(dt)) is not None:
                if explicit:
                    raise DtypeError(f"column {column!r}: {reason}", name=name, column=column)
                return Skip(reason)
            elif pd.api.types.is_object_dtype(dt) or pd.api.types.is_string_dtype(dt):
                kinds.append("object")
            else:
                raise DtypeError(f"column {column!r}: unsupported dtype {dt} in {name}",
                                 name=name, column=column)
        if NUMERICAL in kinds and kinds[0] != kinds[1]:
            raise DtypeError(
                f"column {column!r}: numbers in one frame but not the other "
                f"(reference dtype {reference.dtype}, current dtype {current.dtype}); "
                "convert one of them first", name="current", column=column)
        if kinds[0] == NUMERICAL:
            if pd.api.types.is_integer_dtype(reference.dtype) and pd.api.types.is_integer_dtype(current.dtype):
                pooled = pd.concat([reference, current], ignore_index=True)
                if pooled.nunique() <= CATEGORICAL_INT_LIMIT:
                    return CATEGORICAL
            return NUMERICAL
        if not explicit and "object" in kinds:
            try:
                n_distinct = pd.concat([reference, current], ignore_index=True).nunique()
            except TypeError:
                return Skip("values are not hashable (lists, dicts?), so not categories")
            n_present = int(reference.count() + current.count())
            if n_distinct > 0.5 * n_present and n_distinct > 20:
                return Skip(f"identifier or free text: {n_distinct} distinct values in "
                            f"{n_present} non-missing; name it in columns= to test it anyway")
        return CATEGORICAL

    def measure(self, column: Any, kind: str, data: NumericColumn | CategoricalColumn) -> _Measure:
        if isinstance(data, NumericColumn):
            ref, cur = data.reference, data.current
            edges = K.quantile_edges(ref, self.bins)
            effect = K.psi_shares(K.counts_sorted(ref, edges) / ref.size,
                                  K.counts_sorted(cur, edges) / cur.size, 1e-4)
            pvalue = K.ks_sorted(ref, cur)[1]
            n_ref, n_cur = ref.size, cur.size
            note = ""
        else:
            rc, cc = data.reference_counts, data.current_counts
            effect = math.sqrt(K.js_divergence_shares(rc / rc.sum(), cc / cc.sum()))
            _, pvalue, _ = K.chi_square_homogeneity(rc, cc)
            n_ref, n_cur = data.n_reference, data.n_current
            new = data.categories[(rc == 0) & (cc > 0)]
            note = ""
            if new.size:
                shown = ", ".join(repr(c) for c in new[:5]) + (", ..." if new.size > 5 else "")
                note = f"new categories: {shown}"
        miss = _missing_note(n_ref, data.missing_reference, n_cur, data.missing_current)
        note = "; ".join(x for x in (note, miss) if x)
        return _Measure(column, kind, float(effect), float(pvalue), int(n_ref), int(n_cur),
                        data.missing_reference, data.missing_current, note)

    def decide(self, measures: list[_Measure]) -> list[ColumnDrift]:
        if not measures:
            return []
        raw = np.array([m.pvalue for m in measures])
        adjusted = benjamini_hochberg(raw, alpha=self.alpha).pvalues_adjusted
        rows = []
        for m, p_adj, p_raw in zip(measures, adjusted, raw):
            threshold = self.psi_threshold if m.kind == NUMERICAL else self.js_threshold
            test = self.numeric_test if m.kind == NUMERICAL else self.categorical_test
            significant = bool(p_adj < self.alpha)
            material = bool(m.effect >= threshold)
            verdict = ("significant and material" if significant and material else
                       "significant but small" if significant else
                       "large but not significant" if material else "")
            note = "; ".join(x for x in (verdict, f"raw p-value {p_raw:.3g}", m.note) if x)
            rows.append(ColumnDrift(
                column=m.column, kind=m.kind, test=test, statistic=m.effect, threshold=threshold,
                pvalue=float(p_adj), drifted=significant and material,
                n_reference=m.n_reference, n_current=m.n_current,
                missing_reference=m.missing_reference, missing_current=m.missing_current,
                note=note))
        return rows

    def count_drifted(self, measures: list[_Measure]) -> int | None:
        return None  # the rows' verdicts

    def dataset_drift(self, n_drifted: int, share: float, drift_share: float) -> bool:
        return n_drifted > 0 and share >= drift_share
