"""Text drift: a domain classifier tries to tell the reference texts from the current ones.

If a classifier trained on half of the messages can tell, on the other half,
which window a message came from, the texts moved; its ROC AUC says how far
(0.5: no better than a coin, 1.0: every message gives its window away), and
its strongest features name the words that moved.

This is Evidently 0.7.23's "text content drift" test, reproduced exactly:
the same TF-IDF + SGD pipeline, split, random states, ROC AUC and decision,
so `text_drift` gives Evidently's score and verdict. What changes is the cost:
the random-classifier percentile Evidently gets from a thousand
``roc_auc_score`` calls is computed here from ranks, vectorised, on the same
random numbers (`random_roc_auc_percentile`), and the classifier is fitted
once for the score, the words and the typical messages (Evidently fits it a
second time for the words when a column drifts).

The classifier needs scikit-learn, an optional dependency: install
``driftscope[text]``. It is imported when a function of this module first
needs it.

Notes
-----
Read from the installed source of Evidently 0.7.23 (paths relative to
``site-packages/evidently/``):

* ``legacy/utils/data_drift_utils.py``, ``calculate_text_drift_score``:
  both windows are stacked (reference labelled 0, current 1), split in
  halves by ``train_test_split(test_size=0.5, shuffle=True,
  random_state=42)``; ``roc_auc_domain_classifier`` fits
  ``TfidfVectorizer(sublinear_tf=True, max_df=0.5, stop_words="english")``
  and ``SGDClassifier(alpha=0.0001, max_iter=50, penalty="l1",
  loss="modified_huber", random_state=42)`` on the first half and scores
  the second half with ``predict_proba``; the score is the ROC AUC on it.
* ``legacy/calculations/stattests/text_content_drift.py`` ("Percentile text
  content drift", default threshold 0.95): drift when the ROC AUC is above
  the 95th percentile (``np.percentile``) of the ROC AUCs of 1,000 random
  classifiers on the same held-out labels
  (``roc_auc_random_classifier_percentile``: ``np.random.seed(42)``, 1,000
  seeds from ``randint(0, 10000)``, then ``np.random.seed(s); rand(n)`` as
  each classifier's scores).
* ``legacy/calculations/stattests/text_content_drift_abs.py`` ("Absolute
  text content drift", default threshold 0.55): drift when the ROC AUC is
  above 0.55.
* ``legacy/calculations/stattests/registry.py``, ``_get_default_stattest``:
  the percentile test up to 1,000 reference rows, the absolute one above.
* ``legacy/calculations/data_drift.py``, ``get_one_column_drift``: missing
  values (None, NaN, +/-inf) are dropped first; empty strings stay.
* ``get_typical_words`` and ``get_typical_examples``: the words with the
  largest positive (current) and negative (reference) classifier weights,
  25 each, and the 10 held-out messages of each window the classifier is
  surest about.

Where Evidently fails, so does `text_drift`, with a `DriftscopeError` that
names the input: an empty vocabulary (no word of two or more letters outside
English stop words in the training half, or every word in more than half of
its messages), or a training half that holds one window only. One case
differs on purpose: when the held-out half holds one window only, Evidently
0.7.23 (through scikit-learn 1.9) reports a NaN score and no drift;
driftscope never returns NaN silently and raises `EmptySampleError`.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np
import pandas as pd

from ._validation import (
    as_texts,
    as_zero_one_labels,
    check_both_windows_in_halves,
    check_choice,
    check_count,
    check_positive_int,
    check_probability,
    check_training_half,
    check_two_classes,
    no_vocabulary,
    texts_too_few_to_split,
)
from .errors import EmptyVocabularyError

__all__ = [
    "text_drift",
    "TextDriftResult",
    "random_roc_auc_percentile",
    "word_shares",
    "EmptyVocabularyError",
    "SMALL_REFERENCE",
    "PERCENTILE",
    "ROC_AUC_THRESHOLD",
]

#: Up to this many reference texts, Evidently uses the random-classifier percentile.
SMALL_REFERENCE = 1000
#: Evidently's default for the percentile test (its "threshold" 0.95).
PERCENTILE = 0.95
#: Evidently's default for the absolute test.
ROC_AUC_THRESHOLD = 0.55

_SEED = 42
_N_RANDOM = 1000
_INSTALL = "pip install 'driftscope[text]'"
#: The words of a text as TF-IDF sees them (scikit-learn's default token pattern, lowercased).
_WORD = re.compile(r"(?u)\b\w\w+\b")


def _sklearn():
    """scikit-learn's pieces, imported on first use (the ``text`` extra)."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import SGDClassifier
        from sklearn.metrics import roc_auc_score
        from sklearn.model_selection import train_test_split
    except ImportError as exc:
        raise ModuleNotFoundError(
            f"text drift needs scikit-learn, an optional dependency of driftscope: {_INSTALL} "
            f"({exc})", name="sklearn") from None
    return TfidfVectorizer, SGDClassifier, roc_auc_score, train_test_split


@dataclass(frozen=True, repr=False, eq=False)
class TextDriftResult:
    """Result of `text_drift`; unpacks as ``roc_auc, drifted``.

    Attributes
    ----------
    roc_auc : float
        ROC AUC of the domain classifier on the held-out half (current is the
        positive class): 0.5 when it cannot tell the windows apart, 1.0 when
        it always can. Evidently's drift score.
    drifted : bool
        ``roc_auc > threshold``.
    threshold : float
        The ROC AUC the score is compared with: the random-classifier
        percentile (``method="percentile"``) or the absolute threshold.
    method : {"percentile", "absolute"}
        Which of Evidently's two tests decided.
    pvalue : float
        One-sided Mann-Whitney p-value of the held-out scores (current
        scored higher than reference): the chance of an ROC AUC at least this
        large if the windows did not differ. ``policy="watchtower"`` uses it.
    words_current, words_reference : tuple of str
        The words the classifier weighs most towards each window, strongest
        first (Evidently's "typical words").
    weights_current, weights_reference : tuple of float
        Their weights in the classifier (positive for current, negative for
        reference).
    examples_current, examples_reference : tuple of str
        Held-out messages the classifier is surest about, for each window
        (Evidently's "typical examples").
    n_reference, n_current : int
        Texts compared, after dropping missing values.
    n_dropped_reference, n_dropped_current : int
        Missing values (None, NaN, +/-inf) dropped.
    n_train, n_test : int
        Texts the classifier was trained on and scored on.
    """

    roc_auc: float
    drifted: bool
    threshold: float
    method: str
    pvalue: float
    words_current: tuple
    weights_current: tuple
    words_reference: tuple
    weights_reference: tuple
    examples_current: tuple
    examples_reference: tuple
    n_reference: int
    n_current: int
    n_dropped_reference: int
    n_dropped_current: int
    n_train: int
    n_test: int

    def __iter__(self) -> Iterator[Any]:
        return iter((self.roc_auc, self.drifted))

    def __len__(self) -> int:
        return 2

    def __getitem__(self, index: int) -> Any:
        return (self.roc_auc, self.drifted)[index]

    @property
    def n_dropped(self) -> int:
        """Missing values dropped from both samples together."""
        return self.n_dropped_reference + self.n_dropped_current

    def words(self) -> pd.DataFrame:
        """The typical words of both windows as a table: word, window, weight."""
        return pd.DataFrame({
            "word": list(self.words_current) + list(self.words_reference),
            "window": ["current"] * len(self.words_current)
            + ["reference"] * len(self.words_reference),
            "weight": list(self.weights_current) + list(self.weights_reference),
        })

    def __repr__(self) -> str:
        words = ", ".join(self.words_current[:5])
        return (f"TextDriftResult(roc_auc={self.roc_auc!r}, drifted={self.drifted!r}, "
                f"threshold={self.threshold!r}, method={self.method!r}, "
                f"pvalue={self.pvalue!r}, words_current=({words}{', ...' if len(self.words_current) > 5 else ''}), "
                f"n_reference={self.n_reference}, n_current={self.n_current})")


def random_roc_auc_percentile(labels: Any, percentile: float = PERCENTILE, *,
                              n_classifiers: int = _N_RANDOM, seed: int = _SEED) -> float:
    """The ROC AUC that random classifiers on these labels stay below, at `percentile`.

    Evidently's ``roc_auc_random_classifier_percentile``, exactly: the same
    random scores (seed 42 draws `n_classifiers` seeds from
    ``randint(0, 10 * n_classifiers)``; classifier ``s`` scores the texts
    with ``RandomState(s).rand(n)``), the same ``np.percentile``, bit for
    bit, without calling ``roc_auc_score`` for each classifier.

    Parameters
    ----------
    labels : array_like of 0 and 1
        The held-out labels (1: current), both present.
    percentile : float, default 0.95
        The quantile, strictly between 0 and 1 (Evidently's "threshold";
        it calls ``np.percentile`` at ``100 * (1 - (1 - percentile))``).
    n_classifiers : int, default 1000
        Random classifiers.
    seed : int, default 42
        Seed of the seeds.

    Returns
    -------
    float
        The `percentile` quantile of the random classifiers' ROC AUCs.

    Raises
    ------
    EmptySampleError
        If the labels hold one class only.
    ParameterError
        If `percentile` is not strictly between 0 and 1, or `n_classifiers`
        is not a positive integer.

    See Also
    --------
    text_drift : The test that compares a classifier with this.

    Notes
    -----
    A classifier's ROC AUC is its Mann-Whitney statistic ``U / (n1 * n0)``,
    with ``U`` the number of (reference, current) pairs it ranks the right
    way round. The scores of each random classifier are turned into exact
    integers (``rand`` returns ``k / 2**53``), the label is packed in the
    lowest bit, and one integer sort per classifier gives the labels in
    score order; ``U`` is then a dot product with the positions, for blocks
    of classifiers at a time. ``roc_auc_score``'s floating-point result can
    differ from ``U / (n1 * n0)`` in the last bits, so the classifiers that
    land where ``np.percentile`` reads (those with the ``U`` of the two
    order statistics it interpolates) get scikit-learn's exact value: its
    arithmetic (cumulative sums, corners of the ROC curve, trapezoids)
    repeated on their order of labels, once per distinct order. Ties between
    random scores (probability about ``n**2 / 2**54``) are handed to
    ``roc_auc_score`` itself.

    Examples
    --------
    >>> import numpy as np
    >>> from driftscope.text import random_roc_auc_percentile
    >>> labels = np.tile([0, 1], 200)
    >>> round(random_roc_auc_percentile(labels), 4)
    0.545
    """
    percentile = check_probability(percentile, "percentile")
    n_classifiers = check_positive_int(n_classifiers, "n_classifiers")
    y = as_zero_one_labels(labels)
    check_two_classes(y, "labels")
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    seeds = np.random.RandomState(seed).randint(0, n_classifiers * 10, size=n_classifiers)
    distinct, which = np.unique(seeds, return_inverse=True)
    u_stat, tied = _mann_whitney_u(y, distinct)
    values = (u_stat / (n_pos * n_neg))[which]
    q = 100 * (1 - (1 - percentile))  # Evidently's arithmetic: p_value = 1 - threshold
    exact = _exact_rows(u_stat[which], tied[which], q)
    values[exact] = _sklearn_roc_auc(y, seeds[exact])
    return float(np.percentile(values, q))


_SCALE = float(2**53)
_BLOCK_CELLS = 1 << 18  # 2 MB of int64 keys per block of classifiers


def _mann_whitney_u(y: np.ndarray, seeds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``U`` of each random classifier (pairs ranked right), and whether its scores tie."""
    n = y.size
    n_pos = int(y.sum())
    positions = np.arange(n, dtype=np.float64)
    rows = max(1, _BLOCK_CELLS // n)
    keys = np.empty((min(rows, seeds.size), n), dtype=np.int64)
    u_stat = np.empty(seeds.size, dtype=np.float64)
    tied = np.zeros(seeds.size, dtype=bool)
    state = np.random.RandomState()
    for start in range(0, seeds.size, rows):
        block = keys[:min(rows, seeds.size - start)]
        for i, s in enumerate(seeds[start:start + block.shape[0]]):
            state.seed(s)
            # rand() draws k / 2**53: scaled back, each score is an exact integer.
            block[i] = state.random_sample(n) * _SCALE
        block <<= 1
        block |= y
        block.sort(axis=1)
        stop = start + block.shape[0]
        tied[start:stop] = (np.diff(block >> 1, axis=1) == 0).any(axis=1)
        # Sum of positive positions in ascending score order, minus its minimum.
        u_stat[start:stop] = (block & 1).astype(np.float64) @ positions - n_pos * (n_pos - 1) / 2
    return u_stat, tied


def _exact_rows(u_all: np.ndarray, tied: np.ndarray, q: float) -> np.ndarray:
    """Rows whose value `np.percentile` may read, plus rows with tied scores."""
    n = u_all.size
    at = q / 100 * (n - 1)
    lo = max(int(math.floor(at)) - 1, 0)
    near = np.sort(u_all)[lo:min(lo + 4, n)]
    return np.flatnonzero(np.isin(u_all, near) | tied)


def _sklearn_roc_auc(y: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """scikit-learn's ``roc_auc_score`` of the random classifiers `seeds`, bit for bit.

    Without ties its value depends only on the order of the labels by score:
    `_roc_auc_of_order` repeats scikit-learn's arithmetic on that order. Tied
    scores (practically never) go to scikit-learn itself.
    """
    state = np.random.RandomState()
    out = np.empty(seeds.size)
    cache: dict[bytes, float] = {}
    for i, s in enumerate(seeds):
        state.seed(s)
        scores = state.random_sample(y.size)
        order = np.argsort(scores, kind="stable")
        if np.any(np.diff(scores[order]) == 0):
            out[i] = _sklearn()[2](y, scores)
            continue
        descending = y[order[::-1]]
        key = descending.astype(np.int8).tobytes()
        if key not in cache:
            cache[key] = _roc_auc_of_order(descending)
        out[i] = cache[key]
    return out


def _roc_auc_of_order(descending: np.ndarray) -> float:
    """``roc_auc_score`` for labels sorted by strictly decreasing score, as scikit-learn 1.9 computes it.

    ``confusion_matrix_at_thresholds`` (one threshold per text), ``roc_curve``
    with ``drop_intermediate=True``, then ``auc``: the trapezoidal rule.
    """
    tps = np.cumsum(descending.astype(np.float64))
    fps = 1 + np.arange(descending.size, dtype=np.float64) - tps
    if fps.size > 2:
        corner = np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True]
        fps, tps = fps[corner], tps[corner]
    fpr = np.r_[0.0, fps] / fps[-1]
    tpr = np.r_[0.0, tps] / tps[-1]
    return float(np.sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2.0))


def text_drift(reference: Any, current: Any, *, method: str = "auto",
               percentile: float = PERCENTILE, roc_auc_threshold: float = ROC_AUC_THRESHOLD,
               n_words: int = 25, n_examples: int = 10, column: Any = None) -> TextDriftResult:
    """Did the texts move? Evidently 0.7.23's domain-classifier test, exactly.

    Parameters
    ----------
    reference, current : array_like of str
        The texts of each window (lists, arrays, pandas Series). None, NaN
        and +/-inf are dropped and counted; empty strings are texts.
    method : {"auto", "percentile", "absolute"}, default "auto"
        ``"percentile"``: drift when the ROC AUC is above the `percentile`
        quantile of 1,000 random classifiers' ROC AUCs on the same held-out
        labels. ``"absolute"``: drift when it is above `roc_auc_threshold`.
        ``"auto"`` chooses as Evidently's `DataDriftPreset` does: percentile
        up to 1,000 reference texts (after dropping missing ones), absolute
        above.
    percentile : float, default 0.95
        The random-classifier quantile of ``method="percentile"``
        (Evidently's ``threshold=0.95``).
    roc_auc_threshold : float, default 0.55
        The ROC AUC of ``method="absolute"``.
    n_words, n_examples : int, default 25 and 10
        Typical words and messages kept per window (Evidently's numbers).
    column : str, optional
        A column name for the error messages.

    Returns
    -------
    result : TextDriftResult
        Unpacks as ``roc_auc, drifted``; also the `threshold` and `method`
        that decided, a Mann-Whitney `pvalue`, the words that moved
        (``words_current``, ``words_reference``, with their weights, or as a
        table with ``result.words()``), typical messages of each window and
        the sample sizes.

    Raises
    ------
    EmptySampleError, AllNaNError
        If a window has no text.
    EmptyVocabularyError
        If the training half leaves no word: all texts empty or made of
        English stop words and one-letter tokens, or every word in more than
        half of them (Evidently raises scikit-learn's ValueError).
    EmptySampleError
        If either half holds texts of one window only (too few texts).
    DtypeError
        If a window holds values that are not strings.
    ParameterError
        If a parameter is out of range.
    ModuleNotFoundError
        If scikit-learn is not installed (``pip install 'driftscope[text]'``).

    See Also
    --------
    random_roc_auc_percentile : The threshold of ``method="percentile"``.
    drift_report : Text columns among the others, under either policy.

    Notes
    -----
    Both windows are stacked (reference labelled 0, current 1) and split in
    halves with scikit-learn's ``train_test_split(test_size=0.5,
    shuffle=True, random_state=42)``. A ``TfidfVectorizer(sublinear_tf=True,
    max_df=0.5, stop_words="english")`` and an ``SGDClassifier(alpha=1e-4,
    max_iter=50, penalty="l1", loss="modified_huber", random_state=42)`` are
    fitted on the first half, and the ROC AUC of ``predict_proba`` on the
    second half is the score. See the module notes for where this lives in
    Evidently's source.

    The p-value is the one-sided Mann-Whitney test of the held-out scores,
    current against reference (``scipy.stats.mannwhitneyu(...,
    alternative="greater")``): the classifier never saw these texts, so
    under no drift their scores are exchangeable and the test is valid. Its
    statistic is the ROC AUC times ``n1 * n0``. Evidently's random-classifier
    percentile approximates the same null distribution by simulation.

    Examples
    --------
    >>> import numpy as np
    >>> from driftscope.text import text_drift
    >>> rng = np.random.default_rng(2043)
    >>> formal = ["greetings honoured envoy", "we request safe passage",
    ...           "the council sends regards", "kindly confirm the docking slot"]
    >>> slang = ["yo envoy", "gimme dock now", "sup council", "dock slot plz"]
    >>> reference = rng.choice(formal, 400)
    >>> current = np.where(rng.random(400) < 0.5, rng.choice(slang, 400), rng.choice(formal, 400))
    >>> result = text_drift(reference, current)
    >>> roc_auc, drifted = result
    >>> round(roc_auc, 3), drifted, result.method, round(result.threshold, 3)
    (0.757, True, 'percentile', 0.551)
    >>> result.words_current[:3], result.words_reference[:2]
    (('sup', 'yo', 'gimme'), ('regards', 'sends'))
    """
    check_choice(method, "method", ("auto", "percentile", "absolute"))
    check_probability(percentile, "percentile")
    check_probability(roc_auc_threshold, "roc_auc_threshold")
    check_count(n_words, "n_words")
    check_count(n_examples, "n_examples")
    ref, n_drop_ref = as_texts(reference, "reference", column)
    cur, n_drop_cur = as_texts(current, "current", column)
    if method == "auto":
        method = "percentile" if ref.size <= SMALL_REFERENCE else "absolute"
    fit = _DomainClassifier.fit(ref, cur, column)
    if method == "percentile":
        threshold = random_roc_auc_percentile(fit.y_test, percentile)
    else:
        threshold = float(roc_auc_threshold)
    words = fit.typical_words(n_words)
    examples = fit.typical_examples(n_examples)
    return TextDriftResult(
        roc_auc=fit.roc_auc, drifted=bool(fit.roc_auc > threshold), threshold=float(threshold),
        method=method, pvalue=fit.pvalue(),
        words_current=words[0], weights_current=words[1],
        words_reference=words[2], weights_reference=words[3],
        examples_current=examples[0], examples_reference=examples[1],
        n_reference=int(ref.size), n_current=int(cur.size),
        n_dropped_reference=n_drop_ref, n_dropped_current=n_drop_cur,
        n_train=int(fit.n_train), n_test=int(fit.y_test.size))


@dataclass
class _DomainClassifier:
    """Evidently's TF-IDF + SGD domain classifier, fitted once, and what it tells."""

    vocabulary: dict
    coef: np.ndarray
    texts_test: np.ndarray
    y_test: np.ndarray
    proba: np.ndarray
    roc_auc: float
    n_train: int

    @classmethod
    def fit(cls, ref: np.ndarray, cur: np.ndarray, column: Any) -> "_DomainClassifier":
        TfidfVectorizer, SGDClassifier, roc_auc_score, train_test_split = _sklearn()
        texts = np.concatenate([ref, cur])
        target = np.concatenate([np.zeros(ref.size, np.int64), np.ones(cur.size, np.int64)])
        try:
            x_train, x_test, y_train, y_test = train_test_split(
                texts, target, test_size=0.5, random_state=_SEED, shuffle=True)
        except ValueError as exc:  # fewer than 2 texts in all
            raise texts_too_few_to_split(column, exc) from None
        sizes = (ref.size, cur.size)
        check_training_half(y_train, sizes, column)
        vectorizer = TfidfVectorizer(sublinear_tf=True, max_df=0.5, stop_words="english")
        classifier = SGDClassifier(alpha=0.0001, max_iter=50, penalty="l1",
                                   loss="modified_huber", random_state=_SEED)
        try:
            features = vectorizer.fit_transform(x_train)
        except ValueError as exc:
            raise no_vocabulary(column, exc) from None
        # Checked in Evidently's order: the vectorizer fails first, then the classifier.
        check_both_windows_in_halves(y_train, y_test, sizes, column)
        with warnings.catch_warnings():
            # max_iter=50 is Evidently's choice; its ConvergenceWarning is noise here.
            warnings.simplefilter("ignore")
            classifier.fit(features, y_train)
        proba = classifier.predict_proba(vectorizer.transform(x_test))[:, 1]
        return cls(vectorizer.vocabulary_, classifier.coef_[0], x_test, y_test, proba,
                   float(roc_auc_score(y_test, proba)), y_train.size)

    def pvalue(self) -> float:
        from scipy.stats import mannwhitneyu

        current, reference = self.proba[self.y_test == 1], self.proba[self.y_test == 0]
        return float(mannwhitneyu(current, reference, alternative="greater").pvalue)

    def typical_words(self, n: int) -> tuple[tuple, tuple, tuple, tuple]:
        """Evidently's ``get_typical_words``: largest weights of each sign, same tie order."""
        words = np.empty(len(self.vocabulary), dtype=object)
        words[list(self.vocabulary.values())] = list(self.vocabulary.keys())
        nonzero = np.flatnonzero(self.coef != 0)
        weights = pd.Series(self.coef[nonzero], index=nonzero)
        # pandas' sort (quicksort) as in Evidently, so tied weights come in its order.
        pos = weights[weights > 0].sort_values(ascending=False).head(n)
        neg = weights[weights < 0].sort_values(ascending=True).head(n)
        return (tuple(words[pos.index]), tuple(pos.to_numpy().tolist()),
                tuple(words[neg.index]), tuple(neg.to_numpy().tolist()))

    def typical_examples(self, n: int) -> tuple[tuple, tuple]:
        """Evidently's ``get_typical_examples``: the held-out texts the classifier is surest about."""
        proba = pd.Series(self.proba)
        cur = proba[self.y_test == 1].sort_values(ascending=False).head(n)
        ref = proba[self.y_test == 0].sort_values(ascending=True).head(n)
        return tuple(self.texts_test[cur.index]), tuple(self.texts_test[ref.index])


def word_shares(texts: Any, words: Any) -> np.ndarray:
    """The share of `texts` that contain each of `words`, as TF-IDF splits them into words.

    Parameters
    ----------
    texts : array_like of str
        Messages; None, NaN and +/-inf are dropped.
    words : sequence of str
        Lower-case words (for example a `TextDriftResult`'s ``words_current``).

    Returns
    -------
    numpy.ndarray
        One share in [0, 1] per word.

    Examples
    --------
    >>> from driftscope.text import word_shares
    >>> word_shares(["Yo envoy", "greetings envoy", "yo yo", None], ["yo", "envoy", "plz"])
    array([0.66666667, 0.66666667, 0.        ])
    """
    kept, _ = as_texts(texts, "texts", None)
    wanted = {w: i for i, w in enumerate(words)}
    counts = np.zeros(len(wanted), dtype=np.int64)
    for text in kept:
        for w in set(_WORD.findall(text.lower())):
            i = wanted.get(w)
            if i is not None:
                counts[i] += 1
    return counts / kept.size
