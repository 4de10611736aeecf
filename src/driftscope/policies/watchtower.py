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
* Text columns (strings with distinct values more than half of the
  non-missing values of both frames, most of them holding several words):
  the domain classifier of `driftscope.text`, its ROC AUC as the effect
  size (``roc_auc_threshold``, default 0.55, about Cohen's d = 0.2) and the
  one-sided Mann-Whitney test of its held-out scores as the test, corrected
  with the other columns (see `driftscope.policies.text_columns` for why).
  Identifier-like strings (single tokens, such as request ids) are still
  left out.
* Missing values are dropped and counted; a change of the missing rate of 5
  points or more is written in the column's note (it is often the first
  sign of a broken pipeline) but does not decide the verdict.
* Dataset drift: by default *one* drifted column is enough
  (``drift_share=0``), since a column that passes both tests is a material,
  corrected finding; pass ``drift_share=0.5`` for Evidently's rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, ClassVar, Sequence

import numpy as np
import pandas as pd

from .. import _kernels as K
from .._validation import (
    check_bins,
    check_nonnegative,
    check_fraction,
    is_numeric_dtype,
    not_testable,
    numbers_in_one_frame_only,
    time_column_reason,
    unsupported_dtype,
)
from ..multitest import benjamini_hochberg
from ._base import (
    CATEGORICAL,
    FRAMES,
    NUMERICAL,
    TEXT,
    ColumnDrift,
    ColumnTest,
    Measure,
    Skip,
    share_rule,
)
from ._frames import (
    CategoricalColumn,
    NumericColumn,
    categorical_plot,
    numeric_plot,
    read_categorical,
    read_numeric,
)
from .display import join_notes, missing_rate_note, new_categories_note

__all__ = ["WatchtowerPolicy", "NumericTest", "CategoricalTest", "NUMERIC_TEST",
           "CATEGORICAL_TEST", "PSI_FLOOR"]

NUMERIC_TEST = "PSI + K-S (BH)"
CATEGORICAL_TEST = "Jensen-Shannon + chi-square (BH)"
CATEGORICAL_INT_LIMIT = 10
#: PSI's floor for empty reference-quantile bins (chapter 03's ``epsilon``).
PSI_FLOOR = 1e-4


#: Texts looked at to tell messages (several words) from identifiers (one token).
_WORDS_SAMPLE = 1000


def _mostly_words(series: pd.Series) -> bool:
    """Whether most of (the first 1,000) non-missing values are strings of several words."""
    values = series.dropna().iloc[:_WORDS_SAMPLE]
    if values.empty:
        return False
    several = sum(isinstance(v, str) and len(v.split()) > 1 for v in values)
    return several > 0.5 * len(values)


def effect_row(policy: "WatchtowerPolicy", column: Any, kind: str, test: str, effect: float,
               pvalue: float, n: tuple[int, int], missing: tuple[int, int], note: str) -> Measure:
    """A column's measure under an effect-size-plus-test policy, before the correction.

    The row carries the raw p-value and the uncorrected verdict; `decide`
    corrects the p-values over all the columns and rewrites the verdicts.
    """
    threshold = policy.threshold(kind)
    note = join_notes(note, missing_rate_note(n[0], missing[0], n[1], missing[1]))
    return Measure(ColumnDrift(
        column=column, kind=kind, test=test, statistic=float(effect), threshold=threshold,
        pvalue=float(pvalue), drifted=bool(pvalue < policy.alpha and effect >= threshold),
        n_reference=int(n[0]), n_current=int(n[1]), missing_reference=int(missing[0]),
        missing_current=int(missing[1]), note=note))


@dataclass(frozen=True)
class NumericTest:
    """PSI on reference-quantile bins plus the two-sample KS test, from one sort per frame."""

    policy: "WatchtowerPolicy"
    kind: ClassVar[str] = NUMERICAL

    def read(self, column: Any, reference: pd.Series, current: pd.Series) -> NumericColumn:
        return read_numeric(reference, current, column)

    def measure(self, column: Any, data: NumericColumn) -> Measure:
        ref, cur = data.reference, data.current
        edges = K.quantile_edges(ref, self.policy.bins)
        effect = K.psi_shares(K.counts_sorted(ref, edges) / ref.size,
                              K.counts_sorted(cur, edges) / cur.size, PSI_FLOOR)
        pvalue = K.ks_sorted(ref, cur)[1]
        return effect_row(self.policy, column, self.kind, NUMERIC_TEST, effect, pvalue,
                          (ref.size, cur.size), (data.missing_reference, data.missing_current), "")

    def plot(self, data: NumericColumn) -> dict[str, Any]:
        return numeric_plot(data)


@dataclass(frozen=True)
class CategoricalTest:
    """Jensen-Shannon distance plus Pearson's chi-square test of homogeneity."""

    policy: "WatchtowerPolicy"
    kind: ClassVar[str] = CATEGORICAL

    def read(self, column: Any, reference: pd.Series, current: pd.Series) -> CategoricalColumn:
        return read_categorical(reference, current, column)

    def measure(self, column: Any, data: CategoricalColumn) -> Measure:
        rc, cc = data.reference_counts, data.current_counts
        effect = K.js_distance_counts(rc, cc)
        _, pvalue, _ = K.chi_square_homogeneity(rc, cc)
        return effect_row(self.policy, column, self.kind, CATEGORICAL_TEST, effect, pvalue,
                          (data.n_reference, data.n_current),
                          (data.missing_reference, data.missing_current),
                          new_categories_note(data.categories, rc, cc))

    def plot(self, data: CategoricalColumn) -> dict[str, Any]:
        return categorical_plot(data)


class WatchtowerPolicy:
    """PSI or Jensen-Shannon effect size plus a Benjamini-Hochberg-corrected test.

    Parameters
    ----------
    alpha : float, default 0.05
        False discovery rate of the Benjamini-Hochberg correction, in (0, 1).
    psi_threshold, js_threshold : float, default 0.1
        Effect sizes a numerical / categorical column must reach (>= 0).
    roc_auc_threshold : float, default 0.55
        ROC AUC of the domain classifier a text column must reach, in (0, 1).
    bins : int, default 10
        Reference-quantile bins of PSI (>= 1).
    """

    name: ClassVar[str] = "watchtower"
    summary: ClassVar[str] = ("corrected test plus effect size (PSI on reference-quantile bins, "
                              "Jensen-Shannon), the course's recommendation")
    engine: ClassVar[str] = FRAMES
    defaults: ClassVar[dict[str, Any]] = {"alpha": 0.05, "psi_threshold": 0.1,
                                          "js_threshold": 0.1, "bins": 10,
                                          "roc_auc_threshold": 0.55}
    default_drift_share: ClassVar[float] = 0.0
    #: kind -> the test of a column of that kind
    column_tests: ClassVar[dict[str, Callable[..., ColumnTest]]] = {
        NUMERICAL: NumericTest, CATEGORICAL: CategoricalTest}

    def __init__(self, alpha: float = 0.05, psi_threshold: float = 0.1,
                 js_threshold: float = 0.1, bins: int = 10, roc_auc_threshold: float = 0.55):
        self.alpha = check_fraction(alpha, "alpha", open_interval=True)
        self.psi_threshold = check_nonnegative(psi_threshold, "psi_threshold")
        self.js_threshold = check_nonnegative(js_threshold, "js_threshold")
        self.bins = check_bins(bins)
        self.roc_auc_threshold = check_fraction(roc_auc_threshold, "roc_auc_threshold",
                                                open_interval=True)

    @classmethod
    def from_params(cls, **params: Any) -> "WatchtowerPolicy":
        """The policy with `params` (names from `defaults`), the others at their defaults."""
        return cls(**params)

    @property
    def params(self) -> dict[str, Any]:
        """The parameters, by name."""
        return {name: getattr(self, name) for name in self.defaults}

    def threshold(self, kind: str) -> float:
        """The effect size a column of `kind` must reach."""
        if kind == TEXT:
            return self.roc_auc_threshold
        return self.psi_threshold if kind == NUMERICAL else self.js_threshold

    def plan(self, column: Any, reference: pd.Series, current: pd.Series,
             explicit: bool) -> ColumnTest | Skip:
        kind = self.classify(column, reference, current, explicit)
        if isinstance(kind, Skip):
            return kind
        return self.column_tests[kind](self)

    def classify(self, column: Any, reference: pd.Series, current: pd.Series,
                 explicit: bool) -> str | Skip:
        """The kind of a column (see the module notes), or why it is skipped."""
        kinds = []
        for name, s in (("reference", reference), ("current", current)):
            dt = s.dtype
            if pd.api.types.is_bool_dtype(dt) or isinstance(dt, pd.CategoricalDtype):
                kinds.append(CATEGORICAL)
            elif is_numeric_dtype(dt):
                kinds.append(NUMERICAL)
            elif (reason := time_column_reason(dt)) is not None:
                if explicit:
                    raise not_testable(column, reason, name)
                return Skip(reason)
            elif pd.api.types.is_object_dtype(dt) or pd.api.types.is_string_dtype(dt):
                kinds.append("object")
            else:
                raise unsupported_dtype(column, dt, name)
        if NUMERICAL in kinds and kinds[0] != kinds[1]:
            raise numbers_in_one_frame_only(column, reference.dtype, current.dtype)
        if kinds[0] == NUMERICAL:
            if pd.api.types.is_integer_dtype(reference.dtype) and pd.api.types.is_integer_dtype(current.dtype):
                pooled = pd.concat([reference, current], ignore_index=True)
                if pooled.nunique() <= CATEGORICAL_INT_LIMIT:
                    return CATEGORICAL
            return NUMERICAL
        if "object" in kinds:
            try:
                n_distinct = pd.concat([reference, current], ignore_index=True).nunique()
            except TypeError:
                if explicit:
                    return CATEGORICAL  # read_categorical names the problem
                return Skip("values are not hashable (lists, dicts?), so not categories")
            n_present = int(reference.count() + current.count())
            if n_distinct > 0.5 * n_present and n_distinct > 20:
                if _mostly_words(reference) and _mostly_words(current):
                    return TEXT
                if not explicit:
                    return Skip(f"identifier: {n_distinct} distinct values in {n_present} "
                                "non-missing, single tokens; name it in columns= to test it "
                                "as categories anyway")
        return CATEGORICAL

    def decide(self, measures: Sequence[Measure]) -> list[ColumnDrift]:
        """Correct the p-values over the columns (Benjamini-Hochberg), then decide each column."""
        if not measures:
            return []
        raw = np.array([m.row.pvalue for m in measures])
        adjusted = benjamini_hochberg(raw, alpha=self.alpha).pvalues_adjusted
        rows = []
        for m, p_adj, p_raw in zip(measures, adjusted, raw):
            row = m.row
            significant = bool(p_adj < self.alpha)
            material = bool(row.statistic >= row.threshold)
            verdict = ("significant and material" if significant and material else
                       "significant but small" if significant else
                       "large but not significant" if material else "")
            rows.append(replace(row, pvalue=float(p_adj), drifted=significant and material,
                                note=join_notes(verdict, f"raw p-value {p_raw:.3g}", row.note)))
        return rows

    def dataset_drift(self, n_drifted: int, share: float, drift_share: float) -> bool:
        """At least one drifted column, and at least `drift_share` of them."""
        return n_drifted > 0 and share >= drift_share

    def rule(self, drift_share: float) -> str:
        """The data-set rule, in words."""
        if drift_share == 0:
            return "the data set drifts when any column drifts"
        return share_rule(drift_share)
