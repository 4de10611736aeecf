"""Text columns in a drift report: Evidently's domain classifier, and the Watchtower's rule.

Both policies test a text column with the classifier of `driftscope.text`
(TF-IDF + SGD trained to tell reference messages from current ones, scored
by its ROC AUC on the held-out half); they differ in the decision.

``policy="evidently"`` (`EvidentlyTextTest`)
    Evidently 0.7.23's ``DataDriftPreset``: "Percentile text content drift"
    up to 1,000 reference texts (drift when the ROC AUC is above the 95th
    percentile of 1,000 random classifiers on the same held-out labels),
    "Absolute text content drift" above (drift when it is above 0.55). The
    row's ``threshold`` is the ROC AUC the score was compared with (the
    random classifiers' percentile, or 0.55); Evidently's own "threshold"
    (0.95 or 0.55) is in the note.
``policy="watchtower"`` (`WatchtowerTextTest`)
    The same classifier, decided like every other column of that policy:
    a test *and* an effect size. The test is the one-sided Mann-Whitney
    test of the held-out scores (current against reference), whose p-value
    enters the Benjamini-Hochberg correction with the other columns; the
    effect size is the ROC AUC itself, which must reach
    ``roc_auc_threshold`` (default 0.55). Why these: the classifier never
    saw the held-out texts, so without drift their scores are exchangeable
    and the Mann-Whitney p-value is exact in law (Evidently's random
    classifiers estimate the same null distribution by simulation, and
    only below 1,000 rows); and the ROC AUC is the probability that a
    random current message looks more "current" than a random reference
    one, a common-language effect size: 0.55 is about Cohen's d = 0.2
    (``AUC = Phi(d / sqrt 2)``), a small effect, so one rule holds at every
    sample size, with no cliff at 1,000 rows.

Either way the row's note names the words that moved (the classifier's
strongest features on each side), and the figure of a drifted text column
shows the share of messages that contain them, in each window, with the
typical messages of each side under it (the held-out messages the
classifier is surest about, Evidently's "typical examples").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from ..text import PERCENTILE, TextDriftResult, text_drift, word_shares
from ._base import TEXT, ColumnDrift, Measure
from .display import join_notes

__all__ = ["EvidentlyTextTest", "WatchtowerTextTest", "TextColumn", "EVIDENTLY_TESTS",
           "WATCHTOWER_TEST", "words_note", "text_figure"]

#: Evidently's display names of its two text tests, and its "threshold" for each.
EVIDENTLY_TESTS = {"percentile": ("Percentile text content drift", PERCENTILE),
                   "absolute": ("Absolute text content drift", 0.55)}
WATCHTOWER_TEST = "ROC AUC + Mann-Whitney (BH)"
#: Words per side named in a note and drawn in a figure.
_WORDS = 5
#: Typical messages per side shown under a figure.
_EXAMPLES = 3


@dataclass(frozen=True)
class TextColumn:
    """A text column of both frames, and what the classifier found in it."""

    reference: pd.Series
    current: pd.Series
    result: TextDriftResult


def words_note(result: TextDriftResult) -> str:
    """``"words of current: a, b; of reference: c, d"``: the strongest features, or ``""``."""
    parts = []
    for side, words in (("current", result.words_current), ("reference", result.words_reference)):
        if words:
            parts.append(f"{side}: {', '.join(words[:_WORDS])}")
    return ("words that moved, " + "; ".join(parts)) if parts else ""


def text_figure(data: TextColumn) -> dict[str, Any]:
    """Bars of the words that moved (the share of messages containing each, per window),
    and the held-out messages the classifier is surest about on each side."""
    r = data.result
    words = list(r.words_current[:_WORDS]) + list(r.words_reference[:_WORDS])
    return {"type": "categorical", "labels": words,
            "reference": word_shares(data.reference, words).tolist(),
            "current": word_shares(data.current, words).tolist(),
            "examples": {"current": [str(m) for m in r.examples_current[:_EXAMPLES]],
                         "reference": [str(m) for m in r.examples_reference[:_EXAMPLES]]}}


def _read(column: Any, reference: pd.Series, current: pd.Series, **options: Any) -> TextColumn:
    return TextColumn(reference, current, text_drift(reference, current, column=column, **options))


def _sizes(r: TextDriftResult) -> dict[str, int]:
    return {"n_reference": r.n_reference, "n_current": r.n_current,
            "missing_reference": r.n_dropped_reference, "missing_current": r.n_dropped_current}


@dataclass(frozen=True)
class EvidentlyTextTest:
    """Evidently 0.7.23's text content drift (see the module notes)."""

    current_counts: pd.Series | None = None
    kind: ClassVar[str] = TEXT

    def read(self, column: Any, reference: pd.Series, current: pd.Series) -> TextColumn:
        return _read(column, reference, current)

    def measure(self, column: Any, data: TextColumn) -> Measure:
        r = data.result
        test, evidently_threshold = EVIDENTLY_TESTS[r.method]
        rule = (f"ROC AUC > {r.threshold:.4g}, the {evidently_threshold} quantile of 1,000 "
                "random classifiers' ROC AUCs" if r.method == "percentile" else
                f"ROC AUC > {r.threshold:.4g}")
        note = join_notes(f"{rule} (Evidently's threshold {evidently_threshold})", words_note(r))
        return Measure(ColumnDrift(column=column, kind=TEXT, test=test, statistic=r.roc_auc,
                                   threshold=r.threshold, pvalue=None, drifted=r.drifted,
                                   note=note, **_sizes(r)))

    def plot(self, data: TextColumn) -> dict[str, Any]:
        return text_figure(data)


@dataclass(frozen=True)
class WatchtowerTextTest:
    """The Watchtower's rule for text: ROC AUC as effect size plus a corrected Mann-Whitney test."""

    policy: Any
    kind: ClassVar[str] = TEXT

    def read(self, column: Any, reference: pd.Series, current: pd.Series) -> TextColumn:
        # The absolute method skips the random classifiers: the policy decides from the p-value.
        return _read(column, reference, current, method="absolute",
                     roc_auc_threshold=self.policy.roc_auc_threshold)

    def measure(self, column: Any, data: TextColumn) -> Measure:
        r = data.result
        threshold = self.policy.threshold(TEXT)
        return Measure(ColumnDrift(
            column=column, kind=TEXT, test=WATCHTOWER_TEST, statistic=r.roc_auc,
            threshold=threshold, pvalue=r.pvalue,
            drifted=bool(r.pvalue < self.policy.alpha and r.roc_auc >= threshold),
            note=words_note(r), **_sizes(r)))

    def plot(self, data: TextColumn) -> dict[str, Any]:
        return text_figure(data)
