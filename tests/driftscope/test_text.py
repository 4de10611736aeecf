"""driftscope.text against Evidently 0.7.23 itself, on the same texts.

The score (the domain classifier's ROC AUC), the random-classifier percentile
and the verdict must be Evidently's, bit for bit, and so must the typical
words and messages; where Evidently fails, driftscope fails too, with an
error that names the problem.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from _evidently import evidently
from needs import require

require("sklearn")
from scipy.stats import mannwhitneyu  # noqa: E402

from driftscope.errors import AllNaNError, DtypeError, EmptySampleError, ParameterError  # noqa: E402
from driftscope.text import (  # noqa: E402
    EmptyVocabularyError,
    random_roc_auc_percentile,
    text_drift,
    word_shares,
)

# One worker computes the seven Evidently comparisons once per run (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("text")

VOCAB = np.array([f"{a}{b}" for a in ("zor", "kal", "vex", "thu", "mir", "qua")
                  for b in ("an", "ek", "il", "ox", "um", "ra", "yo", "ti")])


def messages(rng: np.random.Generator, n: int, *, shift: int = 0, lo: int = 3, hi: int = 9,
             empty: float = 0.0, missing: float = 0.0) -> pd.Series:
    """Alien messages: Zipf-like word choice; `shift` rotates which words are common."""
    p = np.roll(1.0 / np.arange(1, VOCAB.size + 1), shift)
    p /= p.sum()
    texts = [" ".join(rng.choice(VOCAB, rng.integers(lo, hi), p=p)) for _ in range(n)]
    out = pd.Series(texts, dtype=object)
    out[rng.random(n) < empty] = ""
    out[rng.random(n) < missing] = None
    return out


def evidently_text_drift(reference: pd.Series, current: pd.Series) -> dict:
    """Evidently's DataDriftPreset on a one-column frame: method, threshold, score, verdict."""
    ev = evidently()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        snap = ev.Report([ev.DataDriftPreset()], include_tests=True).run(
            pd.DataFrame({"text": current}), pd.DataFrame({"text": reference}))
    d = snap.dict()
    (metric,) = [m for m in d["metrics"] if m["config"]["type"].endswith("ValueDrift")]
    (test,) = [t for t in d["tests"] if t["name"] == "Value Drift for column text"]
    return {"method": metric["config"]["method"], "threshold": metric["config"]["threshold"],
            "score": float(metric["value"]), "drifted": str(test["status"]).endswith("FAIL")}


# (name, reference, current): drifted and not, short and long texts, empty
# strings and missing values, both sides of the 1,000-reference-row switch.
CASES = [
    ("short, drifted", dict(n=300, lo=2, hi=4), dict(n=250, lo=2, hi=4, shift=4)),
    ("long, drifted", dict(n=150, lo=30, hi=60), dict(n=200, lo=30, hi=60, shift=1)),
    ("empty strings and None", dict(n=600, empty=0.2, missing=0.05),
     dict(n=500, empty=0.3, missing=0.1, shift=2)),
    # 1,004 rows but 1,000 or fewer after dropping missing ones: still the percentile.
    ("1004 rows with missing", dict(n=1004, missing=0.02), dict(n=800, missing=0.02)),
    ("large, same", dict(n=1500), dict(n=1200)),
    ("large, drifted", dict(n=1200), dict(n=1300, shift=1)),
    ("small reference, large current", dict(n=60), dict(n=1500, shift=1)),
]


@pytest.fixture(scope="module")
def comparisons():
    rng = np.random.default_rng(2043)
    out = []
    for name, ref_kw, cur_kw in CASES:
        reference, current = messages(rng, **ref_kw), messages(rng, **cur_kw)
        out.append((name, reference, current, evidently_text_drift(reference, current),
                    text_drift(reference, current)))
    return out


@pytest.mark.slow  # runs Evidently on seven text frames (~45 s CPU)
def test_score_threshold_and_verdict_are_evidentlys(comparisons):
    for name, reference, _, want, got in comparisons:
        n_ref = int(reference.notna().sum())
        expected = "percentile" if n_ref <= 1000 else "absolute"
        assert got.method == expected, f"{name}: method {got.method}, expected {expected}"
        assert want["method"] == {"percentile": "Percentile text content drift",
                                  "absolute": "Absolute text content drift"}[got.method], name
        assert got.roc_auc == want["score"], (
            f"{name}: ROC AUC {got.roc_auc!r}, Evidently {want['score']!r}")
        assert got.drifted == want["drifted"], (
            f"{name}: drifted={got.drifted} (ROC AUC {got.roc_auc}, threshold {got.threshold}), "
            f"Evidently says {want['drifted']}")


@pytest.mark.slow  # runs Evidently on seven text frames (~45 s CPU)
def test_cases_cover_both_paths_and_both_verdicts(comparisons):
    seen = {(got.method, got.drifted) for *_, got in comparisons}
    assert seen == {("percentile", True), ("percentile", False),
                    ("absolute", True), ("absolute", False)}, seen


@pytest.mark.slow  # runs Evidently on seven text frames (~45 s CPU)
def test_typical_words_and_messages_are_evidentlys(comparisons):
    for name, reference, current, _, got in comparisons:
        ref, cur = reference.dropna(), current.dropna()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ex_cur, ex_ref, words_cur, words_ref = evidently().get_text_data_for_plots(ref, cur)
        assert list(got.words_current) == words_cur, f"{name}: {got.words_current} vs {words_cur}"
        assert list(got.words_reference) == words_ref, f"{name}: {got.words_reference}"
        assert list(got.examples_current) == ex_cur, f"{name}: typical current messages differ"
        assert list(got.examples_reference) == ex_ref, f"{name}: typical reference messages differ"
        assert all(w > 0 for w in got.weights_current) and all(w < 0 for w in got.weights_reference)
        assert list(got.weights_current) == sorted(got.weights_current, reverse=True), name


@pytest.mark.slow  # runs Evidently on seven text frames (~45 s CPU)
def test_sizes_and_dropped_values_are_counted(comparisons):
    for name, reference, current, _, got in comparisons:
        assert (got.n_reference, got.n_dropped_reference) == (
            reference.notna().sum(), reference.isna().sum()), name
        assert (got.n_current, got.n_dropped_current) == (
            current.notna().sum(), current.isna().sum()), name
        assert got.n_train + got.n_test == got.n_reference + got.n_current, name
        assert got.n_test == -(-(got.n_reference + got.n_current) // 2), name


@pytest.mark.slow  # runs Evidently on seven text frames (~45 s CPU)
def test_pvalue_is_mann_whitney_on_the_held_out_scores(comparisons):
    # Rebuild the held-out half as Evidently does, and test it with SciPy.
    from sklearn.model_selection import train_test_split

    from driftscope.text import _DomainClassifier

    for name, reference, current, _, got in comparisons[:3]:
        ref, cur = reference.dropna().to_numpy(), current.dropna().to_numpy()
        fit = _DomainClassifier.fit(ref, cur, None)
        _, _, _, y_test = train_test_split(
            np.concatenate([ref, cur]), np.r_[np.zeros(ref.size), np.ones(cur.size)],
            test_size=0.5, random_state=42, shuffle=True)
        assert np.array_equal(fit.y_test, y_test), name
        mw = mannwhitneyu(fit.proba[y_test == 1], fit.proba[y_test == 0], alternative="greater")
        assert got.pvalue == pytest.approx(mw.pvalue, rel=1e-12, abs=0), name
        n1, n0 = (y_test == 1).sum(), (y_test == 0).sum()
        assert mw.statistic / (n1 * n0) == pytest.approx(got.roc_auc, abs=1e-12), name


@pytest.mark.slow  # runs Evidently's own code
@pytest.mark.parametrize("n, share", [(2, 0.5), (9, 0.5), (401, 0.5), (1500, 0.6)])
def test_random_percentile_equals_evidentlys_bit_for_bit(n, share):
    rng = np.random.default_rng(n)
    labels = (rng.random(n) < share).astype(int)
    labels[:2] = [0, 1]
    expected = evidently().roc_auc_random_classifier_percentile(labels, p_value=1 - 0.95)
    assert random_roc_auc_percentile(labels) == expected, (
        f"n={n}: driftscope {random_roc_auc_percentile(labels)!r}, Evidently {expected!r}")


def test_roc_auc_arithmetic_is_scikit_learns_bit_for_bit():
    from sklearn.metrics import roc_auc_score

    from driftscope.text import _roc_auc_of_order

    rng = np.random.default_rng(11)
    for n in [2, 3, 4, 7, 30, 257, 2000] * 3:
        labels = (rng.random(n) < rng.uniform(0.1, 0.9)).astype(int)
        labels[:2] = [1, 0]
        scores = rng.random(n)
        descending = labels[np.argsort(scores)[::-1]]
        assert _roc_auc_of_order(descending) == roc_auc_score(labels, scores), n


@pytest.mark.slow  # runs Evidently's own code
def test_random_percentile_at_other_quantiles_and_counts():
    rng = np.random.default_rng(3)
    labels = (rng.random(300) < 0.4).astype(int)
    for q in (0.99,):
        assert random_roc_auc_percentile(labels, q) == evidently().roc_auc_random_classifier_percentile(
            labels, p_value=1 - q), q
    assert random_roc_auc_percentile(labels, n_classifiers=50, seed=7) == \
        evidently().roc_auc_random_classifier_percentile(labels, iter_num=50, seed=7)


def test_random_percentile_rejects_bad_input():
    with pytest.raises(EmptySampleError, match="one class"):
        random_roc_auc_percentile([1, 1, 1])
    with pytest.raises(ParameterError, match="percentile"):
        random_roc_auc_percentile([0, 1], 1.0)
    with pytest.raises(ParameterError, match="0 and 1"):
        random_roc_auc_percentile([0, 2])
    with pytest.raises(ParameterError, match="n_classifiers"):
        random_roc_auc_percentile([0, 1], n_classifiers=0)


def test_methods_can_be_forced():
    rng = np.random.default_rng(4)
    reference, current = messages(rng, 300), messages(rng, 300, shift=1)
    auto = text_drift(reference, current)
    absolute = text_drift(reference, current, method="absolute", roc_auc_threshold=0.9)
    assert auto.method == "percentile" and absolute.method == "absolute"
    assert absolute.roc_auc == auto.roc_auc and absolute.threshold == 0.9
    assert absolute.drifted == (auto.roc_auc > 0.9)
    roc_auc, drifted = auto
    assert (roc_auc, drifted) == (auto.roc_auc, auto.drifted)
    table = auto.words()
    assert list(table.columns) == ["word", "window", "weight"]
    assert len(table) == len(auto.words_current) + len(auto.words_reference)


def _evidently_error(reference, current) -> str:
    ev = evidently()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError) as info:
            ev.Report([ev.DataDriftPreset()]).run(pd.DataFrame({"text": current}),
                                            pd.DataFrame({"text": reference}))
    return str(info.value)


@pytest.mark.slow  # runs Evidently's own code
def test_empty_vocabulary_fails_as_in_evidently():
    # Empty strings, one-letter tokens and English stop words: no word left.
    # Distinct texts, so that Evidently infers a text column.
    reference = pd.Series([""] + ["the " * i + "a " * (i % 3) for i in range(1, 30)])
    current = pd.Series(["and " * i + "x y" for i in range(30)])
    assert "empty vocabulary" in _evidently_error(reference, current)
    with pytest.raises(EmptyVocabularyError, match="column 'text': no word to learn from"):
        text_drift(reference, current, column="text")


@pytest.mark.slow  # runs Evidently's own code
def test_words_in_more_than_half_of_the_texts_leave_nothing_as_in_evidently():
    # Distinct texts (so a text column), every word in most of them: max_df=0.5 prunes all.
    reference = pd.Series([f"zorak velum {'velum ' * i}" for i in range(20)])
    current = pd.Series([f"velum zorak {'zorak ' * i}" for i in range(20)])
    assert "no terms remain" in _evidently_error(reference, current)
    with pytest.raises(EmptyVocabularyError, match="no terms remain"):
        text_drift(reference, current)


@pytest.mark.slow  # runs Evidently's own code
def test_too_few_texts():
    # Stacked and split as Evidently does, (reference, current) texts leave:
    # (1, 1) one text to train on; (3, 1) two reference texts to train on;
    # (1, 3) two current texts held out.
    words = ["zorak", "velum", "kalek", "quara"]
    assert "max_df corresponds to < documents" in _evidently_error(pd.Series(words[:1]),
                                                                   pd.Series(words[1:2]))
    with pytest.raises(EmptySampleError, match="training half holds 1 text"):
        text_drift(words[:1], words[1:2])
    assert "number of classes" in _evidently_error(pd.Series(words[:3]), pd.Series(words[3:]))
    with pytest.raises(EmptySampleError, match="training half holds reference texts only"):
        text_drift(words[:3], words[3:])
    # Evidently reports a NaN score (scikit-learn warns): driftscope says why instead.
    want = evidently_text_drift(pd.Series(words[:1]), pd.Series(words[1:]))
    assert np.isnan(want["score"]) and not want["drifted"]
    with pytest.raises(EmptySampleError, match="held-out half holds current texts only"):
        text_drift(words[:1], words[1:])


def test_missing_and_wrong_values():
    # Worded as every sample's (driftscope._validation.check_not_empty).
    with pytest.raises(AllNaNError,
                       match=r"^current \(column 'msg'\): all 3 values are missing \(NaN, None"):
        text_drift(["a b", "c d"], [None, np.nan, np.inf], column="msg")
    with pytest.raises(EmptySampleError, match="^reference: is empty"):
        text_drift([], ["x"])
    with pytest.raises(AllNaNError, match="^texts: all 1 values are missing"):
        word_shares([None], ["yo"])
    with pytest.raises(DtypeError, match=r"column 'msg': current holds int values such as 7"):
        text_drift(["zorak velum"] * 3, ["zorak", 7, "velum"], column="msg")
    with pytest.raises(DtypeError, match="single str"):
        text_drift("zorak velum", ["velum"])
    with pytest.raises(ParameterError, match="method"):
        text_drift(["a"], ["b"], method="permutation")
    with pytest.raises(ParameterError, match="roc_auc_threshold"):
        text_drift(["a"], ["b"], roc_auc_threshold=1.5)
    with pytest.raises(ParameterError, match="n_words"):
        text_drift(["a"], ["b"], n_words=-1)


def test_missing_scikit_learn_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.feature_extraction.text", None)
    with pytest.raises(ModuleNotFoundError, match=r"driftscope\[text\]"):
        text_drift(["zorak velum", "qua"], ["velum", "kalek"])


def test_importing_driftscope_does_not_import_scikit_learn():
    import subprocess

    code = ("import sys, driftscope, driftscope.text; "
            "print(any(m == 'sklearn' or m.startswith('sklearn.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stdout + out.stderr
