"""Evidently 0.7.23's `DataDriftPreset`, reproduced: the ``policy="evidently"`` of `drift_report`.

``Report([DataDriftPreset()]).run(current_data, reference_data)`` (note the
order: *current first*) picks a test per column from the column's type, the
size of the reference and the number of distinct values, runs it, and counts
the drifted columns. This module makes the same choices and computes the
same scores (within floating-point rounding), from one sort per column,
with the kernels of the public statistics (``driftscope._kernels``).

Notes
-----
Read from the installed source of Evidently 0.7.23 (paths relative to
``site-packages/evidently/``).

**1. Column kinds** (``core/datasets.py``, ``infer_column_type``): inferred
from the *current* data frame only, by dtype name:

================================  ==========================================
dtype                             kind
================================  ==========================================
``float16/32/64``                 numerical
``int8/16/32/64``                 categorical if it has <= 10 distinct values
                                  (``INTEGER_CARDINALITY_LIMIT``), else
                                  numerical
``bool``, ``category``            categorical
``object`` whose first and last   text if distinct values > 50% of the
non-missing values are strings,   non-missing values, else categorical
``string``
``datetime64``                    datetime: not tested
anything else: ``uint8``...,      unknown: silently left out of the report
nullable ``Int64``, ``Float64``,
``boolean``, all-missing object
================================  ==========================================

(the dtype name must *start with* ``"int"`` or ``"float"``, so unsigned and
nullable integers are unknown, a quirk this module mirrors). The preset tests
numerical, categorical and text columns. Text columns get a domain-classifier
test ("text content drift"), reproduced in `driftscope.text` and plugged in
by `driftscope.policies.text_columns` (a single message repeated in most
rows is categorical: its distinct values are not more than half).

**2. Missing values** (``legacy/calculations/data_drift.py``,
``get_one_column_drift``): +/-inf become NaN and NaN is dropped from each
sample before anything else, so "rows" below means non-missing values. A
column with no value left in either frame is an error in Evidently
(``ValueError: An empty column ... was provided``); here it is an
`AllNaNError` naming the column. A numerical column must be numeric in both
frames, else an error.

**3. The default test** (``legacy/calculations/stattests/registry.py``,
``_get_default_stattest``), with ``n_values`` the distinct values of both
samples pooled:

==============  ===========  =========================  ==========  ===========
reference rows  kind         n_values                   test        drifts when
==============  ===========  =========================  ==========  ===========
<= 1000         numerical    > 5                        K-S         p <= 0.05
<= 1000         numerical    3 to 5                     chi-square  p < 0.05
<= 1000         numerical    1 or 2                     Z-test      p < 0.05
<= 1000         categorical  > 2                        chi-square  p < 0.05
<= 1000         categorical  1 or 2                     Z-test      p < 0.05
> 1000          numerical    > 5                        Wasserstein d >= 0.1
                                                        (normed)
> 1000          numerical    <= 5                       Jensen-     d >= 0.1
                                                        Shannon
> 1000          categorical  any                        Jensen-     d >= 0.1
                                                        Shannon
==============  ===========  =========================  ==========  ===========

Note the directions: K-S drifts at ``p <= threshold``
(``ks_stattest.py``), chi-square and Z at ``p < threshold``, distances at
``>= threshold``.

**4. The tests** (``legacy/calculations/stattests/``):

* ``ks_stattest.py``: ``scipy.stats.ks_2samp(reference, current).pvalue``.
* ``chisquare_stattest.py``: a goodness-of-fit test of the current counts
  against the reference shares, ``scipy.stats.chisquare(f_obs=current
  counts, f_exp=reference counts * n_current / n_reference)`` over the union
  of categories. A category the reference never saw has an expected count of
  0: the statistic is infinite and the p-value 0 (drift).
* ``z_stattest.py``: two-proportion Z-test on the share of the first
  category (sorted), pooled variance, ``p = 2 (1 - Phi(|z|))``; both samples
  constant and equal gives ``p = 1``.
* ``wasserstein_distance_norm.py``: ``scipy.stats.wasserstein_distance``
  divided by ``max(std(reference), 0.001)`` (population std, ``ddof=0``).
* ``jensenshannon.py``: ``scipy.spatial.distance.jensenshannon`` (natural
  log) of the binned shares from ``utils.get_binned_data``. That binning is
  value counts over the union of categories, unless the column is numerical
  with more than 20 distinct reference values: then
  ``np.histogram_bin_edges(reference + current pooled, bins="sturges")``
  (equal-width bins over the pooled range, not quantiles). The default choice
  never reaches the histogram branch (Jensen-Shannon is picked for numerical
  columns only with <= 5 distinct values); asking for ``method="psi"``,
  ``"kl_div"`` or ``"jensenshannon"`` does, and PSI and KL then also replace
  empty bins by ``min(nonzero share) / 1e6`` if that is <= 1e-4, else by
  1e-4.

**5. Dataset drift** (``get_dataset_drift``): ``share = drifted columns /
tested columns`` and the dataset drifts when ``share >= drift_share``
(default 0.5): half the columns is enough.

**6. Reading a snapshot** (``metrics/column_statistics.py``):
``snap = Report([DataDriftPreset()]).run(current, reference)``;
``snap.dict()["metrics"]`` holds ``DriftedColumnsCount(drift_share=0.5)``
with value ``{"count": ..., "share": ...}``, then one
``ValueDrift(column=x,method=K-S p_value,threshold=0.05)`` per column (numerical
columns first, then categorical, then text) whose value is the score. With
``Report(..., include_tests=True)`` each column also has a test "Value Drift
for column x" whose status is FAIL when the column drifted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Sequence

import numpy as np
import pandas as pd

from .. import _kernels as K
from .._validation import (
    evidently_untested_kind,
    is_numeric_dtype,
    not_testable,
    numbers_in_current_only,
    numbers_in_one_frame_only,
)
from ._base import (
    CATEGORICAL,
    FRAMES,
    NUMERICAL,
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
from .display import new_categories_note

__all__ = ["EvidentlyPolicy", "EvidentlyNumericTest", "EvidentlyCategoricalTest", "infer_kind",
           "choose_test", "drifted", "TESTS"]

INTEGER_CARDINALITY_LIMIT = 10
SMALL_REFERENCE = 1000

KS = "K-S p_value"
CHI_SQUARE = "chi-square p_value"
Z_TEST = "Z-test p_value"
WASSERSTEIN = "Wasserstein distance (normed)"
JENSEN_SHANNON = "Jensen-Shannon distance"

#: Display name -> (default threshold, is it a p-value test?)
TESTS = {
    KS: (0.05, True),
    CHI_SQUARE: (0.05, True),
    Z_TEST: (0.05, True),
    WASSERSTEIN: (0.1, False),
    JENSEN_SHANNON: (0.1, False),
}


def infer_kind(series: pd.Series, n_unique: int | None = None) -> str:
    """The column type Evidently 0.7.23 infers from a column of the current frame.

    Parameters
    ----------
    series : pandas.Series
        A column of the *current* data frame (Evidently never looks at the
        reference to decide).
    n_unique : int, optional
        ``series.nunique()``, when the caller has counted it already.

    Returns
    -------
    kind : {"numerical", "categorical", "text", "datetime", "unknown"}

    See Also
    --------
    choose_test : The test Evidently runs for a kind.

    Notes
    -----
    A copy of ``evidently.core.datasets.infer_column_type``; the dtype *name*
    decides, so ``uint8`` and the nullable ``Int64`` are "unknown".

    Examples
    --------
    >>> import pandas as pd
    >>> from driftscope.policies.evidently_preset import infer_kind
    >>> infer_kind(pd.Series([1, 2, 3] * 4)), infer_kind(pd.Series(range(12)))
    ('categorical', 'numerical')
    >>> infer_kind(pd.Series(["a", "b", "a", "a"])), infer_kind(pd.Series(["x", "y", "z"]))
    ('categorical', 'text')
    >>> infer_kind(pd.Series([1, 2], dtype="uint8"))
    'unknown'
    """
    name = series.dtype.name

    def nunique() -> int:
        return series.nunique() if n_unique is None else n_unique

    if name.startswith("float"):
        return NUMERICAL
    if name.startswith("int"):
        return CATEGORICAL if nunique() <= INTEGER_CARDINALITY_LIMIT else NUMERICAL
    if name in ("string", "str"):
        return "text" if nunique() > series.count() * 0.5 else CATEGORICAL
    if name == "object":
        present = series.dropna()
        if present.count() == 0:
            return "unknown"
        if isinstance(present.iloc[0], str) and isinstance(present.iloc[-1], str):
            return "text" if nunique() > series.count() * 0.5 else CATEGORICAL
        return "unknown"  # lists and tuples are Evidently's "list" type, also not tested
    if name in ("bool", "category"):
        return CATEGORICAL
    if name.startswith("datetime"):
        return "datetime"
    return "unknown"


def choose_test(kind: str, n_reference: int, n_values: int) -> str:
    """The test Evidently's `DataDriftPreset` picks by default.

    Parameters
    ----------
    kind : {"numerical", "categorical"}
        The column kind (see `infer_kind`).
    n_reference : int
        Non-missing values in the reference column.
    n_values : int
        Distinct values of both samples pooled.

    Returns
    -------
    test : str
        Evidently's display name of the test, a key of `TESTS`.

    Examples
    --------
    >>> from driftscope.policies.evidently_preset import choose_test
    >>> choose_test("numerical", 1000, 6), choose_test("numerical", 1001, 6)
    ('K-S p_value', 'Wasserstein distance (normed)')
    >>> choose_test("categorical", 500, 2), choose_test("categorical", 5000, 2)
    ('Z-test p_value', 'Jensen-Shannon distance')
    """
    if n_reference <= SMALL_REFERENCE:
        if kind == NUMERICAL and n_values > 5:
            return KS
        return CHI_SQUARE if n_values > 2 else Z_TEST
    if kind == NUMERICAL and n_values > 5:
        return WASSERSTEIN
    return JENSEN_SHANNON


def drifted(test: str, score: float, threshold: float) -> bool:
    """Evidently's verdict for a score: ``p <= threshold`` for K-S, ``p < threshold`` for the
    other p-values, ``distance >= threshold`` for distances."""
    if test == KS:
        return score <= threshold
    if TESTS[test][1]:
        return score < threshold
    return score >= threshold


#: Evidently's choice needs to know whether the pooled samples have 1-2, 3-5 or more values.
_DISTINCT_LIMIT = 5


def _score_numeric(ref: np.ndarray, cur: np.ndarray) -> tuple[str, float]:
    """Evidently's test and score for a numerical column, from sorted samples."""
    test = choose_test(NUMERICAL, ref.size, K.n_distinct_pooled(ref, cur, _DISTINCT_LIMIT))
    return test, _numeric_score(test, ref, cur)


def _numeric_score(test: str, ref: np.ndarray, cur: np.ndarray) -> float:
    if test == KS:
        return K.ks_sorted(ref, cur)[1]
    if test == WASSERSTEIN:
        return K.wasserstein_normed_sorted(ref, cur)
    _, ref_counts, cur_counts = K.value_counts_sorted(ref, cur)
    return _count_score(test, ref_counts, cur_counts)


def _count_score(test: str, ref_counts: np.ndarray, cur_counts: np.ndarray) -> float:
    if test == CHI_SQUARE:
        return K.chi_square_gof(ref_counts, cur_counts)[1]
    if test == Z_TEST:
        # Evidently tests the share of the first (sorted) category; the
        # kernel's survival function agrees with its 2 (1 - Phi(|z|)) to 1e-15.
        return K.z_test_counts(ref_counts, cur_counts, 0)[1]
    return K.js_distance_counts(ref_counts, cur_counts)


def _counted_sample(sample: K.SortedSample) -> np.ndarray:
    """A column as Evidently's ``DriftedColumnsCount`` sees it.

    Evidently's ``DriftedColumnsCount`` (the legacy ``get_drift_for_columns``)
    cleans a column only when that frame's column has a NaN, so +/-inf stay
    in when there is no NaN. The per-column ``ValueDrift`` always cleans.
    """
    if sample.n_nan or not (sample.n_neg_inf or sample.n_pos_inf):
        return sample.finite
    return sample.with_infinities


def _row(column: Any, kind: str, test: str, score: float, n: tuple[int, int],
         missing: tuple[int, int], note: str) -> ColumnDrift:
    threshold = TESTS[test][0]
    return ColumnDrift(
        column=column, kind=kind, test=test, statistic=float(score), threshold=threshold,
        pvalue=float(score) if TESTS[test][1] else None,
        drifted=bool(drifted(test, score, threshold)),
        n_reference=int(n[0]), n_current=int(n[1]),
        missing_reference=int(missing[0]), missing_current=int(missing[1]), note=note)


@dataclass(frozen=True)
class EvidentlyNumericTest:
    """A numerical column: K-S, chi-square, Z, Wasserstein (normed) or Jensen-Shannon."""

    current_counts: pd.Series | None = None
    kind: ClassVar[str] = NUMERICAL

    def read(self, column: Any, reference: pd.Series, current: pd.Series) -> NumericColumn:
        return read_numeric(reference, current, column)

    def measure(self, column: Any, data: NumericColumn) -> Measure:
        ref, cur = data.reference, data.current
        test, score = _score_numeric(ref, cur)
        row = _row(column, self.kind, test, score, (ref.size, cur.size),
                   (data.missing_reference, data.missing_current), "")
        counted = row.drifted
        ref_l = _counted_sample(data.reference_sample)
        cur_l = _counted_sample(data.current_sample)
        if ref_l.size != ref.size or cur_l.size != cur.size:
            test_l, score_l = _score_numeric(ref_l, cur_l)
            counted = bool(drifted(test_l, score_l, TESTS[test_l][0]))
            if counted != row.drifted:
                row = _row(column, self.kind, test, score, (ref.size, cur.size),
                           (data.missing_reference, data.missing_current),
                           "Evidently's DriftedColumnsCount counts this column as "
                           f"{'drifted' if counted else 'not drifted'}: it keeps +/-inf when a "
                           "frame has no NaN (an Evidently 0.7.23 inconsistency)")
        return Measure(row, counted)

    def plot(self, data: NumericColumn) -> dict[str, Any]:
        return numeric_plot(data)


@dataclass(frozen=True)
class EvidentlyCategoricalTest:
    """A categorical column: chi-square, Z or Jensen-Shannon on the category counts."""

    current_counts: pd.Series | None = None
    kind: ClassVar[str] = CATEGORICAL

    def read(self, column: Any, reference: pd.Series, current: pd.Series) -> CategoricalColumn:
        return read_categorical(reference, current, column, self.current_counts)

    def measure(self, column: Any, data: CategoricalColumn) -> Measure:
        test = choose_test(self.kind, data.n_reference, data.categories.size)
        score = _count_score(test, data.reference_counts, data.current_counts)
        note = new_categories_note(data.categories, data.reference_counts, data.current_counts)
        return Measure(_row(column, self.kind, test, score, (data.n_reference, data.n_current),
                            (data.missing_reference, data.missing_current), note))

    def plot(self, data: CategoricalColumn) -> dict[str, Any]:
        return categorical_plot(data)


class EvidentlyPolicy:
    """Evidently 0.7.23's `DataDriftPreset` with its defaults (see the module notes).

    ``column_tests`` maps each kind `infer_kind` returns to the `ColumnTest`
    of that kind, built with ``current_counts=`` (the current column's value
    counts when they were counted to infer the kind, else None). A kind
    without a test ("text" until one is registered with
    `driftscope.policies.register_column_test`) is an error naming the column.
    """

    name: ClassVar[str] = "evidently"
    summary: ClassVar[str] = "Evidently 0.7's DataDriftPreset: its column kinds, tests and verdicts"
    engine: ClassVar[str] = FRAMES
    defaults: ClassVar[dict[str, Any]] = {}
    default_drift_share: ClassVar[float] = 0.5
    #: kind -> the test of a column of that kind
    column_tests: ClassVar[dict[str, Callable[..., ColumnTest]]] = {
        NUMERICAL: EvidentlyNumericTest, CATEGORICAL: EvidentlyCategoricalTest}

    @classmethod
    def from_params(cls) -> "EvidentlyPolicy":
        """The policy; Evidently's preset has no parameters beyond ``drift_share``."""
        return cls()

    @property
    def params(self) -> dict[str, Any]:
        """No parameters: Evidently's defaults."""
        return {}

    def plan(self, column: Any, reference: pd.Series, current: pd.Series,
             explicit: bool) -> ColumnTest | Skip:
        # The current column's value counts, counted once: they give the
        # distinct values the kind needs and are reused as the category counts.
        counts = None
        if current.dtype.name.startswith("int") or current.dtype.name in ("string", "str", "object"):
            try:
                counts = current.value_counts(dropna=True, sort=False)
            except TypeError:
                counts = None
        kind = infer_kind(current, None if counts is None else len(counts))
        if kind in ("datetime", "unknown"):
            reason = (f"Evidently 0.7.23 infers type {kind!r} for dtype {current.dtype} "
                      "and does not test it")
            if explicit:
                raise not_testable(column, reason, "current")
            return Skip(reason)
        if kind not in self.column_tests:
            raise evidently_untested_kind(column, kind)
        if kind == CATEGORICAL and is_numeric_dtype(reference.dtype) != is_numeric_dtype(current.dtype):
            # Evidently would compare numbers with strings as category labels.
            raise numbers_in_one_frame_only(column, reference.dtype, current.dtype)
        if kind == NUMERICAL and not pd.api.types.is_numeric_dtype(reference.dtype):
            raise numbers_in_current_only(column, current.dtype, reference.dtype)
        return self.column_tests[kind](current_counts=counts)

    def decide(self, measures: Sequence[Measure]) -> list[ColumnDrift]:
        """Each column on its own: the rows as measured."""
        return [m.row for m in measures]

    def dataset_drift(self, n_drifted: int, share: float, drift_share: float) -> bool:
        """At least `drift_share` of the columns drifted."""
        return share >= drift_share

    def rule(self, drift_share: float) -> str:
        """The data-set rule, in words."""
        return share_rule(drift_share)
